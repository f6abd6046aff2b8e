#!/usr/bin/env python3
"""The conformance coverage table: interface x method x (positive, malformed,
authority), from the IDL and the test sources (docs/TESTING.md#coverage).

- An interface is *implemented* when a conformance test sends it its wire
  cases: tests/meson.build defines `conformance-kernel-NAME` or
  `conformance-NAME` for it. The others are listed as having no suite yet.
- *Malformed* coverage is generated: a method of an implemented interface
  has it when its generated wire cases include a malformed one.
- *Positive* and *authority* coverage is declared by hand-written checks:
  `rootd_cover("IFACE.METHOD ...", COVER_POSITIVE or COVER_AUTHORITY, ok, name)`
  in C (or any NAME_cover(...) of that shape: vfstest's, the host tests'
  tap_cover), or a `# cover positive: IFACE.METHOD ...` comment in a session
  file.

    coverage.py            print the table, with file:line of every declaration
    coverage.py --update   rewrite docs/CONFORMANCE.md
    coverage.py --check    TAP: every implemented method has a positive test,
                           every declaration names a real method, and
                           docs/CONFORMANCE.md is up to date
"""

import glob
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(ROOT, "codegen"))

from erixidl import cases  # noqa: E402
from erixidl.cli import load  # noqa: E402

DOC = os.path.join(ROOT, "docs", "CONFORMANCE.md")
KINDS = ("positive", "authority")
# Where hand-written checks live: C sources and harness sessions.
SOURCES = ("servers/**/*.c", "drivers/**/*.c", "apps/**/*.c", "tests/host/*.c",
           "tests/qemu/*.session")
# The methods may be split over adjacent string literals, as C joins them.
C_DECL = re.compile(r'\b\w*_cover\(\s*((?:"[^"]*"\s*)+),\s*COVER_([A-Z]+)')
SESSION_DECL = re.compile(r"^#\s*cover\s+(\w+):\s*(.*)$", re.M)


def interfaces():
    paths = sorted(glob.glob(os.path.join(ROOT, "idl", "*.idl")) +
                   glob.glob(os.path.join(ROOT, "idl", "kernel", "*.idl")))
    ifaces, errors = load(paths)
    if errors:
        sys.exit("\n".join(errors))
    return sorted(ifaces, key=lambda i: i.name)


def suites():
    """{interface: conformance test name}, from tests/meson.build."""
    with open(os.path.join(ROOT, "tests", "meson.build"), encoding="utf-8") as f:
        text = f.read()
    found = {}
    loop = re.search(r"foreach family : \[([^\]]*)\]\s*\n\s*qemu_tests \+= \{'conformance-kernel-'", text)
    if loop:
        for name in re.findall(r"'(\w+)'", loop.group(1)):
            found[name] = "conformance-kernel-" + name
    for name in re.findall(r"^\s*'conformance-(\w+)'\s*:", text, re.M):
        found.setdefault(name, "conformance-" + name)
    return found


def declarations():
    """[(path, line, 'iface.method', kind)] of every coverage declaration."""
    found = []
    for pattern in SOURCES:
        for path in sorted(glob.glob(os.path.join(ROOT, pattern), recursive=True)):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            rel = os.path.relpath(path, ROOT)
            if path.endswith(".session"):
                hits = [(m.start(), m.group(2), m.group(1).lower()) for m in SESSION_DECL.finditer(text)]
            else:
                hits = [(m.start(), "".join(re.findall(r'"([^"]*)"', m.group(1))), m.group(2).lower())
                        for m in C_DECL.finditer(text)]
            for at, names, kind in hits:
                line = text.count("\n", 0, at) + 1
                for name in names.split():
                    found.append((rel, line, name, kind))
    return found


def malformed_counts(iface):
    """{method: number of malformed wire cases generated for it}."""
    counts = {m.name: 0 for m in iface.methods}
    for case in cases.all_cases(iface):
        method = case.name.split(":", 1)[0]
        if case.expect != "OK":
            counts[method] += 1
    return counts


def gather():
    ifaces, tested, decls = interfaces(), suites(), declarations()
    methods = {f"{i.name}.{m.name}" for i in ifaces for m in i.methods}
    problems = [f"{p}:{line}: {name}: no such interface method" for p, line, name, _ in decls
                if name not in methods]
    problems += [f"{p}:{line}: {name}: unknown coverage kind '{kind}' (positive or authority)"
                 for p, line, name, kind in decls if kind not in KINDS]
    rows = []
    for i in ifaces:
        suite = tested.get(i.name)
        bad = malformed_counts(i) if suite else {}
        for m in i.methods:
            key = f"{i.name}.{m.name}"
            where = {k: [(p, line) for p, line, n, kind in decls if n == key and kind == k]
                     for k in KINDS}
            rows.append({"iface": i.name, "method": m.name, "suite": suite,
                         "malformed": bad.get(m.name, 0), **where})
    return rows, problems


def cell(places, lines):
    if not places:
        return "**missing**"
    files = {}
    for path, line in places:
        files.setdefault(os.path.basename(path), []).append(line)
    if lines:
        return ", ".join(f"{f}:{','.join(map(str, ls))}" for f, ls in files.items())
    return ", ".join(f"{f} ({len(ls)})" if len(ls) > 1 else f for f, ls in files.items())


def summary(rows):
    done = [r for r in rows if r["suite"]]
    names = sorted({r["iface"] for r in done})
    others = sorted({r["iface"] for r in rows if not r["suite"]})
    count = lambda what: sum(1 for r in done if (r[what] if what == "malformed" else r[what]))
    return [f"{len(names)} interfaces with a conformance suite, {len(done)} methods: "
            f"{count('positive')} with a positive test, {count('malformed')} with malformed cases, "
            f"{count('authority')} with an authority test.",
            f"No suite yet ({len(others)}, not counted as gaps): {', '.join(others)}."]


def table(rows, lines):
    out = ["| interface | method | positive | malformed | authority |",
           "| --- | --- | --- | --- | --- |"]
    for r in rows:
        if not r["suite"]:
            continue
        bad = f"{r['malformed']} cases ({r['suite']})" if r["malformed"] else "**missing**"
        out.append(f"| {r['iface']} | {r['method']} | {cell(r['positive'], lines)} | {bad} | "
                   f"{cell(r['authority'], lines)} |")
    out += ["", "| interface without a suite yet | methods |", "| --- | --- |"]
    waiting = {}
    for r in rows:
        if not r["suite"]:
            waiting.setdefault(r["iface"], []).append(r["method"])
    out += [f"| {name} | {', '.join(ms)} |" for name, ms in waiting.items()]
    return out


def document(rows):
    return "\n".join([
        "# Conformance coverage",
        "",
        "Generated by `tests/coverage.py` from `idl/` and the tests (`./erix test --coverage "
        "--update` rewrites it; the `conformance-coverage` test fails when it is out of date). "
        "How checks declare what they cover: [TESTING.md](TESTING.md#coverage).",
        "",
        "*Positive* and *authority* name the files whose checks declare that coverage (and how "
        "many, when more than one); *malformed* counts the method's generated malformed wire "
        "cases that its conformance test sends to the real kernel family or server.",
        "",
    ] + summary(rows) + [""] + table(rows, False)) + "\n"


def check(rows, problems):
    n = 0

    def result(ok, name, notes=()):
        nonlocal n
        n += 1
        print(f"{'ok' if ok else 'not ok'} {n} - {name}")
        for note in notes:
            print(f"# {note}")
        return ok

    done = [r for r in rows if r["suite"]]
    ok = result(not problems, "every coverage declaration names a real interface method", problems)
    for what in ("positive", "malformed", "authority"):
        gaps = [f"{r['iface']}.{r['method']}" for r in done if not r[what]]
        ok &= result(not gaps, f"every method of an implemented interface has {what} coverage", gaps)
    try:
        with open(DOC, encoding="utf-8") as f:
            current = f.read() == document(rows)
    except OSError:
        current = False
    ok &= result(current, "docs/CONFORMANCE.md is up to date",
                 [] if current else ["regenerate it with ./erix test --coverage --update"])
    print(f"1..{n}")
    return 0 if ok else 1


def main(argv):
    rows, problems = gather()
    if argv == ["--check"]:
        return check(rows, problems)
    if argv == ["--update"]:
        with open(DOC, "w", encoding="utf-8") as f:
            f.write(document(rows))
        print(f"wrote {os.path.relpath(DOC, ROOT)}")
        return 0
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    for line in problems:
        print(line, file=sys.stderr)
    print("\n".join(summary(rows) + [""] + table(rows, True)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
