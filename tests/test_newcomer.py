"""Issue 27: the rough edges a new user still hits at the terminal — history given in the
wrong place, a registry saved by Excel on Vietnamese Windows, a corrected report's old errors,
stale feedback, names broken at 80 columns, English library messages, close-miss options,
codes where names belong (docs/huong-dan-su-dung.md)."""

from __future__ import annotations

import io
import os
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from rich.console import Console
from typer.testing import CliRunner

from conftest import SAMPLE_REGISTRY
from helpers import PLAN, TAN_LOC, grid, values
from synth import write_xlsx
from xhht_cli.base.text import slug
from xhht_cli.cli import app
from xhht_cli.units.load import load_registry
from xhht_cli.units.unit import Unit

runner = CliRunner()
ARGS = ["--units", str(SAMPLE_REGISTRY)]
REGISTRY = load_registry(str(SAMPLE_REGISTRY))
TAN_PHU = next(u for u in REGISTRY.communes_under("967", 2024) if u.code != TAN_LOC.code)


def _form(path: Path, unit: Unit = TAN_LOC, period: str = "2024", **overrides: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    day = date(int(period), 11, 30)
    write_xlsx(path, [("BaoCao", grid(values(unit.code, **overrides), unit, period, day))])
    return path


# -- --history given as one flag for two folders -------------------------------------------------


def test_a_folder_of_an_earlier_period_among_the_inputs_is_refused(tmp_path):
    _form(tmp_path / "2024" / "a.xlsx")
    _form(tmp_path / "2023" / "a.xlsx", period="2023")
    _form(tmp_path / "2022" / "a.xlsx", period="2022")
    # "--history 2023 2022" reads 2022 as this period's input: said, not silently ignored
    args = [str(tmp_path / "2024"), "--history", str(tmp_path / "2023"), str(tmp_path / "2022")]
    result = runner.invoke(app, ["validate", *args, *ARGS, "--period", "2024"])
    assert result.exit_code == 2
    assert f"Thư mục {tmp_path / '2022'} là báo cáo kỳ 2022, không phải kỳ 2024" in result.output
    assert f"--history {tmp_path / '2022'}" in result.output
    # one --history per folder is what it asks for
    good = [str(tmp_path / "2024"), "--history", str(tmp_path / "2023")]
    good += ["--history", str(tmp_path / "2022")]
    assert runner.invoke(app, ["validate", *good, *ARGS, "--period", "2024"]).exit_code == 0
    assert "--history 2023 --history 2022" in runner.invoke(app, ["validate", "--help"]).output


# -- the registry as Excel saves it --------------------------------------------------------------

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _cp1258(text: str) -> bytes:
    """*text* as Windows-1258: precomposed â ê ô ơ ư ă đ, the tone marks combining."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONES))
            out += (base + "".join(p for p in parts if p in TONES)).encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize("saved", ["cp1258;", "utf-16\t", "utf-8-sig;"])
def test_the_registry_reader_takes_what_excel_saves(tmp_path, saved):
    lines = [
        line
        for line in SAMPLE_REGISTRY.read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    ]
    encoding, separator = saved[:-1], saved[-1]
    text = "\r\n".join(line.replace(",", separator) for line in lines) + "\r\n"
    path = tmp_path / "don-vi.csv"
    path.write_bytes(_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    registry = load_registry(str(path))
    assert registry.fingerprint == REGISTRY.fingerprint  # every name, code and parent the same
    assert registry["96"].name == "Tỉnh Cà Mau"


# -- a corrected report's old errors, stale feedback ----------------------------------------------


@pytest.fixture
def corrected(tmp_path) -> Path:
    """Tân Lộc's wrong report, then its correction dated later; Tân Phú's good report."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    wrong = grid(values("a", HO_GD=5000, HO_GDHT=5120), TAN_LOC, "2024", date(2024, 11, 1))
    write_xlsx(inbox / "tan-loc.xlsx", [("BaoCao", wrong)])
    right = grid(values("a"), TAN_LOC, "2024", date(2024, 11, 20))
    write_xlsx(inbox / "tan-loc-sua.xlsx", [("BaoCao", right)])
    _form(inbox / "tan-phu.xlsx", TAN_PHU)
    return inbox


def test_a_superseded_reports_errors_are_history_not_errors(corrected):
    args = [str(corrected), *ARGS, "--period", "2024"]
    text = runner.invoke(app, ["validate", *args])
    assert "tan-loc.xlsx: đã được thay bằng" in text.output
    assert "(báo cáo cũ) rule.not_greater" in text.output
    assert "lỗi rule.not_greater" not in text.output
    quiet = runner.invoke(app, ["-q", "validate", *args])
    assert "rule.not_greater" not in quiet.output


def test_a_copy_is_said_to_be_one_and_an_old_report_without_problems_promises_none(tmp_path):
    """An identical copy is one line saying so (its findings are the kept file's, listed
    under it); a replaced report without problems of its own promises no list below."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    report = grid(values("a"), TAN_LOC, "2024", date(2024, 11, 1))
    write_xlsx(inbox / "tan-loc.xlsx", [("BaoCao", report)])
    (inbox / "ban-sao.xlsx").write_bytes((inbox / "tan-loc.xlsx").read_bytes())
    later = grid(values("b"), TAN_PHU, "2024", date(2024, 11, 20))
    write_xlsx(inbox / "tan-phu-moi.xlsx", [("BaoCao", later)])
    write_xlsx(
        inbox / "tan-phu.xlsx", [("BaoCao", grid(values("c"), TAN_PHU, "2024", date(2024, 11, 2)))]
    )
    result = runner.invoke(app, ["validate", str(inbox), *ARGS, "--period", "2024"])
    text = " ".join(result.output.split())  # as one line, however the terminal wrapped it
    kept, copy = inbox / "ban-sao.xlsx", inbox / "tan-loc.xlsx"  # the first by name is kept
    assert f"{copy}: giống hệt {kept} (cùng nội dung); chỉ tính một lần." in text
    assert f"{inbox / 'tan-phu.xlsx'}: đã được thay bằng {inbox / 'tan-phu-moi.xlsx'}." in text
    assert "dưới đây" not in text  # nothing is promised below either


def test_a_conflict_is_explained_to_the_clerk_in_her_words_and_file_names(tmp_path):
    """Two different reports of one commune with one date: her feedback says what to do
    (choose one, redate it, send only that), names the other file by its name — the office's
    folders mean nothing to her — and never asks her to "ask the commune"."""
    inbox, folder = tmp_path / "in", tmp_path / "phan-hoi"
    (inbox / "thoi-binh").mkdir(parents=True)
    day = date(2024, 11, 20)
    write_xlsx(
        inbox / "thoi-binh" / "lan 1.xlsx", [("BaoCao", grid(values("a"), TAN_LOC, "2024", day))]
    )
    write_xlsx(
        inbox / "thoi-binh" / "lan 2.xlsx", [("BaoCao", grid(values("b"), TAN_LOC, "2024", day))]
    )
    args = [str(inbox), *ARGS, "--period", "2024", "--feedback", str(folder)]
    assert runner.invoke(app, ["validate", *args]).exit_code == 1
    books = sorted(folder.glob("*.xlsx"))
    assert len(books) == 2  # each file sent gets its own, saying which the other is
    said = [
        str(row[4].value)
        for book in books
        for row in load_workbook(book)["Loi"].iter_rows()
        if row[5].value == "report.conflict"
    ]
    assert len(said) == 2
    for text in said:
        assert text.startswith("Xã đã gửi 2 báo cáo khác nhau cùng ghi ngày 20/11/2024: tệp này")
        assert 'tệp này ("lan 1.xlsx") và "lan 2.xlsx"' in text or (
            'tệp này ("lan 2.xlsx") và "lan 1.xlsx"' in text
        )
        assert "thoi-binh" not in text and "đề nghị xã" not in text
    # what to do heads the list: choose one, send only that (not "send this file back")
    head = str(load_workbook(books[0])["Loi"].cell(5, 1).value)
    assert (
        head.startswith("Cách sửa: xã đã gửi nhiều báo cáo khác nhau") and "Chọn bản đúng" in head
    )
    # a folder whose name holds ", " and a third copy: each file named whole, the count right
    (inbox / "thoi-binh, dot 2").mkdir()
    third = grid(values("c"), TAN_LOC, "2024", day)
    write_xlsx(inbox / "thoi-binh, dot 2" / "lan 3.xlsx", [("BaoCao", third)])
    runner.invoke(app, ["validate", *args])
    again = [
        str(row[4].value)
        for book in sorted(folder.glob("*.xlsx"))
        for row in load_workbook(book)["Loi"].iter_rows()
        if row[5].value == "report.conflict"
    ]
    assert len(again) == 3 and all(t.startswith("Xã đã gửi 3 báo cáo") for t in again)
    assert any('và "lan 1.xlsx", "lan 2.xlsx"' in t for t in again)
    assert not any("dot 2" in t for t in again)


def test_a_conflicts_feedback_goes_once_it_is_resolved_even_if_the_commune_gets_another(tmp_path):
    """Two reports in conflict get a feedback each (the second named with its file's hash);
    once the clerk redates one, the one used gets its own feedback (a warning to look at) and
    neither conflict workbook stays behind to tell her to choose again."""
    inbox, folder = tmp_path / "in", tmp_path / "phan-hoi"
    inbox.mkdir()
    day = date(2024, 11, 20)
    write_xlsx(inbox / "lan 1.xlsx", [("BaoCao", grid(values("a"), TAN_LOC, "2024", day))])
    write_xlsx(inbox / "lan 2.xlsx", [("BaoCao", grid(values("b"), TAN_LOC, "2024", day))])
    args = [str(inbox), *ARGS, "--period", "2024", "--feedback", str(folder)]
    runner.invoke(app, ["validate", *args])
    conflict = sorted(p.name for p in folder.glob("*.xlsx"))
    assert len(conflict) == 2
    old = inbox / "lan 1.xlsx"
    os.utime(old, (old.stat().st_mtime - 3 * 86_400,) * 2)  # ordered now: "lan 2" is later
    runner.invoke(app, ["validate", *args])
    now = sorted(p.name for p in folder.glob("*.xlsx"))
    assert now == [f"{TAN_LOC.code}-{slug(TAN_LOC.name)}.xlsx"]  # report.same_date: look again
    rows = [r[5].value for r in load_workbook(folder / now[0])["Loi"].iter_rows()]
    assert "report.same_date" in rows and "report.conflict" not in rows


def test_feedback_lists_what_it_wrote_and_removes_what_is_stale(corrected, tmp_path):
    folder = tmp_path / "phan-hoi"
    folder.mkdir()
    stale = folder / f"{TAN_PHU.code}-{slug(TAN_PHU.name)}.xlsx"  # an earlier run's: now correct
    stale.write_bytes(b"old")
    (folder / "ghi-chu.xlsx").write_bytes(b"mine")  # not ours: never touched
    taken = {TAN_LOC.code, TAN_PHU.code}
    third = next(u for u in REGISTRY.communes_under("967", 2024) if u.code not in taken)
    _form(corrected / "loi.xlsx", third, HO_GD=5000, HO_GDHT=5120)  # one still to correct
    args = [str(corrected), *ARGS, "--period", "2024", "--feedback", str(folder)]
    result = runner.invoke(app, ["validate", *args])
    assert "tệp phản hồi vào" in result.stderr
    written = sorted(p.name for p in folder.glob("*.xlsx") if p.name != "ghi-chu.xlsx")
    assert written == [f"{third.code}-{slug(third.name)}.xlsx"]
    assert f"  - {written[0]}" in result.stderr
    assert not stale.exists() and stale.name in result.stderr
    assert (folder / "ghi-chu.xlsx").exists()


def test_feedback_rows_follow_the_cells_and_name_the_fields(tmp_path):
    _form(tmp_path / "in" / "x.xlsx", HO_GD=5000, HO_GDHT=5120, DS_15_35=-1, KH_CB=-2)
    folder = tmp_path / "phan-hoi"
    args = [str(tmp_path / "in"), *ARGS, "--period", "2024", "--feedback", str(folder)]
    runner.invoke(app, ["validate", *args])
    (book,) = folder.glob("*.xlsx")
    sheet = load_workbook(book)["Loi"]
    head = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "STT")
    cells = [sheet.cell(r, 3).value for r in range(head + 1, sheet.max_row + 1)]
    placed = [c for c in cells if c and "!" in c]
    assert placed == sorted(placed, key=lambda c: int(c.split("!")[1][1:]))  # row order
    fields = {sheet.cell(r, 4).value for r in range(head + 1, sheet.max_row + 1)}
    assert f"{PLAN.fields['HO_GDHT'].label} (HO_GDHT)" in fields


def test_a_list_pasted_under_the_form_is_read_as_twenty_findings_and_a_count(tmp_path):
    """30 rows of unknown codes under the form: the text and the feedback's list show the first
    20 and count the other 10 on one line; the JSON keeps all 30 (values/findings.py)."""
    rows = grid(values(TAN_LOC.code), TAN_LOC, "2024", date(2024, 11, 30))
    below = len(rows) + 1
    rows += [[f"Hộ {i}", f"HO{i}" if i else 1000, 1] for i in range(30)]  # one a number
    (tmp_path / "in").mkdir()
    write_xlsx(tmp_path / "in" / "x.xlsx", [("BaoCao", rows)])
    folder = tmp_path / "phan-hoi"
    args = [str(tmp_path / "in"), *ARGS, "--period", "2024", "--feedback", str(folder)]
    for lang, counted in (
        ("vi", "… và 10 cảnh báo field.unknown_code nữa, BaoCao!B"),
        ("en", "… and 10 more field.unknown_code (warning), BaoCao!B"),
    ):
        result = runner.invoke(app, ["--lang", lang, "validate", *args])
        assert result.output.count("field.unknown_code") == 21, result.output
        assert counted in " ".join(result.output.split())
        assert f"BaoCao!B{below + 20} … BaoCao!B{below + 29}" in result.output
        assert '"1000"' in result.output and "1000.0" not in result.output  # as it was typed
    (book,) = folder.glob("*.xlsx")
    sheet = load_workbook(book)["Loi"]
    listed = [[c.value for c in row] for row in sheet.iter_rows() if row[5].value]
    unknown = [row for row in listed if row[5] == "field.unknown_code"]
    assert len(unknown) == 21 and unknown[-1][2] == f"BaoCao!B{below + 20} … BaoCao!B{below + 29}"
    assert (
        unknown[-1][4].startswith("Còn 10 mục cùng mã này") and "Sửa (hoặc xóa)" in unknown[-1][4]
    )
    json_out = tmp_path / "kiem-tra.json"
    runner.invoke(app, ["validate", *args, "--format", "json", "-o", str(json_out)])
    assert json_out.read_text(encoding="utf-8").count('"field.unknown_code"') == 30


def test_a_row_the_fresh_form_has_no_place_for_is_listed_at_its_cell_in_the_file_sent(tmp_path):
    """A CSV's feedback is a fresh form: a row of unknown code under its table has no cell
    there, and the list says where it is in the file the clerk sent."""
    from synth import write_csv

    rows = grid(values(TAN_LOC.code), TAN_LOC, "2024", date(2024, 11, 30))
    below = len(rows) + 1
    rows += [[f"Hộ {i}", f"HO{i}", 1] for i in range(25)]
    (tmp_path / "in").mkdir()
    write_csv(tmp_path / "in" / "x.csv", rows)
    folder = tmp_path / "phan-hoi"  # the clerk's feedback: in Vietnamese, whatever --lang
    args = [str(tmp_path / "in"), *ARGS, "--period", "2024", "--feedback", str(folder)]
    runner.invoke(app, ["validate", *args])
    (book,) = folder.glob("*.xlsx")
    sheet = load_workbook(book).worksheets[0]
    cells = [row[2].value for row in sheet.iter_rows() if row[5].value == "field.unknown_code"]
    assert cells[0] == f"x!B{below} (tệp đã gửi)"
    assert cells[-1] == f"x!B{below + 20} … x!B{below + 24} (tệp đã gửi)"
    assert len(cells) == 21  # 20 listed, the other 5 counted on one row
    from xhht_cli.values.findings import Finding
    from xhht_cli.write.feedback import SENT_AT, _cell_order

    whole = Finding("sheet.truncated", "warning", "x", "BaoCao")
    placed = Finding("value.missing", "error", "x", "BaoCao", "E14")
    sent = [
        Finding("field.unknown_code", "warning", "x", "BaoCao", None, params={SENT_AT: f"x!B{n}"})
        for n in (70, 9)
    ]
    ordered = sorted([*sent, placed, whole], key=_cell_order)
    assert ordered == [whole, placed, sent[1], sent[0]]  # the file's, the form's, the file sent's


@given(
    st.lists(st.sampled_from(["a", "b", "c", "field.duplicate"]), max_size=60), st.integers(1, 5)
)
def test_readable_shows_the_first_of_each_code_in_order_and_counts_every_other(codes, shown):
    from xhht_cli.values.findings import Finding, readable

    def finding(i: int, code: str) -> Finding:  # "c" is about a field: each one listed
        field = "HO_GD" if code in ("c", "field.duplicate") else None  # a row pasted again: counted
        return Finding(code, "warning", "x", "S", f"B{i}", field=field)

    findings = [finding(i, c) for i, c in enumerate(codes)]
    kept, repeats = readable(findings, shown)
    assert kept == [
        f for f in findings if f.code == "c" or codes[: int(f.cell[1:]) + 1].count(f.code) <= shown
    ]
    assert "c" not in {r.code for r in repeats}
    assert len(kept) + sum(r.count for r in repeats) == len(findings)
    for more in repeats:
        rest = [f for f in findings if f.code == more.code][shown:]
        assert (more.count, more.first, more.last) == (len(rest), rest[0], rest[-1])


# -- the terminal ---------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [80, 60])
def test_status_keeps_names_and_heads_whole_on_a_narrow_terminal(width):
    from xhht_cli.cli.output import Output
    from xhht_cli.cli.output import grid as table

    out = Output(out=Console(file=io.StringIO(), width=width, force_terminal=True, soft_wrap=True))
    heads = ["Mã", "Đơn vị", "Dự kiến", "Đã nhận", "Đúng hạn", "Trễ hạn", "Hợp lệ", "Có lỗi"]
    rows = table([*heads, "Chưa nộp"], keep=(0, 1), whole=(0, 1))
    rows.add_row("968", "Huyện Trần Văn Thời", *["13"] * 7)
    out.result(rows)
    printed = out.out.file.getvalue()  # type: ignore[attr-defined]
    assert "Huyện Trần Văn Thời" in printed and "Chưa nộp" in printed


def test_letterhead_mistakes_are_told_in_the_runs_language(tmp_path):
    head = tmp_path / "tieu-de.toml"
    head.write_text('agency = 5\nsigner = "x"\nrecipients = "a"\n', encoding="utf-8")
    out = tmp_path / "th.xlsx"
    args = [str(tmp_path), *ARGS, "-o", str(out), "--letterhead", str(head)]
    result = runner.invoke(app, ["aggregate", *args])
    assert result.exit_code == 2
    for english in ("Input should be", "Extra inputs", "valid list"):
        assert english not in result.output
    assert "khóa 'signer': khóa không được biết" in result.output
    head.write_text('agency = "a\n', encoding="utf-8")
    result = runner.invoke(app, ["--lang", "en", "aggregate", *args])
    assert "wrong at line 1, column" in result.output and "Invalid" not in result.output


def test_close_misses_are_named_and_a_config_file_points_to_config():
    result = runner.invoke(app, ["validate", "x", "--year", "2024"])
    assert result.exit_code == 2 and "--period" in result.output
    result = runner.invoke(app, ["run", "xhht.toml"])
    assert "--config xhht.toml" in result.output


def test_internal_registry_labels_never_reach_people():
    registry = load_registry("vn:96")
    assert registry.as_of(2025).label == "vn:96" and "vietnam-provinces" in registry.source
    result = runner.invoke(app, ["units", "show", "--units", "vn:96"])
    assert result.output.startswith("vn:96: ")


def test_a_wrong_number_names_its_field(tmp_path):
    _form(tmp_path / "in" / "x.xlsx", KH_CB="khoảng 5")  # type: ignore[arg-type]
    result = runner.invoke(app, ["validate", str(tmp_path / "in"), *ARGS, "--period", "2024"])
    label = PLAN.fields["KH_CB"].label
    assert f'"khoảng 5" không phải là số (chỉ tiêu "{label}" (KH_CB))' in result.output


def test_template_help_says_the_period_is_this_year():
    assert "năm hiện tại" in runner.invoke(app, ["template", "--help"]).output


def test_aggregate_names_every_output_and_the_unmet_indicators_by_name(tmp_path):
    _form(tmp_path / "in" / "a.xlsx")
    out = [
        "-o",
        str(tmp_path / "th.xlsx"),
        "--json",
        str(tmp_path / "th.json"),
        "--docx",
        str(tmp_path / "th.docx"),
    ]
    result = runner.invoke(
        app, ["aggregate", str(tmp_path / "in"), *ARGS, "--period", "2024", "--parent", "967", *out]
    )
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("Đã ghi: ") and all(
        str(tmp_path / n) in last for n in ("th.xlsx", "th.json", "th.docx")
    )
    assert not any(
        line.rstrip().endswith("Chỉ số chưa đạt:") for line in result.output.splitlines()
    )


def test_a_conflict_stored_before_the_clerks_words_keeps_the_analysts():
    """A finding the cron store kept before its clerk's words named the files (no "files",
    no "count") still has a message: the analyst's; one stored now keeps its list."""
    from xhht_cli.values.codec import finding_from_dict, finding_to_dict
    from xhht_cli.values.findings import Finding

    old = Finding(
        "report.conflict", "error", "a.xlsx", params={"unit": "1", "date": "1/1", "other": "b"}
    )
    assert old.message("vi", reader="clerk") == old.message("vi")
    new = Finding("report.conflict", "error", "x/a.xlsx", params={**old.params, "files": ["b"]})
    assert finding_from_dict(finding_to_dict(new)).params["files"] == ["b"]


def test_the_unmet_list_says_which_year_s_targets_it_holds_the_figures_against(history_run):
    """In 2024 the 2025 targets apply: "56,3% < 70,0%" is against 2025's, and the head says so
    (the documents head their column "Mục tiêu 2025")."""
    _, output = history_run
    assert "Chỉ số chưa đạt mục tiêu năm 2025:" in output
