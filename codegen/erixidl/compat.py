"""Wire compatibility between two versions of one interface.

compare(old, new) takes two checked models (both must have passed
checker.check() with no errors) and lists what changed on the wire.

The model of compatibility is the one the message header carries: a server of
version M.n serves clients of version M.m with m <= n. So an old client must
keep working against a new server:

  * a request is encoded by the old side and decoded by the new side;
  * a reply is encoded by the new side and decoded by the old side.

A change is compatible when everything the encoder can still send decodes the
same way. For a request that means a widened bytes<N>/string<N> bound or a
capability that needs fewer rights is compatible (the new server accepts more);
for a reply it is the mirror: a narrowed bound, or a capability that carries
more rights. Names are not on the wire, so renames are compatible. Additions
(methods, enum values) are compatible only with a minor-version bump: the bump
is what tells a new client that an older server lacks them, and tells a server
which values an older client understands.

Every other wire change is a break. Breaks are allowed when the major version
goes up; they are then reported as notes. A changed interface id is always a
break: it makes a different interface, whatever the version says.

Finding kinds:
  "break"       an incompatible change the version numbers do not allow;
  "compatible"  a wire-compatible change worth knowing (addition, rename, bound);
  "note"        information, including incompatible changes a major bump allows.
"""

from dataclasses import dataclass

from .model import (type_name, ArrayType, BytesType, CapType, Enum, Loc, StringType, Struct, is_cap,
                    message_layout, resolve, size_align, struct_layout)

BREAK, COMPATIBLE, NOTE = "break", "compatible", "note"


@dataclass(frozen=True)
class Finding:
    kind: str  # BREAK, COMPATIBLE or NOTE
    loc: Loc  # in the new file, or in the old file when in_old (a removal)
    message: str  # one line
    in_old: bool = False


def compare(old, new):
    """The findings for going from interface `old` to `new`, in file order per family."""
    c = _Compare(old, new)
    c.header()
    c.enums()
    c.structs()
    c.methods()
    return c.findings


def has_breaks(findings):
    return any(f.kind == BREAK for f in findings)


def format_findings(findings, old_path=None, new_path=None):
    """One 'path:line:col: kind: message' line per finding, joined by newlines
    (no trailing newline). A path left None falls back to the Loc's file."""
    lines = []
    for f in findings:
        path = (old_path if f.in_old else new_path) or f.loc.file
        lines.append(f"{path}:{f.loc.line}:{f.loc.col}: {f.kind}: {f.message}")
    return "\n".join(lines)


# ---- describing types -----------------------------------------------------



def wire_form(t):
    """Equal for two types exactly when they look (and validate) the same on the wire."""
    t = resolve(t)
    if isinstance(t, Enum):
        return ("enum", t.base.name, tuple(sorted(v.value for v in t.values)))
    if isinstance(t, Struct):
        placed, size, _ = struct_layout(t)
        return ("struct", size, tuple((off, wire_form(f.type)) for f, off in placed))
    if isinstance(t, ArrayType):
        return ("array", t.count, wire_form(t.element))
    if isinstance(t, CapType):
        return ("cap", t.kind, frozenset(t.rights))
    if isinstance(t, (BytesType, StringType)):
        return (t.name, t.bound)
    return (t.name,)


def message_shape(params):
    """The wire layout of one message: fixed part, field offsets/sizes, tail order, cap slots."""
    lay = message_layout(params)
    return (lay.fixed_size,
            [(off, size_align(f.type)[0]) for f, off in lay.fields],
            [resolve(f.type).name for f in lay.variable],
            [resolve(f.type).kind for f in lay.caps])


def layout_change(a, b):
    """What differs between two message_shape()s, in words."""
    def seq(items):
        return f"({', '.join(items)})"
    parts = []
    if a[0] != b[0]:
        parts.append(f"fixed part {a[0]} -> {b[0]} bytes")
    elif a[1] != b[1]:
        parts.append("fixed-part offsets or sizes moved")
    if a[2] != b[2]:
        parts.append(f"variable tail {seq(a[2])} -> {seq(b[2])}")
    if a[3] != b[3]:
        parts.append(f"capability slots {seq(a[3])} -> {seq(b[3])}")
    return ", ".join(parts)


def struct_shape(s):
    placed, size, align = struct_layout(s)
    return size, align, [(off, size_align(f.type)[0]) for f, off in placed]


# ---- the comparison -------------------------------------------------------

class _Compare:
    def __init__(self, old, new):
        self.old, self.new = old, new
        self.bumped = new.major > old.major
        self.minor_bumped = self.bumped or (new.major == old.major and new.minor > old.minor)
        self.findings = []
        self.breaks = 0  # wire breaks seen so far, allowed or not (for the layout safety nets)

    def add(self, kind, loc, message, in_old=False):
        self.findings.append(Finding(kind, loc, message, in_old))

    def brk(self, loc, message, in_old=False):
        """A wire break: fine after a major bump (a note), otherwise a finding of kind break."""
        self.breaks += 1
        self.add(NOTE if self.bumped else BREAK, loc, message, in_old)

    def ok(self, loc, message):
        self.add(COMPATIBLE, loc, message)

    def addition(self, loc, message):
        if self.minor_bumped:
            self.ok(loc, message)
        else:
            self.brk(loc, f"{message} without a minor-version bump")

    # -- interface header --

    def header(self):
        o, n = self.old, self.new
        if o.id != n.id:  # a different interface: no version bump excuses it
            self.add(BREAK, n.id_loc, f"interface id changed {o.id:#x} -> {n.id:#x}")
        if o.name != n.name:
            self.ok(n.loc, f"interface renamed '{o.name}' -> '{n.name}' (names are not on the wire)")
        versions = f"{o.major}.{o.minor} -> {n.major}.{n.minor}"
        if n.major < o.major:
            self.add(BREAK, n.version_loc, f"major version decreased {versions}")
        elif n.major == o.major and n.minor < o.minor:
            self.add(BREAK, n.version_loc, f"minor version decreased {versions}")
        elif self.bumped:
            self.add(NOTE, n.version_loc, f"major version bumped {versions}: wire breaks are allowed")

    # -- enums --

    def enums(self):
        # Added or removed declarations are judged where they are used.
        new = {e.name: e for e in self.new.enums}
        for oe in self.old.enums:
            if oe.name in new:
                self.enum(oe, new[oe.name])

    def enum(self, oe, ne):
        where = f"enum '{ne.name}'"
        if oe.base.name != ne.base.name:
            self.brk(ne.base_loc, f"{where}: base type changed {oe.base.name} -> {ne.base.name}")
        old_names = {v.name: v for v in oe.values}
        new_names = {v.name: v for v in ne.values}
        old_values = {v.value for v in oe.values}
        new_values = {v.value: v for v in ne.values}
        for ov in oe.values:
            nv = new_names.get(ov.name)
            if nv is not None:
                if nv.value != ov.value:
                    self.brk(nv.loc, f"{where}: value '{ov.name}' changed {ov.value} -> {nv.value}")
                continue
            same = new_values.get(ov.value)
            if same is not None and same.name not in old_names:
                self.ok(same.loc, f"{where}: value {ov.value} renamed '{ov.name}' -> '{same.name}'")
            else:
                self.brk(ov.loc, f"{where}: value '{ov.name}' ({ov.value}) removed", in_old=True)
        for nv in ne.values:
            if nv.name not in old_names and nv.value not in old_values:
                self.addition(nv.loc, f"{where}: value '{nv.name}' ({nv.value}) added")

    # -- structs --

    def structs(self):
        new = {s.name: s for s in self.new.structs}
        for os_ in self.old.structs:
            if os_.name in new:
                self.struct(os_, new[os_.name])

    def struct(self, os_, ns):
        where = f"struct '{ns.name}'"
        before = self.breaks
        self.fields(os_.fields, ns.fields, where, "field", None)
        (old_size, _, _), (new_size, _, _) = struct_shape(os_), struct_shape(ns)
        if old_size != new_size:
            self.brk(ns.loc, f"{where}: size changed {old_size} -> {new_size} bytes")
        elif self.breaks == before and struct_shape(os_) != struct_shape(ns):
            self.brk(ns.loc, f"{where}: wire layout changed (field offsets or alignment)")

    # -- methods --

    def methods(self):
        old_names = {m.name: m for m in self.old.methods}
        new_names = {m.name: m for m in self.new.methods}
        old_ords = {m.ordinal: m for m in self.old.methods}
        new_ords = {m.ordinal: m for m in self.new.methods}
        for om in self.old.methods:
            nm = new_names.get(om.name)
            if nm is None:
                taker = new_ords.get(om.ordinal)
                if taker is None or taker.name in old_names:  # else reported as the reuse below
                    self.brk(om.loc, f"method '{om.name}' (ordinal {om.ordinal}) removed", in_old=True)
            elif nm.ordinal != om.ordinal:
                self.brk(nm.ordinal_loc,
                         f"method '{om.name}' renumbered: ordinal {om.ordinal} -> {nm.ordinal}")
            else:
                self.method(om, nm)
        for nm in self.new.methods:
            if nm.name in old_names:
                continue
            prev = old_ords.get(nm.ordinal)
            if prev is not None:
                self.brk(nm.ordinal_loc, f"ordinal {nm.ordinal} reused: was method '{prev.name}', "
                         f"now '{nm.name}'")
            else:
                self.addition(nm.loc, f"method '{nm.name}' (ordinal {nm.ordinal}) added")

    def method(self, om, nm):
        where = f"method '{nm.name}' (ordinal {nm.ordinal})"
        if om.oneway != nm.oneway:
            def kind(m):
                return "one-way" if m.oneway else "two-way"
            self.brk(nm.loc, f"{where}: changed from {kind(om)} to {kind(nm)}")
        if om.grant != nm.grant:
            self.brk(nm.grant_loc or nm.loc, f"{where}: grant flag {'added' if nm.grant else 'removed'}")
        self.params(om.request, nm.request, f"{where}: request", "request", nm.loc)
        if not om.oneway and not nm.oneway:
            self.params(om.reply, nm.reply, f"{where}: reply", "reply", nm.loc)

    def params(self, old, new, where, direction, loc):
        """Parameters of one direction: the fixed part (with the tail in the same order)
        and the capability slots are separate runs on the wire, compared run by run."""
        before = self.breaks
        new_by_name = {p.name: p for p in new}
        moved = set()  # a parameter that became, or stopped being, a capability
        for p in old:
            q = new_by_name.get(p.name)
            if q is not None and is_cap(p.type) != is_cap(q.type):
                moved.add(p.name)
                self.brk(q.loc, f"{where} parameter '{q.name}' changed type "
                         f"{type_name(p.type)} -> {type_name(q.type)}")
        for caps in (False, True):
            self.fields([p for p in old if is_cap(p.type) == caps and p.name not in moved],
                        [p for p in new if is_cap(p.type) == caps and p.name not in moved],
                        where, "parameter", direction)
        # Safety net: whatever the rules above missed, the wire layout must not move.
        old_shape, new_shape = message_shape(old), message_shape(new)
        if self.breaks == before and old_shape != new_shape:
            self.brk(loc, f"{where}: wire layout changed: {layout_change(old_shape, new_shape)}")

    # -- fields and types --

    def fields(self, old, new, where, noun, direction):
        """One ordered run of fields or parameters: matched by name, or by position when
        a name is gone from both sides (a rename); then compared type by type."""
        old_names, new_by_name = {f.name for f in old}, {f.name: f for f in new}
        renamed = {o.name: n for o, n in zip(old, new)
                   if o.name not in new_by_name and n.name not in old_names}
        matched = {}  # new name -> old field
        for o in old:
            n = new_by_name.get(o.name) or renamed.get(o.name)
            if n is None:
                self.brk(o.loc, f"{where} {noun} '{o.name}' removed", in_old=True)
                continue
            if n.name != o.name:
                self.ok(n.loc, f"{where} {noun} '{o.name}' renamed to '{n.name}' (names are not on the wire)")
            matched[n.name] = o
            self.type(o.type, n.type, f"{where} {noun} '{n.name}'", n.loc, direction)
        for n in new:
            if n.name not in matched:
                self.brk(n.loc, f"{where} {noun} '{n.name}' added")
        old_order = list(matched)  # filled in old order
        new_order = [n.name for n in new if n.name in matched]
        if old_order != new_order:
            first = next(b for a, b in zip(old_order, new_order) if a != b)
            self.brk(new_by_name[first].loc, f"{where} {noun}s reordered: "
                     f"({', '.join(old_order)}) -> ({', '.join(new_order)})")

    def type(self, o, n, what, loc, direction):
        ro, rn = resolve(o), resolve(n)
        changed = f"{what} changed type {type_name(o)} -> {type_name(n)}"
        if isinstance(ro, ArrayType) and isinstance(rn, ArrayType):
            if ro.count != rn.count:
                self.brk(loc, f"{what} array length changed {type_name(o)} -> {type_name(n)}")
            else:
                self.type(ro.element, rn.element, f"{what} element", loc, direction)
        elif type(ro) is not type(rn):
            self.brk(loc, changed)
        elif isinstance(ro, (Enum, Struct)):
            # A declaration kept under its name is compared once, where it is declared.
            if ro.name != rn.name:
                if wire_form(ro) == wire_form(rn):
                    self.ok(loc, f"{what} type renamed {ro.name} -> {rn.name} (same wire form)")
                else:
                    self.brk(loc, changed)
        elif isinstance(ro, (BytesType, StringType)):
            self.bound(ro, rn, what, loc, direction)
        elif isinstance(ro, CapType):
            self.cap(ro, rn, what, loc, direction)
        elif ro.name != rn.name:  # integers; bool has one form
            self.brk(loc, changed)

    def bound(self, o, n, what, loc, direction):
        """The decoder is the new server for a request, the old client for a reply:
        the change is compatible when the decoder accepts everything the encoder sends."""
        if o.bound == n.bound:
            return
        widened = n.bound > o.bound
        change = f"{what} bound {'widened' if widened else 'narrowed'} {type_name(o)} -> {type_name(n)}"
        if direction == "reply":
            if widened:
                self.brk(loc, f"{change}: old clients accept at most {o.bound} bytes")
            else:
                self.ok(loc, f"{change} (old clients accept every shorter reply)")
        elif widened:
            self.ok(loc, f"{change} (the server accepts every request it did; "
                    "older servers answer a longer one with too_large)")
        else:
            self.brk(loc, f"{change}: old clients may send up to {o.bound} bytes")

    def cap(self, o, n, what, loc, direction):
        """A request capability's rights are required by the server; a reply
        capability's rights are what the old client requires of the new server."""
        if o.kind != n.kind:
            self.brk(loc, f"{what} capability kind changed {o.kind} -> {n.kind}")
            return
        added = [r for r in n.rights if r not in o.rights]
        removed = [r for r in o.rights if r not in n.rights]
        types = f"({type_name(o)} -> {type_name(n)})"
        if direction == "reply":
            if removed:
                self.brk(loc, f"{what} no longer carries right(s) {', '.join(removed)} that old "
                         f"clients require {types}")
            if added:
                self.ok(loc, f"{what} now also carries right(s) {', '.join(added)} {types}")
        else:
            if added:
                self.brk(loc, f"{what} now requires right(s) {', '.join(added)} {types}")
            if removed:
                self.ok(loc, f"{what} no longer requires right(s) {', '.join(removed)} {types}")
