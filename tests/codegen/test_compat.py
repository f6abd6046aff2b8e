#!/usr/bin/env python3
"""Wire-compatibility checker tests (standalone, TAP output).

Every pair tests/codegen/compat/NAME.old.idl + NAME.new.idl is parsed, checked
and compared with erixidl.compat.compare. The first line of NAME.new.idl says
what to expect:

    // expect: break     at least one finding of kind "break"
    // expect: ok        no finding of kind "break"

and each following `// finding: TEXT` line names a substring that must appear
in a finding's message: a "break" finding for an expected break, any other
finding (a "compatible" change or a "note") for an expected ok.

A few further tests cover compare(x, x), the locations of findings and
format_findings. Exit status 1 when any test fails.
"""

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'codegen'))

from erixidl.checker import check  # noqa: E402
from erixidl.compat import BREAK, compare, format_findings  # noqa: E402
from erixidl.diag import IdlError  # noqa: E402
from erixidl.parser import parse  # noqa: E402

PAIRS = os.path.join(HERE, 'compat')


class Failure(Exception):
    pass


def load(path):
    """Parse and check one file; returns (interface, text)."""
    with open(path) as fh:
        text = fh.read()
    name = os.path.basename(path)
    try:
        iface = parse(name, text)
    except IdlError as e:
        raise Failure(e.render({name: text}))
    errors = check(iface)
    if errors:
        raise Failure("\n".join(e.render({name: text}) for e in errors))
    return iface, text


def expectations(text):
    lines = text.splitlines()
    m = re.fullmatch(r"//\s*expect:\s*(break|ok)\s*", lines[0]) if lines else None
    if not m:
        raise Failure("first line must be '// expect: break' or '// expect: ok'")
    wanted = [re.sub(r"^//\s*finding:\s*", "", line).strip()
              for line in lines[1:] if re.match(r"//\s*finding:", line)]
    return m.group(1), wanted


def check_locations(findings, old_name, new_name):
    for f in findings:
        want = old_name if f.in_old else new_name
        if f.loc is None or f.loc.file != want or f.loc.line < 1 or f.loc.col < 1:
            raise Failure(f"finding has a bad location {f.loc} (expected in {want}): {f.message}")


def run_pair(name):
    old_path = os.path.join(PAIRS, name + ".old.idl")
    new_path = os.path.join(PAIRS, name + ".new.idl")
    if not os.path.exists(old_path):
        raise Failure(f"missing {name}.old.idl")
    old, _ = load(old_path)
    new, new_text = load(new_path)
    expect, wanted = expectations(new_text)
    findings = compare(old, new)
    check_locations(findings, os.path.basename(old_path), os.path.basename(new_path))
    breaks = [f for f in findings if f.kind == BREAK]
    problems = []
    if expect == "break" and not breaks:
        problems.append("expected a break, found none")
    if expect == "ok" and breaks:
        problems.append(f"expected no break, found {len(breaks)}")
    pool = breaks if expect == "break" else [f for f in findings if f.kind != BREAK]
    for s in wanted:
        if not any(s in f.message for f in pool):
            problems.append(f"no {'break' if expect == 'break' else 'non-break'} finding containing: {s}")
    if problems:
        shown = format_findings(findings, os.path.basename(old_path), os.path.basename(new_path))
        raise Failure("\n".join(problems) + "\nfindings:\n" + (shown or "(none)"))


def test_identity(names):
    """compare(x, x) finds nothing, for every file in the corpus."""
    for name in names:
        for side in ("old", "new"):
            iface, _ = load(os.path.join(PAIRS, f"{name}.{side}.idl"))
            again, _ = load(os.path.join(PAIRS, f"{name}.{side}.idl"))
            findings = compare(iface, again)
            if findings:
                raise Failure(f"{name}.{side}.idl against itself:\n" + format_findings(findings))


def test_format():
    """format_findings prints path:line:col: kind: message, with the right file per finding."""
    old, _ = load(os.path.join(PAIRS, "param_type.old.idl"))
    new, _ = load(os.path.join(PAIRS, "param_type.new.idl"))
    out = format_findings(compare(old, new), "a/vfsd.old.idl", "b/vfsd.idl")
    want = ("b/vfsd.idl:13:40: break: method 'open' (ordinal 1): "
            "request parameter 'mode' changed type u8 -> u16")
    if out != want:
        raise Failure(f"got:\n{out}\nwanted:\n{want}")
    old, _ = load(os.path.join(PAIRS, "method_removed.old.idl"))
    new, _ = load(os.path.join(PAIRS, "method_removed.new.idl"))
    out = format_findings(compare(old, new), "a/vfsd.old.idl", "b/vfsd.idl")
    want = "a/vfsd.old.idl:12:14: break: method 'close' (ordinal 2) removed"
    if out != want:
        raise Failure(f"got:\n{out}\nwanted:\n{want}")
    if format_findings([], "x", "y") != "":
        raise Failure("no findings must format as an empty string")


def main():
    names = sorted(f[:-len(".new.idl")] for f in os.listdir(PAIRS) if f.endswith(".new.idl"))
    orphans = sorted(f for f in os.listdir(PAIRS) if f.endswith(".old.idl")
                     and f[:-len(".old.idl")] not in names)
    tests = [(name, lambda name=name: run_pair(name)) for name in names]
    tests.append(("every file compares equal to itself", lambda: test_identity(names)))
    tests.append(("format_findings output", test_format))
    if orphans:
        tests.append(("no .old.idl without its .new.idl",
                      lambda: (_ for _ in ()).throw(Failure("orphans: " + ", ".join(orphans)))))
    print(f"1..{len(tests)}")
    failed = 0
    for n, (label, fn) in enumerate(tests, 1):
        try:
            fn()
            print(f"ok {n} - {label}")
        except Failure as e:
            failed += 1
            print(f"not ok {n} - {label}")
            for line in str(e).splitlines():
                print(f"# {line}")
        except Exception as e:  # a crash in the checker under test
            failed += 1
            print(f"not ok {n} - {label}")
            print(f"# {type(e).__name__}: {e}")
    if failed:
        print(f"# {failed} of {len(tests)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
