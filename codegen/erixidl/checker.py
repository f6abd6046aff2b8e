"""Semantic checks: resolve names, enforce the rules of docs/IDL.md, and turn
a parsed interface into a checked model. Every rule reports through
Diagnostics with its own code, so one run lists every problem."""

from . import abi
from .diag import Diagnostics
from .model import (INT_TYPES, ArrayType, BytesType, CapType, IntType, NamedType, StringType,
                    Struct, message_layout, resolve)

MAX_ARRAY = abi.MAX_PAYLOAD
RESERVED = {"msg", "status", "ctx", "req", "rep", "out", "in", "srv",
            "auto", "break", "case", "char", "const", "continue", "default", "do", "double",
            "else", "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long",
            "register", "restrict", "return", "short", "signed", "sizeof", "static", "struct",
            "switch", "typedef", "union", "unsigned", "void", "volatile", "while"}


class Checker:
    def __init__(self, iface, diags):
        self.iface = iface
        self.d = diags

    def name(self, name, loc, seen, what):
        if name in RESERVED:
            self.d.error("E030", loc, f"'{name}' is reserved (a C keyword or a generated name)")
        elif name in seen:
            prev = seen[name]
            self.d.error("E004", loc, f"{what} '{name}' is already declared at line {prev.line}")
        else:
            seen[name] = loc

    def check(self):
        i = self.iface
        if not 0 < i.id < 1 << 32:
            self.d.error("E022", i.id_loc, f"interface id {i.id:#x} is not in 1 .. 0xffffffff")
        if not (0 <= i.major < 256 and 0 <= i.minor < 256):
            self.d.error("E023", i.version_loc, f"version {i.major}.{i.minor}: each part must be 0 .. 255")
        names = {}
        for decl in i.enums + i.structs:
            self.name(decl.name, decl.loc, names, "type")
        for e in i.enums:
            self.enum(e)
        for s in i.structs:
            self.struct(s)
        self.recursion()
        methods, ordinals = {}, {}
        for m in i.methods:
            self.name(m.name, m.loc, methods, "method")
            if not 0 < m.ordinal < 1 << 16:
                self.d.error("E021", m.ordinal_loc, f"ordinal {m.ordinal} is not in 1 .. 65535")
            elif m.ordinal in ordinals:
                self.d.error("E005", m.ordinal_loc,
                             f"ordinal {m.ordinal} is already used by '{ordinals[m.ordinal]}'")
            else:
                ordinals[m.ordinal] = m.name
            self.method(m)

    def enum(self, e):
        base = INT_TYPES.get(e.base)
        if base is None:
            self.d.error("E018", e.base_loc, f"enum base '{e.base}' must be u8 .. u64 or i8 .. i64")
            base = IntType("u32", 4, False)
        e.base = base
        if not e.values:
            self.d.error("E026", e.loc, f"enum '{e.name}' has no values")
        lo, hi = base.value_range()
        names, values = {}, {}
        for v in e.values:
            self.name(v.name, v.loc, names, "enum value")
            if not lo <= v.value <= hi:
                self.d.error("E016", v.loc, f"value {v.value} does not fit {base.name} ({lo} .. {hi})")
            elif v.value in values:
                self.d.error("E017", v.loc, f"value {v.value} is already used by '{values[v.value]}'")
            else:
                values[v.value] = v.name

    def struct(self, s):
        if not s.fields:
            self.d.error("E026", s.loc, f"struct '{s.name}' has no fields")
        names = {}
        for f in s.fields:
            self.name(f.name, f.loc, names, "field")
            f.type = self.type(f.type, f.loc, inner=True)

    def recursion(self):
        def visit(struct, path):
            for f in struct.fields:
                t = f.type
                while isinstance(t, ArrayType):
                    t = t.element
                t = resolve(t)
                if isinstance(t, Struct):
                    if id(t) in path:
                        self.d.error("E025", f.loc, f"struct '{struct.name}' contains itself through '{f.name}'")
                        struct.fields = []  # leave no cycle for size computations to loop on
                        return False
                    if not visit(t, path | {id(t)}):
                        return False
            return True
        for s in self.iface.structs:
            visit(s, {id(s)})

    def type(self, t, loc, inner):
        """Resolve and vet one type use; returns the type to keep. `inner`: inside a struct or array."""
        if isinstance(t, NamedType):
            t.target = self.iface.type_named(t.name)
            if t.target is None:
                self.d.error("E007", t.loc, f"unknown type '{t.name}'")
                t.target = IntType("u8", 1, False)
        elif isinstance(t, ArrayType):
            if not 0 < t.count <= MAX_ARRAY:
                self.d.error("E024", t.loc, f"array length {t.count} is not in 1 .. {MAX_ARRAY}")
                t.count = 1
            t.element = self.type(t.element, loc, inner=True)
        elif isinstance(t, (BytesType, StringType)):
            if inner:
                self.d.error("E019", t.loc, f"{t.name}<{t.bound}> may only be a method parameter")
            if t.bound == 0:
                self.d.error("E008", t.loc, f"{t.name}<0> can hold nothing; the bound must be at least 1")
                t.bound = 1
            elif t.bound > abi.MAX_BOUND:
                self.d.error("E009", t.loc, f"{t.name}<{t.bound}> exceeds the largest payload "
                             f"({abi.MAX_BOUND} bytes); move bulk data through a shared frame")
                t.bound = 1
        elif isinstance(t, CapType):
            self.cap(t)
            if inner:
                self.d.error("E020", t.loc, "capabilities may only be method parameters")
                return IntType("u32", 4, False)  # keeps later size computations sound
        return t

    def cap(self, t):
        if t.kind not in abi.KIND_VALUES:
            kinds = ", ".join(k for k, _, _ in abi.CAP_KINDS)
            self.d.error("E014", t.kind_loc, f"unknown capability kind '{t.kind}' (one of: {kinds})")
        if not t.rights:
            self.d.error("E011", t.loc, f"cap<{t.kind}> names no rights; say what it must carry, "
                         "e.g. cap<frame, read|write>")
        seen = set()
        for r, loc in zip(t.rights, t.rights_locs):
            if r not in abi.RIGHT_BITS:
                self.d.error("E015", loc, f"unknown right '{r}' (read, write, grant, execute)")
            elif r in seen:
                self.d.error("E028", loc, f"right '{r}' is named twice")
            seen.add(r)

    def params(self, m, params, direction):
        names = {}
        for p in params:
            self.name(p.name, p.loc, names, f"{direction} parameter")
            p.type = self.type(p.type, p.loc, inner=False)
        layout = message_layout(params)
        if len(layout.caps) > abi.MAX_CAPS:
            self.d.error("E027", layout.caps[abi.MAX_CAPS].loc,
                         f"the {direction} of '{m.name}' carries {len(layout.caps)} capabilities; "
                         f"at most {abi.MAX_CAPS} fit one message")
        total = abi.HEADER_SIZE + layout.max_payload
        if total > abi.MAX_MSG_BYTES:
            self.d.error("E010", m.loc, f"the {direction} of '{m.name}' can be {total} bytes; "
                         f"a message holds at most {abi.MAX_MSG_BYTES}")
        return layout

    def method(self, m):
        req = self.params(m, m.request, "request")
        rep = self.params(m, m.reply, "reply") if m.reply is not None else None
        caps = len(req.caps) + (len(rep.caps) if rep else 0)
        if caps and not m.grant:
            self.d.error("E012", m.loc, f"'{m.name}' transfers capabilities; mark it 'grant' "
                         "after its request parameters")
        if m.grant and not caps:
            self.d.error("E013", m.grant_loc, f"'{m.name}' is marked grant but transfers no capability")


def check(iface):
    """Check `iface` in place; returns the list of IdlErrors (empty when sound)."""
    diags = Diagnostics()
    Checker(iface, diags).check()
    return diags.errors


def check_ids(ifaces):
    """Interface ids must be unique across the whole set of files."""
    diags = Diagnostics()
    seen = {}
    for iface in ifaces:
        if iface.id in seen:
            diags.error("E006", iface.id_loc, f"interface id {iface.id:#x} is already used by "
                        f"'{seen[iface.id].name}' ({seen[iface.id].loc.file})")
        else:
            seen[iface.id] = iface
    return diags.errors
