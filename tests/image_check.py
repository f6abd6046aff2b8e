#!/usr/bin/env python3
"""Check build/erix.img from the host, with the standard tools, and report TAP.

The image must be a DOS/MBR disk with GRUB's boot code, a bootable ext2
partition and a FAT32 partition; e2fsck -fn and fsck.fat -n must find no
errors, and the files the image promises must be there.
"""

import argparse
import os
import struct
import subprocess
import sys
import tempfile

SECTOR = 512


class Tap:
    def __init__(self):
        self.count = 0
        self.failed = 0

    def result(self, ok, name, detail=""):
        self.count += 1
        self.failed += 0 if ok else 1
        print(f"{'ok' if ok else 'not ok'} {self.count} - {name}", flush=True)
        if detail and not ok:
            for line in detail.strip().splitlines()[-20:]:
                print(f"# {line}", flush=True)


def partitions(mbr):
    """(bootable, type, first sector, sector count) of each used MBR entry."""
    found = []
    for i in range(4):
        entry = mbr[446 + 16 * i:446 + 16 * (i + 1)]
        status, ptype = entry[0], entry[4]
        start, count = struct.unpack("<II", entry[8:16])
        if ptype:
            found.append((status == 0x80, ptype, start, count))
    return found


def extract(image, start, count, path):
    with open(image, "rb") as src, open(path, "wb") as dst:
        src.seek(start * SECTOR)
        dst.write(src.read(count * SECTOR))


def tool(argv):
    result = subprocess.run(argv, capture_output=True, text=True)
    return result.returncode, result.stdout + result.stderr


def same_bytes(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def check_ext2(tap, part, kernel, work):
    rc, out = tool(["e2fsck", "-fn", part])
    tap.result(rc == 0, "e2fsck -fn: ext2 boot partition has no errors", out)
    copy = os.path.join(work, "erix-kernel")
    rc, out = tool(["debugfs", "-R", f"dump /boot/erix-kernel {copy}", part])
    same = os.path.exists(copy) and same_bytes(copy, kernel)
    tap.result(same, "/boot/erix-kernel is the kernel just built", out)
    for path in ("/boot/grub/grub.cfg", "/etc/motd"):
        rc, out = tool(["debugfs", "-R", f"stat {path}", part])
        tap.result(rc == 0 and "Type: regular" in out, f"ext2 holds {path}", out)


def check_fat(tap, part):
    rc, out = tool(["fsck.fat", "-n", part])
    tap.result(rc == 0, "fsck.fat -n: FAT partition has no errors", out)
    rc, out = tool(["fsck.fat", "-n", "-v", part])
    tap.result("32 bit entries" in out, "data partition is FAT32", out)
    for path in ("::/README.TXT", "::/EFI/BOOT/BOOTX64.EFI"):
        rc, out = tool(["mdir", "-i", part, "-b", path])
        tap.result(rc == 0, f"FAT holds {path[2:]}", out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--image", required=True)
    parser.add_argument("--kernel", required=True)
    args = parser.parse_args()
    tap = Tap()
    with open(args.image, "rb") as f:
        mbr = f.read(SECTOR)
    tap.result(mbr[510:512] == b"\x55\xaa", "MBR boot signature 55 AA")
    parts = partitions(mbr)
    tap.result(len(parts) == 2, f"two partitions in the MBR table (found {len(parts)})")
    if len(parts) == 2:
        (boot_flag, boot_type, boot_start, boot_count), (_, data_type, data_start, data_count) = parts
        tap.result(boot_flag and boot_type == 0x83, "partition 1: bootable, type 0x83 (Linux)")
        tap.result(data_type == 0x0C, "partition 2: type 0x0c (FAT32 LBA)")
        with tempfile.TemporaryDirectory(prefix="erix-image-check-") as work:
            ext2, fat = os.path.join(work, "p1.ext2"), os.path.join(work, "p2.fat")
            extract(args.image, boot_start, boot_count, ext2)
            extract(args.image, data_start, data_count, fat)
            check_ext2(tap, ext2, args.kernel, work)
            check_fat(tap, fat)
    print(f"1..{tap.count}", flush=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
