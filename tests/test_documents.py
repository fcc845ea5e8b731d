"""Issue 19: the committee's documents — the summary ready to print and sign, the draft
written report (--docx), the letterhead (docs/documents.md)."""

from __future__ import annotations

import io
import json
import math
import re
import shutil
import subprocess
import zipfile
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from defusedxml.ElementTree import fromstring
from openpyxl import load_workbook
from typer.testing import CliRunner

import office
from conftest import SAMPLE_REGISTRY, SAMPLES
from test_aggregate import COUNTS, LEVELS, validation_of
from xhht_cli.base.i18n import fmt_num
from xhht_cli.cli import app
from xhht_cli.rollup.outcome import decide
from xhht_cli.units.registry import Registry
from xhht_cli.units.unit import Unit
from xhht_cli.write.letterhead import Letterhead, place_of
from xhht_cli.write.report_history import Change, History, IndicatorHistory, Milestone
from xhht_cli.write.summary import overview as overview_sheet
from xhht_cli.write.summary import page as print_page
from xhht_cli.write.summary import write_summary
from xhht_cli.write.summary.charts import BAND, EACH_END, chart_units

# the reading has its own tests: the samples are read once a process (tests/conftest.py)
pytestmark = pytest.mark.usefixtures("samples_read_once")

runner = CliRunner()
LETTERHEAD = """\
agency = "Ban Chỉ đạo xây dựng xã hội học tập tỉnh"
parent_agency = "UBND tỉnh Cà Mau"
number = "12/BC-BCĐ"
signer_title = "TM. Ban Chỉ đạo\\nTrưởng ban"
signer_name = "Nguyễn Văn An"
preparer = "Trần Thị Bình"
recipients = ["Bộ Giáo dục và Đào tạo;", "Lưu: VT, BCĐ."]
"""


def _aggregate(out: Path, *extra: str) -> None:
    args = [str(SAMPLES / "2023"), "--units", str(SAMPLE_REGISTRY), "--plan"]
    args += ["ke-hoach-tinh-2023", "--period", "2023", "-o", str(out / "th.xlsx")]
    result = runner.invoke(app, ["aggregate", *args, "--json", str(out / "th.json"), *extra])
    assert result.exit_code == 1, result.output  # the samples hold wrong and missing reports


@pytest.fixture(scope="module")
def signed(tmp_path_factory) -> Path:
    """The samples' summary, JSON and draft report under a letterhead file."""
    out = tmp_path_factory.mktemp("signed")
    (out / "tieu-de.toml").write_text(LETTERHEAD, encoding="utf-8")
    _aggregate(out, "--docx", str(out / "bao-cao.docx"), "--letterhead", str(out / "tieu-de.toml"))
    return out


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _body(path: Path):  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(path) as package:
        return fromstring(package.read("word/document.xml"))


def _words(element) -> str:  # type: ignore[no-untyped-def]
    """The text as the page shows it: without the zero-width spaces lines may break at."""
    return "".join(t.text or "" for t in element.iter(f"{W}t")).replace("\u200b", "")


def _text(path: Path) -> str:
    """Every paragraph's text (those in tables too), then every table cell's."""
    body = _body(path)
    paragraphs = [_words(p) for p in body.iter(f"{W}p")]
    return "\n".join(paragraphs + [_words(c) for c in body.iter(f"{W}tc")])


def test_a_count_breaks_after_its_slash_never_inside_a_number(signed):
    """479.327/1.118.911 in a narrow column: a line may break after the slash only."""
    xml = zipfile.ZipFile(signed / "bao-cao.docx").read("word/document.xml").decode("utf-8")
    document = json.loads((signed / "th.json").read_text(encoding="utf-8"))
    shown = 0
    for ind in document["units"][0]["indicators"].values():
        if ind["numerator"] is None or ind["denominator"] is None:
            continue
        k, n = (f"{ind[key]:,}".replace(",", ".") for key in ("numerator", "denominator"))
        assert f">{k}/{n}" not in xml and f"{k}/{n}<" not in xml
        shown += f"{k}/\u200b{n}" in xml
    assert shown >= 10


def test_the_target_column_names_the_year_whose_targets_apply(signed):
    """The summary and the draft head the target column with the year of the targets that
    apply (the 2025 targets in 2024), never a bare "Mục tiêu" beside "Chưa đạt"."""
    document = json.loads((signed / "th.json").read_text(encoding="utf-8"))
    years = {i["target_year"] for i in document["units"][0]["indicators"].values()}
    (year,) = years - {None}
    heads = [
        c.value for row in load_workbook(signed / "th.xlsx")["TongHop"].iter_rows() for c in row
    ]
    assert f"Mục tiêu {year} (%)" in heads and "Mục tiêu (%)" not in heads
    assert f"Mục tiêu {year}" in _text(signed / "bao-cao.docx").split("\n")


def test_docx_has_the_header_title_numbers_and_names(signed):
    text = _text(signed / "bao-cao.docx")
    for line in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND TỈNH CÀ MAU",
        "BAN CHỈ ĐẠO XÂY DỰNG XÃ HỘI HỌC TẬP TỈNH",
        "Số: 12/BC-BCĐ",
        "Cà Mau, ngày ",
        "BÁO CÁO",
        "Kết quả xây dựng xã hội học tập năm 2023 của tỉnh Cà Mau",  # NĐ 30: "tỉnh" mid-sentence
        "Nơi nhận:",
        "- Bộ Giáo dục và Đào tạo;",
        "TM. BAN CHỈ ĐẠO",
        "TRƯỞNG BAN",
        "Nguyễn Văn An",
    ):
        assert line in text, line
    top = json.loads((signed / "th.json").read_text(encoding="utf-8"))["units"][0]
    families = top["indicators"]["TL_GDHT"]
    assert f"{fmt_num(families['value'], 'vi', 1)}%" in text  # e.g. 56,1%
    counts = f"{fmt_num(families['numerator'], 'vi')}/{fmt_num(families['denominator'], 'vi')}"
    assert "." in counts and counts in text  # 214.790/382.637
    assert "số xã dự kiến báo cáo: 100; đã nhận: 99" in text.lower()
    assert "Các xã chưa nộp báo cáo: xã Hồ Thị Kỷ (huyện Thới Bình)." in text
    # the empty "BC XHHT moi.xlsx" that status lists for no commune: said here too
    assert "không tính cho xã nào: “BC XHHT moi.xlsx”" in text
    for name in ("phường 7 (thành phố Cà Mau): có lỗi", "xã Phú Hưng (huyện Cái Nước): có lỗi"):
        assert name in text
    assert "So sánh với kỳ trước: lần tổng hợp này không có số liệu kỳ trước." in text
    assert "--history" not in text  # a signed page names no command-line option


def test_docx_placeholders_are_marked_and_nothing_is_a_field(signed):
    runs = _body(signed / "bao-cao.docx").iter(f"{W}r")
    marked = [_words(r) for r in runs if r.find(f"{W}rPr/{W}highlight") is not None]
    assert len(marked) == 4 and all(m.startswith("[…cần bổ sung: ") for m in marked)
    with zipfile.ZipFile(signed / "bao-cao.docx") as package:
        names = package.namelist()
        body = package.read("word/document.xml").decode()
        headers = "".join(package.read(n).decode() for n in names if "header" in n)
    assert not any(n.endswith(".bin") or "vbaProject" in n for n in names)
    for code in ("instrText", "fldSimple", "hyperlink", "w:fldChar"):
        assert code not in body, code
    assert "PAGE" in headers  # the one field: the page number, from the second page


def test_the_signature_never_stands_alone_on_a_page_nor_a_heading_at_a_foot(signed):
    """The signature's table is kept with the paragraph before it (the last of section V,
    through the empty line between), and every section heading with what follows it."""
    body = _body(signed / "bao-cao.docx").find(f"{W}body")
    assert body is not None
    blocks = list(body)
    signature = next(
        i for i, b in enumerate(blocks) if b.tag == f"{W}tbl" and "Nơi nhận:" in _words(b)
    )
    for before in blocks[signature - 2 : signature]:  # the empty line, then section V's last
        assert before.find(f"{W}pPr/{W}keepNext") is not None, _words(before)
    assert "Kiến nghị, đề xuất" in _words(blocks[signature - 2])
    headings = [b for b in blocks if re.match(r"[IV]+\. [A-ZĐ]", _words(b))]
    assert len(headings) == 5
    # and each table's heading ("1. Mô hình học tập", the reports not used) with its table
    headings += [
        before
        for before, block in pairwise(blocks)
        if block.tag == f"{W}tbl" and re.match(r"\d\. |Các báo cáo không", _words(before))
    ]
    assert len(headings) > 7
    # the note under II (no earlier period) goes with the first table too
    headings += [b for b in blocks if _words(b).startswith("So sánh với kỳ trước:")]
    assert all(h.find(f"{W}pPr/{W}keepNext") is not None for h in headings)


def test_the_draft_names_files_by_their_names_never_the_office_s_folders(signed):
    """A conflict, a replaced report, a copy: the committee's draft names the other file by
    its name; the folders the office keeps them in are in the workbook, not the report."""
    body = _words(_body(signed / "bao-cao.docx"))
    assert "32158 bao cao lan 1.xlsx" in body and "giống hệt 32161-xa-tran-phan.xlsx" in body
    assert str(SAMPLES) not in body and "970-huyen-dam-doi" not in body


def test_workbook_carries_the_header_and_the_signature(signed):
    overview = load_workbook(signed / "th.xlsx")["TongHop"]
    cells = {c.value for row in overview.iter_rows() for c in row if c.value}
    for text in ("UBND TỈNH CÀ MAU", "Số: 12/BC-BCĐ", "NGƯỜI LẬP BIỂU", "Trần Thị Bình"):
        assert text in cells, text
    assert {"TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", "Nguyễn Văn An", "Nơi nhận:"} <= cells
    assert overview["D4"].value.startswith("Cà Mau, ngày ")
    # a long name of the issuing body shrinks to its merged cells rather than be cut
    assert overview["A1"].alignment.shrink_to_fit and overview["A2"].alignment.shrink_to_fit
    # the caveat on unverified shares names the standards for the committee, wrapped, and
    # the draft report says it too (one list of caveats)
    (note,) = [
        c for row in overview.iter_rows() for c in row if "chưa đối chiếu" in str(c.value or "")
    ]
    assert "phổ cập giáo dục tiểu học mức 3 (NĐ 20/2014/NĐ-CP, Điều 11)" in note.value
    assert "PCTH_MUC" not in note.value and note.alignment.wrap_text
    text = _text(signed / "bao-cao.docx")
    assert "Tỷ lệ xét chuẩn: " in text
    assert "phổ cập giáo dục tiểu học mức 3 (NĐ 20/2014/NĐ-CP, Điều 11)" in text


def test_without_a_letterhead_blanks_not_names(tmp_path):
    _aggregate(tmp_path, "--docx", str(tmp_path / "bao-cao.docx"))
    overview = load_workbook(tmp_path / "th.xlsx")["TongHop"]
    assert overview["A2"].value == "……………" and overview["A4"].value == "Số: …/BC-…"
    assert overview["D4"].value.startswith("Cà Mau, ngày ")  # the place, from "Tỉnh Cà Mau"
    text = _text(tmp_path / "bao-cao.docx")
    assert "- ……………;" in text and "- Lưu: VT." in text


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ('agency = "A"\nsigner = "B"\n', "signer"),
        ("recipients = 3\n", "recipients"),
        ('agency = "A\n', "TOML"),
    ],
)
def test_a_wrong_letterhead_is_exit_2_naming_the_key(tmp_path, content, said):
    (tmp_path / "tieu-de.toml").write_text(content, encoding="utf-8")
    args = ["aggregate", str(SAMPLES / "2023"), "--units", str(SAMPLE_REGISTRY), "--period"]
    args += [
        "2023",
        "-o",
        str(tmp_path / "th.xlsx"),
        "--letterhead",
        str(tmp_path / "tieu-de.toml"),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and said in result.output, result.output
    assert not (tmp_path / "th.xlsx").exists()  # checked before any report is read
    missing = runner.invoke(app, [*args[:-1], str(tmp_path / "khong-co.toml")])
    assert missing.exit_code == 2 and "khong-co.toml" in missing.output


def test_place_and_date_as_the_decree_writes_them():
    assert place_of("Tỉnh Cà Mau") == "Cà Mau"
    assert place_of("Thành phố Cần Thơ") == "Cần Thơ"
    assert place_of("Thành phố Hồ Chí Minh") == "Thành phố Hồ Chí Minh"
    assert place_of("Phường 9") == "Phường 9"
    head = Letterhead().filled("Tỉnh Cà Mau")
    assert head.date_line(date(2026, 12, 1)) == "Cà Mau, ngày 01 tháng 12 năm 2026"
    assert head.date_line(date(2026, 2, 5)) == "Cà Mau, ngày 05 tháng 02 năm 2026"
    assert head.date_line(date(2026, 3, 15)) == "Cà Mau, ngày 15 tháng 3 năm 2026"


def test_every_font_is_times_new_roman_and_none_is_the_theme_s(signed):
    """A font marked as the theme's (scheme "minor") shows in Excel as the theme's Calibri,
    whatever its name: NĐ 30's Times New Roman would be lost on the committee's screen."""
    with zipfile.ZipFile(signed / "th.xlsx") as package:
        styles = package.read("xl/styles.xml").decode()
    fonts = re.findall(r"<font>.*?</font>", styles)
    assert fonts and "<scheme" not in styles
    assert sum('<name val="Times New Roman"/>' in f for f in fonts) >= len(fonts) - 2


def test_every_sheet_prints_on_a4_with_page_numbers(signed):
    workbook = load_workbook(signed / "th.xlsx")
    for sheet in workbook.worksheets:
        assert sheet.page_setup.paperSize == 9, sheet.title
        assert "Trang &P/&N" in (sheet.oddFooter.center.text or ""), sheet.title
        assert sheet.page_margins.left == pytest.approx(30 / 25.4), sheet.title
    overview = workbook["TongHop"]
    head = next(c.row for c in overview["A"] if c.value == "STT")  # below the caveats, wherever
    assert overview.print_title_rows == f"${head}:${head}"
    # at its width's scale, its pages where page.py's model ends them, not fitted: LibreOffice
    # and Excel ignore page breaks on a sheet fitted to pages
    setup = overview.sheet_properties.pageSetUpPr
    assert setup is None or not setup.fitToPage
    assert overview.page_setup.scale == print_page.width_scale(overview_sheet._WIDTHS) >= 60
    heights = [overview.row_dimensions[r].height for r in range(1, overview.max_row + 1)]
    assert None not in heights and 15 not in heights  # every row's height known, none left
    sign = next(c.row for c in overview["A"] if c.value == "NGƯỜI LẬP BIỂU")
    table = [c.row for c in overview["B"] if c.value and c.row < sign]
    table_end = max(table)  # 1-based: the row after it, 0-based
    signed = next(c.row for c in overview["A"] if c.value == "Trần Thị Bình")  # the names
    starts = [b.id for b in overview.row_breaks.brk]  # openpyxl: the last row of a page
    scale = overview.page_setup.scale
    assert starts == print_page.page_starts(heights, scale, 32, table_end, 3, signed)
    for name in ("TheoHuyen", "TheoXa"):  # the names and, under them, the codes
        assert workbook[name].print_title_rows == "$3:$4", name
    wide = workbook["TheoXa"]  # 61 columns: readable blocks of columns, code and name on each
    assert wide.print_title_cols == "$C:$D" and wide.page_setup.scale == 60
    assert not wide.sheet_properties.pageSetUpPr or not wide.sheet_properties.pageSetUpPr.fitToPage
    assert workbook["TheoHuyen"].print_title_cols == "$A:$B"
    assert workbook["TienDo"].page_setup.orientation == "landscape"
    charts = workbook["BieuDo"]
    assert charts.print_area == "'BieuDo'!$A$1:$J$126"  # nine charts, two a page
    assert [b.id for b in charts.row_breaks.brk] == [2 * BAND, 4 * BAND, 6 * BAND, 8 * BAND]


def _two_tier(communes: int) -> Registry:
    units = {"96": Unit("96", "Tỉnh Cà Mau", "province")}
    for n in range(communes):
        code = f"{32000 + n}"
        units[code] = Unit(code, f"Xã {n:02d}", "commune", "96")
    return Registry(units, "t")


def test_a_chart_of_many_units_shows_the_highest_and_lowest_ten(tmp_path):
    """A two-tier province of 64 communes, 20 of them without a report: a chart shows the ten
    highest and the ten lowest, by name, and says how many had no value."""
    registry = _two_tier(64)
    reports = {
        code: dict.fromkeys(COUNTS, 100) | {"HO_GDHT": n} | dict.fromkeys(LEVELS, 1)
        for n, code in enumerate(sorted(registry.units)[1:45])
    }
    summary = decide(validation_of(registry, reports))
    shown, missing = chart_units(summary.at_level("commune"), "TL_GDHT")
    assert missing == 20 and len(shown) == 2 * EACH_END + 1 and shown[EACH_END] is None
    values = [u.indicators["TL_GDHT"].value for u in shown if u is not None]
    assert values == sorted(values, reverse=True) and values[0] == 43 and values[-1] == 0
    write_summary(tmp_path / "th.xlsx", summary)
    sheet = load_workbook(tmp_path / "th.xlsx")["BieuDo"]
    names = [sheet.cell(row, 13).value for row in range(2, 23)]
    assert names[0] == "Xã 44" and names[10] == "…" and names[-1] == "Xã 01"


def test_the_report_fills_the_previous_period_and_milestones_when_given(tmp_path, monkeypatch):
    """Issue 17's history reaches sections 2 and 3 through the one adapter."""
    import xhht_cli.write.docx_report as report
    from xhht_cli.write.letterhead import Letterhead as Head

    history = History(
        ["2022", "2023"],
        {
            "TL_GDHT": IndicatorHistory(
                Change("2022", 50.0, 6.1), (Milestone(2023, 40.0, 58.2, "met"),)
            )
        },
    )
    monkeypatch.setattr(report, "history_of", lambda summary, code: history)
    from xhht_cli.check.pipeline import validate_inputs
    from xhht_cli.plans import load_plan
    from xhht_cli.units.load import load_registry

    validation = validate_inputs(
        [SAMPLES / "2023"],
        load_plan("ke-hoach-tinh-2023"),
        load_registry(str(SAMPLE_REGISTRY)),
        "2023",
    )
    target = tmp_path / "bc.docx"
    report.write_report(target, decide(validation), Head().filled("Cà Mau"), date(2026, 12, 1))
    cells = [_words(c) for c in _body(target).iter(f"{W}tc")]
    assert "50,0% (2022)+6,1 điểm %" in cells and "58,2%" in cells and "đã đạt" in cells  # 2 lines
    assert "chưa có số liệu kỳ trước" not in _text(target)


@pytest.mark.skipif(
    office.SOFFICE is None or shutil.which("pdftotext") is None or not office.times_metrics(),
    reason="LibreOffice, poppler or a font with Times New Roman's metrics is not installed",
)
def test_both_print_through_libreoffice_no_chart_cut(signed, tmp_path):
    """One conversion of the workbook and the report: the workbook opens and prints, every
    chart's title on the page of its legend, two charts a page; the report's pages bounded."""
    shutil.copy(signed / "th.xlsx", tmp_path / "th.xlsx")
    shutil.copy(signed / "bao-cao.docx", tmp_path / "bao-cao.docx")
    sources = [tmp_path / "th.xlsx", tmp_path / "bao-cao.docx"]
    office.convert(sources, "pdf", tmp_path, tmp_path / "profile")
    assert (tmp_path / "th.pdf").read_bytes().startswith(b"%PDF")
    pages = _pages(tmp_path / "th.pdf")
    titles = [i.name for i in load_plan_indicators()]
    legend = "Kết quả năm 2023"
    chart_pages = [p for p in pages if legend in p]
    assert len(chart_pages) == math.ceil(9 / 2)  # nine charts, two a page
    for page in chart_pages:
        assert page.count(legend) == 2 or page is chart_pages[-1]
        assert sum(page.count(t[:25]) for t in titles) >= page.count(legend)
    # TienTrinh's charts: four whole charts a page, each titled by its indicator's name
    course = [p for p in pages if "Dự báo theo tốc độ hiện nay" in p]
    assert course and all(p.count("Dự báo theo tốc độ hiện nay") <= 6 for p in course)
    assert 20 <= len(pages) <= 50  # 32 before TienTrinh, its table and charts some 9 more
    # TongHop: its table's pages each one page wide (the last column's head on each), the
    # signature on a page with the table's last rows, as page.py's model put the breaks
    overview = [p for p in pages if "STT Mã Chỉ số Số đạt Tổng số Tỷ lệ (%)" in p]
    assert 2 <= len(overview) <= 3 and all("Tỷ lệ (%) Ghi chú" in p for p in overview)
    assert "NGƯỜI LẬP BIỂU" in overview[-1] and "PCTHCS_MUC" in overview[-1]
    assert all("NGƯỜI LẬP BIỂU" not in p for p in overview[:-1])
    if not office.writer_installed():
        pytest.skip("LibreOffice Writer is not installed: the workbook printed, the report not")
    report = _pages(tmp_path / "bao-cao.pdf")
    # the body, then the appendix of the reports rolled up, from a page of its own
    body = next(i for i, p in enumerate(report) if "DANH SÁCH BÁO CÁO ĐÃ TỔNG HỢP" in p)
    assert 2 <= body <= 8 and "BÁO CÁO" in report[0] and "Phụ lục" in report[body]


def load_plan_indicators():  # type: ignore[no-untyped-def]
    from xhht_cli.plans import RatioIndicator, load_plan

    return [i for i in load_plan("ke-hoach-tinh-2023").indicators if isinstance(i, RatioIndicator)]


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def test_the_cron_run_writes_the_report_beside_the_workbook(tmp_path):
    from test_batch import setup
    from xhht_cli.batch.config import load_config
    from xhht_cli.batch.run import run_batch

    config = setup(tmp_path, 'letterhead = "tieu-de.toml"\n')
    (tmp_path / "tieu-de.toml").write_text(LETTERHEAD, encoding="utf-8")
    loaded = load_config(config)
    assert loaded.letterhead == tmp_path / "tieu-de.toml"  # relative to the config file
    run_batch(loaded)
    report = tmp_path / "ket-qua" / "tong-hop-2023.docx"
    assert (tmp_path / "ket-qua" / "tong-hop-2023.xlsx").exists() and report.exists()
    assert "Nguyễn Văn An" in _text(report)
    (tmp_path / "tieu-de.toml").write_text('signer = "x"\n', encoding="utf-8")
    result = runner.invoke(app, ["run", "--config", str(config)])
    assert result.exit_code == 2 and "signer" in result.output


def test_the_same_report_gives_the_same_bytes(signed, tmp_path):
    """The draft carries the day it is dated, not the clock: a cron run that writes it again
    from the same reports writes the same file."""
    from xhht_cli.check.pipeline import validate_inputs
    from xhht_cli.plans import load_plan
    from xhht_cli.units.load import load_registry
    from xhht_cli.write.docx_report import write_report

    plan, registry = load_plan("ke-hoach-tinh-2023"), load_registry(str(SAMPLE_REGISTRY))
    summary = decide(validate_inputs([SAMPLES / "2023"], plan, registry, "2023"))
    head = Letterhead().filled("Tỉnh Cà Mau")
    for name in ("a.docx", "b.docx"):
        write_report(tmp_path / name, summary, head, date(2026, 12, 1))
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


@pytest.mark.parametrize(
    "value, met, digits",
    [
        (69.96, False, 2),
        (69.9996, False, 4),
        (69.94, False, 1),
        (70.0, True, 1),
        (None, None, 1),
        (139_999 / 200_000 * 100, False, 4),  # 69.9995: "70.000" in a spreadsheet at 3
        (13_999 / 20_000 * 100, False, 3),  # 69.99499999999999: Excel's 15 digits, 69.995
    ],
)
def test_a_value_short_of_its_target_never_reads_as_the_target(value, met, digits) -> None:  # type: ignore[no-untyped-def]
    """In the report and the workbook alike: 69,96 % against 70 % beside "chưa đạt" is shown
    as 69,96 (and its gap as -0,04 điểm %), not 70,0; one decimal where it is enough."""
    import xlsxwriter

    from xhht_cli.rollup.outcome import IndicatorResult
    from xhht_cli.write.docx_report import _gap, pct
    from xhht_cli.write.summary.formats import Formats, short_digits

    ind = IndicatorResult("TL_GDHT", value, 6996, 10000, 70.0, None, 2025, met)
    assert short_digits(ind) == digits
    if value is not None and digits == 2:
        assert pct(value, short_digits(ind)) == "69,96%" and _gap(ind) == "-0,04 điểm %"
    book = xlsxwriter.Workbook(io.BytesIO())
    shown = Formats(book).pct_for(ind)
    assert shown.num_format == "0." + "0" * digits


@pytest.mark.parametrize(
    ("change", "shown"),
    [(-0.04, "0,0 điểm %"), (0.02, "0,0 điểm %"), (-0.06, "-0,1 điểm %"), (2.3, "+2,3 điểm %")],
)
def test_a_change_too_small_to_show_carries_no_sign(change, shown) -> None:  # type: ignore[no-untyped-def]
    """The draft never says "-0,0 điểm %" or "+0,0 điểm %" for a change under 0,05."""
    from xhht_cli.write.docx_report import points

    assert points(change) == shown


def test_one_value_alone_is_charted_on_the_whole_axis_not_a_band_around_it() -> None:
    from xhht_cli.write.summary.charts import fitted_axis

    assert fitted_axis([23.0], "%") == {"min": 0, "max": 100, "name": "%"}
    assert fitted_axis([100.0, 100.0], "%") == {"min": 0, "max": 100, "name": "%"}
    close = fitted_axis([61.0, 64.5], "%")
    assert close["min"] == 60 and close["name"] == "% (trục bắt đầu từ 60)"


def test_tonghop_pages_fill_in_turn_and_the_signature_keeps_the_last_rows() -> None:
    # 20 pt rows at 100 %: 23 a page (472 pt), the 20 pt header repeated on each page after
    assert print_page.page_starts([20.0] * 60, 100, 20, 50, 3) == [23, 45]
    # the table ends at a page's foot (rows 0-22): the signature (23-29) would stand alone;
    # the table's last three rows go over with it
    assert print_page.page_starts([20.0] * 30, 100, 20, 23, 3) == [20]
    assert print_page.page_starts([20.0] * 20, 100, 20, 15, 3) == []  # one page
    # at 50 % a page holds twice the points
    assert print_page.page_starts([20.0] * 60, 50, 20, 55, 3) == [46]
    # only the signature up to the signer's name is kept together: a long list of recipients
    # (rows 26-69) fills pages after it
    assert print_page.page_starts([20.0] * 70, 100, 20, 23, 3, 26) == [20, 42, 64]


def test_every_tonghop_row_is_written_with_its_height(tmp_path: Path) -> None:
    """A blank row too (a constant-memory sheet writes only rows with a cell), and never at the
    default 15 pt, which each program would size itself."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(tmp_path / "h.xlsx"), {"constant_memory": True})
    sheet = book.add_worksheet("T")
    heights = print_page.Heights(sheet, book.add_format())
    heights.set(0, 18)
    sheet.write_string(0, 0, "x")
    heights.set(1)  # blank
    heights.set(2, 15)
    sheet.write_string(2, 1, "y")
    book.close()
    rows = load_workbook(tmp_path / "h.xlsx")["T"].row_dimensions
    assert [rows[r].height for r in (1, 2, 3)] == [18, 15.75, 15.75]
    assert heights.points(3) == [18, 15.75, 15.75] and heights.points(4) is None


def test_the_json_gives_each_standard_its_units_without_data_as_the_documents_do(signed):
    """A standard's ``lacking`` (docs/json.md): the count TongHop writes beside its k/n
    ("… thiếu số liệu"); a ratio has none (its coverage says it)."""
    from xhht_cli.plans import load_plan

    document = json.loads((signed / "th.json").read_text(encoding="utf-8"))
    plan, top = load_plan(document["plan"]), document["units"][0]
    for code, ind in top["indicators"].items():
        assert ("lacking" in ind) is (code in plan.standard_codes), code
    lacking = {c: i["lacking"] for c, i in top["indicators"].items() if i.get("lacking")}
    assert lacking  # the samples miss a commune: some standard lacks it
    notes = " ".join(
        str(c.value)
        for row in load_workbook(signed / "th.xlsx")["TongHop"].iter_rows()
        for c in row
    )
    assert all(
        f"{n} xã thiếu số liệu" in notes or f"{n} huyện thiếu số liệu" in notes
        for n in lacking.values()
    )


def test_the_appendix_and_nguonsolieu_name_the_earlier_periods_sources(history_run):
    """With --history the "Kỳ trước" figures come from last year's reports: the draft report
    says from how many, of how many communes (too few to compare: said so), and NguonSoLieu
    lists them — never as files "not used"."""
    tmp_path, _ = history_run
    text = _text(tmp_path / "bc.docx")
    assert (
        "Số liệu năm 2023 được tổng hợp từ 95 báo cáo năm 2023 (95/100 xã có báo cáo hợp lệ)."
        in text
    )
    assert "(1/100 xã có báo cáo hợp lệ; quá ít để so sánh" in text  # 2022
    heads = [c.value for row in load_workbook(tmp_path / "th.xlsx")["TongHop"] for c in row]
    assert "Năm 2023 (%)" in heads and "Kỳ trước (%)" not in heads  # the year compared with
    sheet = load_workbook(tmp_path / "th.xlsx")["NguonSoLieu"]
    rows = [r for r in sheet.iter_rows(values_only=True)]
    (at,) = [
        i for i, r in enumerate(rows) if r[0] == "CÁC BÁO CÁO NĂM 2023: 95 (so sánh và tiến độ)"
    ]
    listed = [r for r in rows[at + 2 : at + 2 + 96] if isinstance(r[0], int)]  # under its head
    assert len(listed) == 95 and listed[-1][0] == 95
