"""Wire test vectors for one interface, emitted as NAME_cases.c: for every
method a valid request built from sample values, and every malformed variant
its layout allows (truncated, trailing bytes, bad header fields, each span
out of bound or overflowing, each enum and bool out of range, each padding
byte set, missing, extra, wrong-kind and under-privileged capabilities),
each with the status a decoder must answer. Host tests and the QEMU
conformance suites send them to the real decoders and servers."""

import struct as pystruct
from dataclasses import dataclass, field

from . import abi
from .emit_c import banner
from .model import (ArrayType, BoolType, BytesType, CapType, Enum, IntType, StringType, Struct,
                    message_layout, resolve, size_align, struct_layout)

S = abi.STATUS_VALUES


@dataclass
class Case:
    name: str
    data: bytearray
    caps: list  # [(slot, kind, rights)]
    expect: str  # status name
    cap_count: int = None  # what the kernel reports, if not len(caps)

    def reported_caps(self):
        return len(self.caps) if self.cap_count is None else self.cap_count


@dataclass
class Spot:
    """A byte range of the payload that a mutation can target."""
    what: str  # "bool", "enum", "pad", "span"
    offset: int  # from the payload start
    size: int
    field: str
    enum: Enum = None
    bound: int = 0
    is_string: bool = False


@dataclass
class Sample:
    payload: bytearray
    spots: list = field(default_factory=list)
    caps: list = field(default_factory=list)


def int_bytes(value, t):
    return value.to_bytes(t.size, "little", signed=t.signed)


def sample_int(t, salt):
    lo, hi = t.value_range()
    return max(lo, min(hi, 0x11 * (salt % 7 + 1)))


def encode_fixed(t, buf, offset, path, spots, salt):
    """Write a sample value of fixed-size type t at buf[offset:], noting mutation spots."""
    t = resolve(t)
    size, _ = size_align(t)
    if isinstance(t, IntType):
        buf[offset:offset + size] = int_bytes(sample_int(t, salt), t)
    elif isinstance(t, BoolType):
        buf[offset] = 1
        spots.append(Spot("bool", offset, 1, path))
    elif isinstance(t, Enum):
        value = t.values[salt % len(t.values)].value
        buf[offset:offset + size] = int_bytes(value, t.base)
        spots.append(Spot("enum", offset, size, path, enum=t))
    elif isinstance(t, ArrayType):
        esize = size_align(t.element)[0]
        for k in range(t.count):
            encode_fixed(t.element, buf, offset + k * esize, f"{path}[{k}]", spots, salt + k)
    elif isinstance(t, Struct):
        placed, ssize, _ = struct_layout(t)
        cursor = 0
        for f, foff in placed:
            if foff > cursor:
                spots.append(Spot("pad", offset + cursor, foff - cursor, f"{path} padding"))
            encode_fixed(f.type, buf, offset + foff, f"{path}.{f.name}", spots, salt + 1)
            cursor = foff + size_align(f.type)[0]
        if ssize > cursor:
            spots.append(Spot("pad", offset + cursor, ssize - cursor, f"{path} padding"))


def sample(params):
    """A valid payload for `params`, with its mutation spots and capabilities."""
    layout = message_layout(params)
    buf = bytearray(layout.fixed_size)
    spots, tail, cursor = [], bytearray(), layout.fixed_size
    placed_cursor = 0
    for idx, (f, offset) in enumerate(layout.fields):
        if offset > placed_cursor:
            spots.append(Spot("pad", placed_cursor, offset - placed_cursor, "padding"))
        t = resolve(f.type)
        if isinstance(t, (BytesType, StringType)):
            length = min(t.bound, 3 + idx % 5)
            data = bytes((0x61 + k % 26) for k in range(length))
            buf[offset:offset + 4] = pystruct.pack("<HH", cursor, length)
            spots.append(Spot("span", offset, 4, f.name, bound=t.bound,
                              is_string=isinstance(t, StringType)))
            tail += data + (b"\0" if isinstance(t, StringType) else b"")
            cursor += length + (1 if isinstance(t, StringType) else 0)
        else:
            encode_fixed(f.type, buf, offset, f.name, spots, idx)
        placed_cursor = offset + size_align(f.type)[0]
    if layout.fixed_size > placed_cursor:
        spots.append(Spot("pad", placed_cursor, layout.fixed_size - placed_cursor, "padding"))
    caps = []
    for k, f in enumerate(layout.caps):
        t = resolve(f.type)
        rights = 0
        for r in t.rights:
            rights |= abi.RIGHT_BITS[r]
        caps.append((0x100 + k, abi.KIND_VALUES[t.kind], rights, f.name))
    return Sample(buf + tail, spots, caps)


def header(iface, ordinal, flags, payload_len, cap_count, status=0, magic=abi.MSG_MAGIC,
           major=None, minor=None, iid=None):
    return bytearray(pystruct.pack(
        "<HBBIHBBHH", magic, iface.major if major is None else major,
        iface.minor if minor is None else minor, iface.id if iid is None else iid, ordinal,
        cap_count, flags, status, payload_len))


class CaseBuilder:
    def __init__(self, iface, method, direction="req"):
        self.iface = iface
        self.m = method
        params = method.request if direction == "req" else method.reply
        self.s = sample(params)
        if direction == "rep":
            self.flags = abi.FLAG_REPLY
        else:
            self.flags = abi.FLAG_ONEWAY if method.oneway else 0
        self.cases = []

    def message(self, payload=None, **hdr):
        payload = self.s.payload if payload is None else payload
        caps = hdr.pop("cap_count", len(self.s.caps))
        return header(self.iface, hdr.pop("ordinal", self.m.ordinal), hdr.pop("flags", self.flags),
                      hdr.pop("payload_len", len(payload)), caps, **hdr) + payload

    def add(self, what, data, expect, caps=None, cap_count=None):
        caps = [c[:3] for c in self.s.caps] if caps is None else caps
        self.cases.append(Case(f"{self.m.name}: {what}", bytearray(data), caps, expect, cap_count))

    def payload_with(self, offset, new):
        p = bytearray(self.s.payload)
        p[offset:offset + len(new)] = new
        return p

    def build(self):
        self.add("valid", self.message(), "OK")
        self.header_cases()
        self.payload_cases()
        self.cap_cases()
        return self.cases

    def header_cases(self):
        msg = self.message()
        self.add("empty message", b"", "PROTOCOL_ERROR")
        self.add("truncated header", msg[:abi.HEADER_SIZE - 1], "PROTOCOL_ERROR")
        self.add("bad magic", self.message(magic=abi.MSG_MAGIC ^ 0xFFFF), "PROTOCOL_ERROR")
        self.add("wrong interface id", self.message(iid=self.iface.id ^ 0x8000_0000), "PROTOCOL_ERROR")
        self.add("wrong major version", self.message(major=(self.iface.major + 1) % 256), "VERSION_MISMATCH")
        if self.iface.minor < 255:
            self.add("newer minor version", self.message(minor=self.iface.minor + 1), "VERSION_MISMATCH")
        unknown = max(m.ordinal for m in self.iface.methods) % 0xFFFF + 1
        self.add("unknown ordinal", self.message(ordinal=unknown), "UNKNOWN_METHOD")
        self.add("reply flag in a request", self.message(flags=self.flags | abi.FLAG_REPLY), "PROTOCOL_ERROR")
        self.add("unknown flag bit", self.message(flags=self.flags | 0x80), "PROTOCOL_ERROR")
        self.add("status in a request", self.message(status=S["BUSY"]), "PROTOCOL_ERROR")
        self.add("payload_len past the message", self.message(payload_len=len(self.s.payload) + 1), "PROTOCOL_ERROR")
        self.add("payload_len overflowing", self.message(payload_len=0xFFFF), "PROTOCOL_ERROR")
        self.add("trailing byte", self.message(self.s.payload + b"\0"), "PROTOCOL_ERROR")
        if self.s.payload:
            self.add("truncated payload", self.message(self.s.payload[:-1]), "PROTOCOL_ERROR")

    def payload_cases(self):
        for spot in self.s.spots:
            getattr(self, f"mutate_{spot.what}")(spot)

    def mutate_bool(self, spot):
        self.add(f"{spot.field} = 2 (bad bool)", self.message(self.payload_with(spot.offset, b"\x02")), "OUT_OF_RANGE")

    def mutate_enum(self, spot):
        base = spot.enum.base
        lo, hi = base.value_range()
        used = {v.value for v in spot.enum.values}
        bad = next((v for v in (max(used) + 1, min(used) - 1, hi, lo) if lo <= v <= hi and v not in used), None)
        if bad is not None:
            self.add(f"{spot.field} = {bad} (undeclared enum value)",
                     self.message(self.payload_with(spot.offset, int_bytes(bad, base))), "OUT_OF_RANGE")

    def mutate_pad(self, spot):
        self.add(f"nonzero {spot.field} at payload offset {spot.offset}",
                 self.message(self.payload_with(spot.offset, b"\x01")), "PROTOCOL_ERROR")

    def mutate_span(self, spot):
        offset, length = pystruct.unpack_from("<HH", self.s.payload, spot.offset)
        f = spot.field
        for bad_len, why in ((spot.bound + 1, "bound + 1"), (0xFFFF, "0xffff")):
            self.add(f"{f} length {why}", self.message(self.payload_with(spot.offset + 2, pystruct.pack("<H", bad_len))), "TOO_LARGE")
        self.add(f"{f} offset 0xffff", self.message(self.payload_with(spot.offset, pystruct.pack("<H", 0xFFFF))), "PROTOCOL_ERROR")
        self.add(f"{f} offset before its place", self.message(self.payload_with(spot.offset, pystruct.pack("<H", max(0, offset - 1)))), "PROTOCOL_ERROR")
        if spot.is_string:
            p = self.payload_with(offset + length, b"x")
            self.add(f"{f} without its NUL", self.message(p), "PROTOCOL_ERROR")
            if length:
                self.add(f"{f} with a NUL inside", self.message(self.payload_with(offset, b"\0")), "PROTOCOL_ERROR")

    def cap_cases(self):
        caps = [c[:3] for c in self.s.caps]
        n = len(caps)
        if n:
            self.add("missing capability", self.message(cap_count=n - 1), "BAD_CAPABILITY", caps[:-1])
            slot, kind, rights = caps[0]
            other = abi.KIND_VALUES["notification"] if kind != abi.KIND_VALUES["notification"] else abi.KIND_VALUES["endpoint"]
            self.add("capability of the wrong kind", self.message(), "BAD_CAPABILITY", [(slot, other, rights)] + caps[1:])
            for r_name, bit in abi.RIGHTS:
                if rights & bit:
                    self.add(f"capability lacking {r_name}", self.message(), "NO_PERMISSION",
                             [(slot, kind, rights & ~bit)] + caps[1:])
                    break
        if n < abi.MAX_CAPS:
            extra = caps + [(0x1FF, abi.KIND_VALUES["frame"], 0x3)]
            self.add("extra capability", self.message(cap_count=n + 1), "BAD_CAPABILITY", extra)
        self.add("header and kernel disagree on capability count", self.message(cap_count=n), "BAD_CAPABILITY",
                 caps, cap_count=n + 1 if n < abi.MAX_CAPS else n - 1)


def all_cases(iface):
    cases = []
    for m in iface.methods:
        cases += CaseBuilder(iface, m).build()
    return cases


def c_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def probe_handlers(iface):
    """The probe server: handlers that record the call and answer with a sample reply."""
    p, out, members = iface.name, [], []
    for m in iface.methods:
        req, rep = f"struct {p}_{m.name}_req", f"struct {p}_{m.name}_rep"
        sig = f"static enum erix_status probe_{m.name}(void *ctx, const {req} *req"
        body = ["\tstruct erix_probe *probe = ctx;", "\tprobe->calls++;",
                f"\tenum erix_status st = {p}_{m.name}_req_encode(req, &probe->reencoded);"]
        if m.oneway:
            out += [sig + ")", "{"] + body + ["\treturn st;", "}", ""]
        else:
            b = CaseBuilder(iface, m, "rep")
            data = b.message()
            caps = ", ".join(f"{{{slot}, {kind}, {rights}, 0}}" for slot, kind, rights, _ in b.s.caps)
            bytes_ = ", ".join(f"0x{x:02x}" for x in data)
            out += [f"static const struct erix_msg reply_{m.name} = {{.length = {len(data)}, .cap_count = {len(b.s.caps)}, "
                    f".caps = {{{caps}}}, .bytes = {{{bytes_}}}}};",
                    sig + f", {rep} *rep)", "{"] + body + [
                    "\tif (st != ERIX_OK)", "\t\treturn st;",
                    f"\tprobe->sample_reply = &reply_{m.name};",
                    f"\treturn {p}_{m.name}_rep_decode(&reply_{m.name}, rep);", "}", ""]
        members.append(f"\t.{m.name} = probe_{m.name},")
    return out + [f"const struct {p}_server {p}_probe_server = {{"] + members + ["};", ""]


def emit(iface, source):
    """NAME_cases.c: the wire cases of every method of `iface`, and its probe server."""
    p = iface.name
    out = [banner(source).rstrip(), f'#include "{p}.h"', ""] + probe_handlers(iface)
    rows = []
    for k, case in enumerate(all_cases(iface)):
        data = ", ".join(f"0x{b:02x}" for b in case.data) or "0"
        out.append(f"static const uint8_t case_{k}[] = {{{data}}};")
        caps = ", ".join(f"{{{slot}, {kind}, {rights}, 0}}" for slot, kind, rights in case.caps)
        rows.append(f"\t{{{c_string(case.name)}, {len(case.data)}, {case.reported_caps()}, {{{caps}}}, "
                    f"case_{k}, {'ERIX_OK' if case.expect == 'OK' else 'ERIX_E_' + case.expect}}},")
    out += ["", f"const struct erix_wire_case {p}_wire_cases[] = {{"] + rows + ["};",
            f"const size_t {p}_wire_case_count = sizeof({p}_wire_cases) / sizeof({p}_wire_cases[0]);", ""]
    return "\n".join(out)
