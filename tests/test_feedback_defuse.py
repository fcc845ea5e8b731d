"""The feedback workbook carries nothing that reaches outside it (issue 25): formulas that call
out become text with an info finding at their cell, links and external parts are dropped, the
clerk's own arithmetic stays a formula."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import SAMPLE_REGISTRY
from helpers import grid, values
from xhht_cli.cli import app
from xhht_cli.write.defuse import reaches_outside

OUTSIDE = {
    "H14": "=cmd|' /C calc'!A0",  # dynamic data exchange
    "H15": "=[1]Sheet1!A1",  # another workbook, by its index
    "H16": "='C:\\so-lieu\\[nguon.xlsx]Tong'!B2",  # another workbook, by its path
    "H17": '=WEBSERVICE("http://example.invalid/x")',
    "H18": '=FILTERXML("<a>1</a>","//a")',
    "H19": '=CALL("kernel32","WinExec","JCJ","calc",0)',
    "H20": '=REGISTER("kernel32","WinExec","JCJ")',
    "H21": '=RTD("srv.progid",,"x")',
    "H22": '=IMPORTXML("http://example.invalid","//a")',
    "H23": '=_xlfn.WEBSERVICE("http://example.invalid/y")',
    "H24": '=SUM(1,HYPERLINK("http://example.invalid","x"))',
}
EXTERNAL_LINK = (
    '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames>'
    "</externalBook></externalLink>"
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _with_parts(path: Path) -> None:
    """Add what Excel adds for a link to another workbook, and an embedded OLE object."""
    target = path.with_suffix(".tmp")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        with zipfile.ZipFile(path) as src:
            for name in src.namelist():
                data = src.read(name)
                if name == "xl/workbook.xml":
                    data = data.replace(
                        b"</sheets>",
                        b'</sheets><externalReferences><externalReference r:id="rId99"/>'
                        b"</externalReferences>",
                    )
                elif name == "xl/_rels/workbook.xml.rels":
                    data = data.replace(
                        b"</Relationships>",
                        f'<Relationship Id="rId99" Type="{REL}/externalLink" '
                        'Target="externalLinks/externalLink1.xml"/></Relationships>'.encode(),
                    )
                elif name == "[Content_Types].xml":
                    data = data.replace(
                        b"</Types>",
                        b'<Override PartName="/xl/externalLinks/externalLink1.xml" '
                        b'ContentType="application/vnd.openxmlformats-officedocument.'
                        b'spreadsheetml.externalLink+xml"/></Types>',
                    )
                out.writestr(name, data)
        out.writestr("xl/externalLinks/externalLink1.xml", EXTERNAL_LINK)
        out.writestr(
            "xl/externalLinks/_rels/externalLink1.xml.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/externalLinkPath" '
            f'Target="file:///C:/so-lieu/nguon.xlsx" TargetMode="External"/></Relationships>',
        )
        out.writestr("xl/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0" + b"\0" * 60)
    target.replace(path)


@pytest.fixture(scope="module")
def feedback(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A report (.xlsm, with macros) holding each kind, and its feedback workbook."""
    import xlsxwriter

    folder = tmp_path_factory.mktemp("defuse")
    inbox = folder / "in"
    inbox.mkdir()
    path = inbox / "bao-cao.xlsm"
    rows = grid(values(HO_GDHT=-5))  # an error, so that feedback is written
    (folder / "vbaProject.bin").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 508)
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("BaoCao")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value not in ("", None):
                sheet.write(r, c, value)
    preparer = next(r for r, row in enumerate(rows) if "Người lập biểu" in row)
    sheet.write_formula(preparer, 2, '=HYPERLINK("http://example.invalid","bấm vào")', None, "x")
    for ref, formula in OUTSIDE.items():
        sheet.write_formula(ref, formula, None, "x")
    sheet.write_formula("H30", "=SUM(E30:E31)", None, 7)  # the clerk's own arithmetic
    sheet.write_url("H2", "http://example.invalid/tai-lieu", string="xem tài liệu")
    sheet.conditional_format(
        "H3:H4", {"type": "formula", "criteria": '=WEBSERVICE("http://x.invalid")="1"'}
    )
    workbook.define_name("Ngoai", "=[1]Sheet1!$A$1")
    workbook.define_name("Trong", "=BaoCao!$E$14")
    workbook.add_vba_project(str(folder / "vbaProject.bin"))
    workbook.close()
    _with_parts(path)
    assert load_workbook(path, keep_links=True)._external_links  # it has one to drop
    out = folder / "phan-hoi"
    args = ["--units", str(SAMPLE_REGISTRY), "--period", "2023", "--feedback", str(out)]
    result = CliRunner().invoke(app, ["validate", str(inbox), *args])
    assert result.exit_code == 1, result.output
    (written,) = out.iterdir()
    return path, written


def test_formulas_that_reach_outside_are_text_with_a_note(feedback) -> None:  # type: ignore[no-untyped-def]
    _, written = feedback
    sheet = load_workbook(written)["BaoCao"]
    preparer = next(c for c in sheet["C"] if str(c.value).startswith("=HYPERLINK"))
    for cell in [preparer, *(sheet[ref] for ref in OUTSIDE)]:
        assert cell.data_type == "s", (cell.coordinate, cell.value)
        assert cell.comment is not None and "ra ngoài sổ làm việc" in cell.comment.text
    assert [sheet[ref].value for ref in OUTSIDE] == list(OUTSIDE.values())  # the text as it was
    assert (sheet["H30"].data_type, sheet["H30"].value) == ("f", "=SUM(E30:E31)")
    assert sheet["H30"].comment is None


def test_links_names_and_rules_that_reach_outside_are_dropped(feedback) -> None:  # type: ignore[no-untyped-def]
    _, written = feedback
    workbook = load_workbook(written)
    sheet = workbook["BaoCao"]
    assert sheet["H2"].hyperlink is None and sheet["H2"].value == "xem tài liệu"
    assert "Ngoai" not in workbook.defined_names and "Trong" in workbook.defined_names
    assert not [r for cf in sheet.conditional_formatting for r in cf.rules]
    listed = [row[5] for row in workbook["Loi"].iter_rows(values_only=True)]
    assert listed.count("feedback.formula_as_text") == len(OUTSIDE) + 1
    assert listed.count("feedback.link_removed") == 1
    assert listed.count("feedback.name_removed") == 1


def test_external_parts_macros_and_objects_are_not_carried(feedback) -> None:  # type: ignore[no-untyped-def]
    source, written = feedback
    with zipfile.ZipFile(source) as archive:
        assert {"xl/vbaProject.bin", "xl/externalLinks/externalLink1.xml"} <= set(
            archive.namelist()
        )
    with zipfile.ZipFile(written) as archive:
        names = archive.namelist()
        types = archive.read("[Content_Types].xml")
    assert not [n for n in names if "externalLink" in n or "vbaProject" in n or "embeddings" in n]
    assert b"macroEnabled" not in types and b"externalLink" not in types


@pytest.mark.parametrize(
    ("formula", "outside"),
    [
        ("=SUM(E30:E31)", False),
        ('=IF(A1="a|b[1]!x",1,0)', False),  # inside text, said, not called
        ("=SUM(Bang1[Số liệu])", False),  # a table's column
        ("=BaoCao!E14+'Trang 2'!A1", False),
        ("=hyperlink(A1)", True),
        ("=[2]!Ten", True),
        ('=DDE("x")', True),
    ],
)
def test_what_reaches_outside(formula: str, outside: bool) -> None:
    assert reaches_outside(formula) is outside
