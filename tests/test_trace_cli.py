"""`xhht trace` and the outputs' sources at the command line (docs/lineage.md): the figure and
its lines through the files and through `run`'s store, the usage errors, `aggregate --sources`,
the workbook's `NguonSoLieu` and the .docx appendix."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

from conftest import SAMPLE_REGISTRY, SAMPLES
from helpers import PLAN
from xhht_cli.check.pipeline import read_all, validate_reads
from xhht_cli.cli import app, trace_text
from xhht_cli.cli.output import Output
from xhht_cli.read.discover import discover
from xhht_cli.rollup.outcome import Outcome, decide
from xhht_cli.units.load import load_registry
from xhht_cli.write.docx_report import write_report
from xhht_cli.write.letterhead import Letterhead
from xhht_cli.write.sources import SOURCE_COLUMNS, source_rows, write_sources
from xhht_cli.write.summary import write_summary

# the reading has its own tests: the samples are read once a process (tests/conftest.py)
pytestmark = pytest.mark.usefixtures("samples_read_once")

runner = CliRunner()
REFORM = SAMPLES / "cai-cach-2025"
U_MINH = SAMPLES / "2024" / "966-huyen-u-minh"  # 8 communes: small enough to read often
UNITS = ("--units", str(SAMPLE_REGISTRY))
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]")


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def _lines(document: dict) -> list[tuple]:  # type: ignore[type-arg]
    """A trace's lines as what must not change with where they were read from."""
    return [
        (
            x["code"],
            Path(x["file"]).name,
            x["sha256"],
            x["numerator"],
            x["denominator"],
            [(c["field"], c["value"], c["sheet"], c["cell"]) for c in x["cells"]],
        )
        for x in document["lines"]
    ]


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Path:
    """U Minh's reports; Khánh Hòa's an earlier version too (dated a day before, one number
    less: superseded); and a letter that is no report."""
    folder = tmp_path_factory.mktemp("hop-thu")
    for path in U_MINH.iterdir():
        shutil.copy(path, folder / path.name)
    book = load_workbook(U_MINH / "32047-xa-khanh-hoa.xlsx")
    sheet = book["BaoCao"]
    sheet["C9"] = datetime(2024, 11, 28)
    sheet["E14"] = int(sheet["E14"].value) + 1  # a household more in the first version
    book.save(folder / "32047-lan-1.xlsx")
    (folder / "cong-van.docx").write_bytes(b"PK not a report")
    return folder


@pytest.fixture(scope="module")
def outcome(inbox) -> Outcome:
    """The run of the inbox, in this process (for what needs no command line)."""
    reads = read_all(discover([inbox]), PLAN)
    return decide(validate_reads(reads, PLAN, load_registry(str(SAMPLE_REGISTRY)), "2024"))


def test_trace_of_the_province_gives_238516_over_423575_from_100_communes():
    result = invoke(
        "trace",
        str(SAMPLES / "2024"),
        *UNITS,
        "--period",
        "2024",
        "--unit",
        "96",
        "--indicator",
        "TL_GDHT",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["schema"] == "xhht/trace/v1"
    assert (document["numerator"], document["denominator"]) == (238516, 423575)
    assert len(document["lines"]) == 100
    assert document["totals"] == {"numerator": 238516, "denominator": 423575}


def test_the_text_trace_prints_every_line_and_their_total(inbox, monkeypatch):
    monkeypatch.chdir(inbox.parent)  # paths as short as a user's (a longer one folds)
    result = invoke("trace", inbox.name, *UNITS, "--unit", "966", "--indicator", "TL_GDHT")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "61,1% = 17.011/27.837 (HO_GDHT / HO_GD); 8/8 xã" in out
    total = next(line for line in out.splitlines() if "Tổng" in line)
    assert "17.011" in total and "27.837" in total
    for code in ("32044", "32047", "32062"):
        assert f"│ {code} │" in out
    assert out.count("BaoCao!E15") == 8  # every commune's cell of the numerator
    # the first version is not used, and says which is
    assert "32047-lan-1.xlsx" in out and "32047-xa-khanh-hoa.xlsx" in out
    assert "cong-van.docx" not in out  # no commune's: at the top of the run only
    assert "Căn cứ QD387_2025" in out


def test_the_standards_trace_names_the_rule_and_its_article(inbox):
    result = invoke("trace", str(inbox), *UNITS, "--unit", "966", "--indicator", "DAT_PCTHCS3")
    assert result.exit_code == 0, result.output
    assert "8/8 xã đạt PCTHCS_MUC ≥ 3" in result.stdout
    assert "ít nhất 100% số xã đạt mức 3" in result.stdout
    assert "Căn cứ ND20_D16" in result.stdout and "Điều 16" in result.stdout


def test_in_english_the_trace_has_no_vietnamese_table_heads(inbox):
    result = invoke(
        "--lang", "en", "trace", str(inbox), *UNITS, "--unit", "966", "--indicator", "DAT_PCTHCS3"
    )
    assert result.exit_code == 0, result.output
    heads = [line for line in result.stdout.splitlines() if "┃" in line]
    assert heads and not any(VIETNAMESE.search(line) for line in heads)
    assert "8/8 communes at PCTHCS_MUC ≥ 3" in result.stdout


def test_an_earlier_period_given_with_history_is_traced_on_todays_units(tmp_path):
    """Today's Phường Bạc Liêu (2025, under vn:96) in 2024: its five old wards of Bạc Liêu
    city, from the history (the run is 2025's, the figure 2024's, carried)."""
    now = tmp_path / "2025"
    now.mkdir()
    shutil.copy(REFORM / "ca-mau-2025" / "31825-phuong-bac-lieu.xlsx", now)
    city = REFORM / "bac-lieu-2024" / "954-thanh-pho-bac-lieu"
    result = invoke(
        "trace",
        str(now),
        "--history",
        str(city),
        "--units",
        "vn:96",
        "--period",
        "2024",
        "--unit",
        "31825",
        "--indicator",
        "TL_GDHT",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert (document["run_period"], document["period"], document["carried"]) == (
        "2025",
        "2024",
        True,
    )
    assert [(x["code"], x["name"], x["into"], x["share"]) for x in document["lines"]] == [
        (code, name, "31825", 1.0)
        for code, name in (
            ("31813", "Phường 2"),
            ("31816", "Phường 3"),
            ("31822", "Phường 7"),
            ("31825", "Phường 1"),
            ("31828", "Phường 8"),
        )
    ]
    assert document["totals"] == {"numerator": 11763, "denominator": 23443}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--unit", "966", "--indicator", "TL_NOPE"), "TL_GDHT"),
        (("--unit", "99999", "--indicator", "TL_GDHT"), "99999"),
        (("--unit", "966", "--indicator", "TL_GDHT", "--period", "2019"), "2019"),
        (("--unit", "966", "--indicator", "TL_GDHT", "--period", "24"), "24"),
        (("--unit", "966", "--indicator", "TL_GDHT", "--config", "x.toml"), "--config"),
    ],
)
def test_a_wrong_unit_indicator_period_or_source_is_exit_2_saying_so(inbox, args, expected):
    result = invoke("trace", str(inbox), *UNITS, *args)
    assert result.exit_code == 2, result.output
    assert expected in result.stderr and "Traceback" not in result.output


def test_without_reports_or_config_the_trace_asks_for_one():
    result = invoke("trace", "--unit", "966", "--indicator", "TL_GDHT")
    assert result.exit_code == 2 and "--config" in result.stderr


def test_a_trace_through_runs_store_gives_the_same_lines_as_through_the_files(inbox, tmp_path):
    from xhht_cli.batch.config import load_config
    from xhht_cli.batch.run import run_batch

    shutil.copy(SAMPLE_REGISTRY, tmp_path / "don-vi.csv")
    config = tmp_path / "xhht.toml"
    config.write_text(
        f'inbox = "{inbox.as_posix()}"\noutput = "ket-qua"\nstore = "xhht.sqlite"\n'
        'units = "don-vi.csv"\nperiod = "2024"\n',
        encoding="utf-8",
    )
    missing = invoke("trace", "--config", str(config), "--unit", "966", "--indicator", "TL_GDHT")
    assert missing.exit_code == 2 and "xhht run" in missing.stderr  # no store yet
    run_batch(load_config(config))
    documents = []
    for source in (("--config", str(config)), (str(inbox), *UNITS, "--period", "2024")):
        result = invoke(
            "trace", *source, "--unit", "966", "--indicator", "TL_GDHT", "--format", "json"
        )
        assert result.exit_code == 0, result.output
        documents.append(json.loads(result.stdout))
    store, files = documents
    assert _lines(store) == _lines(files) and len(store["lines"]) == 8
    not_used = [(Path(u["file"]).name, u["reason"]) for u in store["not_used"]]
    assert not_used == [(Path(u["file"]).name, u["reason"]) for u in files["not_used"]]


# -- the outputs carry their sources ---------------------------------------------------------


def test_aggregate_writes_the_sources_as_a_long_table(inbox, tmp_path):
    out = tmp_path / "nguon.csv"
    result = invoke(
        "aggregate", str(inbox), *UNITS, "-o", str(tmp_path / "x.xlsx"), "--sources", str(out)
    )
    assert result.exit_code in (0, 1), result.output
    with open(out, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["unit", "period", "field", "value", "file", "sheet", "cell", "sha256"]
    assert {r["unit"] for r in rows} == {p.name[:5] for p in U_MINH.glob("*.xlsx")}
    household = [r for r in rows if r["field"] == "HO_GD"]
    assert len(household) == 8 and {r["cell"] for r in household} == {"E14"}
    assert sum(int(r["value"]) for r in household) == 27837
    assert all(len(r["sha256"]) == 64 for r in rows)


def test_the_sources_as_parquet(outcome, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "nguon.parquet"
    write_sources(out, outcome)
    table = pq.read_table(out)
    assert table.column_names == list(SOURCE_COLUMNS)
    assert str(table.schema.field("value").type) == "int64"
    assert table.num_rows == sum(1 for _ in source_rows(outcome)) == 8 * len(PLAN.fields)


@pytest.mark.parametrize("name", ["nguon.txt", "nguon.parquet"])
def test_a_sources_file_that_cannot_be_written_is_exit_2_before_any_work(
    tmp_path, monkeypatch, name
):
    if name.endswith(".parquet"):
        monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if it were not installed
    summary = tmp_path / "x.xlsx"
    result = invoke(
        "aggregate",
        str(tmp_path / "no-such-folder"),
        "-o",
        str(summary),
        "--sources",
        str(tmp_path / name),
    )
    assert result.exit_code == 2
    assert ("pyarrow" if name.endswith(".parquet") else ".csv") in result.stderr
    assert not summary.exists()


def test_the_summary_and_the_draft_list_every_report_used_and_not_used(outcome, tmp_path):
    summary, draft = tmp_path / "x.xlsx", tmp_path / "x.docx"
    write_summary(summary, outcome)
    write_report(draft, outcome, Letterhead().filled("Huyện U Minh"))
    sheet = load_workbook(summary)["NguonSoLieu"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][:5] == ("STT", "Mã xã", "Tên xã", "Thuộc", "Tệp")
    used = rows[3:11]
    assert [r[1] for r in used] == sorted(p.name[:5] for p in U_MINH.glob("*.xlsx"))
    assert {r[3] for r in used} == {"Huyện U Minh"}
    assert all(len(r[7]) == 16 for r in used)  # the start of the SHA-256
    text = "\n".join(" ".join(str(c) for c in r if c is not None) for r in rows[11:])
    assert "KHÔNG ĐƯỢC DÙNG" in text and "cong-van.docx" in text and "32047-lan-1.xlsx" in text
    assert sheet.page_setup.paperSize == 9 and sheet.print_title_rows == "$3:$3"
    with zipfile.ZipFile(draft) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    appendix = re.sub(r"<[^>]+>", " ", xml[xml.index("pageBreakBefore") :])
    assert "Phụ lục" in appendix and "DANH SÁCH BÁO CÁO ĐÃ TỔNG HỢP" in appendix
    for path in U_MINH.glob("*.xlsx"):
        assert path.name in appendix
    assert "cong-van.docx" in appendix and "32047-lan-1.xlsx" in appendix


def test_on_an_80_column_terminal_the_lines_fit_and_nothing_is_cut(outcome, inbox):
    """The lines' table fits 80 columns; a table that cannot (the files, with their paths)
    becomes one "head: value" line per cell, every path whole (cli/output.py)."""
    screen = io.StringIO()
    terminal = Console(file=screen, width=80, force_terminal=True, color_system=None)
    saved, trace_text.OUT = trace_text.OUT, Output(out=terminal)
    try:
        trace_text.print_trace(outcome.trace("966", "TL_GDHT"), outcome)
    finally:
        trace_text.OUT = saved
    text = screen.getvalue()
    table = [line for line in text.splitlines() if line[:1] in "┏┃┡│└"]
    assert len(table) >= 8 + 5 and all(cell_len(line) <= 80 for line in table)
    for path in inbox.glob("*.xlsx"):
        assert str(path) in text  # the files' records: each path whole
