"""Startup bundles: check a program's `bundle` file and emit it as an ELF note.

A bundle file has one capability per line, `NAME KIND RIGHTS`, where KIND is
a capability kind of abi.py and RIGHTS is `|`-separated rights
(`endpoint write|grant`); `#` starts a comment. abi/erix/bundle.h describes
the note the emitted C file puts into the program.
"""

import re

from .abi import KIND_VALUES, RIGHT_BITS

NAME_LEN = 24  # ERIX_BOOTINFO_NAME_LEN, with its NUL
MAX_ENTRIES = 32  # ERIX_BUNDLE_MAX
NAME_RE = re.compile(r"[a-z][a-z0-9_.-]*$")


class BundleError(Exception):
    pass


def diagnostic(path, lineno, col, line, message):
    return f"{path}:{lineno}:{col}: error: {message}\n  {line.rstrip()}\n  {' ' * (col - 1)}^"


def parse(path, text):
    """The bundle's entries as (name, kind, rights); raises BundleError with every problem."""
    entries, errors, seen = [], [], {}
    for lineno, raw in enumerate(text.split("\n"), 1):
        line = raw.split("#", 1)[0]
        words = [(m.group(), m.start() + 1) for m in re.finditer(r"\S+", line)]
        if not words:
            continue
        def err(col, message):
            errors.append(diagnostic(path, lineno, col, raw, message))
        if len(words) != 3:
            err(words[0][1], f"expected `NAME KIND RIGHTS`, found {len(words)} word(s)")
            continue
        (name, ncol), (kind, kcol), (rights, rcol) = words
        if not NAME_RE.match(name) or len(name) >= NAME_LEN:
            err(ncol, f"bad capability name '{name}' (lower case, digits, '_', '.', '-'; "
                      f"at most {NAME_LEN - 1} characters)")
        elif name in seen:
            err(ncol, f"'{name}' is already declared on line {seen[name]}")
        seen.setdefault(name, lineno)
        if kind not in KIND_VALUES:
            err(kcol, f"unknown capability kind '{kind}'")
        bits = 0
        for right in rights.split("|"):
            if right not in RIGHT_BITS:
                err(rcol, f"unknown right '{right}' (read, write, grant, execute)")
            elif bits & RIGHT_BITS[right]:
                err(rcol, f"right '{right}' repeated")
            else:
                bits |= RIGHT_BITS[right]
        entries.append((name, KIND_VALUES.get(kind, 0), bits))
    if len(entries) > MAX_ENTRIES:
        errors.append(f"{path}: error: {len(entries)} capabilities declared, at most {MAX_ENTRIES}")
    if errors:
        raise BundleError("\n".join(errors))
    return entries


def emit(source, entries):
    """C source defining the bundle note for `entries`."""
    rows = "".join(f'\t\t{{.name = "{n}", .kind = {k}, .rights = 0x{r:x}}},\n' for n, k, r in entries)
    return f"""/* generated from {source} by erixidlc bundle — do not edit */
#include <erix/bundle.h>

__attribute__((section(".note.erix.bundle"), used, aligned(4)))
static const struct erix_bundle_note erix_bundle_note = {{
	.namesz = sizeof(ERIX_BUNDLE_NOTE_NAME),
	.descsz = sizeof(struct erix_bundle),
	.type = ERIX_BUNDLE_NOTE_TYPE,
	.name = ERIX_BUNDLE_NOTE_NAME,
	.desc = {{.count = {len(entries)}, .entries = {{
{rows}	}}}},
}};
"""
