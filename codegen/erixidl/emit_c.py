"""Emit the C codec of one interface: NAME.h (constants, wire structs with
_Static_asserts, typed parameter structs, prototypes), NAME.c (encoders,
checked decoders, server dispatch) and NAME_client.c (client stubs).

Output is freestanding C: <stdint.h>, <stddef.h>, <stdbool.h> and erix/abi.h."""

from . import abi
from .model import (ArrayType, BoolType, BytesType, CapType, Enum, IntType, StringType, Struct,
                    is_variable, message_layout, resolve, size_align, struct_layout)


def banner(source):
    return f"/* generated from {source} - do not edit */\n"


class Names:
    def __init__(self, iface):
        self.p = iface.name
        self.P = iface.name.upper()

    def enum(self, e):
        return f"{self.p}_{e.name}"

    def struct(self, s):
        return f"struct {self.p}_{s.name}"

    def msg(self, m, direction):
        return f"struct {self.p}_{m.name}_{direction}"

    def ordinal(self, m):
        return f"{self.P}_{m.name.upper()}_ORDINAL"


def wire_ctype(t, names):
    """(C base type, [array dims]) of a fixed-size type as stored on the wire."""
    t = resolve(t)
    if isinstance(t, ArrayType):
        base, dims = wire_ctype(t.element, names)
        return base, [t.count] + dims
    if isinstance(t, IntType):
        return t.ctype, []
    if isinstance(t, BoolType):
        return "uint8_t", []
    if isinstance(t, Enum):
        return t.base.ctype, []
    if isinstance(t, Struct):
        return names.struct(t), []
    if isinstance(t, (BytesType, StringType)):
        return "struct erix_span", []
    raise TypeError(t)


def declare(base, name, dims):
    return f"{base} {name}{''.join(f'[{d}]' for d in dims)};"


def padded_members(placed, size, names):
    """C member declarations for fields at offsets, with explicit _padN arrays."""
    lines, cursor, pad = [], 0, 0
    for f, offset in placed:
        if offset > cursor:
            lines.append(f"\tuint8_t _pad{pad}[{offset - cursor}];")
            pad += 1
        base, dims = wire_ctype(f.type, names)
        lines.append(f"\t{declare(base, f.name, dims)}")
        cursor = offset + size_align(f.type)[0]
    if size > cursor:
        lines.append(f"\tuint8_t _pad{pad}[{size - cursor}];")
    return lines


def pad_names(placed, size):
    """Names and sizes of the _padN members padded_members() emits."""
    pads, cursor = [], 0
    for f, offset in placed:
        if offset > cursor:
            pads.append((f"_pad{len(pads)}", offset - cursor))
        cursor = offset + size_align(f.type)[0]
    if size > cursor:
        pads.append((f"_pad{len(pads)}", size - cursor))
    return pads


def static_asserts(ctype, placed, size):
    out = [f'_Static_assert(sizeof({ctype}) == {size}, "{ctype} size");']
    for f, offset in placed:
        out.append(f'_Static_assert(offsetof({ctype}, {f.name}) == {offset}, "{ctype}.{f.name}");')
    return out


def check_lines(t, expr, names, depth=0):
    """C statements refusing out-of-range values of a fixed-size field at `expr`."""
    t = resolve(t)
    if isinstance(t, BoolType):
        return [f"if ({expr} > 1)", "\treturn ERIX_E_OUT_OF_RANGE;"]
    if isinstance(t, Enum):
        return [f"if (!{names.enum(t)}_valid({expr}))", "\treturn ERIX_E_OUT_OF_RANGE;"]
    if isinstance(t, Struct):
        return [f"if ((st = {names.p}_{t.name}_check(&{expr})) != ERIX_OK)", "\treturn st;"]
    if isinstance(t, ArrayType):
        i = f"i{depth}"
        inner = check_lines(t.element, f"{expr}[{i}]", names, depth + 1)
        if inner:
            return [f"for (size_t {i} = 0; {i} < {t.count}; {i}++) {{"] + \
                   ["\t" + line for line in inner] + ["}"]
    return []


def needs_status(lines):
    return any("st = " in line for line in lines)


def indent(lines, n=1):
    return ["\t" * n + line if line else "" for line in lines]


class Emitter:
    def __init__(self, iface, source):
        self.i = iface
        self.source = source
        self.n = Names(iface)

    # ---- header ------------------------------------------------------------

    def header(self):
        i, n = self.i, self.n
        guard = f"ERIX_IDL_{n.P}_H"
        out = [banner(self.source).rstrip(), f"#ifndef {guard}", f"#define {guard}", "",
               "#include <stdbool.h>", "#include <stddef.h>", "#include <stdint.h>", "",
               '#include "erix/abi.h"', ""]
        out += [f"#define {n.P}_INTERFACE_ID 0x{i.id:x}u", f"#define {n.P}_VERSION_MAJOR {i.major}u",
                f"#define {n.P}_VERSION_MINOR {i.minor}u", ""]
        for m in i.methods:
            out.append(f"#define {n.ordinal(m)} {m.ordinal}u")
        out.append("")
        for e in i.enums:
            out += self.enum_decl(e)
        for s in i.structs:
            out += self.struct_decl(s)
        for m in i.methods:
            out += self.method_decls(m)
        out += self.server_decl()
        out += [f"/* Decode and check `msg` as any request of {i.name}; the status a server would answer. */",
                f"enum erix_status {n.p}_check_request(const struct erix_msg *msg);", "",
                "/* Test vectors (NAME_cases.c): requests with the status a decoder must answer. */",
                f"extern const struct erix_wire_case {n.p}_wire_cases[];",
                f"extern const size_t {n.p}_wire_case_count;",
                "/* A server whose handlers count calls into a struct erix_probe (ctx), re-encode",
                " * the request there and answer with the method's sample reply. */",
                f"extern const struct {n.p}_server {n.p}_probe_server;", "", f"#endif /* {guard} */", ""]
        return "\n".join(out)

    def doc(self, text, indent_level=0):
        if not text:
            return []
        pre = "\t" * indent_level
        lines = text.splitlines()
        if len(lines) == 1:
            return [f"{pre}/* {lines[0]} */"]
        return [f"{pre}/*"] + [f"{pre} * {line}".rstrip() for line in lines] + [f"{pre} */"]

    def enum_decl(self, e):
        name = self.n.enum(e)
        out = self.doc(e.doc) + [f"enum {name} {{"]
        for v in e.values:
            out += self.doc(v.doc, 1)
            out.append(f"\t{name.upper()}_{v.name.upper()} = {v.value},")
        out += ["};", "", f"static inline bool {name}_valid(int64_t v)", "{", "\tswitch (v) {"]
        out += [f"\tcase {v.value}:" for v in e.values]
        out += ["\t\treturn true;", "\tdefault:", "\t\treturn false;", "\t}", "}", ""]
        return out

    def struct_decl(self, s):
        placed, size, _ = struct_layout(s)
        ctype = self.n.struct(s)
        out = self.doc(s.doc) + [f"{ctype} {{"] + padded_members(placed, size, self.n) + ["};"]
        out += static_asserts(ctype, placed, size)
        out += ["/* Refuse nonzero padding and out-of-range values (e.g. read from a shared frame). */",
                f"enum erix_status {self.n.p}_{s.name}_check(const {ctype} *v);", ""]
        return out

    def typed_members(self, params):
        out = []
        for p in params:
            t = resolve(p.type)
            out += self.doc(p.doc, 1)
            if isinstance(t, StringType):
                out += [f"\tconst char *{p.name}; /* NUL-terminated, at most {t.bound} bytes */",
                        f"\tuint16_t {p.name}_len;"]
            elif isinstance(t, BytesType):
                out += [f"\tconst uint8_t *{p.name}; /* at most {t.bound} bytes */",
                        f"\tuint16_t {p.name}_len;"]
            elif isinstance(t, CapType):
                out.append(f"\terix_cptr_t {p.name}; /* cap<{t.kind}, {'|'.join(t.rights)}> */")
            elif isinstance(t, BoolType):
                out.append(f"\tbool {p.name};")
            else:
                base, dims = wire_ctype(p.type, self.n)
                out.append(f"\t{declare(base, p.name, dims)}")
        return out or ["\tuint8_t _unused; /* no parameters */"]

    def wire_struct(self, m, direction, layout):
        if not layout.fields:
            return []
        ctype = f"struct {self.n.p}_{m.name}_{direction}_wire"
        out = [f"/* The fixed part of the {direction} of {m.name}, as on the wire. */",
               f"{ctype} {{"] + padded_members(layout.fields, layout.fixed_size, self.n) + ["};"]
        return out + static_asserts(ctype, layout.fields, layout.fixed_size) + [""]

    def method_decls(self, m):
        n = self.n
        out = self.doc(m.doc)
        for direction, params in self.directions(m):
            layout = message_layout(params)
            out += self.wire_struct(m, direction, layout)
            out += [f"{n.msg(m, direction)} {{"] + self.typed_members(params) + ["};", ""]
            out += [f"enum erix_status {n.p}_{m.name}_{direction}_encode(const {n.msg(m, direction)} *in, struct erix_msg *msg);",
                    f"enum erix_status {n.p}_{m.name}_{direction}_decode(const struct erix_msg *msg, {n.msg(m, direction)} *out);"]
        if m.oneway:
            out.append(f"enum erix_status {n.p}_{m.name}(erix_cptr_t endpoint, struct erix_msg *msg, const {n.msg(m, 'req')} *req);")
        else:
            out.append(f"enum erix_status {n.p}_{m.name}(erix_cptr_t endpoint, struct erix_msg *msg, const {n.msg(m, 'req')} *req, {n.msg(m, 'rep')} *rep);")
        return out + [""]

    def directions(self, m):
        return [("req", m.request)] + ([] if m.oneway else [("rep", m.reply)])

    def server_decl(self):
        n = self.n
        out = [f"/* A {self.i.name} server: one handler per method; NULL answers not_supported. */",
               f"struct {n.p}_server {{"]
        for m in self.i.methods:
            if m.oneway:
                out.append(f"\tenum erix_status (*{m.name})(void *ctx, const {n.msg(m, 'req')} *req);")
            else:
                out.append(f"\tenum erix_status (*{m.name})(void *ctx, const {n.msg(m, 'req')} *req, {n.msg(m, 'rep')} *rep);")
        out += ["};", "",
                "/*",
                " * Decode `request`, call its handler, and encode the reply (or an error",
                " * reply) into `reply`. Returns true when `reply` is to be sent.",
                " */",
                f"bool {n.p}_dispatch(const struct {n.p}_server *srv, void *ctx, const struct erix_msg *request, struct erix_msg *reply);",
                ""]
        return out

    # ---- codec -------------------------------------------------------------

    def source_file(self):
        n = self.n
        out = [banner(self.source).rstrip(), f'#include "{n.p}.h"', ""]
        for s in self.i.structs:
            out += self.struct_check(s)
        for m in self.i.methods:
            for direction, params in self.directions(m):
                out += self.encoder(m, direction, params)
                out += self.decoder(m, direction, params)
            out += self.serve(m)
        out += self.dispatch()
        out += self.check_request()
        return "\n".join(out) + "\n"

    def struct_check(self, s):
        placed, size, _ = struct_layout(s)
        n = self.n
        body = []
        for name, length in pad_names(placed, size):
            body += [f"if (!erix_all_zero(v->{name}, {length}))", "\treturn ERIX_E_PROTOCOL_ERROR;"]
        for f, _ in placed:
            body += check_lines(f.type, f"v->{f.name}", n)
        head = [f"enum erix_status {n.p}_{s.name}_check(const {n.struct(s)} *v)", "{"]
        if needs_status(body):
            head.append("\tenum erix_status st;")
        if not body:
            head.append("\t(void)v;")
        return head + indent(body) + ["\treturn ERIX_OK;", "}", ""]

    def flags(self, m, direction):
        if direction == "rep":
            return "ERIX_MSG_FLAG_REPLY"
        return "ERIX_MSG_FLAG_ONEWAY" if m.oneway else "0"

    def encoder(self, m, direction, params):
        """Encode straight into the payload, field by field at its wire offset."""
        n, layout = self.n, message_layout(params)
        body = [f"uint32_t cursor = {layout.fixed_size};"]
        if layout.fields:
            body.append("uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;")
        widened = self.widened(layout)
        merged = {pad for _, pad in widened.values()}
        for name, offset, length in self.pads(layout):
            if name not in merged:
                body.append(f"__builtin_memset(payload + {offset}, 0, {length}); /* {name} */")
        offsets = dict((f.name, off) for f, off in layout.fields)
        for f, offset in layout.fields:
            if f.name in widened:
                body += self.encode_widened(f, offset, *widened[f.name])
            else:
                body += self.encode_field(f, offset)
        for f in layout.variable:
            body += self.encode_span(f, offsets[f.name])
        for idx, f in enumerate(layout.caps):
            t = resolve(f.type)
            rights = "|".join(f"ERIX_RIGHT_{r.upper()}" for r in t.rights)
            body.append(f"msg->caps[{idx}] = (struct erix_cap_info){{.slot = in->{f.name}, "
                        f".kind = ERIX_CAP_{t.kind.upper()}, .rights = {rights}}};")
        body.append(f"erix_put_header(msg, {n.P}_INTERFACE_ID, {n.P}_VERSION_MAJOR, {n.P}_VERSION_MINOR, "
                    f"{n.ordinal(m)}, {self.flags(m, direction)}, ERIX_OK, (uint16_t)cursor, {len(layout.caps)});")
        head = [f"enum erix_status {n.p}_{m.name}_{direction}_encode(const {n.msg(m, direction)} *in, struct erix_msg *msg)", "{"]
        if needs_status(body):
            head.append("\tenum erix_status st;")
        if not params:
            head.append("\t(void)in;")
        return head + indent(body) + ["\treturn ERIX_OK;", "}", ""]

    def pads(self, layout):
        """(name, payload offset, length) of each padding run in the fixed part."""
        out, cursor = [], 0
        for f, offset in layout.fields:
            if offset > cursor:
                out.append((f"_pad{len(out)}", cursor, offset - cursor))
            cursor = offset + size_align(f.type)[0]
        if layout.fixed_size > cursor:
            out.append((f"_pad{len(out)}", cursor, layout.fixed_size - cursor))
        return out

    def widened(self, layout):
        """{field name: (width, pad name)} for each integer, bool or enum field that the
        padding run after it fills out to one aligned 2-, 4- or 8-byte word."""
        pads = {offset: (name, length) for name, offset, length in self.pads(layout)}
        out = {}
        for f, offset in layout.fields:
            t = resolve(f.type)
            if not isinstance(t, (IntType, BoolType, Enum)):
                continue
            end = offset + size_align(t)[0]
            if end in pads:
                name, length = pads[end]
                width = end - offset + length
                if width in (2, 4, 8) and offset % width == 0:
                    out[f.name] = (width, name)
        return out

    def encode_widened(self, f, offset, width, pad):
        """The field zero-extended to `width` bytes: one store writes it and the padding after it."""
        t = resolve(f.type)
        word = f"{f.name}_word"
        if isinstance(t, BoolType):
            lines, value = [], f"in->{f.name} ? 1 : 0"
        else:
            lines = check_lines(f.type, f"in->{f.name}", self.n)
            value = f"(uint{size_align(t)[0] * 8}_t)in->{f.name}"
        return lines + [f"uint{width * 8}_t {word} = {value}; /* {f.name} and {pad}, zero */",
                        f"__builtin_memcpy(payload + {offset}, &{word}, {width});"]

    def encode_field(self, f, offset):
        t = resolve(f.type)
        if isinstance(t, (BytesType, StringType)):
            return []
        if isinstance(t, BoolType):
            return [f"payload[{offset}] = in->{f.name} ? 1 : 0;"]
        lines = check_lines(f.type, f"in->{f.name}", self.n)
        ref = f"in->{f.name}" if isinstance(t, ArrayType) else f"&in->{f.name}"
        return lines + [f"__builtin_memcpy(payload + {offset}, {ref}, {size_align(t)[0]});"]

    def encode_span(self, f, offset):
        t = resolve(f.type)
        is_string = isinstance(t, StringType)
        lines = [f"if (in->{f.name}_len > {t.bound})", "\treturn ERIX_E_TOO_LARGE;",
                 f"if (in->{f.name}_len && !in->{f.name})", "\treturn ERIX_E_INVALID_ARGUMENT;"]
        if is_string:
            lines += [f"if (erix_has_nul((const uint8_t *)in->{f.name}, in->{f.name}_len))",
                      "\treturn ERIX_E_INVALID_ARGUMENT;"]
        lines += [f"struct erix_span {f.name}_span = {{(uint16_t)cursor, in->{f.name}_len}};",
                  f"__builtin_memcpy(payload + {offset}, &{f.name}_span, sizeof({f.name}_span));",
                  f"if (in->{f.name}_len)",
                  f"\t__builtin_memcpy(payload + cursor, in->{f.name}, in->{f.name}_len);",
                  f"cursor += in->{f.name}_len;"]
        if is_string:
            lines.append("payload[cursor++] = 0;")
        return lines

    def expect(self, m, direction, layout):
        """The struct erix_msg_expect initializer of this direction's header."""
        n = self.n
        minor = "255" if direction == "rep" else f"{n.P}_VERSION_MINOR"
        flags = abi.FLAG_REPLY if direction == "rep" else (abi.FLAG_ONEWAY if m.oneway else 0)
        word0 = abi.MSG_MAGIC | self.i.major << 16 | self.i.minor << 24 | self.i.id << 32
        word1 = m.ordinal | len(layout.caps) << 16 | flags << 24
        return (f"{{0x{word0:016x}ull, 0x{word1:016x}ull, {n.P}_INTERFACE_ID, {n.P}_VERSION_MAJOR, "
                f"{minor}, {n.ordinal(m)}, {self.flags(m, direction)}, {len(layout.caps)}}}")

    def decoder(self, m, direction, params):
        """Check the header, then read each field at its own width, checking as it goes."""
        layout = message_layout(params)
        if not layout.variable:
            return self.fixed_decoder(m, direction, params, layout)
        n = self.n
        body = [f"static const struct erix_msg_expect expect = {self.expect(m, direction, layout)};",
                "uint16_t payload_len;",
                "enum erix_status st = erix_msg_check(msg, &expect, &payload_len);",
                "if (st != ERIX_OK)", "\treturn st;"]
        if layout.fields:
            body += ["const uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;",
                     f"if (payload_len < {layout.fixed_size})", "\treturn ERIX_E_PROTOCOL_ERROR;"]
        body += self.decode_fixed_part(layout)
        offsets = dict((f.name, off) for f, off in layout.fields)
        body.append(f"uint32_t cursor = {layout.fixed_size};")
        for f in layout.variable:
            body += self.decode_span(f, offsets[f.name])
        body += ["if (cursor != payload_len)", "\treturn ERIX_E_PROTOCOL_ERROR;"]
        body += self.decode_caps(layout)
        head = [f"enum erix_status {n.p}_{m.name}_{direction}_decode(const struct erix_msg *msg, {n.msg(m, direction)} *out)", "{"]
        return head + indent(body) + ["\treturn ERIX_OK;", "}", ""]

    def fixed_decoder(self, m, direction, params, layout):
        """A direction without bytes/string parameters: every header byte is known, so
        the decoder is the exact check and the payload; the general check, which names
        the precise status or accepts another minor version, is out of line and cold."""
        n = self.n
        name = f"{n.p}_{m.name}_{direction}"
        what = f"{m.name}'s {'request' if direction == 'req' else 'reply'}"
        typed = f"{n.msg(m, direction)} *out"
        size = layout.fixed_size
        body = []
        if layout.fields:
            body.append("const uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;")
        body += self.decode_fixed_part(layout) + self.decode_caps(layout)
        if needs_status(body):
            body.insert(0, "enum erix_status st;")
        if not body:
            body.append("(void)msg;")
        if not params:
            body.append("(void)out;")
        return [f"static const struct erix_msg_expect {name}_expect = {self.expect(m, direction, layout)};", "",
                f"/* The payload of {what}, its header checked: padding, values, capabilities. */",
                f"static inline enum erix_status {name}_payload(const struct erix_msg *msg, {typed})", "{"] + \
            indent(body) + ["\treturn ERIX_OK;", "}", "",
                            f"/* {what} with a header the exact check refused: its precise status, or its payload. */",
                            f"__attribute__((cold, noinline)) static enum erix_status {name}_decode_slow(const struct erix_msg *msg, {typed})",
                            "{", f"\tenum erix_status st = erix_msg_check_exact(msg, &{name}_expect, {size});",
                            "\tif (st != ERIX_OK)", "\t\treturn st;", f"\treturn {name}_payload(msg, out);", "}", "",
                            f"enum erix_status {name}_decode(const struct erix_msg *msg, {typed})", "{",
                            f"\tif (__builtin_expect(!erix_msg_is_exact(msg, &{name}_expect, {size}), 0))",
                            f"\t\treturn {name}_decode_slow(msg, out);", f"\treturn {name}_payload(msg, out);", "}", ""]

    def decode_fixed_part(self, layout):
        """Padding runs, then each fixed-size field at its offset, checked (checks 11 and 12)."""
        body = []
        for name, offset, length in self.pads(layout):
            body += [f"if (!erix_all_zero(payload + {offset}, {length})) /* {name} */",
                     "\treturn ERIX_E_PROTOCOL_ERROR;"]
        for f, offset in layout.fields:
            body += self.decode_field(f, offset)
        return body

    def decode_caps(self, layout):
        """Each capability slot's kind, then rights (checks 17 and 18)."""
        body = []
        for idx, f in enumerate(layout.caps):
            t = resolve(f.type)
            rights = "|".join(f"ERIX_RIGHT_{r.upper()}" for r in t.rights)
            body += [f"if (msg->caps[{idx}].kind != ERIX_CAP_{t.kind.upper()})", "\treturn ERIX_E_BAD_CAPABILITY;",
                     f"if ((msg->caps[{idx}].rights & ({rights})) != ({rights}))", "\treturn ERIX_E_NO_PERMISSION;",
                     f"out->{f.name} = msg->caps[{idx}].slot;"]
        return body

    def decode_field(self, f, offset):
        t = resolve(f.type)
        if isinstance(t, (BytesType, StringType)):
            return []
        if isinstance(t, BoolType):
            return [f"if (payload[{offset}] > 1)", "\treturn ERIX_E_OUT_OF_RANGE;",
                    f"out->{f.name} = payload[{offset}] != 0;"]
        ref = f"out->{f.name}" if isinstance(t, ArrayType) else f"&out->{f.name}"
        return [f"__builtin_memcpy({ref}, payload + {offset}, {size_align(t)[0]});"] + \
            check_lines(f.type, f"out->{f.name}", self.n)

    def decode_span(self, f, offset):
        t = resolve(f.type)
        nul = 1 if isinstance(t, StringType) else 0
        sp = f"{f.name}_span"
        lines = [f"struct erix_span {sp};",
                 f"__builtin_memcpy(&{sp}, payload + {offset}, sizeof({sp}));",
                 f"if ({sp}.offset != cursor)", "\treturn ERIX_E_PROTOCOL_ERROR;",
                 f"if ({sp}.length > {t.bound})", "\treturn ERIX_E_TOO_LARGE;",
                 f"if ((uint32_t){sp}.length + {nul}u > (uint32_t)payload_len - cursor)",
                 "\treturn ERIX_E_PROTOCOL_ERROR;"]
        if nul:
            lines += [f"if (payload[cursor + {sp}.length] != 0 || erix_has_nul(payload + cursor, {sp}.length))",
                      "\treturn ERIX_E_PROTOCOL_ERROR;",
                      f"out->{f.name} = (const char *)(payload + cursor);"]
        else:
            lines.append(f"out->{f.name} = payload + cursor;")
        lines += [f"out->{f.name}_len = {sp}.length;",
                  f"cursor += (uint32_t){sp}.length + {nul}u;"]
        return lines

    def serve(self, m):
        n = self.n
        head = [f"static bool {n.p}_{m.name}_serve(const struct {n.p}_server *srv, void *ctx, const struct erix_msg *request, struct erix_msg *reply)", "{",
                f"\t{n.msg(m, 'req')} req;", "\t__builtin_memset(&req, 0, sizeof(req));",
                f"\tenum erix_status st = {n.p}_{m.name}_req_decode(request, &req);"]
        if m.oneway:
            return head + ["\t(void)reply;", f"\tif (st == ERIX_OK && srv->{m.name})",
                           f"\t\tsrv->{m.name}(ctx, &req);", "\treturn false;", "}", ""]
        return head + [
            f"\t{n.msg(m, 'rep')} rep;",
            "\t__builtin_memset(&rep, 0, sizeof(rep));",
            "\tif (st == ERIX_OK)",
            f"\t\tst = srv->{m.name} ? srv->{m.name}(ctx, &req, &rep) : ERIX_E_NOT_SUPPORTED;",
            "\tif (st == ERIX_OK)",
            f"\t\tst = {n.p}_{m.name}_rep_encode(&rep, reply);",
            "\tif (st != ERIX_OK)",
            f"\t\terix_msg_error_reply(reply, {n.P}_INTERFACE_ID, {n.P}_VERSION_MAJOR, {n.P}_VERSION_MINOR, {n.ordinal(m)}, st);",
            "\treturn true;", "}", ""]

    def dispatch(self):
        n = self.n
        out = [f"bool {n.p}_dispatch(const struct {n.p}_server *srv, void *ctx, const struct erix_msg *request, struct erix_msg *reply)",
               "{", "\tstruct erix_msg_header h = {0};",
               f"\tenum erix_status st = erix_msg_peek(request, {n.P}_INTERFACE_ID, {n.P}_VERSION_MAJOR, {n.P}_VERSION_MINOR, &h);",
               "\tif (st == ERIX_OK) {", "\t\tswitch (h.ordinal) {"]
        for m in self.i.methods:
            out += [f"\t\tcase {n.ordinal(m)}:", f"\t\t\treturn {n.p}_{m.name}_serve(srv, ctx, request, reply);"]
        out += ["\t\tdefault:", "\t\t\tst = ERIX_E_UNKNOWN_METHOD;", "\t\t}", "\t}",
                "\tif (h.flags & ERIX_MSG_FLAG_ONEWAY)", "\t\treturn false;",
                f"\terix_msg_error_reply(reply, {n.P}_INTERFACE_ID, {n.P}_VERSION_MAJOR, {n.P}_VERSION_MINOR, h.ordinal, st);",
                "\treturn true;", "}", ""]
        return out

    def check_request(self):
        n = self.n
        out = [f"enum erix_status {n.p}_check_request(const struct erix_msg *msg)", "{",
               "\tstruct erix_msg_header h;",
               f"\tenum erix_status st = erix_msg_peek(msg, {n.P}_INTERFACE_ID, {n.P}_VERSION_MAJOR, {n.P}_VERSION_MINOR, &h);",
               "\tif (st != ERIX_OK)", "\t\treturn st;", "\tswitch (h.ordinal) {"]
        for m in self.i.methods:
            out += [f"\tcase {n.ordinal(m)}: {{", f"\t\t{n.msg(m, 'req')} req;",
                    f"\t\treturn {n.p}_{m.name}_req_decode(msg, &req);", "\t}"]
        out += ["\tdefault:", "\t\treturn ERIX_E_UNKNOWN_METHOD;", "\t}", "}"]
        return out

    # ---- client ------------------------------------------------------------

    def client_file(self):
        n = self.n
        out = [banner(self.source).rstrip(), f'#include "{n.p}.h"', ""]
        for m in self.i.methods:
            if m.oneway:
                out += [f"enum erix_status {n.p}_{m.name}(erix_cptr_t endpoint, struct erix_msg *msg, const {n.msg(m, 'req')} *req)",
                        "{", f"\tenum erix_status st = {n.p}_{m.name}_req_encode(req, msg);",
                        "\tif (st != ERIX_OK)", "\t\treturn st;", "\treturn erix_ipc_send(endpoint, msg);", "}", ""]
            else:
                out += [f"enum erix_status {n.p}_{m.name}(erix_cptr_t endpoint, struct erix_msg *msg, const {n.msg(m, 'req')} *req, {n.msg(m, 'rep')} *rep)",
                        "{", f"\tenum erix_status st = {n.p}_{m.name}_req_encode(req, msg);",
                        "\tif (st != ERIX_OK)", "\t\treturn st;", "\tst = erix_ipc_call(endpoint, msg);",
                        "\tif (st != ERIX_OK)", "\t\treturn st;",
                        f"\treturn {n.p}_{m.name}_rep_decode(msg, rep);", "}", ""]
        return "\n".join(out)
