"""erixidlc: the command line of the EriX IDL compiler.

    erixidlc gen --out DIR [--abi] FILE.idl...   emit C and Markdown into DIR
    erixidlc abi --output FILE                   emit erix/abi.h
    erixidlc corpus --out DIR FILE.idl           fuzz seeds, one per wire case
    erixidlc check FILE.idl...                   diagnostics only
    erixidlc compat OLD.idl NEW.idl              wire-compatibility report
    erixidlc bundle --output FILE.c BUNDLE       a program's startup bundle as an ELF note
"""

import argparse
import os
import sys

from . import cases, emit_abi, emit_c
from .checker import check, check_ids
from .diag import IdlError
from .parser import parse


def load(paths):
    """Parse and check every file; returns (interfaces, rendered errors)."""
    sources, ifaces, errors = {}, [], []
    for path in paths:
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except OSError as e:
            errors.append(f"{path}: error: cannot read: {e.strerror}")
            continue
        sources[path] = text
        try:
            iface = parse(path, text)
        except IdlError as e:
            errors.append(e.render(sources))
            continue
        iface.source_name = os.path.basename(path)
        problems = check(iface)
        errors += [e.render(sources) for e in problems]
        if not problems:
            ifaces.append(iface)
    errors += [e.render(sources) for e in check_ids(ifaces)]
    return ifaces, errors


def write_if_changed(path, content):
    """Write `content` (text or bytes) to `path` unless it already holds exactly that (keeps Ninja quiet)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        with open(path, "rb") as f:
            if f.read() == data:
                return False
    except OSError:
        pass
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
    return True


def outputs(iface, source):
    from .emit_docs import emit_markdown
    e = emit_c.Emitter(iface, source)
    n = iface.name
    return {f"{n}.h": e.header(), f"{n}.c": e.source_file(), f"{n}_client.c": e.client_file(),
            f"{n}_cases.c": cases.emit(iface, source), f"{n}.md": emit_markdown(iface, source)}


def cmd_gen(args):
    ifaces, errors = load(args.files)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    written = 0
    if args.abi:
        written += write_if_changed(os.path.join(args.out, "erix", "abi.h"), emit_abi.emit())
    for iface, path in zip(ifaces, args.files):
        source = os.path.relpath(path, args.source_root) if args.source_root else os.path.basename(path)
        for name, text in outputs(iface, source).items():
            written += write_if_changed(os.path.join(args.out, name), text)
    if args.verbose:
        print(f"erixidlc: {len(ifaces)} interfaces, {written} files updated in {args.out}")
    return 0


def cmd_corpus(args):
    """One fuzz seed file per wire case, in tests/idl/fuzz_dispatch.c's input format."""
    ifaces, errors = load([args.file])
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    os.makedirs(args.out, exist_ok=True)
    for k, case in enumerate(cases.all_cases(ifaces[0])):
        caps = bytes([case.reported_caps()]) + b"".join(bytes([kind, rights]) for _, kind, rights in
                                                         case.caps[:case.reported_caps()])
        write_if_changed(os.path.join(args.out, f"case-{k:04d}"), caps + bytes(case.data))
    return 0


def cmd_abi(args):
    write_if_changed(args.output, emit_abi.emit())
    return 0


def cmd_check(args):
    ifaces, errors = load(args.files)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    print(f"erixidlc: {len(ifaces)} interfaces, no errors")
    return 0


def cmd_compat(args):
    from .compat import compare, format_findings
    ifaces, errors = load([args.old])
    new, new_errors = load([args.new])
    if errors or new_errors:
        print("\n".join(errors + new_errors), file=sys.stderr)
        return 2
    findings = compare(ifaces[0], new[0])
    text = format_findings(findings, args.old, args.new)
    if text:
        print(text)
    breaks = [f for f in findings if f.kind == "break"]
    print(f"erixidlc: {len(breaks)} wire-breaking change(s) without a major-version bump")
    return 1 if breaks else 0


def cmd_bundle(args):
    from .bundle import BundleError, emit, parse
    try:
        with open(args.file, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        print(f"{args.file}: error: cannot read: {e.strerror}", file=sys.stderr)
        return 1
    try:
        entries = parse(args.file, text)
    except BundleError as e:
        print(e, file=sys.stderr)
        return 1
    source = os.path.relpath(args.file, args.source_root) if args.source_root else args.file
    write_if_changed(args.output, emit(source, entries))
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="erixidlc", description="The EriX IDL compiler.")
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("gen", help="emit C and Markdown")
    gen.add_argument("--out", required=True)
    gen.add_argument("--abi", action="store_true", help="also emit erix/abi.h")
    gen.add_argument("--source-root", help="name sources relative to this directory")
    gen.add_argument("--verbose", action="store_true")
    gen.add_argument("files", nargs="+")
    gen.set_defaults(func=cmd_gen)
    abi_cmd = sub.add_parser("abi", help="emit erix/abi.h")
    abi_cmd.add_argument("--output", required=True)
    abi_cmd.set_defaults(func=cmd_abi)
    corpus = sub.add_parser("corpus", help="write fuzz seeds from the wire cases")
    corpus.add_argument("--out", required=True)
    corpus.add_argument("file")
    corpus.set_defaults(func=cmd_corpus)
    chk = sub.add_parser("check", help="report diagnostics only")
    chk.add_argument("files", nargs="+")
    chk.set_defaults(func=cmd_check)
    compat = sub.add_parser("compat", help="report wire-breaking changes")
    compat.add_argument("old")
    compat.add_argument("new")
    compat.set_defaults(func=cmd_compat)
    bundle = sub.add_parser("bundle", help="check a startup bundle and emit its ELF note")
    bundle.add_argument("--output", required=True)
    bundle.add_argument("--source-root", help="name the source relative to this directory")
    bundle.add_argument("file")
    bundle.set_defaults(func=cmd_bundle)
    args = parser.parse_args(argv)
    return args.func(args)
