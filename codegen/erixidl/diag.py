"""Compiler-style diagnostics: file:line:col: error[EXXX]: message, the source
line, and a caret under the column. Every code is listed in CODES and has a
test input under tests/codegen/bad/ that triggers it."""

CODES = {
    "E001": "unexpected character",
    "E002": "syntax error",
    "E003": "number out of range",
    "E004": "duplicate name",
    "E005": "duplicate method ordinal",
    "E006": "duplicate interface id",
    "E007": "unknown type",
    "E008": "bound is zero",
    "E009": "bound too large",
    "E010": "message too large",
    "E011": "capability without rights",
    "E012": "capability-bearing method not marked grant",
    "E013": "grant on a method that transfers no capability",
    "E014": "unknown capability kind",
    "E015": "unknown right",
    "E016": "enum value does not fit its base type",
    "E017": "duplicate enum value",
    "E018": "enum base is not an integer type",
    "E019": "variable-size type inside a struct or array",
    "E020": "capability inside a struct or array",
    "E021": "ordinal out of range",
    "E022": "interface id out of range",
    "E023": "version out of range",
    "E024": "array length is zero or too large",
    "E025": "recursive struct",
    "E026": "empty enum or struct",
    "E027": "too many capabilities in one message",
    "E028": "repeated right",
    "E029": "unterminated comment",
    "E030": "reserved name",
}


class IdlError(Exception):
    def __init__(self, code, loc, message):
        super().__init__(message)
        self.code = code
        self.loc = loc
        self.message = message

    def render(self, sources):
        """The diagnostic as the user sees it; `sources` maps file -> text."""
        loc = self.loc
        out = f"{loc.file}:{loc.line}:{loc.col}: error[{self.code}]: {self.message}"
        lines = sources.get(loc.file, "").split("\n")
        if 0 < loc.line <= len(lines):
            text = lines[loc.line - 1].rstrip("\r").replace("\t", " ")
            out += f"\n  {text}\n  {' ' * (loc.col - 1)}^"
        return out


class Diagnostics:
    """Collects errors so one run reports all of them (the parser stops at its first)."""

    def __init__(self):
        self.errors = []

    def error(self, code, loc, message):
        assert code in CODES, code
        self.errors.append(IdlError(code, loc, message))
