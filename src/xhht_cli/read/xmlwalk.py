"""A streaming XML walk that can step over the rest of an element without parsing it.

Flat ODS, the content of an ODS and Excel 2003 XML are read element by element, and every
element costs a call into Python: 2.5 million empty rows took 16 s, a row repeated into a
million columns a minute. What lies past the reading window is not needed, so a reader may ask
to skip the rest of an open element (a table past its 5,000th row, a row past its 100th
column): the walk then finds that element's end tag with a byte search, and goes on parsing
after it with a new parser that is first given the start tags of the elements still open (the
namespaces they declare included). The cost of what is skipped is that of ``bytes.find``.

expat does the parsing: a DTD, the way to entity expansion, is refused (as defusedxml does).
Text not in UTF-8 (UTF-16, a legacy code page declared in the XML declaration) is re-encoded as
UTF-8 first, so that byte positions are those of the text parsed.
"""

from __future__ import annotations

import codecs
import re
from typing import Protocol
from xml.parsers import expat

from xhht_cli.read.cells import SheetsUnreadable

_FEED = 1 << 20
_DECLARATION = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_START_TAG = re.compile(rb"""<[^\s/>!?]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(/?)>""")


class Skip(Exception):
    """Raised by a visitor: skip the rest of the open element at *depth* (0: the root).
    *probes* are byte strings whose presence in what is skipped the visitor wants to know."""

    def __init__(self, depth: int, probes: tuple[bytes, ...] = ()) -> None:
        super().__init__(depth)
        self.depth = depth
        self.probes = probes
        self.position = 0  # where the walk was when it was asked (set by the walk)


class Stop(Exception):
    """Raised by a visitor: the rest of the document is not wanted."""


class Visitor(Protocol):
    def start(self, name: str, attributes: dict[str, str], depth: int) -> None: ...
    def end(self, name: str, depth: int) -> None: ...
    def text(self, data: str) -> None: ...
    def skipped(self, name: str, depth: int, found: bool) -> None: ...


# What XML 1.0 forbids and Excel writes or forgives: a control character (NUL from a C
# string, a bell), raw or as a character reference. Removed before parsing, as Excel does.
_FORBIDDEN = re.compile(
    rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|&#(?:0*(?:[0-8]|1[124-9]|2[0-9]|3[01])"
    rb"|x0*(?:[0-8bcef]|1[0-9a-f]));",
    re.IGNORECASE,
)


def _prepare(data: bytes) -> bytes:
    """*data* as UTF-8 without what XML forbids and Excel forgives: blanks before the XML
    declaration, control characters."""
    data = _utf8(data)
    if data[:1].isspace():
        data = data.lstrip()
    if _FORBIDDEN.search(data) is not None:
        data = _FORBIDDEN.sub(b"", data)
    return data


def _utf8(data: bytes) -> bytes:
    """*data* as UTF-8, its declaration saying so."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", "replace")
    elif data.startswith(b"\xef\xbb\xbf"):
        return data[3:]
    else:
        declared = _DECLARATION.match(data[:200])
        if declared is None:
            return data
        try:
            name = codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            return data  # expat says what it makes of it
        if name in ("utf-8", "ascii"):
            return data
        text = data.decode(name, "replace")
    return re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1).encode("utf-8")


def _refuse(*_: object) -> None:
    raise SheetsUnreadable("file.corrupt", "DTD", "xml")


class _Walk:
    def __init__(self, data: bytes, visitor: Visitor) -> None:
        self.data = data
        self.visitor = visitor
        self.stack: list[tuple[int, str]] = []  # open elements: (start tag position, name)

    def run(self) -> None:
        resume, prologue = 0, b""
        while True:
            try:
                self._parse(resume, prologue)
                return
            except Skip as skip:
                found = self._skip(skip)
                if found is None:
                    return  # the element never ends: the document is cut short
                resume, hit = found
                depth = skip.depth
                name = self.stack[depth][1]
                del self.stack[depth:]
                prologue = b"".join(self._tag(at)[0] for at, _ in self.stack)
                self.visitor.skipped(name, depth, hit)
            except Stop:
                return
            except expat.ExpatError as exc:
                raise SheetsUnreadable("file.corrupt", str(exc)[:200], "xml") from exc

    def _parse(self, resume: int, prologue: bytes) -> None:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.buffer_size = 1 << 16
        stack, visitor = self.stack, self.visitor
        replay = len(stack)
        offset = resume - len(prologue)

        def start(name: str, attributes: dict[str, str]) -> None:
            nonlocal replay
            if replay:  # an element still open, given again to this parser
                replay -= 1
                return
            stack.append((parser.CurrentByteIndex + offset, name))
            try:
                visitor.start(name, attributes, len(stack) - 1)
            except Skip as skip:
                skip.position = parser.CurrentByteIndex + offset
                raise

        def end(name: str) -> None:
            stack.pop()
            try:
                visitor.end(name, len(stack))
            except Skip as skip:
                skip.position = parser.CurrentByteIndex + offset
                raise

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = visitor.text
        parser.StartDoctypeDeclHandler = _refuse
        parser.EntityDeclHandler = _refuse
        view = memoryview(self.data)
        parser.Parse(prologue, False)
        for at in range(resume, len(self.data), _FEED):
            parser.Parse(view[at : at + _FEED], False)
        parser.Parse(b"", True)

    def _tag(self, at: int) -> tuple[bytes, bool]:
        """The start tag at *at*, and whether it closes itself."""
        found = _START_TAG.match(self.data, at)
        if found is None:
            raise SheetsUnreadable("file.corrupt", "start tag", "xml")
        return found[0], bool(found[1])

    def _skip(self, skip: Skip) -> tuple[int, bool] | None:
        """Where the element to skip ends, and whether a probe is in what is skipped."""
        data = self.data
        at, _ = self.stack[skip.depth]
        tag, closed = self._tag(at)
        if closed:
            return at + len(tag), False
        qname = re.match(rb"<([^\s/>]+)", tag)
        assert qname is not None
        start = max(at + len(tag), skip.position)
        level = 1
        pattern = re.compile(rb"<(/?)" + re.escape(qname[1]) + rb"(?=[\s/>])")
        for match in pattern.finditer(data, start):
            where = match.start()
            if match[1]:
                level -= 1
                if not level:
                    end = data.find(b">", where) + 1
                    hit = any(data.find(p, start, where) >= 0 for p in skip.probes)
                    return (end, hit) if end else None
            elif not self._tag(where)[1]:
                level += 1
        return None


def walk(data: bytes, visitor: Visitor) -> None:
    """Give *visitor* the document's elements and text, skipping what it asks to skip."""
    _Walk(_prepare(data), visitor).run()
