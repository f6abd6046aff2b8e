#!/usr/bin/env python3
"""Diagnostics tests for the EriX IDL compiler (codegen/erixidl); stdlib only.

Every file tests/codegen/bad/EXXX-short-name.idl starts with

    // expect: EXXX LINE:COL

and must make the compiler report exactly that one diagnostic at that place
(line 1 is the expect comment itself). Files named NAME.a.idl and NAME.b.idl
are loaded together, in that order, with the expect line in the .b file (used
for E006, a duplicate interface id across files).

Also checked: every code in diag.CODES has at least one bad input; the
rendered text is `FILE:LINE:COL: error[EXXX]: message`, the source line and a
caret under the column; tests/codegen/sample.idl and idl/**/*.idl load cleanly;
and `codegen/erixidlc check` exits 1 with the diagnostic on stderr.

Output is TAP; a crash of the compiler on any input is a failure.

    python3 tests/codegen/test_diagnostics.py
"""

import glob
import os
import re
import subprocess
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'codegen'))

from erixidl.cli import load  # noqa: E402
from erixidl.diag import CODES  # noqa: E402

ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
BAD = os.path.join(HERE, "bad")
SAMPLE = os.path.join(HERE, "sample.idl")
ERIXIDLC = os.path.join(ROOT, "codegen", "erixidlc")


EXPECT_RE = re.compile(r"^// expect: (E\d{3}) (\d+):(\d+)\s*$")
NAME_RE = re.compile(r"^(E\d{3})-([a-z0-9][a-z0-9-]*?)(?:\.([ab]))?\.idl$")
HEADER_RE = re.compile(r"^(.+):(\d+):(\d+): error\[(E\d{3})\]: (\S.*)$")


class Fail(Exception):
    """A test failure; each line of the message becomes a `# ` line."""


def check(cond, message):
    if not cond:
        raise Fail(message)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


# ---- the bad inputs -----------------------------------------------------------

class Case:
    """One bad input: the files to load together and the diagnostic expected."""

    def __init__(self, name, paths):
        self.name = name
        self.paths = paths
        self.code = name[:4]
        self.problems = []  # malformed names or expect lines
        self.expect = None  # (code, path, line, col)
        last = paths[-1]
        first_line = read(last).split("\n", 1)[0]
        m = EXPECT_RE.match(first_line)
        if not m:
            self.problems.append(f"{os.path.basename(last)}: first line {first_line!r} is not "
                                 "'// expect: EXXX LINE:COL'")
        else:
            self.expect = (m.group(1), last, int(m.group(2)), int(m.group(3)))
            if m.group(1) != self.code:
                self.problems.append(f"expect line names {m.group(1)} but the file is named for {self.code}")
        if self.code not in CODES:
            self.problems.append(f"{self.code} is not a code in diag.CODES")


def collect_cases():
    """Group tests/codegen/bad/*.idl into Cases; returns (cases, naming problems)."""
    groups, problems = {}, []
    for path in sorted(glob.glob(os.path.join(BAD, "*.idl"))):
        base = os.path.basename(path)
        m = NAME_RE.match(base)
        if not m:
            problems.append(f"{base}: name is not EXXX-short-name.idl (or .a.idl/.b.idl)")
            continue
        stem = f"{m.group(1)}-{m.group(2)}"
        groups.setdefault(stem, {})[m.group(3) or ""] = path
    cases = []
    for stem, parts in sorted(groups.items()):
        if set(parts) == {""}:
            cases.append(Case(stem, [parts[""]]))
        elif set(parts) == {"a", "b"}:
            cases.append(Case(stem, [parts["a"], parts["b"]]))
        else:
            problems.append(f"{stem}: a pair needs exactly {stem}.a.idl and {stem}.b.idl, "
                            f"found {sorted(k or '(plain)' for k in parts)}")
    return cases, problems


def check_rendered(text, code, path, line, col):
    """`text` is one diagnostic rendered for `path`: header, source line, caret."""
    lines = text.split("\n")
    m = HEADER_RE.match(lines[0])
    check(m, f"first line is not 'FILE:LINE:COL: error[EXXX]: message': {lines[0]!r}")
    got = (m.group(4), m.group(1), int(m.group(2)), int(m.group(3)))
    check(got == (code, path, line, col),
          f"expected {code} at {os.path.basename(path)}:{line}:{col}, "
          f"got {got[0]} at {os.path.basename(got[1])}:{got[2]}:{got[3]}")
    check(len(lines) == 3, f"expected 3 lines (message, source, caret), got {len(lines)}")
    source = read(path).split("\n")
    check(line <= len(source), f"line {line} is past the end of {path}")
    want = "  " + source[line - 1].replace("\t", " ")
    check(lines[1] == want, f"source line is {lines[1]!r}, expected {want!r}")
    want = "  " + " " * (col - 1) + "^"
    check(lines[2] == want, f"caret line is {lines[2]!r}, expected {want!r} (caret under column {col})")


def test_case(case):
    def run():
        check(not case.problems, "\n".join(case.problems))
        code, path, line, col = case.expect
        _, errors = load(case.paths)
        check(errors, f"no diagnostic; expected {code} at {line}:{col}")
        codes = [(HEADER_RE.match(e.split("\n")[0]) or [None] * 5)[4] for e in errors]
        check(len(errors) == 1, f"expected only {code}, got {len(errors)} diagnostics: {codes}\n"
              + "\n".join(errors))
        check(codes[0] == code, f"expected {code}, got {codes[0]}:\n{errors[0]}")
        check_rendered(errors[0], code, path, line, col)
    return run


def test_cli(case):
    def run():
        check(not case.problems, "\n".join(case.problems))
        code, path, line, col = case.expect
        proc = subprocess.run([sys.executable, ERIXIDLC, "check"] + case.paths,
                              capture_output=True, text=True, timeout=120)
        check(proc.returncode == 1, f"exit status {proc.returncode}, expected 1\n{proc.stderr}")
        check(proc.stdout == "", f"unexpected stdout: {proc.stdout!r}")
        err = proc.stderr.rstrip("\n")
        check("Traceback" not in err, f"the compiler crashed:\n{err}")
        check(err.count("\n") == 2, f"expected exactly one diagnostic on stderr, got:\n{err}")
        check_rendered(err, code, path, line, col)
    return run


def test_covered(code, cases):
    def run():
        have = [c.name for c in cases if c.code == code]
        check(have, f"{code} ({CODES[code]}) has no test input tests/codegen/bad/{code}-*.idl")
    return run


def test_names_ok(problems):
    def run():
        check(not problems, "\n".join(problems))
    return run


# ---- valid inputs -------------------------------------------------------------

def test_clean(paths):
    def run():
        ifaces, errors = load(paths)
        check(not errors, "expected no diagnostics, got:\n" + "\n".join(errors))
        check(len(ifaces) == len(paths), f"{len(paths)} files gave {len(ifaces)} interfaces")
    return run


def test_cli_clean(path):
    def run():
        proc = subprocess.run([sys.executable, ERIXIDLC, "check", path],
                              capture_output=True, text=True, timeout=120)
        check(proc.returncode == 0, f"exit status {proc.returncode}, expected 0\n{proc.stderr}")
        check(proc.stderr == "", f"unexpected stderr:\n{proc.stderr}")
    return run


# ---- the runner ---------------------------------------------------------------

def main():
    os.chdir(ROOT)
    cases, naming = collect_cases()
    tests = []  # (name, fn)
    tests.append(("bad/ file names are well-formed", test_names_ok(naming)))
    for code in sorted(CODES):
        tests.append((f"{code} has a test input", test_covered(code, cases)))
    for case in cases:
        tests.append((f"{case.name}: diagnostic and rendering", test_case(case)))
    tests.append(("sample.idl loads with no errors", test_clean([SAMPLE])))
    real = sorted(glob.glob(os.path.join(ROOT, "idl", "**", "*.idl"), recursive=True))
    for path in real:
        tests.append((f"{os.path.relpath(path, ROOT)} loads with no errors", test_clean([path])))
    if len(real) > 1:
        tests.append(("idl/**/*.idl load together with no errors", test_clean(real)))
    tests.append(("erixidlc check sample.idl exits 0", test_cli_clean(SAMPLE)))
    for case in cases:
        tests.append((f"erixidlc check {case.name} exits 1 with the diagnostic on stderr",
                      test_cli(case)))

    print(f"1..{len(tests)}")
    failed = 0
    for n, (name, fn) in enumerate(tests, 1):
        try:
            fn()
            ok, details = True, ""
        except Fail as e:
            ok, details = False, str(e)
        except Exception:  # noqa: BLE001 - a crash in the compiler is a failure, not an abort
            ok, details = False, traceback.format_exc().rstrip()
        print(f"{'ok' if ok else 'not ok'} {n} - {name}")
        if not ok:
            failed += 1
            for line in details.split("\n"):
                print(f"# {line}")
    print(f"# {len(tests) - failed} of {len(tests)} passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
