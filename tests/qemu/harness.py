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
  * with --session FILE, converses with the guest over COM1 like a user at a
    terminal (class Session), for a normal boot (--test none);
  * with --expect-exit poweroff or reset, lets the guest end QEMU itself and
    tells that apart from a crash (class Shutdown);
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
# The guest ends QEMU itself: ACPI S5, or a reset under -no-reboot. QEMU exits
# with 0 for both, and for a triple fault too, so the reason in QMP's SHUTDOWN
# event tells them apart ...
SHUTDOWN_REASON = {"poweroff": "guest-shutdown", "reset": "guest-reset"}
# ... except a triple fault from a reset: both are "guest-reset". Under TCG,
# QEMU's cpu_reset log names the triple fault; under KVM only the guest's own
# line before the reset tells (a session's last step).
TRIPLE_FAULT = "Triple fault"
EXIT_STATUS.update({name: 0 for name in SHUTDOWN_REASON})
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


def read_chunks(stream, chunks):
    while True:
        data = os.read(stream.fileno(), 4096)
        if not data:
            break
        chunks.put(data.decode("utf-8", "replace"))
    chunks.put(None)


class Monitor:
    """QEMU's monitor over a QMP socket, opened at the first command.

    Each command is given to a stopped machine: `stop`, the command, then
    `cont`. The guest cannot see the change before the command's reply is
    read, so a change that lets the guest finish (and QEMU exit through
    isa-debug-exit) cannot cut the reply off. The `cont` reply is read
    before the next command; after the last one QEMU may already be gone."""

    def __init__(self, path):
        self.path = path
        self.stream = None
        self.owed = 0  # replies sent but not read yet (the last `cont`)

    def _reply(self):
        while True:  # skip asynchronous events (DEVICE_DELETED, STOP, RESUME, ...)
            line = self.stream.readline()
            if not line:
                raise ConnectionError("QEMU closed the monitor")
            message = json.loads(line)
            if "return" in message or "error" in message:
                return message

    def _send(self, execute, arguments=None):
        request = {"execute": execute}
        if arguments is not None:
            request["arguments"] = arguments
        self.stream.write(json.dumps(request) + "\n")
        self.stream.flush()
        self.owed += 1

    def _execute(self, execute, arguments=None):
        """Send one QMP command and read every reply owed; returns the failures, "" when none."""
        self._send(execute, arguments)
        failures = []
        while self.owed:
            reply = self._reply()
            self.owed -= 1
            if "error" in reply:
                failures.append(json.dumps(reply["error"]))
        return "\n".join(failures)

    def _open(self):
        sock = socket.socket(socket.AF_UNIX)
        sock.connect(self.path)
        self.stream = sock.makefile("rw")
        self.stream.readline()  # the greeting
        self._execute("qmp_capabilities")

    def command(self, line):
        """Run one HMP command on the stopped machine; returns its output ("" when it succeeded
        quietly) or what went wrong."""
        try:
            if self.stream is None:
                self._open()
            failed = self._execute("stop")  # also reads the previous `cont` reply
            if failed:
                return "stop or cont failed: " + failed
            self._send("human-monitor-command", {"command-line": line})
            reply = self._reply()
            self.owed -= 1
            self._send("cont")
            return reply.get("return", json.dumps(reply.get("error")))
        except (OSError, ValueError) as e:
            return f"no answer: {e}"


class Session:
    """A conversation with the guest over COM1, from a file of steps:
    `> TEXT` types TEXT and Enter (Python escapes such as \\x03 allowed; a
    line `>> TEXT` types without Enter), `< REGEX` waits until the output
    since the last match shows REGEX (each wait is one TAP result), `#`
    starts a comment. In TEXT, $1..$9 are the groups of the last match that
    had any.
    When the last step is done the harness stops QEMU."""

    def __init__(self, path, tap, step_timeout):
        self.steps = []
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                kind, _, arg = line.partition(" ")
                if kind not in (">", ">>", "<"):
                    raise SystemExit(f"{path}:{n}: a step starts with '>', '>>' or '<'")
                if kind == "<":
                    self.steps.append(("expect", re.compile(arg), arg))
                else:
                    text = arg.encode("latin-1").decode("unicode_escape")
                    self.steps.append(("send", text + ("\r" if kind == ">" else ""), arg))
        self.tap, self.step_timeout = tap, step_timeout
        self.seen = ""  # output since the last match
        self.groups = ()  # of the last match
        self.deadline = None

    def done(self):
        return not self.steps

    def advance(self, proc, output):
        """Feed new output; send what comes next. False when a wait timed out."""
        self.seen += ANSI_ESCAPE.sub("", output.replace("\r", ""))
        while self.steps:
            kind, value, text = self.steps[0]
            if kind == "send":
                for n, group in enumerate(self.groups, 1):
                    value = value.replace(f"${n}", group or "")
                proc.stdin.write(value.encode("latin-1"))
                proc.stdin.flush()
                self.steps.pop(0)
                continue
            m = value.search(self.seen)
            if m:
                self.tap.result(True, f"session shows /{text}/")
                self.seen = self.seen[m.end():]
                self.groups = m.groups() or self.groups
                self.steps.pop(0)
                self.deadline = None
                continue
            if self.deadline is None:
                self.deadline = time.monotonic() + self.step_timeout
            if time.monotonic() > self.deadline:
                self.tap.result(False, f"session shows /{text}/ (waited {self.step_timeout:g} s)")
                self.tap.comment("output since the last match:\n" + self.seen[-2000:])
                return False
            return True
        return True


def run_guest(argv, timeout, log_path, session=None, on_line=lambda line: None, stop=True):
    """Run QEMU, calling on_line for each complete serial line; returns
    (serial lines, exit status, or None on timeout or when a session ended
    the run). With `stop` false, a finished session leaves QEMU running
    until it ends by itself."""
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE if session else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    chunks = queue.Queue()
    threading.Thread(target=read_chunks, args=(proc.stdout, chunks), daemon=True).start()
    deadline = time.monotonic() + timeout
    text = ""
    with open(log_path, "w") as log:
        while True:
            try:
                chunk = chunks.get(timeout=min(0.2, max(0.0, deadline - time.monotonic())))
            except queue.Empty:
                chunk = ""
            if chunk is None:
                break
            log.write(chunk)
            log.flush()
            done = text.count("\n")
            text += chunk
            for line in split_lines(text)[done:-1]:
                on_line(line)
            ended = session and (not session.advance(proc, chunk) or (stop and session.done()))
            if ended or time.monotonic() > deadline:
                proc.kill()
                proc.wait()
                return split_lines(text), None
    return split_lines(text), proc.wait()


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


class Shutdown:
    """How QEMU went down: the SHUTDOWN events on a QMP socket of its own,
    read from the start of the run, and under TCG QEMU's cpu_reset log."""

    def __init__(self, workdir):
        self.path = os.path.join(workdir, "events.sock")
        self.log = os.path.join(workdir, "qemu-reset.log") if qemu.accelerator() == "tcg" else None
        self.events = []
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def qemu_args(self):
        args = ["-qmp", f"unix:{self.path},server=on,wait=off"]
        return args + (["-d", "cpu_reset", "-D", self.log] if self.log else [])

    def start(self):
        self.thread.start()

    def _connect(self):
        for _ in range(400):  # 20 s for QEMU to make the socket
            sock = socket.socket(socket.AF_UNIX)
            try:
                sock.connect(self.path)
                return sock.makefile("rw")
            except OSError:
                sock.close()
                time.sleep(0.05)
        return None

    def _watch(self):
        stream = self._connect()
        if stream is None:
            return
        stream.readline()  # the greeting
        stream.write(json.dumps({"execute": "qmp_capabilities"}) + "\n")
        stream.flush()
        for line in stream:
            message = json.loads(line)
            if message.get("event") == "SHUTDOWN":
                self.events.append(message.get("data", {}))

    def _triple_fault(self):
        with open(self.log, errors="replace") as f:
            return TRIPLE_FAULT in f.read()

    def check(self, tap, expect):
        """TAP results: QEMU reported the shutdown `expect` names, and (TCG) no triple fault."""
        self.thread.join(timeout=5)
        want = {"guest": True, "reason": SHUTDOWN_REASON[expect]}
        tap.result(self.events == [want], f"QMP reports one SHUTDOWN {json.dumps(want)}")
        if self.events != [want]:
            tap.comment(f"SHUTDOWN events: {json.dumps(self.events)}")
        if self.log:
            tap.result(os.path.exists(self.log) and not self._triple_fault(),
                       "QEMU's cpu_reset log shows no triple fault")
        else:
            tap.comment("not TCG: QEMU logs no triple fault; the session's last line must tell")


def split_lines(text):
    return [ANSI_ESCAPE.sub("", line).rstrip() for line in text.replace("\r", "").split("\n")]


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
    parser.add_argument("--test", required=True,
                        help="guest test name (erix.test=NAME); 'none' boots normally")
    parser.add_argument("--firmware", default="bios", choices=["bios", "uefi"])
    parser.add_argument("--ram", type=int, default=qemu.DEFAULT_RAM_MIB)
    parser.add_argument("--expect-exit", default="pass", choices=sorted(EXIT_STATUS) + ["stopped"],
                        help="how the run ends; 'stopped': a session ends it; 'poweroff', "
                        "'reset': the guest turns the machine off or resets it")
    parser.add_argument("--session", help="file of steps to converse with the guest (Session)")
    parser.add_argument("--device", action="append", default=[], help="an extra QEMU -device")
    parser.add_argument("--global", dest="globals", action="append", default=[],
                        help="an extra QEMU -global")
    parser.add_argument("--monitor", nargs=2, action="append", default=[],
                        metavar=("LINE", "COMMAND"),
                        help="when the serial shows LINE, give COMMAND to the QEMU monitor")
    parser.add_argument("--expect", action="append", default=[], help="regex the serial must show")
    parser.add_argument("--forbid", action="append", default=[], help="regex it must not show")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--log", required=True, help="file for the whole serial output")
    args = parser.parse_args()

    tap = Tap()
    cmdline = "" if args.test == "none" else f"erix.test={args.test} erix.test.ram_mib={args.ram}"
    session = Session(args.session, tap, step_timeout=30) if args.session else None
    with tempfile.TemporaryDirectory(prefix="erix-test-") as workdir:
        argv = qemu.qemu_command(args.image, workdir, args.firmware, args.ram, cmdline, test=True)
        for device in args.device:
            argv += ["-device", device]
        for setting in args.globals:
            argv += ["-global", setting]
        monitor_args, on_line = monitor_answers(tap, args, workdir)
        argv += monitor_args
        shutdown = Shutdown(workdir) if args.expect_exit in SHUTDOWN_REASON else None
        if shutdown:
            argv += shutdown.qemu_args()
            shutdown.start()
        tap.comment("qemu: " + " ".join(argv))
        serial, status = run_guest(argv, args.timeout, args.log, session, on_line,
                                   stop=args.expect_exit == "stopped")
        if shutdown:
            shutdown.check(tap, args.expect_exit)

    planned, reported = report_guest_tap(tap, serial)
    if planned is not None:
        tap.result(reported == planned, f"guest ran its whole plan ({reported} of {planned})")
    check_serial(tap, serial, args)
    if session is not None or args.expect_exit == "stopped":
        tap.result(session is not None and session.done(), "the session ran to its end")
    if args.expect_exit != "stopped":
        tap.result(status is not None, f"guest finished within {args.timeout:g} s")
    if status is not None and args.expect_exit != "stopped":
        want = EXIT_STATUS[args.expect_exit]
        tap.result(status == want, f"guest ended with '{args.expect_exit}' (status {status}, want {want})")
    print(f"1..{tap.count}", flush=True)
    if tap.failed:
        tap.comment(f"serial log: {args.log}; its last lines:")
        tap.comment("\n".join(serial[-40:]) or "(no serial output)")
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
