#!/usr/bin/env python3
"""Startup-bundle checker tests (standalone, TAP output).

Each bad bundle below must be refused with a diagnostic at the given line
and column whose message contains the given text; the good ones must parse
to the given entries, and every `bundle` file in the tree must be accepted.
Exit status 1 when any test fails.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, '..', '..')
sys.path.insert(0, os.path.join(ROOT, 'codegen'))

from erixidl.bundle import BundleError, emit, parse  # noqa: E402

BAD = [
    ("missing rights", "console endpoint\n", 1, 1, "expected `NAME KIND RIGHTS`"),
    ("extra word", "a endpoint write more\n", 1, 1, "found 4 word(s)"),
    ("unknown kind", "x nokind read\n", 1, 3, "unknown capability kind 'nokind'"),
    ("unknown right", "x frame read|fly\n", 1, 9, "unknown right 'fly'"),
    ("repeated right", "# c\nx frame read|read\n", 2, 9, "right 'read' repeated"),
    ("duplicate name", "x frame read\nx frame write\n", 2, 1, "already declared on line 1"),
    ("upper-case name", "Console endpoint write\n", 1, 1, "bad capability name"),
    ("name too long", "a" * 24 + " frame read\n", 1, 1, "at most 23 characters"),
    ("too many", "".join(f"n{i} frame read\n" for i in range(33)), None, None,
     "33 capabilities declared, at most 32"),
]

GOOD = [
    ("comments and blanks", "# header\n\nconsole endpoint write|grant  # the terminal\n",
     [("console", 6, 0x6)]),
    ("every right", "f frame read|write|grant|execute\n", [("f", 2, 0xf)]),
    ("empty", "# nothing\n", []),
]


def run_bad(name, text, line, col, message):
    try:
        parse("b", text)
    except BundleError as e:
        first = str(e).split("\n")[0]
        where = f"b:{line}:{col}: error:" if line else "b: error:"
        return first.startswith(where) and message in first, first
    return False, "accepted"


def tree_bundles():
    for top in ("apps", "drivers", "servers", "filesystems"):
        for dirpath, _, names in os.walk(os.path.join(ROOT, top)):
            if "bundle" in names:
                yield os.path.join(dirpath, "bundle")


def main():
    results = []
    for name, text, line, col, message in BAD:
        ok, got = run_bad(name, text, line, col, message)
        results.append((ok, f"refused: {name}", got))
    for name, text, want in GOOD:
        got = parse("g", text)
        results.append((got == want, f"accepted: {name}", repr(got)))
    code = emit("g", parse("g", GOOD[0][1]))
    results.append(('.name = "console", .kind = 6, .rights = 0x6' in code and
                    'section(".note.erix.bundle")' in code, "emitted as the bundle note", code))
    for path in tree_bundles():
        try:
            with open(path) as f:
                parse(path, f.read())
            results.append((True, f"{os.path.relpath(path, ROOT)} is accepted", ""))
        except BundleError as e:
            results.append((False, f"{os.path.relpath(path, ROOT)} is accepted", str(e)))
    print(f"1..{len(results)}")
    failed = 0
    for n, (ok, name, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {n} - {name}")
        if not ok:
            failed += 1
            print("# " + detail.replace("\n", "\n# "))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
