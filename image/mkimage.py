#!/usr/bin/env python3
"""Build the EriX disk image without root: no loop devices, no mounting.

Layout of the raw image (sectors of 512 bytes):

  0            MBR: GRUB's boot.img code + the partition table
  1 .. 2047    GRUB's BIOS core.img (in the gap before the first partition)
  partition 1  ext2, label erix-boot, bootable: /boot (kernel, boot modules,
               GRUB config) and /etc/motd
  partition 2  FAT32, label ERIXDATA: data, plus /EFI/BOOT/BOOTX64.EFI so
               UEFI firmware (OVMF) can boot the same image

Each partition is built as a file with the standard tools (mke2fs -d,
mkfs.fat, mtools), checked, and copied into place.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

SECTOR = 512
MIB = 1024 * 1024
FIRST_PARTITION_SECTOR = 2048  # 1 MiB: room for GRUB's core.img
BOOT_PART_MIB = 32
DATA_PART_MIB = 48  # enough clusters for FAT32 at 512-byte clusters
BOOT_PART_SECTORS = BOOT_PART_MIB * MIB // SECTOR
DATA_PART_START = FIRST_PARTITION_SECTOR + BOOT_PART_SECTORS
DATA_PART_SECTORS = DATA_PART_MIB * MIB // SECTOR
GRUB_PC_DIR = "/usr/lib/grub/i386-pc"
GRUB_EFI_DIR = "/usr/lib/grub/x86_64-efi"
MBR_CODE_BYTES = 440  # boot.img code; the disk signature and table follow
BOOT_DRIVE_CHECK = 0x66  # boot.img: jump over the "trust BIOS drive number" fix

GRUB_MODULES = [
    "configfile", "echo", "ext2", "fat", "multiboot2", "normal", "part_msdos", "regexp",
    "search", "search_label", "serial", "smbios", "terminal", "test",
]


class StepError(Exception):
    pass


def step(message):
    print(f"[image] {message}", flush=True)


def run(argv, **kwargs):
    """Run a host tool; a failure names the tool and shows its output."""
    result = subprocess.run(argv, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise StepError(f"{argv[0]} failed (exit {result.returncode}):\n"
                        f"  command: {' '.join(argv)}\n{result.stdout}{result.stderr}")
    return result.stdout


def require_tools():
    tools = ["grub-mkimage", "mke2fs", "e2fsck", "mkfs.fat", "fsck.fat", "mcopy", "mmd", "sfdisk"]
    missing = [t for t in tools if shutil.which(t) is None]
    for path in (os.path.join(GRUB_PC_DIR, "boot.img"), GRUB_EFI_DIR):
        if not os.path.exists(path):
            missing.append(path)
    if missing:
        raise StepError("missing host tools: " + ", ".join(missing) + " (run ./erix deps)")


def stage_boot_tree(work, kernel, modules, grub_cfg, rootfs):
    tree = os.path.join(work, "ext2-root")
    shutil.copytree(rootfs, tree)
    os.makedirs(os.path.join(tree, "boot", "grub"), exist_ok=True)
    shutil.copy(kernel, os.path.join(tree, "boot", "erix-kernel"))
    for module in modules:
        shutil.copy(module, os.path.join(tree, "boot", os.path.basename(module)))
    shutil.copy(grub_cfg, os.path.join(tree, "boot", "grub", "grub.cfg"))
    return tree


def make_ext2(work, tree):
    path = os.path.join(work, "boot.ext2")
    step(f"ext2 boot partition ({BOOT_PART_MIB} MiB, mke2fs -d)")
    run(["mke2fs", "-q", "-F", "-t", "ext2", "-L", "erix-boot", "-E", "root_owner=0:0",
         "-d", tree, path, f"{BOOT_PART_MIB}M"])
    run(["e2fsck", "-fn", path])
    return path


def make_fat(work, fat_dir, efi_image):
    path = os.path.join(work, "data.fat")
    step(f"FAT32 data partition ({DATA_PART_MIB} MiB, mkfs.fat + mtools)")
    with open(path, "wb") as f:
        f.truncate(DATA_PART_MIB * MIB)
    run(["mkfs.fat", "-F", "32", "-s", "1", "-n", "ERIXDATA", "-h", str(DATA_PART_START), path])
    for name in sorted(os.listdir(fat_dir)):
        run(["mcopy", "-i", path, os.path.join(fat_dir, name), "::/" + name])
    run(["mmd", "-i", path, "::/EFI", "::/EFI/BOOT"])
    run(["mcopy", "-i", path, efi_image, "::/EFI/BOOT/BOOTX64.EFI"])
    run(["fsck.fat", "-n", path])
    return path


def make_grub_images(work, early_cfg):
    step("GRUB2 core images (BIOS i386-pc, UEFI x86_64-efi)")
    core = os.path.join(work, "core.img")
    run(["grub-mkimage", "-O", "i386-pc", "-o", core, "-c", early_cfg, "-p", "/boot/grub",
         "biosdisk"] + GRUB_MODULES)
    efi = os.path.join(work, "BOOTX64.EFI")
    run(["grub-mkimage", "-O", "x86_64-efi", "-o", efi, "-c", early_cfg, "-p", "/boot/grub"]
        + GRUB_MODULES)
    if os.path.getsize(core) > (FIRST_PARTITION_SECTOR - 1) * SECTOR:
        raise StepError(f"GRUB core.img is {os.path.getsize(core)} bytes: too big for the MBR gap")
    return core, efi


def partition(image):
    step("MBR partition table (sfdisk)")
    table = (
        "label: dos\n"
        f"start={FIRST_PARTITION_SECTOR}, size={BOOT_PART_SECTORS}, type=83, bootable\n"
        f"start={DATA_PART_START}, size={DATA_PART_SECTORS}, type=c\n"
    )
    run(["sfdisk", "--no-reread", "--no-tell-kernel", "-q", image], input=table)


def write_at(image, offset, data):
    with open(image, "r+b") as f:
        f.seek(offset)
        f.write(data)


def install_grub_bios(image, core):
    """boot.img's code goes into the MBR (the partition table stays); core.img follows at sector 1."""
    step("GRUB2 BIOS boot code (boot.img in the MBR, core.img at sector 1)")
    with open(os.path.join(GRUB_PC_DIR, "boot.img"), "rb") as f:
        boot = bytearray(f.read(MBR_CODE_BYTES))
    boot[BOOT_DRIVE_CHECK:BOOT_DRIVE_CHECK + 2] = b"\x90\x90"
    write_at(image, 0, bytes(boot))
    with open(core, "rb") as f:
        write_at(image, SECTOR, f.read())


def copy_partition(image, start_sector, part_path):
    with open(part_path, "rb") as f:
        write_at(image, start_sector * SECTOR, f.read())


def build(args):
    require_tools()
    with tempfile.TemporaryDirectory(prefix="erix-image-") as work:
        tree = stage_boot_tree(work, args.kernel, args.module, args.grub_cfg, args.rootfs)
        core, efi = make_grub_images(work, args.grub_early_cfg)
        boot_part = make_ext2(work, tree)
        data_part = make_fat(work, args.fat_dir, efi)

        tmp_image = args.output + ".tmp"
        step(f"assembling {args.output}")
        total = DATA_PART_START + DATA_PART_SECTORS
        with open(tmp_image, "wb") as f:
            f.truncate(total * SECTOR)
        partition(tmp_image)
        install_grub_bios(tmp_image, core)
        copy_partition(tmp_image, FIRST_PARTITION_SECTOR, boot_part)
        copy_partition(tmp_image, DATA_PART_START, data_part)
        os.replace(tmp_image, args.output)
    step(f"done: {args.output} ({total * SECTOR // MIB} MiB)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kernel", required=True)
    parser.add_argument("--module", action="append", default=[],
                        help="a boot module copied to /boot (grub.cfg loads it)")
    parser.add_argument("--grub-cfg", required=True)
    parser.add_argument("--grub-early-cfg", required=True)
    parser.add_argument("--rootfs", required=True, help="tree copied into the ext2 partition")
    parser.add_argument("--fat-dir", required=True, help="files copied into the FAT partition")
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    try:
        build(args)
    except StepError as e:
        print(f"[image] error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
