#!/usr/bin/env python3
"""Golden-output test of the IDL compiler: generating tests/codegen/sample.idl
must give exactly the files in tests/codegen/golden/, twice in a row (the
output is deterministic). After an intended generator change, regenerate the
goldens with:  ./erix gen --update-goldens"""

import filecmp
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
ERIXIDLC = os.path.join(ROOT, "codegen", "erixidlc")
SAMPLE = os.path.join(HERE, "sample.idl")
GOLDEN = os.path.join(HERE, "golden")


def generate(out):
    subprocess.run([ERIXIDLC, "gen", "--abi", "--out", out, "--source-root", ROOT, SAMPLE],
                   check=True)


def files_in(directory):
    found = []
    for base, _, names in os.walk(directory):
        found += [os.path.relpath(os.path.join(base, n), directory) for n in names]
    return sorted(found)


def main():
    if sys.argv[1:] == ["--update"]:
        generate(GOLDEN)
        print(f"goldens regenerated in {GOLDEN}")
        return 0
    count = failed = 0
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
        generate(first)
        generate(second)
        names = files_in(first)
        for name in names:
            for label, other in (("matches its golden file", GOLDEN), ("is the same on a second run", second)):
                count += 1
                path = os.path.join(other, name)
                ok = os.path.exists(path) and filecmp.cmp(os.path.join(first, name), path, shallow=False)
                failed += not ok
                print(f"{'ok' if ok else 'not ok'} {count} - {name} {label}")
        count += 1
        extra = sorted(set(files_in(GOLDEN)) - set(names))
        failed += bool(extra)
        print(f"{'not ok' if extra else 'ok'} {count} - no stale golden files{': ' + ', '.join(extra) if extra else ''}")
    if failed:
        print("# to accept an intended change: ./erix gen --update-goldens")
    print(f"1..{count}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
