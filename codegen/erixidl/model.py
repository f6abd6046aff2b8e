"""The checked model of an interface: what the parser builds and the checker
vets, and what every emitter reads. Also the wire layout of each message."""

from dataclasses import dataclass, field
from typing import Optional


@dataclass(frozen=True)
class Loc:
    file: str
    line: int
    col: int


# ---- types ----------------------------------------------------------------

@dataclass
class IntType:
    name: str  # u8 .. u64, i8 .. i64
    size: int
    signed: bool

    @property
    def ctype(self):
        return f"{'int' if self.signed else 'uint'}{self.size * 8}_t"

    def value_range(self):
        bits = self.size * 8
        if self.signed:
            return -(1 << (bits - 1)), (1 << (bits - 1)) - 1
        return 0, (1 << bits) - 1


@dataclass
class BoolType:
    name: str = "bool"
    size: int = 1


@dataclass
class NamedType:
    """A reference to an enum or struct, resolved by the checker."""
    name: str
    loc: Loc
    target: object = None  # Enum or Struct once resolved


@dataclass
class ArrayType:
    element: object
    count: int
    loc: Loc


@dataclass
class BytesType:
    bound: int
    loc: Loc
    name: str = "bytes"


@dataclass
class StringType:
    bound: int
    loc: Loc
    name: str = "string"


@dataclass
class CapType:
    kind: str
    rights: list  # right names, in source order
    loc: Loc
    kind_loc: Optional[Loc] = None
    rights_locs: list = field(default_factory=list)


INT_TYPES = {
    f"{'i' if signed else 'u'}{bits}": IntType(f"{'i' if signed else 'u'}{bits}", bits // 8, signed)
    for bits in (8, 16, 32, 64) for signed in (False, True)
}


# ---- declarations ---------------------------------------------------------

@dataclass
class Field:
    name: str
    type: object
    doc: str
    loc: Loc


@dataclass
class EnumValue:
    name: str
    value: int
    doc: str
    loc: Loc


@dataclass
class Enum:
    name: str
    base: object  # IntType once checked
    base_loc: Loc
    values: list
    doc: str
    loc: Loc

    @property
    def size(self):
        return self.base.size


@dataclass
class Struct:
    name: str
    fields: list
    doc: str
    loc: Loc


@dataclass
class Method:
    ordinal: int
    name: str
    request: list  # of Field
    reply: Optional[list]  # None for a one-way method
    grant: bool
    doc: str
    loc: Loc
    ordinal_loc: Loc = None
    grant_loc: Optional[Loc] = None

    @property
    def oneway(self):
        return self.reply is None


@dataclass
class Interface:
    name: str
    id: int
    major: int
    minor: int
    enums: list
    structs: list
    methods: list
    doc: str
    loc: Loc
    id_loc: Loc = None
    version_loc: Loc = None
    source_name: str = ""  # the .idl file's base name, for "generated from" lines

    def type_named(self, name):
        for decl in self.enums + self.structs:
            if decl.name == name:
                return decl
        return None


def type_name(t):
    """A type as the IDL spells it: u8[4], string<255>, cap<frame, read|write>."""
    if isinstance(t, ArrayType):
        return f"{type_name(t.element)}[{t.count}]"
    if isinstance(t, (BytesType, StringType)):
        return f"{t.name}<{t.bound}>"
    if isinstance(t, CapType):
        return f"cap<{t.kind}, {'|'.join(t.rights)}>" if t.rights else f"cap<{t.kind}>"
    return t.name  # integers, bool, a named enum or struct


# ---- wire layout ----------------------------------------------------------

def resolve(t):
    """The Enum/Struct behind a NamedType, else the type itself."""
    return t.target if isinstance(t, NamedType) else t


def is_variable(t):
    return isinstance(resolve(t), (BytesType, StringType))


def is_cap(t):
    return isinstance(resolve(t), CapType)


def size_align(t):
    """(size, alignment) of a fixed-size type on the wire."""
    t = resolve(t)
    if isinstance(t, (IntType, BoolType)):
        return t.size, t.size
    if isinstance(t, Enum):
        return t.base.size, t.base.size
    if isinstance(t, ArrayType):
        size, align = size_align(t.element)
        return size * t.count, align
    if isinstance(t, Struct):
        return struct_layout(t)[1:]
    if isinstance(t, (BytesType, StringType)):
        return 4, 2  # the (offset, length) descriptor in the fixed part
    raise TypeError(f"no wire size for {t!r}")


def align_up(n, a):
    return (n + a - 1) // a * a


def struct_layout(s):
    """([(field, offset)], size, align) of a struct: natural alignment, explicit padding."""
    offset, align, placed = 0, 1, []
    for f in s.fields:
        fsize, falign = size_align(f.type)
        offset = align_up(offset, falign)
        placed.append((f, offset))
        offset += fsize
        align = max(align, falign)
    return placed, align_up(offset, align), align


@dataclass
class MessageLayout:
    """Where each parameter of one direction of a method lives on the wire."""
    fields: list  # [(Field, offset)] in the fixed part, incl. var descriptors
    fixed_size: int  # bytes of the fixed part (payload starts with it)
    variable: list  # Fields of bytes/string type, in tail order
    caps: list  # Fields of cap type, in transfer-slot order
    max_payload: int  # fixed part + every variable field at its bound


def message_layout(params):
    pseudo = Struct("", [p for p in params if not is_cap(p.type)], "", None)
    placed, size, _ = struct_layout(pseudo)
    variable = [p for p in params if is_variable(p.type)]
    tail = sum(resolve(p.type).bound + (1 if isinstance(resolve(p.type), StringType) else 0)
               for p in variable)
    caps = [p for p in params if is_cap(p.type)]
    return MessageLayout(placed, size, variable, caps, size + tail)
