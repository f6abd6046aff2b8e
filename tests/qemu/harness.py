#!/usr/bin/env python3
"""Boot an EriX image in QEMU for one test and report TAP to `meson test`.

The guest is told which test to run through the kernel command line (an
SMBIOS OEM string GRUB reads, see image/grub.cfg). It prints TAP lines on
COM1 and ends the run through isa-debug-exit. This harness:

  * re-emits every guest TAP line under one numbering, so each guest test is
    visible by name;
  * adds its own checks: the banner, expected and forbidden serial output,
    the guest's plan fully run, and the exit status the test expects;
  * kills QEMU after --timeout seconds (a hang is a failure, never a pass);
  * with --monitor LINE COMMAND, answers the guest: when COM1 shows LINE, it
    gives COMMAND (an HMP command such as device_add) to QEMU's monitor,
    reached through a QMP socket, and checks that the monitor accepted it;
  * keeps the whole serial output in --log and shows its tail on failure.
"""

import argparse
import json
import os
import queue
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "image"))
import qemu  # noqa: E402

# isa-debug-exit: the guest writes v, QEMU exits with (v << 1) | 1.
EXIT_STATUS = {"pass": (0x00 << 1) | 1, "fail": (0x01 << 1) | 1, "halted": (0x10 << 1) | 1}
BANNER = re.compile(r"^EriX \d+\.\d+\.\d+ - a capability microkernel for x86-64$")
GUEST_RESULT = re.compile(r"^(ok|not ok) \d+ - (.*)$")
GUEST_PLAN = re.compile(r"^1\.\.(\d+)$")
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|[\x00-\x08\x0b-\x1f]")


class Tap:
    def __init__(self):
        self.count = 0
        self.failed = 0

    def result(self, ok, name):
        self.count += 1
        self.failed += 0 if ok else 1
        print(f"{'ok' if ok else 'not ok'} {self.count} - {name}", flush=True)

    def comment(self, text):
        for line in text.splitlines():
            print(f"# {line}", flush=True)


def read_lines(stream, lines):
    for raw in iter(stream.readline, b""):
        lines.put(raw.decode("utf-8", "replace"))
    lines.put(None)


class Monitor:
    """QEMU's monitor over a QMP socket, opened at the first command."""

    def __init__(self, path):
        self.path = path
        self.stream = None

    def _reply(self):
        while True:  # skip asynchronous events (DEVICE_DELETED, ...)
            message = json.loads(self.stream.readline())
            if "return" in message or "error" in message:
                return message

    def _open(self):
        sock = socket.socket(socket.AF_UNIX)
        sock.connect(self.path)
        self.stream = sock.makefile("rw")
        self.stream.readline()  # the greeting
        self.stream.write(json.dumps({"execute": "qmp_capabilities"}) + "\n")
        self.stream.flush()
        self._reply()

    def command(self, line):
        """Run one HMP command; returns its output ("" when it succeeded quietly)."""
        if self.stream is None:
            self._open()
        request = {"execute": "human-monitor-command", "arguments": {"command-line": line}}
        self.stream.write(json.dumps(request) + "\n")
        self.stream.flush()
        reply = self._reply()
        return reply.get("return", json.dumps(reply.get("error")))


def run_guest(argv, timeout, log_path, on_line=lambda line: None):
    """Run QEMU, calling on_line for each serial line; returns (lines, exit status or None)."""
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    lines = queue.Queue()
    threading.Thread(target=read_lines, args=(proc.stdout, lines), daemon=True).start()
    deadline = time.monotonic() + timeout
    serial = []
    with open(log_path, "w") as log:
        while True:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                proc.kill()
                proc.wait()
                return serial, None
            if line is None:
                break
            log.write(line)
            log.flush()
            serial.append(ANSI_ESCAPE.sub("", line).rstrip())
            on_line(serial[-1])
    return serial, proc.wait()


def monitor_answers(tap, args, workdir):
    """QEMU arguments for the monitor, and the serial-line callback that uses it."""
    if not args.monitor:
        return [], lambda line: None
    path = os.path.join(workdir, "qmp.sock")
    monitor = Monitor(path)

    def on_line(line):
        for trigger, command in args.monitor:
            if line == trigger:
                answer = monitor.command(command)
                tap.result(answer == "", f"monitor: {command}")
                if answer:
                    tap.comment("monitor answered: " + answer)

    return ["-qmp", f"unix:{path},server=on,wait=off"], on_line


def report_guest_tap(tap, serial):
    """Re-emit the guest's TAP lines; returns (planned, reported) counts."""
    planned, reported = None, 0
    for line in serial:
        if planned is None and GUEST_PLAN.match(line):
            planned = int(GUEST_PLAN.match(line).group(1))
        m = GUEST_RESULT.match(line)
        if m:
            reported += 1
            tap.result(m.group(1) == "ok", "guest: " + m.group(2))
    return planned, reported


def check_serial(tap, serial, args):
    tap.result(any(BANNER.match(line) for line in serial), "banner names EriX and its version")
    for pattern in args.expect:
        tap.result(any(re.search(pattern, line) for line in serial), f"serial shows /{pattern}/")
    for pattern in args.forbid:
        hits = [line for line in serial if re.search(pattern, line)]
        tap.result(not hits, f"serial never shows /{pattern}/")
        if hits:
            tap.comment("offending line: " + hits[0])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--image", required=True)
    parser.add_argument("--test", required=True, help="guest test name (erix.test=NAME)")
    parser.add_argument("--firmware", default="bios", choices=["bios", "uefi"])
    parser.add_argument("--ram", type=int, default=qemu.DEFAULT_RAM_MIB)
    parser.add_argument("--expect-exit", default="pass", choices=sorted(EXIT_STATUS))
    parser.add_argument("--expect", action="append", default=[], help="regex the serial must show")
    parser.add_argument("--forbid", action="append", default=[], help="regex it must not show")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--log", required=True, help="file for the whole serial output")
    parser.add_argument("--device", action="append", default=[], help="an extra QEMU -device")
    parser.add_argument("--global", dest="globals", action="append", default=[],
                        help="an extra QEMU -global")
    parser.add_argument("--monitor", nargs=2, action="append", default=[],
                        metavar=("LINE", "COMMAND"),
                        help="when the serial shows LINE, give COMMAND to the QEMU monitor")
    args = parser.parse_args()

    tap = Tap()
    cmdline = f"erix.test={args.test} erix.test.ram_mib={args.ram}"
    with tempfile.TemporaryDirectory(prefix="erix-test-") as workdir:
        argv = qemu.qemu_command(args.image, workdir, args.firmware, args.ram, cmdline, test=True)
        for device in args.device:
            argv += ["-device", device]
        for setting in args.globals:
            argv += ["-global", setting]
        monitor_args, on_line = monitor_answers(tap, args, workdir)
        argv += monitor_args
        tap.comment("qemu: " + " ".join(argv))
        serial, status = run_guest(argv, args.timeout, args.log, on_line)

    planned, reported = report_guest_tap(tap, serial)
    if planned is not None:
        tap.result(reported == planned, f"guest ran its whole plan ({reported} of {planned})")
    check_serial(tap, serial, args)
    tap.result(status is not None, f"guest finished within {args.timeout:g} s")
    if status is not None:
        want = EXIT_STATUS[args.expect_exit]
        tap.result(status == want, f"guest ended with '{args.expect_exit}' (status {status}, want {want})")
    print(f"1..{tap.count}", flush=True)
    if tap.failed:
        tap.comment(f"serial log: {args.log}; its last lines:")
        tap.comment("\n".join(serial[-40:]) or "(no serial output)")
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
