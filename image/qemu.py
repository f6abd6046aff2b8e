#!/usr/bin/env python3
"""Launch an EriX machine in QEMU: the one place that knows the QEMU command line.

`./erix run` uses it interactively (serial console on the terminal, Ctrl-A X
leaves); tests/qemu/harness.py uses qemu_command() for test runs.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
DEFAULT_RAM_MIB = 256
DEBUG_EXIT_PORT = 0xF4


def accelerator():
    """TCG unless ERIX_ACCEL asks otherwise (KVM can hang on some hosts)."""
    accel = os.environ.get("ERIX_ACCEL", "tcg")
    if accel not in ("tcg", "kvm"):
        raise SystemExit(f"ERIX_ACCEL must be 'tcg' or 'kvm', not {accel!r}")
    return accel


def firmware_args(firmware, workdir):
    if firmware == "bios":
        return []
    if firmware != "uefi":
        raise SystemExit(f"unknown firmware {firmware!r} (bios or uefi)")
    if not os.path.exists(OVMF_CODE):
        raise SystemExit(f"UEFI firmware {OVMF_CODE} is missing (run ./erix deps)")
    vars_copy = os.path.join(workdir, "OVMF_VARS.fd")
    shutil.copy(OVMF_VARS, vars_copy)
    return ["-drive", f"if=pflash,format=raw,unit=0,readonly=on,file={OVMF_CODE}",
            "-drive", f"if=pflash,format=raw,unit=1,file={vars_copy}"]


def qemu_command(image, workdir, firmware="bios", ram_mib=DEFAULT_RAM_MIB, cmdline="",
                 test=False, serial="stdio", icount=False):
    """The QEMU argv for booting `image` on a q35 machine with COM1 on `serial`.

    `cmdline` reaches the kernel through an SMBIOS OEM string (see
    image/grub.cfg). A test run gets the isa-debug-exit device, no monitor,
    and a throw-away overlay of the disk (-snapshot). With `icount` the guest
    runs under -icount shift=0: one instruction per virtual nanosecond, so
    its time stamp counter counts instructions (TCG only).
    """
    if "," in cmdline:
        raise SystemExit(f"kernel command line may not contain ',': {cmdline!r}")
    accel = "tcg" if icount else accelerator()
    argv = ["qemu-system-x86_64", "-M", "q35", "-accel", accel, "-cpu", "max", "-m", f"{ram_mib}M",
            "-display", "none", "-no-reboot", "-serial", serial,
            "-drive", f"file={image},format=raw,index=0,media=disk",
            "-smbios", f"type=11,value=erix:{cmdline}"]
    argv += firmware_args(firmware, workdir)
    if icount:
        argv += ["-icount", "shift=0"]
    if test:
        argv += ["-snapshot", "-monitor", "none",
                 "-device", f"isa-debug-exit,iobase={DEBUG_EXIT_PORT:#x},iosize=0x04"]
    return argv


def main():
    parser = argparse.ArgumentParser(description="Boot an EriX image in QEMU with the serial "
                                     "console on this terminal (Ctrl-A X leaves).")
    parser.add_argument("--image", required=True)
    parser.add_argument("--uefi", action="store_true", help="boot with OVMF instead of SeaBIOS")
    parser.add_argument("--ram", type=int, default=DEFAULT_RAM_MIB, help="RAM in MiB")
    parser.add_argument("--cmdline", default="", help="extra kernel command-line words")
    parser.add_argument("--batch", action="store_true",
                        help="no console input: run until the guest ends the run, print its output")
    parser.add_argument("--icount", action="store_true",
                        help="count guest instructions (-icount shift=0)")
    args = parser.parse_args()
    if not os.path.exists(args.image):
        print(f"error: no image at {args.image} (run ./erix image)", file=sys.stderr)
        return 1
    if shutil.which("qemu-system-x86_64") is None:
        print("error: qemu-system-x86_64 is not installed (run ./erix deps)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="erix-run-") as workdir:
        firmware = "uefi" if args.uefi else "bios"
        if args.batch:
            argv = qemu_command(args.image, workdir, firmware, args.ram, args.cmdline, test=True,
                                icount=args.icount)
            return subprocess.run(argv, stdin=subprocess.DEVNULL, timeout=600).returncode
        argv = qemu_command(args.image, workdir, firmware, args.ram, args.cmdline,
                            serial="mon:stdio", icount=args.icount)
        print("[run] " + " ".join(argv), flush=True)
        print("[run] EriX's console follows; press Ctrl-A then X to leave QEMU.", flush=True)
        return os.spawnvp(os.P_WAIT, argv[0], argv)


if __name__ == "__main__":
    sys.exit(main())
