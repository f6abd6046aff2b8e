"""Recursive-descent parser: tokens -> model.Interface (unchecked).

    file      := doc* 'interface' IDENT 'id' NUMBER 'version' NUMBER '.' NUMBER
                 '{' member* '}'
    member    := doc* (enum | struct | method | oneway)
    enum      := 'enum' IDENT ':' IDENT '{' (doc* IDENT '=' ['-'] NUMBER ';')+ '}'
    struct    := 'struct' IDENT '{' (doc* type IDENT ';')+ '}'
    method    := 'method' NUMBER IDENT '(' params ')' ['grant'] '->' '(' params ')' ';'
    oneway    := 'oneway' NUMBER IDENT '(' params ')' ['grant'] ';'
    params    := [doc* type IDENT (',' doc* type IDENT)*]
    type      := base ('[' NUMBER ']')*
    base      := IDENT | 'bytes' '<' NUMBER '>' | 'string' '<' NUMBER '>'
               | 'cap' '<' IDENT [',' IDENT ('|' IDENT)*] '>'
"""

from .diag import IdlError
from .lexer import Lexer
from .model import (ArrayType, BoolType, BytesType, CapType, Enum, EnumValue, Field, INT_TYPES, Interface,
                    Method, NamedType, StringType, Struct)


class Parser:
    def __init__(self, filename, text):
        self.tokens = Lexer(filename, text).tokens()
        self.pos = 0

    @property
    def tok(self):
        return self.tokens[self.pos]

    def next(self):
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def fail(self, expected):
        tok = self.tok
        found = "end of file" if tok.kind == "eof" else f"'{tok.text}'"
        raise IdlError("E002", tok.loc, f"expected {expected}, found {found}")

    def accept(self, text):
        if self.tok.kind in ("punct", "ident") and self.tok.text == text:
            return self.next()
        return None

    def expect(self, text, what=None):
        return self.accept(text) or self.fail(what or f"'{text}'")

    def ident(self, what="a name"):
        return self.next() if self.tok.kind == "ident" else self.fail(what)

    def number(self, what="a number"):
        return self.next() if self.tok.kind == "number" else self.fail(what)

    def docs(self):
        lines = []
        while self.tok.kind == "doc":
            lines.append(self.next().text)
        return "\n".join(lines)

    def parse(self):
        doc = self.docs()
        start = self.expect("interface", "'interface'")
        name = self.ident("the interface name")
        self.expect("id", "'id'")
        iid = self.number("the interface id")
        self.expect("version", "'version'")
        major = self.number("the major version")
        self.expect(".", "'.' between major and minor version")
        minor = self.number("the minor version")
        self.expect("{")
        iface = Interface(name.text, iid.value, major.value, minor.value, [], [], [], doc,
                          start.loc, iid.loc, major.loc)
        while not self.accept("}"):
            self.member(iface)
        if self.tok.kind != "eof":
            self.fail("end of file (one interface per file)")
        return iface

    def member(self, iface):
        doc = self.docs()
        tok = self.tok
        if self.accept("enum"):
            iface.enums.append(self.enum(doc, tok.loc))
        elif self.accept("struct"):
            iface.structs.append(self.struct(doc, tok.loc))
        elif self.accept("method"):
            iface.methods.append(self.method(doc, oneway=False))
        elif self.accept("oneway"):
            iface.methods.append(self.method(doc, oneway=True))
        else:
            self.fail("'enum', 'struct', 'method', 'oneway' or '}'")

    def enum(self, doc, loc):
        name = self.ident("the enum name")
        self.expect(":", "':' and the enum's base type")
        base = self.ident("the enum's base type (u8 .. u64, i8 .. i64)")
        self.expect("{")
        values = []
        while not self.accept("}"):
            vdoc = self.docs()
            if self.accept("}"):
                break
            vname = self.ident("an enum value name")
            self.expect("=")
            negative = self.accept("-") is not None
            num = self.number("the enum value")
            self.expect(";")
            values.append(EnumValue(vname.text, -num.value if negative else num.value, vdoc,
                                    vname.loc))
        return Enum(name.text, base.text, base.loc, values, doc, name.loc)

    def struct(self, doc, loc):
        name = self.ident("the struct name")
        self.expect("{")
        fields = []
        while not self.accept("}"):
            fdoc = self.docs()
            if self.accept("}"):
                break
            ftype = self.type()
            fname = self.ident("a field name")
            self.expect(";")
            fields.append(Field(fname.text, ftype, fdoc, fname.loc))
        return Struct(name.text, fields, doc, name.loc)

    def method(self, doc, oneway):
        ordinal = self.number("the method ordinal")
        name = self.ident("the method name")
        request = self.params()
        grant = self.accept("grant")
        reply = None
        if not oneway:
            self.expect("->", "'->' and the reply parameters (or declare it 'oneway')")
            reply = self.params()
        self.expect(";")
        return Method(ordinal.value, name.text, request, reply, grant is not None, doc, name.loc,
                      ordinal.loc, grant.loc if grant else None)

    def params(self):
        self.expect("(")
        params = []
        if self.accept(")"):
            return params
        while True:
            pdoc = self.docs()
            ptype = self.type()
            pname = self.ident("a parameter name")
            params.append(Field(pname.text, ptype, pdoc, pname.loc))
            if self.accept(")"):
                return params
            self.expect(",", "',' or ')'")

    def type(self):
        t = self.base_type()
        while self.tok.text == "[" and self.tok.kind == "punct":
            loc = self.next().loc
            count = self.number("the array length")
            self.expect("]")
            t = ArrayType(t, count.value, loc)
        return t

    def bound(self):
        self.expect("<")
        n = self.number("the bound")
        self.expect(">")
        return n.value

    def base_type(self):
        tok = self.ident("a type")
        if tok.text == "bytes":
            return BytesType(self.bound(), tok.loc)
        if tok.text == "string":
            return StringType(self.bound(), tok.loc)
        if tok.text == "cap":
            return self.cap(tok)
        if tok.text in INT_TYPES:
            return INT_TYPES[tok.text]
        if tok.text == "bool":
            return BoolType()
        return NamedType(tok.text, tok.loc)

    def cap(self, tok):
        self.expect("<")
        kind = self.ident("a capability kind")
        rights, locs = [], []
        if self.accept(","):
            while True:
                r = self.ident("a right (read, write, grant, execute)")
                rights.append(r.text)
                locs.append(r.loc)
                if not self.accept("|"):
                    break
        self.expect(">", "'>' or ', rights'")
        return CapType(kind.text, rights, tok.loc, kind.loc, locs)


def parse(filename, text):
    return Parser(filename, text).parse()
