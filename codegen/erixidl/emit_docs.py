"""Markdown reference for one checked interface (NAME.md): methods, types,
the wire layout of every message and the statuses a reply can carry. The
output depends only on the model, so it is byte-identical on every run."""

from . import abi
from .model import (type_name, ArrayType, BoolType, BytesType, CapType, Enum, StringType, Struct, message_layout,
                    resolve, size_align, struct_layout)




def cell(text):
    """Text made safe for one Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def code(text):
    return f"`{text}`"


def nbytes(n):
    return f"{n} byte" if n == 1 else f"{n} bytes"


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(cell(str(c)) for c in row) + " |" for row in rows]
    return out + [""]


def paragraph(doc):
    return [doc, ""] if doc else []


def rights_mask(rights):
    mask = 0
    for r in rights:
        mask |= abi.RIGHT_BITS.get(r, 0)
    return mask


def notes(t):
    """What a decoder checks about a value of type t, for the layout tables."""
    t = resolve(t)
    if isinstance(t, ArrayType):
        inner = notes(t.element)
        return f"{t.count} x {size_align(t.element)[0]} bytes" + (f"; each {inner}" if inner else "")
    if isinstance(t, BoolType):
        return "0 or 1"
    if isinstance(t, Enum):
        return f"a declared value of {t.name}"
    if isinstance(t, Struct):
        return f"struct {t.name}, layout above"
    if isinstance(t, BytesType):
        return f"span {{u16 offset, u16 length}}; length <= {t.bound}"
    if isinstance(t, StringType):
        return f"span {{u16 offset, u16 length}}; length <= {t.bound}, NUL after the data"
    return ""


def layout_rows(placed, total, extra):
    """[offset, size, name, type, note...] rows with a row for every padding gap."""
    rows, cursor = [], 0
    for f, offset in placed:
        if offset > cursor:
            rows.append([cursor, offset - cursor, "*padding*", "", "must be zero"] + [""] * extra)
        size = size_align(f.type)[0]
        rows.append([offset, size, code(f.name), code(type_name(f.type)), notes(f.type)]
                    + ([f.doc] if extra else []))
        cursor = offset + size
    if total > cursor:
        rows.append([cursor, total - cursor, "*padding*", "", "must be zero"] + [""] * extra)
    return rows


def emit_enum(e):
    out = [f"### enum {e.name} : {e.base.name}", ""] + paragraph(e.doc)
    return out + table(["Value", "Name", "Description"], [[v.value, code(v.name), v.doc] for v in e.values])


def emit_struct(s):
    placed, size, align = struct_layout(s)
    out = [f"### struct {s.name}", ""] + paragraph(s.doc)
    out += table(["Offset", "Size", "Field", "Type", "Encoding", "Description"], layout_rows(placed, size, 1))
    return out + [f"Size {size} bytes, alignment {align}.", ""]


def emit_params(title, params):
    out = [f"**{title}**", ""]
    if not params:
        return out + ["None.", ""]
    def line(p):
        return f"- {code(p.name)}: {code(type_name(p.type))}" + (f" — {cell(p.doc)}" if p.doc else "")
    return out + [line(p) for p in params] + [""]


def emit_tail(layout):
    if not layout.variable:
        return ["Variable tail: none.", ""]
    out = [f"Variable tail, in this order, packed with no gaps from payload offset {layout.fixed_size}:", ""]
    for n, p in enumerate(layout.variable, 1):
        t = resolve(p.type)
        nul = " followed by one NUL byte (not counted in length)" if isinstance(t, StringType) else ""
        out.append(f"{n}. {code(p.name)}: 0 .. {nbytes(t.bound)}{nul}")
    return out + [""]


def emit_caps(layout):
    if not layout.caps:
        return ["Capability slots: none.", ""]
    rows = []
    for n, p in enumerate(layout.caps):
        t = resolve(p.type)
        mask = rights_mask(t.rights)
        rows.append([n, code(p.name), f"{code(t.kind)} ({abi.KIND_VALUES.get(t.kind, '?')})",
                     f"{code('|'.join(t.rights))} ({mask:#x})"])
    return ["Capability slots (transferred beside the payload, not in it):", ""] + table(
        ["Slot", "Parameter", "Kind", "Required rights"], rows)


def emit_direction(iface, m, title, params, flags):
    layout = message_layout(params)
    out = [f"#### {title} wire layout", ""]
    status = "OK (0); an error reply has no payload and no capabilities" if flags & abi.FLAG_REPLY else "0"
    out += [f"Header: magic {abi.MSG_MAGIC:#06x}, version {iface.major}.{iface.minor}, interface id "
            f"{iface.id:#010x}, ordinal {m.ordinal}, flags {flags:#04x}, cap_count {len(layout.caps)}, "
            f"status {status}.", ""]
    if layout.fields:
        out += [f"Fixed part ({nbytes(layout.fixed_size)}; offsets relative to the payload start, "
                f"which follows the {abi.HEADER_SIZE}-byte header):", ""]
        rows = layout_rows(layout.fields, layout.fixed_size, 0)
        out += table(["Offset", "Size", "Field", "Type", "Encoding"], rows)
    else:
        out += ["Fixed part: empty (0 bytes).", ""]
    out += emit_tail(layout) + emit_caps(layout)
    low, high = abi.HEADER_SIZE + layout.fixed_size, abi.HEADER_SIZE + layout.max_payload
    size = f"{low} .. {high} bytes" if low != high else nbytes(high)
    return out + [f"Message size: {size} (maximum {abi.HEADER_SIZE} + {layout.max_payload}).", ""]


def signature(m):
    """The method's declaration as IDL text, without doc comments."""
    def params(ps):
        return "(" + ", ".join(f"{type_name(p.type)} {p.name}" for p in ps) + ")"
    head = f"{'oneway' if m.oneway else 'method'} {m.ordinal} {m.name}{params(m.request)}"
    return head + (" grant" if m.grant else "") + ("" if m.oneway else f" -> {params(m.reply)}") + ";"


def emit_method(iface, m):
    out = [f"### {m.ordinal}: {m.name}", "", "```", signature(m), "```", ""]
    out += paragraph(m.doc)
    out += emit_params("Request parameters", m.request)
    out += emit_params("Reply parameters", m.reply) if not m.oneway else ["**Reply:** none (one-way).", ""]
    out += emit_direction(iface, m, "Request", m.request, abi.FLAG_ONEWAY if m.oneway else 0)
    if not m.oneway:
        out += emit_direction(iface, m, "Reply", m.reply, abi.FLAG_REPLY)
    return out


def emit_statuses():
    out = ["## Statuses", "",
           "Every reply carries one of the common statuses in its header. A reply whose status is not "
           "OK has no payload and no capabilities. When a message fails decoding, its handler is not "
           "called and the failed check yields the status named in docs/IDL.md.", ""]
    return out + table(["Value", "Name", "Meaning"], [[v, code(n), text] for n, v, text in abi.STATUSES])


def emit_markdown(iface, source_name):
    methods = sorted(iface.methods, key=lambda m: m.ordinal)
    out = [f"<!-- generated from {source_name} — do not edit -->", "",
           f"# {iface.name}", "",
           f"Interface id {code(f'{iface.id:#010x}')}, version {iface.major}.{iface.minor}.", ""]
    out += paragraph(iface.doc)
    out += ["## Methods", ""]
    out += table(["Ordinal", "Name", "One-way", "Grant"],
                 [[m.ordinal, code(m.name), "yes" if m.oneway else "no", "yes" if m.grant else "no"]
                  for m in methods]) if methods else ["None.", ""]
    if iface.enums:
        out += ["## Enums", ""] + [line for e in iface.enums for line in emit_enum(e)]
    if iface.structs:
        out += ["## Structs", ""] + [line for s in iface.structs for line in emit_struct(s)]
    if methods:
        out += ["## Method reference", ""] + [line for m in methods for line in emit_method(iface, m)]
    out += emit_statuses()
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
