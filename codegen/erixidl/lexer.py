"""Tokens of the EriX IDL: identifiers, numbers (decimal or 0x hex),
punctuation, and comments. `///` comments are kept as documentation for the
declaration that follows; `//` and `/* */` comments are dropped."""

from dataclasses import dataclass

from .diag import IdlError
from .model import Loc

DIGITS = "0123456789"
HEX_DIGITS = DIGITS + "abcdefABCDEF"
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
IDENT_CHARS = LETTERS + DIGITS + "_"
PUNCTUATION = ["->", "{", "}", "(", ")", "<", ">", "[", "]", ",", ";", ":", "=", ".", "|", "-"]


@dataclass
class Token:
    kind: str  # "ident", "number", "doc", "punct", "eof"
    text: str
    loc: Loc
    value: int = 0


class Lexer:
    def __init__(self, filename, text):
        self.file = filename
        self.text = text
        self.pos = 0
        self.line = 1
        self.col = 1

    def loc(self):
        return Loc(self.file, self.line, self.col)

    def advance(self, n):
        for ch in self.text[self.pos:self.pos + n]:
            if ch == "\n":
                self.line, self.col = self.line + 1, 1
            else:
                self.col += 1
        self.pos += n

    def rest(self):
        return self.text[self.pos:]

    def skip_comment(self):
        """Skip a // or /* */ comment at pos; returns a doc token for ///."""
        start = self.loc()
        if self.rest().startswith("///"):
            end = self.text.find("\n", self.pos)
            end = len(self.text) if end < 0 else end
            body = self.text[self.pos + 3:end].strip()
            self.advance(end - self.pos)
            return Token("doc", body, start)
        if self.rest().startswith("//"):
            end = self.text.find("\n", self.pos)
            self.advance((len(self.text) if end < 0 else end) - self.pos)
            return None
        end = self.text.find("*/", self.pos + 2)
        if end < 0:
            raise IdlError("E029", start, "comment is not closed with */")
        self.advance(end + 2 - self.pos)
        return None

    def number(self):
        start = self.loc()
        rest = self.rest()
        if rest[:2] in ("0x", "0X"):
            n = 2
            while n < len(rest) and rest[n] in HEX_DIGITS + "_":
                n += 1
            digits = rest[2:n].replace("_", "")
            base = 16
        else:
            n = 0
            while n < len(rest) and rest[n] in DIGITS + "_":
                n += 1
            digits = rest[:n].replace("_", "")
            base = 10
        if not digits or (n < len(rest) and rest[n] in IDENT_CHARS):
            raise IdlError("E001", start, f"malformed number '{rest[:n + 1]}'")
        too_long = len(digits.lstrip("0")) > (16 if base == 16 else 20)
        value = 0 if too_long else int(digits, base)
        if too_long or value >= 1 << 64:
            raise IdlError("E003", start, f"number {rest[:n]} does not fit 64 bits")
        self.advance(n)
        return Token("number", rest[:n], start, value)

    def ident(self):
        start = self.loc()
        rest = self.rest()
        n = 0
        while n < len(rest) and rest[n] in IDENT_CHARS:
            n += 1
        self.advance(n)
        return Token("ident", rest[:n], start)

    def tokens(self):
        out = []
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch in " \t\r\n":
                self.advance(1)
            elif self.rest().startswith("//") or self.rest().startswith("/*"):
                doc = self.skip_comment()
                if doc:
                    out.append(doc)
            elif ch in DIGITS:
                out.append(self.number())
            elif ch in LETTERS or ch == "_":
                out.append(self.ident())
            else:
                for p in PUNCTUATION:
                    if self.rest().startswith(p):
                        out.append(Token("punct", p, self.loc()))
                        self.advance(len(p))
                        break
                else:
                    raise IdlError("E001", self.loc(), f"unexpected character {ch!r}")
        out.append(Token("eof", "end of file", self.loc()))
        return out
