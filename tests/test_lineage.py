"""Every figure traceable to the cells it came from (docs/lineage.md): the trace of a ratio, a
standard and a carried period, the totals equal to the sums of the lines for every indicator,
the reports not used and why, the store of `run` giving the same lines as the files."""

from __future__ import annotations

import random
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SAMPLE_REGISTRY, SAMPLES
from helpers import PLAN
from synth import plausible_values
from xhht_cli.check.pipeline import Read, read_all, validate_reads
from xhht_cli.read import FileRead
from xhht_cli.read.discover import InputFile, discover
from xhht_cli.rollup.lineage import INVALID, OTHER_PERIOD, OUTSIDE, SUPERSEDED, UNREADABLE
from xhht_cli.rollup.outcome import Outcome, decide
from xhht_cli.units.load import load_registry
from xhht_cli.units.registry import Registry
from xhht_cli.units.unit import Unit
from xhht_cli.values.report import Report, Value
from xhht_cli.write.sources import TRACE_SCHEMA, trace_document

# the reading has its own tests: the samples are read once a process (tests/conftest.py)
pytestmark = pytest.mark.usefixtures("samples_read_once")

REFORM = SAMPLES / "cai-cach-2025"
CA_MAU_2024 = load_registry(str(SAMPLE_REGISTRY))


@pytest.fixture(scope="module")
def reads_2023() -> list[Read]:
    return read_all(discover([SAMPLES / "2023"]), PLAN)


@pytest.fixture(scope="module")
def reads_2024() -> list[Read]:
    return read_all(discover([SAMPLES / "2024"]), PLAN)


@pytest.fixture(scope="module")
def run_2024(reads_2024, reads_2023) -> Outcome:
    """2024's samples, with 2023's (broken files and all) as the earlier period."""
    return decide(validate_reads(reads_2024, PLAN, CA_MAU_2024, "2024", history=reads_2023))


@pytest.fixture(scope="module")
def run_2023(reads_2023) -> Outcome:
    return decide(validate_reads(reads_2023, PLAN, CA_MAU_2024, "2023"))


@pytest.fixture(scope="module")
def reform(reads_2024) -> Outcome:
    """Today's Cà Mau in 2025, old Cà Mau and old Bạc Liêu of 2024 carried onto it."""
    now = read_all(discover([REFORM / "ca-mau-2025"]), PLAN)
    before = [*reads_2024, *read_all(discover([REFORM / "bac-lieu-2024"]), PLAN)]
    return decide(validate_reads(now, PLAN, load_registry("vn:96"), "2025", history=before))


def _communes_under(code: str) -> list[str]:
    return [u.code for u in CA_MAU_2024.communes_under(code)]


# -- what it must show -----------------------------------------------------------------------


def test_the_province_ratio_is_its_100_commune_reports_added_up(run_2024):
    trace = run_2024.trace("96", "TL_GDHT")
    assert (trace.numerator, trace.denominator) == (238516, 423575)
    assert len(trace.lines) == 100
    assert trace.line_totals == (238516, 423575)
    assert {line.unit.code for line in trace.lines} == set(_communes_under("96"))
    for line in trace.lines:
        cells = {c.field: c for c in line.cells}
        assert (line.numerator, line.denominator) == (cells["HO_GDHT"].value, cells["HO_GD"].value)
        assert cells["HO_GD"].where == "BaoCao!E14" and cells["HO_GDHT"].where == "BaoCao!E15"
        source = line.source
        assert source is not None and re.fullmatch(r"[0-9a-f]{64}", source.sha256)
        assert source.file.endswith(".xlsx") and line.unit.code in source.file
        # on the command line the form's date is what the run goes by: no arrival time is
        # claimed from a file's copy time (docs/outcome.md, "The deadline")
        assert source.report_date == date(2024, 11, 29) and source.received is None
    cited = trace.target
    assert cited is not None and cited.target.value == 70.0 and cited.met is False
    assert "387/QĐ-TTg" in cited.sources["QD387_2025"]


def test_a_district_ratio_is_its_communes_reports(run_2024):
    trace = run_2024.trace("966", "TL_GDHT")
    assert [line.unit.code for line in trace.lines] == _communes_under("966")
    assert trace.line_totals == (trace.numerator, trace.denominator) == (17011, 27837)
    assert trace.unused == [] and trace.missing == []


def test_a_districts_standard_is_its_communes_levels_and_nd20_article_16(run_2024):
    trace = run_2024.trace("966", "DAT_PCTHCS3")
    assert [line.unit.code for line in trace.lines] == _communes_under("966")
    assert all(line.standing == 3 and line.reached for line in trace.lines)
    assert [c.where for line in trace.lines for c in line.cells] == ["BaoCao!E41"] * 8
    assert trace.line_totals == (trace.numerator, trace.denominator) == (8, 8)
    rule = trace.rule
    assert rule is not None
    assert (rule.field, rule.tier, rule.below, rule.k, rule.share) == (
        "PCTHCS_MUC",
        "district",
        "commune",
        3,
        100.0,
    )
    assert rule.level == 3 and not rule.assumption
    assert list(rule.sources) == ["ND20_D16"]
    assert "Điều 16" in rule.sources["ND20_D16"] and "khoản 2" in rule.sources["ND20_D16"]


def test_the_provinces_standard_counts_its_districts_by_their_own_levels(run_2024):
    trace = run_2024.trace("96", "DAT_PCTHCS3")
    assert [line.unit.level for line in trace.lines] == ["district"] * 9
    assert all(line.source is None for line in trace.lines)  # derived: no file of their own
    assert trace.line_totals == (trace.numerator, trace.denominator) == (4, 9)
    assert trace.rule is not None and trace.rule.level == 2 and trace.rule.below == "district"


def _every_trace(outcome: Outcome):  # type: ignore[no-untyped-def]
    for period in outcome.periods:
        for unit in outcome.tracer.shown(period):
            for code in outcome.plan.indicator_map:
                yield outcome.trace(unit, code, period)


def test_the_totals_are_the_sums_of_the_lines_for_every_indicator_unit_and_period(run_2024, reform):
    checked = 0
    for outcome in (run_2024, reform):
        for trace in _every_trace(outcome):
            if trace.numerator is None:  # a term without a value: no figure, no line adds one
                continue
            assert trace.line_totals == (trace.numerator, trace.denominator), (
                trace.period,
                trace.unit.code,
                trace.indicator.code,
            )
            checked += 1
    assert checked > 2 * 30 * 111  # both periods of both runs, every unit and indicator


def test_todays_phuong_bac_lieu_in_2024_is_its_five_old_communes(reform):
    trace = reform.trace("31825", "TL_GDHT", "2024")
    assert trace.carried and trace.unit.name == "Phường Bạc Liêu"
    assert [(x.unit.code, x.unit.name) for x in trace.lines] == [
        ("31813", "Phường 2"),
        ("31816", "Phường 3"),
        ("31822", "Phường 7"),
        ("31825", "Phường 1"),
        ("31828", "Phường 8"),
    ]
    for line in trace.lines:
        assert line.origin is not None and line.origin.new_code == "31825"
        assert line.origin.share == 1.0 and "bac-lieu-2024" in (
            line.source.file if line.source else ""
        )
    assert trace.line_totals == (trace.numerator, trace.denominator) == (11763, 23443)


def test_a_split_commune_shows_the_whole_the_exact_product_and_the_rounded_part(reform):
    parts: dict[tuple[str, str], list[tuple[int, float, int]]] = {}
    for unit in reform.tracer.shown("2024"):
        if reform.registry[unit].level != "commune":
            continue
        for line in reform.trace(unit, "TL_GDHT", "2024").lines:
            for cell in line.cells:
                if cell.exact is not None:
                    assert cell.whole is not None and cell.value is not None
                    assert abs(cell.value - cell.exact) < 1
                    parts.setdefault((line.unit.code, cell.field), []).append(
                        (cell.whole, cell.exact, cell.value)
                    )
    assert parts
    for found in parts.values():  # the parts of an old commune add up to its cell
        whole = found[0][0]
        assert sum(value for _, _, value in found) == whole
        assert sum(exact for _, exact, _ in found) == pytest.approx(whole)


def test_the_reports_not_used_say_why(run_2023):
    trace = run_2023.trace("96", "TL_GDHT")
    by_file = {Path(u.file).name: u for u in trace.unused}
    final = by_file["BC XHHT xa Tan Loc 2023.xlsx"]
    assert final.reason == SUPERSEDED and final.newer is not None and "(final)" in final.newer
    wrong = by_file["32020 Phuong 7 (xuat tu phan mem).xlsx"]
    assert wrong.reason == INVALID and wrong.finding is not None
    assert wrong.finding.code == "value.formula_uncached" and wrong.finding.cell
    assert by_file["32023-xa-an-xuyen-2022.xlsx"].reason == OTHER_PERIOD
    assert by_file["BC XHHT xa Tran Phan 2023.xls"].reason == UNREADABLE
    assert by_file["cong-van-huong-dan.docx"].reason == "ignored"
    assert [u.code for u in trace.missing] == ["32092"]
    # a district lists its own communes' reports only
    district = run_2023.trace("967", "TL_GDHT")
    assert {Path(u.file).name for u in district.unused} == {"BC XHHT xa Tan Loc 2023.xlsx"}
    assert [u.code for u in district.missing] == ["32092"]


def test_reports_outside_the_scope_are_said_to_be(reads_2024):
    """Under --parent 966 the other districts' reports belong to no commune of the run: the
    top of the run lists them as outside the scope, and rolls up U Minh's alone."""
    outcome = decide(validate_reads(reads_2024, PLAN, CA_MAU_2024, "2024", "966"))
    trace = outcome.trace("966", "TL_GDHT")
    assert [x.unit.code for x in trace.lines] == _communes_under("966")
    outside = [u for u in trace.unused if u.reason == OUTSIDE]
    assert len(outside) == 100 - 8 and len(trace.unused) == len(outside)
    assert all(u.finding is not None and u.finding.code == "unit.outside_parent" for u in outside)


def test_the_trace_document_is_versioned_and_its_totals_are_its_lines(run_2024):
    document = trace_document(run_2024.trace("966", "TL_GDHT"), run_2024, "en")
    assert document["schema"] == TRACE_SCHEMA == "xhht/trace/v1"
    lines = document["lines"]
    assert document["totals"] == {
        "numerator": sum(x["numerator"] for x in lines),
        "denominator": sum(x["denominator"] for x in lines),
    }
    assert document["numerator"] == document["totals"]["numerator"]
    first = lines[0]
    assert first["cells"][0] == {
        "field": "HO_GDHT",
        "value": first["numerator"],
        "sheet": "BaoCao",
        "cell": "E15",
        "whole": None,
        "exact": None,
    }
    assert first["received"] is None  # not known on the command line (--received mtime: the file's)
    assert document["sources"]["QD387_2025"].startswith("Quyết định số 387")


# -- an invariant over made-up provinces -----------------------------------------------------


def _registry(districts: int, communes: int) -> Registry:
    units = {"1": Unit("1", "Tỉnh A", "province")}
    for d in range(districts):
        units[f"1{d}"] = Unit(f"1{d}", f"Huyện {d}", "district", "1")
        for c in range(communes):
            code = f"1{d}{c:02d}"
            units[code] = Unit(code, f"Xã {code}", "commune", f"1{d}")
    return Registry(units, "test")


def _synthetic(code: str, seed: int, level: int) -> Read:
    numbers = plausible_values(random.Random(seed), pcthcs=level)
    report = Report(f"{code}.xlsx", "form", "BaoCao", unit_code=code, period="2024")
    report.report_date = date(2024, 11, 30)
    report.values = {
        f: Value(f, v, v, "BaoCao", f"E{i + 14}") for i, (f, v) in enumerate(numbers.items())
    }
    file = InputFile(Path(report.path), report.path, 1, 0.0, f"{code}-{seed}", "xlsx")
    return FileRead(file, [report], [])


@settings(max_examples=10, deadline=None)
@given(
    st.integers(1, 3),
    st.integers(1, 5),
    st.lists(st.tuples(st.booleans(), st.integers(0, 3)), min_size=15, max_size=15),
)
def test_whatever_is_sent_the_lines_add_up_to_the_figure(districts, communes, sent):
    registry = _registry(districts, communes)
    leaves = [u.code for u in registry.communes_under()]
    reads = [
        _synthetic(code, i, level)
        for i, (code, (sends, level)) in enumerate(zip(leaves, sent, strict=False))
        if sends
    ]
    outcome = decide(validate_reads(reads, PLAN, registry, "2024"))
    for trace in _every_trace(outcome):
        if trace.numerator is not None:
            assert trace.line_totals == (trace.numerator, trace.denominator)
        if trace.indicator.type == "ratio":
            below = {u.code for u, _ in registry.walk(trace.unit.code)}
            # a ratio over optional fields stands on the communes that gave them all
            needs = PLAN.partial.get(trace.indicator.code, ())
            given = {
                r.reports[0].unit_code
                for r in reads
                if all(r.reports[0].number(f) is not None for f in needs)
            }
            expected = given & below
            assert {x.unit.code for x in trace.lines} == expected
