"""What offices really report, under the texts in force today (issue 29): optional fields and
the ratios over them (docs/plans.md, docs/rollup.md), registered counts, percentages the clerk
typed (docs/form.md), special-difficulty communes' age bands (NĐ 20/2014 Điều 20, 21 khoản 1),
the commune's "Cộng đồng học tập" level (TT 25/2023), the shares no text supports."""

from __future__ import annotations

import pickle
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import DATA
from helpers import PLAN, values
from synth import form_grid, write_xlsx
from xhht_cli.check.pipeline import validate_inputs
from xhht_cli.check.validate import check_rules, check_values
from xhht_cli.cli import app
from xhht_cli.plans import Plan, parse_plan, shipped_plans
from xhht_cli.read.wire import from_wire, to_wire
from xhht_cli.rollup.outcome import Outcome, decide
from xhht_cli.units.registry import Registry
from xhht_cli.units.unit import Unit
from xhht_cli.values.codec import report_from_dict, report_to_dict
from xhht_cli.values.findings import cell_ref
from xhht_cli.values.report import Report, Value
from xhht_cli.write.documents import aggregate_document
from xhht_cli.write.docx_report import write_report
from xhht_cli.write.letterhead import Letterhead
from xhht_cli.write.summary import write_summary
from xhht_cli.write.template import build_template, layout_of

runner = CliRunner()
UNITS = {
    "96": Unit("96", "Tỉnh Cà Mau", "province"),
    "964": Unit("964", "Thành phố Cà Mau", "district", "96"),
    "32001": Unit("32001", "Phường 9", "commune", "964"),
    "32002": Unit("32002", "Phường 2", "commune", "964"),
    "32003": Unit("32003", "Phường 4", "commune", "964"),
}
REGISTRY = Registry(UNITS, "test")
DAY = date(2024, 11, 29)
# A commune of 1.000 households: 610 registered, 500 recognised (61,0 %, 82,0 %, 50,0 %).
MODELS = {"HO_GD": 1000, "HO_DK": 610, "HO_GDHT": 500}
REGISTRATION = ("HO_DK", "DH_DK", "CD_DK", "DV_DK")


def form(code: str, vals: dict[str, int], extra: list[list[Any]] | None = None) -> list[list[Any]]:
    """The canonical form of commune *code*; *extra* rows go below the table, as offices add
    their own percentage rows."""
    rows = form_grid(PLAN, UNITS[code], "2024", vals, DAY)
    at = next(i for i, r in enumerate(rows) if r and r[0] == "" and r[2:3] == ["Người lập biểu"])
    return rows[: at - 1] + (extra or []) + rows[at - 1 :]


def validate(folder: Path, plan: Plan = PLAN):  # type: ignore[no-untyped-def]
    return validate_inputs([folder], plan, REGISTRY, "2024")


def report_of(vals: dict[str, int]) -> Report:
    report = Report("x.xlsx", "form", "BaoCao", "32001", period="2024")
    report.values = {f: Value(f, v, v, "BaoCao", f"E{i}") for i, (f, v) in enumerate(vals.items())}
    return report


def rule_findings(vals: dict[str, int]) -> list[tuple[str, str]]:
    report = report_of(vals)
    return [(f.code, f.severity) for f in check_rules(report, PLAN, UNITS["32001"])]


# -- special-difficulty communes: their own age bands (NĐ 20/2014 Điều 20, 21 khoản 1) ----------

# Level 1 claimed; 85 % of people aged 15–35 literate, 92 % of those aged 15–25.
SPECIAL = values(
    "special", XA_DBKK=1, XMC_MUC=1, DS_15_35=1000, BC1_15_35=850, DS_15_25=500, BC1_15_25=460
)


def test_a_special_commune_at_level_1_on_its_own_band_has_no_warning():
    assert rule_findings(SPECIAL) == []
    # the same figures in an ordinary commune: 85 % of 15–35 is below the 90 % of Điều 20
    assert rule_findings(SPECIAL | {"XA_DBKK": 0}) == [("rule.level_needs_rate", "warning")]


def test_a_special_commune_without_its_band_gets_an_info_not_a_warning(tmp_path):
    vals = {k: v for k, v in SPECIAL.items() if k not in ("DS_15_25", "BC1_15_25")}
    write_xlsx(tmp_path / "a.xlsx", [("BaoCao", form("32001", vals))])
    validation = validate(tmp_path)
    (entry,) = [e for e in validation.entries if e.unit and e.unit.code == "32001"]
    assert entry.status == "valid" and entry.warnings == 0
    (info,) = [f for f in entry.findings if f.code == "rule.special_not_applied"]
    assert info.severity == "info" and info.field == "XMC_MUC"
    message = info.message()
    assert "NĐ 20/2014/NĐ-CP Điều 20 khoản 1" in message and "không được áp dụng" not in message
    assert "chưa được áp dụng" in message and "Dân số từ 15 đến 25 tuổi" in message
    english = info.message("en")
    assert "Article 20(1)" in english and "was not applied" in english


def test_a_special_commune_below_its_band_is_warned_citing_the_article():
    vals = SPECIAL | {"BC1_15_25": 400}  # 80 % of 15–25
    report = report_of(vals)
    (found,) = check_rules(report, PLAN, UNITS["32001"])
    assert (found.code, found.severity, found.params["rate"]) == (
        "rule.level_needs_rate",
        "warning",
        "80.0",
    )
    assert "15–25 tuổi" in found.message() and "Điều 20 khoản 1" in found.message()


def test_level_2_of_a_special_commune_is_tested_on_ages_15_to_35():
    level2 = SPECIAL["DS_15_60"] * 3 // 4
    vals = SPECIAL | {"XMC_MUC": 2, "BC1_15_35": 950, "BC2_15_60": level2}
    vals |= {"BC2_15_60_NU": level2 // 2, "BC2_15_60_DTTS": 0}
    # 75 % of 15–60 at level 2, but 93 % of 15–35 (Điều 21 khoản 1): no warning
    assert rule_findings(vals | {"BC2_15_35": 930}) == []
    assert rule_findings(vals | {"BC2_15_35": 930, "XA_DBKK": 0}) == [
        ("rule.level_needs_rate", "warning")
    ]
    assert rule_findings(vals) == [("rule.special_not_applied", "info")]


# -- optional fields: a report without them is valid ---------------------------------------------


def test_the_template_marks_optional_rows_and_reads_back_valid_without_them(tmp_path):
    workbook = build_template(PLAN, "2024", UNITS["32001"])
    sheet = workbook["BaoCao"]
    layout = layout_of(PLAN)
    for code, fdef in PLAN.fields.items():
        row = dict(layout.field_rows)[code]
        assert (sheet.cell(row, 6).value == "Không bắt buộc") is (not fdef.required), code
    assert set(PLAN.optional) == {
        *REGISTRATION,
        "CDXA_MUC",
        "DS_15_25",
        "BC1_15_25",
        "BC2_15_35",
    }
    for code, value in values("t").items():
        sheet[layout.value_cell(code)] = value
    sheet[layout.report_date] = DAY
    sheet[layout.preparer] = "Nguyễn Văn A"
    workbook.save(tmp_path / "a.xlsx")
    validation = validate(tmp_path)
    (entry,) = [e for e in validation.entries if e.report]
    assert entry.status == "valid"
    assert not [f for f in entry.findings if f.code == "value.missing"]


def test_empty_optional_rows_are_read_without_looking_for_formulas(tmp_path, monkeypatch):
    """The formula check opens a workbook with openpyxl only when a worksheet holds a formula:
    every template report now has empty (optional) cells, and a check of each would cost ten
    times the read."""
    import openpyxl

    from helpers import read

    workbook = build_template(PLAN, "2024", UNITS["32001"])
    layout = layout_of(PLAN)
    for code, value in values("t").items():
        workbook["BaoCao"][layout.value_cell(code)] = value
    workbook.save(tmp_path / "a.xlsx")

    opened: list[object] = []
    load = openpyxl.load_workbook
    monkeypatch.setattr(
        openpyxl, "load_workbook", lambda *a, **k: opened.append(a) or load(*a, **k)
    )
    (report,) = read(tmp_path / "a.xlsx").reports
    assert report.findings == [] and report.values["HO_DK"].value is None
    assert opened == []


def test_a_required_field_left_empty_is_still_missing():
    report = report_of({k: v for k, v in values("t").items() if k != "HO_GD"})
    # no value read at all for it: its row is not on the form (a cell left empty: value.missing)
    assert [f.code for f in check_values(report, PLAN)] == ["value.row_missing"]


# -- registered counts: ratios over the communes that have them ---------------------------------


def _three_communes(tmp_path: Path) -> None:
    """Phường 9 reports registrations and its CĐHT level 2; Phường 2 its level 1 only;
    Phường 4 neither."""
    base = values("a") | MODELS
    write_xlsx(tmp_path / "a.xlsx", [("BaoCao", form("32001", base | {"CDXA_MUC": 2}))])
    other = {k: v for k, v in values("b").items()}
    write_xlsx(tmp_path / "b.xlsx", [("BaoCao", form("32002", other | {"CDXA_MUC": 1}))])
    write_xlsx(tmp_path / "c.xlsx", [("BaoCao", form("32003", values("c")))])


def _with_target(code: str, value: float) -> Plan:
    data = yaml.safe_load(shipped_plans()["quoc-gia-2021-2030"].read_text(encoding="utf-8"))
    data["targets"].append({"indicator": code, "year": 2025, "value": value, "source": "BC_DK"})
    return Plan.model_validate(data)


@pytest.fixture(scope="module")
def registered(tmp_path_factory) -> Outcome:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("registered")
    _three_communes(folder)
    return decide(validate(folder, _with_target("TL_DK_GD", 50)))


def test_a_report_without_registered_counts_is_valid(registered):
    assert {e.status for e in registered.validation.entries} == {"valid"}
    assert registered.tally.valid == 3


def test_the_registration_ratio_counts_only_the_reports_that_have_them(registered):
    district = next(u for u in registered.units if u.unit.code == "964")
    ind = district.indicators["TL_DK_GD"]
    assert (ind.numerator, ind.denominator, ind.value) == (610, 1000, 61.0)  # not over 3 communes
    assert ind.having == 1 and district.reported == 3
    count = registered.data_count(district, ind)
    assert (count.reported, count.expected) == (1, 3)
    recognised = district.indicators["TL_CNDK_GD"]
    assert (recognised.numerator, recognised.denominator) == (500, 610)
    # its verdict is withheld: 1 of 3 communes is below min_coverage, as for any ratio
    assert ind.target == 50 and ind.met is None and registered.withheld(district, ind)
    # a ratio over required fields keeps the unit's coverage
    model = district.indicators["TL_GDHT"]
    assert model.having is None and registered.data_count(district, model).reported == 3
    assert not registered.withheld(district, model)


def test_the_registration_ratio_is_judged_when_enough_communes_have_it(tmp_path):
    for name, code in (("a", "32001"), ("b", "32002"), ("c", "32003")):
        write_xlsx(tmp_path / f"{name}.xlsx", [("BaoCao", form(code, values(name) | MODELS))])
    outcome = decide(validate(tmp_path, _with_target("TL_DK_GD", 50)))
    district = next(u for u in outcome.units if u.unit.code == "964")
    ind = district.indicators["TL_DK_GD"]
    assert (ind.having, ind.value, ind.met) == (3, 61.0, True)


def test_json_and_tonghop_say_how_many_communes_the_ratio_stands_on(registered, tmp_path):
    doc = aggregate_document(registered)
    district = next(u for u in doc["units"] if u["code"] == "964")
    assert district["indicators"]["TL_DK_GD"]["coverage"] == pytest.approx(100 / 3)
    assert district["indicators"]["TL_GDHT"]["coverage"] == 100.0
    write_summary(tmp_path / "th.xlsx", registered)
    rows = list(load_workbook(tmp_path / "th.xlsx")["TongHop"].iter_rows(values_only=True))
    heads = next(r for r in rows if r[0] == "STT")
    note, verdict = heads.index("Ghi chú"), heads.index("Đạt / Chưa đạt")
    row = next(r for r in rows if r[1] == "TL_DK_GD")
    assert "1/3 xã có số liệu" in row[note]
    assert row[verdict] == "chưa đủ số liệu (1/3 xã)"


def test_a_period_is_counted_for_the_ratio_on_the_communes_with_its_data(registered):
    district = next(u for u in registered.units if u.unit.code == "964")
    assert registered.counted(district) == {"2024": True}
    assert registered.counted(district, "TL_GDHT") == {"2024": True}
    assert registered.counted(district, "TL_DK_GD") == {"2024": False}  # 1 of 3 communes


def test_the_draft_report_says_how_many_communes_the_ratio_stands_on(registered, tmp_path):
    import zipfile

    write_report(tmp_path / "bc.docx", registered, Letterhead(), date(2024, 12, 20))
    with zipfile.ZipFile(tmp_path / "bc.docx") as package:
        body = package.read("word/document.xml").decode().replace("\u200b", "")  # as shown
    assert "610/1.000; 1/3 xã có số liệu" in body


def test_the_communes_learning_community_level_is_a_standard_over_communes(registered):
    district = next(u for u in registered.units if u.unit.code == "964")
    one, two = district.indicators["DAT_CDXA1"], district.indicators["DAT_CDXA2"]
    # Phường 4 did not give its level: it does not reach it, and lacks data
    assert (one.numerator, one.denominator, one.lacking) == (2, 3, 1)
    assert (two.numerator, two.denominator, two.lacking) == (1, 3, 1)
    standing = registered.standing(district, one)
    assert standing is not None and (standing.reached, standing.lacking) == (2, 1)


def test_a_standard_over_a_field_no_commune_gave_has_no_value_and_no_verdict(tmp_path):
    """Before the form had CDXA_MUC no commune gave it: the standard has no value (null, as
    the JSON's null rules say) and no verdict, not a 0 % nobody measured; a commune that gave
    level 0 still counts 0/1, and one without a valid report has no value either."""
    write_xlsx(tmp_path / "a.xlsx", [("BaoCao", form("32001", values("a")))])
    write_xlsx(tmp_path / "b.xlsx", [("BaoCao", form("32002", values("b")))])
    outcome = decide(validate(tmp_path, _with_target("DAT_CDXA1", 30)))
    units = {u.unit.code: u for u in outcome.units}
    district = units["964"].indicators["DAT_CDXA1"]
    assert (district.value, district.met, district.target) == (None, None, 30)
    assert (district.numerator, district.denominator, district.lacking) == (0, 3, 3)
    assert units["32001"].indicators["DAT_CDXA1"].value is None  # gave no level
    assert units["32003"].indicators["DAT_XMC1"].value is None  # sent nothing
    document = aggregate_document(outcome)
    (row,) = [u for u in document["units"] if u["code"] == "964"]
    assert row["indicators"]["DAT_CDXA1"]["value"] is None
    # the caveats say it has no value, never that the communes count as not reaching it
    said = {c.kind: c.text for c in outcome.caveats("vi")}
    assert said["unmeasured"].startswith(
        'chưa xã nào có số liệu của Xã được công nhận "Cộng đồng học tập" cấp xã mức độ 1'
    )
    assert "không bắt buộc" not in said.get("lacking", "")
    units = tmp_path.with_name(tmp_path.name + "-units.csv")  # beside the reports, not among
    units.write_text(
        "code,name,level,parent_code\n"
        + "".join(f"{u.code},{u.name},{u.level},{u.parent_code or ''}\n" for u in UNITS.values()),
        encoding="utf-8",
    )
    where = ["--units", str(units), "--period", "2024", "--unit", "964"]
    traced = runner.invoke(app, ["trace", str(tmp_path), *where, "--indicator", "DAT_CDXA1"])
    assert "Chưa có số liệu: không xã nào có CDXA_MUC trong một báo cáo hợp lệ" in traced.output
    write_xlsx(tmp_path / "c.xlsx", [("BaoCao", form("32003", values("c") | {"CDXA_MUC": 0}))])
    measured = decide(validate(tmp_path, _with_target("DAT_CDXA1", 30)))
    again = next(u for u in measured.units if u.unit.code == "964").indicators["DAT_CDXA1"]
    assert (again.value, again.met, again.lacking) == (0.0, False, 2)  # one measured: 0/3


def test_with_no_report_at_all_no_standard_has_a_value_at_any_level(tmp_path):
    """Nobody reported: no commune, district or province has a level or a standard's value
    (a district's own level is not 0 derived from nothing), and a count target gets no
    verdict and no gap, only its share of the units."""
    data = yaml.safe_load(shipped_plans()["quoc-gia-2021-2030"].read_text(encoding="utf-8"))
    data["targets"] += [
        {"indicator": "DAT_XMC1", "year": 2025, "count": 1, "level": "province", "source": "BC_DK"},
        {"field": "PCTH_MUC", "min_level": 3, "year": 2025, "level": "province", "source": "BC_DK"},
    ]
    (tmp_path / "in").mkdir()
    outcome = decide(validate(tmp_path / "in", Plan.model_validate(data)))
    for unit in outcome.units:
        assert not unit.levels, unit.unit.code
        for code, ind in unit.indicators.items():
            if code.startswith("DAT_"):
                assert (ind.value, ind.met) == (None, None), (unit.unit.code, code)
    province = outcome.units[0].indicators["DAT_XMC1"]
    assert (province.numerator, province.denominator, province.lacking) == (0, 1, 1)
    assert (province.target_count, province.target, province.gap) == (1, 100.0, None)
    (own,) = outcome.units[0].level_targets  # the province's own level: none, so no verdict
    assert (own.field, own.level, own.met) == ("PCTH_MUC", None, None)
    # one caveat a tier: the districts' standards, then the communes' (never "no district"
    # for a standard that counts communes)
    tiers = [c.text.split(" nào")[0] for c in outcome.caveats("vi") if c.kind == "unmeasured"]
    assert tiers == ["chưa huyện", "chưa xã"]
    # the draft's section IV says there is nothing to compare, not an empty heading
    write_report(tmp_path / "bc.docx", outcome, Letterhead(), date(2024, 12, 20))
    with zipfile.ZipFile(tmp_path / "bc.docx") as package:
        body = package.read("word/document.xml").decode()
    assert "Chưa đủ huyện có số liệu để so sánh" in body


# -- percentages typed by the clerk ------------------------------------------------------------

TYPED = 'Tỷ lệ hộ gia đình đăng ký xây dựng "Gia đình học tập" (%)'


def test_a_typed_percentage_that_differs_is_one_warning_and_the_counts_are_used(tmp_path):
    extra = [
        ["", "", TYPED, "%", "62,5", ""],  # the counts give 61,0
        ["", "", "Tỷ lệ gia đình học tập", "%", 50, ""],  # 500/1000: right
        ["", "TL_CNDK_GD", "Tỷ lệ công nhận", "%", 82, ""],  # 81,97 typed rounded: right
    ]
    rows = form("32001", values("a") | MODELS, extra)
    write_xlsx(tmp_path / "a.xlsx", [("BaoCao", rows)])
    validation = validate(tmp_path)
    (entry,) = [e for e in validation.entries if e.report]
    assert set(entry.report.typed_percents) == {"TL_DK_GD", "TL_GDHT", "TL_CNDK_GD"}
    (warning,) = [f for f in entry.findings if f.code == "value.percent_mismatch"]
    line = next(i for i, r in enumerate(rows, start=1) if r[2:3] == [TYPED])
    assert (warning.severity, warning.cell, warning.field) == ("warning", f"E{line}", "TL_DK_GD")
    assert "62,5%" in warning.message() and "61,0%" in warning.message()
    assert "62.5%" in warning.message("en") and "61.0%" in warning.message("en")
    assert entry.status == "valid"
    assert not [f for f in entry.findings if f.code == "field.unknown_label"]
    commune = next(u for u in decide(validation).units if u.unit.code == "32001")
    assert commune.indicators["TL_DK_GD"].value == 61.0


@pytest.mark.parametrize(
    ("typed", "warned"),
    [
        (61.05, False),  # within 0,1 point
        (61.2, True),  # typed to one decimal: 0,2 point off
        (61, False),  # typed as a whole number: within its rounding
        (0.61, False),  # a cell formatted as a percentage holds the fraction
        ("61,0 %", False),
        ("khoảng 60", False),  # no number: passed over, it is never used anyway
    ],
)
def test_the_tolerance_of_a_typed_percentage(typed, warned):
    report = report_of(values("a") | MODELS)
    report.typed_percents = {"TL_DK_GD": Value("TL_DK_GD", None, typed, "BaoCao", "E70")}
    codes = [f.code for f in check_values(report, PLAN)]
    assert codes == (["value.percent_mismatch"] if warned else [])


def test_a_typed_percentage_column_of_a_wide_sheet_is_compared(tmp_path):
    fields = [f for f in PLAN.fields if f in values("a") or f in MODELS]
    wide = [
        ["TỔNG HỢP THÀNH PHỐ CÀ MAU"],
        ["Năm báo cáo", 2024],
        [],
        ["Mã xã", "Tên xã", *fields, "Tỷ lệ hộ gia đình đăng ký (%)"],
        ["32001", "Phường 9", *((values("a") | MODELS)[f] for f in fields), 70],
        ["32002", "Phường 2", *((values("b") | MODELS)[f] for f in fields), 61],
    ]
    write_xlsx(tmp_path / "th.xlsx", [("TongHop", wide)])
    validation = validate(tmp_path)
    found = [
        (f.unit_code, f.cell) for f in validation.findings if f.code == "value.percent_mismatch"
    ]
    assert found == [("32001", cell_ref(4, len(fields) + 2))]


def test_typed_percentages_cross_processes_and_the_store():
    report = report_of(values("a") | MODELS)
    report.typed_percents = {"TL_DK_GD": Value("TL_DK_GD", None, "62,5", "BaoCao", "E70")}
    assert from_wire(pickle.loads(pickle.dumps(to_wire(report)))) == report
    assert report_from_dict(report_to_dict(report)) == report
    stored = report_to_dict(report)
    del stored["typed_percents"]  # a report the store kept before issue 29
    assert report_from_dict(stored).typed_percents == {}


# -- sources: plan show, plan check, the summary's notes ----------------------------------------


def _row(lines: list[str], code: str) -> str:
    """The lines of a table row of ``plan show`` whose first cell is *code*, joined."""
    start = next(i for i, line in enumerate(lines) if line.startswith(f"│ {code} "))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("│  "))
    return " ".join(lines[start:end])


def test_plan_show_gives_the_new_fields_and_indicators_with_their_sources():
    result = runner.invoke(app, ["plan", "show", "quoc-gia-2021-2030"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.output
    lines = out.splitlines()
    for code in (*REGISTRATION, "CDXA_MUC", "DS_15_25", "BC1_15_25", "BC2_15_35"):
        row = _row(lines, code)
        assert "không bắt buộc" in row and "Nguồn:" in row, row
    for code in ("TL_DK_GD", "TL_CNDK_DV", "DAT_CDXA1", "DAT_CDXA2"):
        row = _row(lines, code)
        assert "Nguồn: BC_DK" in row or "Nguồn: TT25_2023" in row, row
    # Điều 11 and 15 were not found: their shares say so, in the table and in a sentence
    for field, k, source in (("PCTH_MUC", 3, "ND20_D11"), ("PCTHCS_MUC", 2, "ND20_D15")):
        row = next(line for line in lines if f"│ {field} " in line and f"│ {k} " in line)
        assert source in row and "chưa đối chiếu" in row
    assert "PCTH_MUC mức 3 (ND20_D11), PCTHCS_MUC mức 2 (ND20_D15)" in out
    assert "44/2014" not in out and "Thông tư số 25/2023/TT-BGDĐT" in out
    assert "từ 15 đến 25 tuổi" in out  # the clause of Điều 20 khoản 1, quoted


def test_every_shipped_plan_carries_the_new_form_and_no_replaced_circular():
    for name, path in shipped_plans().items():
        text = path.read_text(encoding="utf-8")
        assert "44/2014" not in text, name
        plan, problems = parse_plan(text)
        assert plan is not None and not problems, name
        assert plan.optional == PLAN.optional, name
        assert set(plan.partial) == {
            f"TL_{kind}_{model}" for kind in ("DK", "CNDK") for model in ("GD", "DH", "CD", "DV")
        }
        assert plan.unverified_shares == [
            ("PCTH_MUC", 3, "ND20_D11"),
            ("PCTHCS_MUC", 2, "ND20_D15"),
        ]


def test_plan_check_says_a_special_band_needs_a_flag(tmp_path):
    text = (DATA / "plans" / "minimal.yaml").read_text(encoding="utf-8")
    plan, problems = parse_plan(text)
    assert plan is not None, problems
    data = yaml.safe_load(text)
    count = next(f["code"] for s in data["sections"] for f in s["fields"] if f["kind"] == "count")
    level = next(f["code"] for s in data["sections"] for f in s["fields"] if f["kind"] == "level")
    data["rules"] = [
        {
            "type": "level_needs_rate",
            "field": level,
            "min_level": 1,
            "numerator": count,
            "denominator": count,
            "threshold": 90,
            "special": {
                "flag": count,
                "numerator": count,
                "denominator": count,
                "article": "Điều 20 khoản 1",
            },
        }
    ]
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["plan", "check", str(path)])
    assert result.exit_code == 2
    assert "special.flag" in result.output and "không phải loại flag" in result.output


def test_the_summary_notes_the_unverified_shares(registered, tmp_path):
    write_summary(tmp_path / "th.xlsx", registered)
    rows = list(load_workbook(tmp_path / "th.xlsx")["TongHop"].iter_rows(values_only=True))
    (note,) = [v for r in rows for v in r if "chưa đối chiếu" in str(v or "")]
    assert "phổ cập giáo dục tiểu học mức 3 (NĐ 20/2014/NĐ-CP, Điều 11)" in note
    assert "phổ cập giáo dục trung học cơ sở mức 2 (NĐ 20/2014/NĐ-CP, Điều 15)" in note


@given(
    threshold=st.sampled_from([50.0, 80.0, 90.0, 95.0, 100.0]),
    short=st.floats(min_value=1e-5, max_value=50.0, allow_nan=False),
)
def test_a_rate_below_the_threshold_never_reads_as_the_threshold(threshold, short):
    """A value shown against a bound it falls short of reads as short of it: 89.96 % against
    90 % is "89.96", not "90.0" (< 90 %); one decimal where it is enough (the level warnings,
    the report's and the workbook's verdicts)."""
    from decimal import ROUND_HALF_UP, Decimal

    from xhht_cli.base.i18n import decimals_under

    def in_a_cell(value: float, decimals: int) -> float:  # half up from 15 significant digits
        digits = Decimal(format(value, ".15g"))
        return float(digits.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP))

    rate = threshold - short
    decimals = decimals_under(rate, threshold)
    shown = f"{rate:.{decimals}f}"  # as Python writes it (the report, the warnings)
    assert float(shown) < threshold and in_a_cell(rate, decimals) < threshold
    assert decimals == 1 or in_a_cell(rate, decimals - 1) >= threshold
    assert abs(float(shown) - rate) <= 0.5 * 10**-decimals + 1e-12
