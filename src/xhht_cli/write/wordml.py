"""A small writer of Word documents (WordprocessingML, .docx): paragraphs of plain runs and
tables, on A4 with a page number at the top — what the draft report needs, and nothing that
could carry a field, a link or a macro from a report's text.

Why not python-docx: it needs lxml, and with lxml installed openpyxl parses workbooks with
lxml instead of the defusedxml it uses now, so a workbook with a DTD (entity expansion,
tests/hostile) reads as valid instead of being refused. The parts below are the minimum Word
and LibreOffice open; every text goes through :func:`_text` (escaped, control characters
dropped), so it can only ever be the text of a run.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple
from xml.sax.saxutils import escape

FONT = "Times New Roman"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_TWIPS_CM = 567  # twentieths of a point in a centimetre


class Run(NamedTuple):
    text: str
    bold: bool = False
    italic: bool = False
    size: float | None = None  # points; None: the document's 14
    underline: bool = False
    mark: bool = False  # highlighted yellow: for people to fill in


class Para(NamedTuple):
    runs: tuple[Run, ...]
    align: str = "left"  # left | center | both (justified)
    indent: bool = False  # the first line indented 1 cm
    after: float = 3  # points after
    page_break: bool = False  # begins a new page (an appendix)
    keep_next: bool = False  # on the same page as what follows (a heading, before a signature)


def para(
    text: str = "",
    align: str = "left",
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    underline: bool = False,
) -> Para:
    """A paragraph of one run (an empty one for no *text*)."""
    run = Run(text, bold, italic, size, underline)
    return Para((run,) if text else (), align)


def _text(text: str) -> str:
    return escape(_CONTROL.sub("", text))


def _run(run: Run) -> str:
    props = "".join(
        tag
        for on, tag in (
            (run.bold, "<w:b/><w:bCs/>"),
            (run.italic, "<w:i/><w:iCs/>"),
            (run.underline, '<w:u w:val="single"/>'),
            (run.size is not None, f'<w:sz w:val="{round((run.size or 0) * 2)}"/>'),
            (run.size is not None, f'<w:szCs w:val="{round((run.size or 0) * 2)}"/>'),
            (run.mark, '<w:highlight w:val="yellow"/>'),
        )
        if on
    )
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{_text(run.text)}</w:t></w:r>'


def _para(p: Para) -> str:
    indent = '<w:ind w:firstLine="567"/>' if p.indent else ""
    spacing = f'<w:spacing w:before="0" w:after="{round(p.after * 20)}"/>'
    keep = "<w:keepNext/>" if p.keep_next else ""  # before pageBreakBefore, as the schema says
    brk = "<w:pageBreakBefore/>" if p.page_break else ""
    props = f'<w:pPr>{keep}{brk}{spacing}{indent}<w:jc w:val="{p.align}"/></w:pPr>'
    return f"<w:p>{props}{''.join(_run(r) for r in p.runs)}</w:p>"


class Document:
    """Paragraphs and tables in order; :meth:`save` writes the package."""

    def __init__(self) -> None:
        self._body: list[str] = []

    def add(self, *paragraphs: Para) -> None:
        self._body.extend(_para(p) for p in paragraphs)

    def table(
        self,
        rows: Sequence[Sequence[Sequence[Para]]],
        widths: Sequence[float],
        borders: bool = True,
    ) -> None:
        """*rows* of cells of paragraphs; *widths* in cm; with *borders* the first row is a
        head, repeated on every page."""
        twips = [round(w * _TWIPS_CM) for w in widths]
        line = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        sides = ("top", "left", "bottom", "right", "insideH", "insideV")
        edges = "".join(line.format(s) if borders else f'<w:{s} w:val="nil"/>' for s in sides)
        parts = [
            f'<w:tbl><w:tblPr><w:jc w:val="center"/><w:tblW w:w="{sum(twips)}" w:type="dxa"/>'
            f'<w:tblLayout w:type="fixed"/><w:tblBorders>{edges}</w:tblBorders>'
            '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
            "</w:tblCellMar></w:tblPr><w:tblGrid>"
            + "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
            + "</w:tblGrid>"
        ]
        for i, row in enumerate(rows):
            head = "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" if borders and i == 0 else ""
            parts.append(f"<w:tr>{head or '<w:trPr><w:cantSplit/></w:trPr>'}")
            for cell, width in zip(row, twips, strict=True):
                body = "".join(_para(p) for p in cell) or _para(para())
                parts.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{body}</w:tc>'
                )
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        self._body.append("".join(parts))

    def save(self, path: str, title: str, day: date) -> None:
        """Write the package to *path*: A4, NĐ 30's margins (20 mm top and bottom, 30 mm left,
        15 mm right), the page number centred at the top from the second page on. Its parts
        carry *day*, so the same report gives the same bytes."""
        section = (
            '<w:sectPr><w:headerReference w:type="default" r:id="rIdH1"/>'
            '<w:headerReference w:type="first" r:id="rIdH2"/>'
            '<w:pgSz w:w="11906" w:h="16838"/>'
            '<w:pgMar w:top="1134" w:right="851" w:bottom="1134" w:left="1701" w:header="567" '
            'w:footer="567" w:gutter="0"/><w:titlePg/></w:sectPr>'
        )
        document = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W} {_R}>'
            f"<w:body>{''.join(self._body)}{section}</w:body></w:document>"
        )
        # a zip entry's time starts in 1980 (a file dated before: the package's earliest)
        stamp = (
            (day.year, day.month, day.day, 0, 0, 0) if day.year >= 1980 else (1980, 1, 1, 0, 0, 0)
        )
        parts = {**_PARTS, "word/document.xml": document, "docProps/core.xml": _core(title, day)}
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
            for name, text in parts.items():
                info = zipfile.ZipInfo(name, stamp)
                info.compress_type = zipfile.ZIP_DEFLATED  # a ZipInfo's own default is STORED
                package.writestr(info, text.encode("utf-8"))


def _core(title: str, day: date) -> str:
    when = f"{day.isoformat()}T00:00:00Z"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_text(title)}</dc:title><dc:creator>xhht</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        "</cp:coreProperties>"
    )


_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_PAGE = (
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE '
    '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
)
_PARTS = {
    "[Content_Types].xml": _HEAD
    + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{_CT}.document.main+xml"/>'
    f'<Override PartName="/word/styles.xml" ContentType="{_CT}.styles+xml"/>'
    f'<Override PartName="/word/header1.xml" ContentType="{_CT}.header+xml"/>'
    f'<Override PartName="/word/header2.xml" ContentType="{_CT}.header+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
    'package.core-properties+xml"/></Types>',
    "_rels/.rels": _HEAD
    + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>',
    "word/_rels/document.xml.rels": _HEAD
    + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rIdS" Type="{_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rIdH1" Type="{_REL}/header" Target="header1.xml"/>'
    f'<Relationship Id="rIdH2" Type="{_REL}/header" Target="header2.xml"/></Relationships>',
    "word/styles.xml": _HEAD + f"<w:styles {_W}><w:docDefaults><w:rPrDefault><w:rPr>"
    f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
    '<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault>'
    '<w:pPrDefault><w:pPr><w:spacing w:after="60" w:line="264" w:lineRule="auto"/></w:pPr>'
    '</w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" '
    'w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>',
    "word/header1.xml": _HEAD
    + f'<w:hdr {_W}><w:p><w:pPr><w:jc w:val="center"/></w:pPr>{_PAGE}</w:p></w:hdr>',
    "word/header2.xml": _HEAD + f"<w:hdr {_W}><w:p/></w:hdr>",
}
