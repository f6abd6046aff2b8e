#!/usr/bin/env python3
"""Check that user programs are linked as lib/crt0/user.ld promises; report TAP.

Each program must be a static ELF64 x86-64 executable with no interpreter or
dynamic section, whose loadable segments are page-aligned and start at
0x400000 in the order R+X, R, R+W, with no segment both writable and
executable, and whose entry point lies in the executable segment.
"""

import struct
import sys

PT_LOAD, PT_DYNAMIC, PT_INTERP = 1, 2, 3
PF_X, PF_W, PF_R = 1, 2, 4
PAGE = 0x1000
BASE = 0x400000


def segments(data):
    """(entry, [(type, flags, offset, vaddr, filesz, memsz)]) of an ELF64 x86-64 EXEC file."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError("not a little-endian ELF64 file")
    e_type, e_machine = struct.unpack_from("<HH", data, 16)
    if e_type != 2 or e_machine != 62:
        raise ValueError(f"type {e_type} machine {e_machine}, not an x86-64 executable")
    entry, phoff = struct.unpack_from("<QQ", data, 24)
    phentsize, phnum = struct.unpack_from("<HH", data, 54)
    phdrs = []
    for i in range(phnum):
        p_type, flags, offset, vaddr, _paddr, filesz, memsz = struct.unpack_from(
            "<IIQQQQQ", data, phoff + i * phentsize)
        phdrs.append((p_type, flags, offset, vaddr, filesz, memsz))
    return entry, phdrs


def problems(path):
    """Every way the program at path breaks the user link map; empty when it is sound."""
    with open(path, "rb") as f:
        entry, phdrs = segments(f.read())
    found = []
    if any(p[0] in (PT_DYNAMIC, PT_INTERP) for p in phdrs):
        found.append("has a dynamic section or an interpreter")
    loads = [p for p in phdrs if p[0] == PT_LOAD]
    flags = [p[1] for p in loads]
    if flags != [PF_R | PF_X, PF_R, PF_R | PF_W]:
        found.append(f"PT_LOAD flags {flags}, want R+X, R, R+W")
    if any(f & PF_W and f & PF_X for f in flags):
        found.append("a segment is writable and executable")
    if not loads or loads[0][3] != BASE:
        found.append(f"first PT_LOAD not at {BASE:#x}")
    for _, _, offset, vaddr, filesz, memsz in loads:
        if vaddr % PAGE or (filesz and offset % PAGE) or filesz > memsz:
            found.append(f"segment at {vaddr:#x} is not page-aligned or is malformed")
    if not loads or not loads[0][3] <= entry < loads[0][3] + loads[0][5]:
        found.append(f"entry {entry:#x} is outside the text segment")
    return found


def main(paths):
    print(f"1..{len(paths)}")
    failed = 0
    for i, path in enumerate(paths, 1):
        try:
            found = problems(path)
        except (OSError, ValueError, struct.error) as e:
            found = [str(e)]
        failed += bool(found)
        print(f"{'not ok' if found else 'ok'} {i} - {path}")
        for line in found:
            print(f"# {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
