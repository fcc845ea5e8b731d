"""Aggregation: roll-up invariants (hypothesis), the seed plan on the samples, the workbook."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import ROOT, SAMPLE_REGISTRY, SAMPLES
from helpers import PLAN
from xhht_cli.check.validate import completeness
from xhht_cli.cli import app
from xhht_cli.plans import RatioIndicator, StandardIndicator, load_plan
from xhht_cli.read.discover import InputFile
from xhht_cli.rollup.outcome import decide
from xhht_cli.units.registry import Registry
from xhht_cli.units.unit import Unit
from xhht_cli.values.report import Report, Value
from xhht_cli.values.results import Entry, Validation

# the reading has its own tests: the samples are read once a process (tests/conftest.py)
pytestmark = pytest.mark.usefixtures("samples_read_once")

runner = CliRunner()
COUNTS = ["HO_GD", "HO_GDHT", "NL_CDHT", "CB_CDHT", "CDHT_KNS", "DS_15", "DT_CMKT"]
LEVELS = {"XMC_MUC": 2, "PCTH_MUC": 3, "PCTHCS_MUC": 3, "PCMN5": 1}
OPTIONAL = {"HO_DK": 10_000, "CDXA_MUC": 2}  # in some reports only (issue 29)


@st.composite
def provinces(draw):  # type: ignore[no-untyped-def]
    """A province with or without districts, and a report (or none) for each commune."""
    with_districts = draw(st.booleans())
    units = {"96": Unit("96", "Tỉnh A", "province")}
    parents = ["96"]
    if with_districts:
        parents = [f"9{i:02d}" for i in range(draw(st.integers(1, 4)))]
        for code in parents:
            units[code] = Unit(code, f"Huyện {code}", "district", "96")
    reports: dict[str, dict[str, int]] = {}
    n = 0
    for parent in parents:
        for _ in range(draw(st.integers(1, 6))):
            n += 1
            code = f"{30000 + n:05d}"
            units[code] = Unit(code, f"Xã {code}", "commune", parent)
            if draw(st.booleans()) or draw(st.booleans()):
                vals = {f: draw(st.integers(0, 10_000)) for f in COUNTS}
                vals.update({f: draw(st.integers(0, top)) for f, top in LEVELS.items()})
                for f, top in OPTIONAL.items():
                    if draw(st.booleans()):
                        vals[f] = draw(st.integers(0, top))
                reports[code] = vals
    return Registry(units, "test"), reports


def validation_of(registry: Registry, reports: dict[str, dict[str, int]]) -> Validation:
    entries = []
    for code, vals in reports.items():
        report = Report(
            path=f"{code}.xlsx", layout="form", sheet="BaoCao", unit_code=code, period="2024"
        )
        report.values = {f: Value(f, v, v, "BaoCao", "E1") for f, v in vals.items()}
        file = InputFile(Path(f"{code}.xlsx"), f"{code}.xlsx", 1, 0.0, code, "xlsx")
        entries.append(Entry(file, "valid", report, registry[code]))
    validation = Validation(PLAN, registry, "2024", None, entries)
    validation.completeness = completeness(registry, entries, 2024, None)
    return validation


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(provinces())
def test_rollup_invariants(case):
    registry, reports = case
    summary = decide(validation_of(registry, reports))
    results = {r.unit.code: r for r in summary.units}
    for result in summary.units:
        code = result.unit.code
        communes = [u.code for u in registry.communes_under(code)]
        reporting = [c for c in communes if c in reports]
        assert (result.expected, result.reported) == (len(communes), len(reporting))
        children = registry.children_of(code)
        for field in COUNTS:
            if reporting:
                assert result.values[field] == sum(reports[c][field] for c in reporting)
                if children:  # every parent's count is the sum of its children's
                    assert result.values[field] == sum(
                        results[c.code].values.get(field, 0) for c in children
                    )
            else:
                assert field not in result.values
        for indicator in PLAN.indicators:
            got = result.indicators[indicator.code]
            if isinstance(indicator, RatioIndicator):
                terms = indicator.numerator_terms + indicator.denominator_terms
                # a ratio over optional fields: over the reports that have them, counted
                having = [c for c in reporting if all(t in reports[c] for t in terms)]
                if indicator.code in PLAN.partial:
                    assert got.having == len(having)
                else:
                    assert got.having is None
                if not having or any(t not in COUNTS and t not in OPTIONAL for t in terms):
                    assert got.value is None
                    continue
                num = sum(reports[c][t] for c in having for t in indicator.numerator_terms)
                den = sum(reports[c][t] for c in having for t in indicator.denominator_terms)
                assert (got.numerator, got.denominator) == (num, den)
                assert got.value == (num / den * 100 if den else None)
            else:
                assert isinstance(indicator, StandardIndicator)
                if not children:
                    over = [code]
                elif indicator.over == "commune":
                    over = communes
                else:
                    over = [c.code for c in children]
                field = indicator.field

                def level(u: str, field: str = field) -> int:
                    return results[u].levels.get(field, results[u].values.get(field, -1))

                reached = sum(1 for u in over if level(u) >= indicator.min_level)
                assert (got.numerator, got.denominator) == (reached, len(over))
                if all(level(u) == -1 for u in over):  # no unit with the field: no value
                    assert got.value is None and got.met is None
                else:
                    assert got.value == reached / len(over) * 100
                if field in OPTIONAL:  # a unit without the optional field lacks data
                    assert got.lacking == sum(1 for u in over if field not in results[u].values)
        for field, top in LEVELS.items():
            share = PLAN.fields[field].rollup_share
            assert share is not None
            if not children:
                assert result.levels.get(field) == (
                    reports[code][field] if code in reports else None
                )
                continue
            if not any(field in results[c.code].levels for c in children):
                assert field not in result.levels  # nobody below measured it: no level
                continue
            expected_level = 0
            for k in range(1, top + 1):
                reached = sum(1 for c in children if results[c.code].levels.get(field, -1) >= k)
                if reached / len(children) * 100 >= share.share(result.unit.level, k):
                    expected_level = k
            assert result.levels[field] == expected_level


def test_zero_denominator_gives_no_value():
    registry = Registry(
        {"96": Unit("96", "Tỉnh A", "province"), "30001": Unit("30001", "Xã A", "commune", "96")},
        "t",
    )
    vals = dict.fromkeys(COUNTS, 0) | {f: 0 for f in LEVELS}
    summary = decide(validation_of(registry, {"30001": vals}))
    ind = summary.units[0].indicators["TL_GDHT"]
    assert (ind.value, ind.met, ind.numerator, ind.denominator) == (None, None, 0, 0)


# -- the seed plan on the sample province ---------------------------------------------------

FAILING = {"32020", "32104", "32134", "32158", "32092"}  # invalid or missing in 2023


def _sample_values() -> dict[str, dict[str, int]]:
    """The 2023 values as the sample script generated them — computed without reading a file."""
    spec = importlib.util.spec_from_file_location(
        "make_samples", ROOT / "scripts" / "make_samples.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from xhht_cli.units.load import load_registry

    registry = load_registry(str(SAMPLE_REGISTRY))
    communes = registry.communes_under("96")
    vals = {u.code: module.values_of(u, "2023", i) for i, u in enumerate(communes)}
    vals["32107"] = dict(vals["32107"], TTHTCD=2, DS_LD=vals["32107"]["DS_15"] + 10)
    return vals


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> tuple[dict, Path]:
    out = tmp_path_factory.mktemp("seed")
    result = runner.invoke(
        app,
        [
            "aggregate",
            str(SAMPLES / "2023"),
            "--units",
            str(SAMPLE_REGISTRY),
            "--plan",
            "ke-hoach-tinh-2023",
            "--period",
            "2023",
            "-o",
            str(out / "th.xlsx"),
            "--json",
            str(out / "th.json"),
        ],
    )
    assert result.exit_code == 1, result.output  # the samples hold wrong and missing reports
    return json.loads((out / "th.json").read_text(encoding="utf-8")), out / "th.xlsx"


def test_seed_plan_reproduces_the_plans_table(seed):
    doc, _ = seed
    units = {u["code"]: u for u in doc["units"]}
    province = units["96"]
    vals = _sample_values()
    valid = [c for c in vals if c not in FAILING]
    assert (province["expected"], province["reported"]) == (100, len(valid)) == (100, 95)
    ind = province["indicators"]
    # literacy kept in k/N communes (target 100 %: not met, 5 communes lack a valid report)
    assert (ind["DAT_XMC1_XA"]["numerator"], ind["DAT_XMC1_XA"]["denominator"]) == (95, 100)
    assert ind["DAT_XMC1_XA"]["met"] is False
    # PCGD: 4 districts have every commune at lower-secondary level 3, but a district at level 3
    # needs all its communes (NĐ 20 Điều 16 khoản 2): 964, 967 and 968 each have a commune
    # without a valid report in 2023, so only 966 is at level 3; the province at level 2
    district_levels = {
        c: units[c]["levels"]
        for c in ("964", "966", "967", "968", "969", "970", "971", "972", "973")
    }
    assert {c: lv["PCTHCS_MUC"] for c, lv in district_levels.items()} == {
        "964": 2,
        "966": 3,
        "967": 2,
        "968": 2,
        "969": 2,
        "970": 2,
        "971": 2,
        "972": 2,
        "973": 2,
    }
    assert all(lv["PCTH_MUC"] == 3 and lv["PCMN5"] == 1 for lv in district_levels.values())
    assert province["levels"] == {"XMC_MUC": 2, "PCMN5": 1, "PCTH_MUC": 3, "PCTHCS_MUC": 2}
    assert (ind["DAT_PCTHCS3"]["numerator"], ind["DAT_PCTHCS3"]["met"]) == (1, False)
    assert (ind["DAT_PCTHCS2"]["numerator"], ind["DAT_PCTHCS2"]["met"]) == (9, True)
    assert (ind["DAT_PCTH3"]["numerator"], ind["DAT_PCMN5"]["value"]) == (9, 100.0)
    assert {t["field"]: t["met"] for t in province["level_targets"]} == {
        "PCMN5": True,
        "PCTH_MUC": True,
        "PCTHCS_MUC": True,
    }
    # each percentage target, recomputed here from the generated values
    for code, target in {
        "TL_GDHT": 40,
        "TL_DHHT": 35,
        "TL_CDONGHT": 60,
        "TL_DVHT": 50,
        "TL_KNS": 40,
        "TL_CMKT": 40,
        "TL_DH": 10,
        "TL_CSGD_SO": 50,
        "TL_TTHTCD_CNTT": 40,
    }.items():
        indicator = load_plan("ke-hoach-tinh-2023").indicator_map[code]
        assert isinstance(indicator, RatioIndicator)
        num = sum(vals[c][t] for c in valid for t in indicator.numerator_terms)
        den = sum(vals[c][t] for c in valid for t in indicator.denominator_terms)
        assert ind[code]["value"] == pytest.approx(num / den * 100, rel=1e-12)
        assert ind[code]["target"] == target and ind[code]["target_year"] == 2023
        assert ind[code]["met"] is (num / den * 100 >= target)
    assert province["values"]["HO_GD"] == sum(vals[c]["HO_GD"] for c in valid)


def same(cell: object, value: object) -> bool:
    """A workbook cell holds the JSON's value (xlsx keeps 16 significant digits)."""
    if value is None:
        return cell == "—"
    if isinstance(value, float):
        return cell == pytest.approx(value, rel=1e-12)
    return cell == value


def test_workbook_sheets_equal_the_json(seed):
    doc, path = seed
    workbook = load_workbook(path)
    assert workbook.sheetnames == [
        "TongHop",
        "TienTrinh",
        "TheoHuyen",
        "TheoXa",
        "TienDo",
        "LoiDuLieu",
        "BieuDo",
        "ThongTin",
        "NguonSoLieu",
    ]
    units = {u["code"]: u for u in doc["units"]}
    overview = workbook["TongHop"]
    assert overview["D1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert overview["A6"].value == "BÁO CÁO"
    assert overview["A7"].value == "Kết quả xây dựng xã hội học tập năm 2023\nTỉnh Cà Mau"
    rows = {r[1]: r for r in overview.iter_rows(min_row=15, values_only=True) if r[1]}
    for code, ind in units["96"]["indicators"].items():
        row = rows[code]
        shown = tuple(None if cell == "—" else cell for cell in row[3:5])  # "—": no value
        assert shown == (ind["numerator"], ind["denominator"]), code  # two numbers
        assert same(row[5], ind["value"]), code
        assert row[7] == {True: "Đạt", False: "Chưa đạt", None: "—"}[ind["met"]]
    districts = workbook["TheoHuyen"]
    header = [c.value for c in districts[4]]  # the codes under the indicators' names
    assert districts["D3"].value == 'Tỷ lệ hộ gia đình đạt "Gia đình học tập" (%)'
    for row in districts.iter_rows(min_row=5, values_only=True):
        unit = units[row[0]]
        for col, title in enumerate(header[3:], start=3):
            value = unit["indicators"][title.removesuffix(" (%)")]["value"]
            assert same(row[col], value), (row[0], title)
    communes = workbook["TheoXa"]
    header = [c.value for c in communes[4]]
    for row in communes.iter_rows(min_row=5, values_only=True):
        unit = units[row[2]]
        for field in ("HO_GD", "DS_15", "XMC_MUC"):
            assert same(row[header.index(field)], unit["values"].get(field))
    progress = {
        r[0]: r for r in workbook["TienDo"].iter_rows(min_row=4, max_row=12, values_only=True)
    }
    # expected, received, (on time, late, undated: by report date), valid, with errors,
    # unreadable, not sent
    row = progress["967"]
    assert (row[2], row[3], row[4] + row[5] + row[6], row[7], row[8], row[9], row[10]) == (
        12,
        11,
        11,
        11,
        0,
        0,
        1,
    )
    total = next(r for r in workbook["TienDo"].iter_rows(values_only=True) if r[1] == "Tổng cộng")
    assert (total[2], total[3], total[7], total[8], total[10]) == (100, 99, 95, 4, 1)
    chase = [r[0] for r in workbook["TienDo"].iter_rows(values_only=True) if r[3] == "có lỗi"]
    assert chase == ["32020", "32104", "32134", "32158"]
    words = {r[2]: r[4] for r in communes.iter_rows(min_row=5, values_only=True)}
    assert (words["32020"], words["32086"], words["32092"]) == ("có lỗi", "hợp lệ", "chưa nộp")
    assert workbook["LoiDuLieu"].max_row > 10
    assert workbook["ThongTin"]["B2"].value == "2023"


def test_report_text_is_never_a_formula(tmp_path):
    """Report text that looks like a formula reaching outside the workbook — a DDE call, a
    reference to another workbook, HYPERLINK, WEBSERVICE … — is written as text wherever the
    summary quotes it (here: the unit name and a value, quoted by their findings)."""
    import zipfile

    from helpers import grid, values
    from synth import write_csv
    from xhht_cli.units.load import load_registry

    kinds = [
        "=cmd|' /C calc'!A0",
        "=[1]Sheet1!A1",
        '=HYPERLINK("http://x","bấm")',
        '=WEBSERVICE("http://x")',
        '+FILTERXML("<a/>","//a")',
        '-CALL("kernel32","WinExec","JCJ")',
        '@REGISTER("x")',
        '=RTD("x",,"y")',
        '=IMPORTXML("http://x","//a")',
    ]
    inbox = tmp_path / "in"
    inbox.mkdir()
    communes = load_registry(str(SAMPLE_REGISTRY)).children_of("967")
    for unit, text in zip(communes, kinds, strict=False):
        rows = grid(values(unit.code), unit)
        name_row = next(r for r, row in enumerate(rows) if "Tên đơn vị" in row)
        rows[name_row][2] = text
        value_row = next(r for r, row in enumerate(rows) if len(row) > 1 and row[1] == "DH")
        rows[value_row][4] = text
        write_csv(inbox / f"{unit.code}.csv", rows)
    out = tmp_path / "th.xlsx"
    runner.invoke(
        app,
        [
            "aggregate",
            str(inbox),
            "--units",
            str(SAMPLE_REGISTRY),
            "--period",
            "2023",
            "-o",
            str(out),
        ],
    )
    workbook = load_workbook(out)
    quoted = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
                quoted |= {k for k in kinds if isinstance(cell.value, str) and k in cell.value}
    assert quoted == set(kinds)  # each went through, as text
    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            assert "externalLink" not in name
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_workbook_for_a_registry_without_districts(tmp_path):
    """Since 7/2025: province → communes; no intermediate sheet, charts by commune."""
    from xhht_cli.write.summary import write_summary

    units = {"96": Unit("96", "Tỉnh Cà Mau", "province")}
    reports = {}
    for n in range(3):
        code = f"3200{n}"
        units[code] = Unit(code, f"Xã {n}", "commune", "96")
        reports[code] = dict.fromkeys(COUNTS, 10 + n) | dict.fromkeys(LEVELS, 1)
    summary = decide(validation_of(Registry(units, "t"), reports))
    path = tmp_path / "th.xlsx"
    write_summary(path, summary)
    workbook = load_workbook(path)
    assert workbook.sheetnames == [
        "TongHop",
        "TienTrinh",
        "TheoXa",
        "TienDo",
        "LoiDuLieu",
        "BieuDo",
        "ThongTin",
        "NguonSoLieu",
    ]
    communes = list(workbook["TheoXa"].iter_rows(min_row=5, values_only=True))
    assert [r[2] for r in communes] == ["32000", "32001", "32002"]


@pytest.fixture(scope="module")
def samples_2023():  # type: ignore[no-untyped-def]
    """The outcome of the 2023 samples under the provincial plan, decided once for the tests
    of what forked children write."""
    from xhht_cli.check.pipeline import validate_inputs
    from xhht_cli.units.load import load_registry

    plan = load_plan("ke-hoach-tinh-2023")
    registry = load_registry(str(SAMPLE_REGISTRY))
    return decide(validate_inputs([SAMPLES / "2023"], plan, registry, "2023"))


@pytest.fixture
def json_children(monkeypatch):  # type: ignore[no-untyped-def]
    """The pids of the children forked to render the JSON document (skipped where the system
    does not fork)."""
    from xhht_cli.write import fork

    monkeypatch.delenv("XHHT_SERIAL_WRITE", raising=False)
    if not fork.allowed():
        pytest.skip("the document is rendered by a child only where fork is relied on (Linux)")
    children: list[int] = []
    start = fork.start

    def counted(render, folder=None):  # type: ignore[no-untyped-def]
        child = start(render, folder)
        children.append(child.pid)
        return child

    monkeypatch.setattr(fork, "start", counted)
    return children


def test_summary_rows_rendered_by_a_child_are_the_serial_ones(tmp_path, monkeypatch, samples_2023):
    """The summary of the samples, its big tables' rows rendered partly by forked children
    (as at national scale), holds exactly the parts a single process writes."""
    import zipfile
    from datetime import datetime

    import xhht_cli.write.rows as rows
    from xhht_cli.write.summary import write_summary

    monkeypatch.setattr(rows, "PARALLEL_ROWS", 10)
    monkeypatch.delenv("XHHT_SERIAL_WRITE", raising=False)
    if not rows._can_fork(100):
        pytest.skip("rows are rendered by a child only where fork is relied on (Linux)")
    summary = samples_2023
    validation = summary.validation
    assert len(summary.at_level("commune")) >= 100 and validation.findings
    children = []
    fork_rows = rows.RowSheet._fork_rows

    def counted(self, *args):
        child = fork_rows(self, *args)
        children.append(child)
        return child

    monkeypatch.setattr(rows.RowSheet, "_fork_rows", counted)
    when = datetime(2024, 1, 1, 8, 0)
    write_summary(tmp_path / "forked.xlsx", summary, when)
    assert len(children) == 4 and all(children)  # TheoXa, LoiDuLieu, ThongTin, NguonSoLieu
    monkeypatch.setenv("XHHT_SERIAL_WRITE", "1")
    write_summary(tmp_path / "serial.xlsx", summary, when)
    with (
        zipfile.ZipFile(tmp_path / "forked.xlsx") as forked,
        zipfile.ZipFile(tmp_path / "serial.xlsx") as serial,
    ):
        assert forked.namelist() == serial.namelist()
        for name in serial.namelist():
            assert forked.read(name) == serial.read(name), name


def test_a_parent_level_needs_every_level_below_it():
    """With 100 % needed at level 2 and 90 % at level 3 (NĐ 20 for a province's primary
    levels), 9 of 10 children at level 3 and one at level 1 make level 1, not level 3."""
    from xhht_cli.plans.model import RollupShare
    from xhht_cli.rollup.aggregate import _parent
    from xhht_cli.rollup.unit_result import UnitResult
    from xhht_cli.units.unit import Unit

    plan = load_plan()
    fdef = plan.fields["PCTH_MUC"]
    shares = RollupShare(default=90, by_level={"province": {1: 100, 2: 100, 3: 90}})
    plan = plan.model_copy(deep=True)
    for section in plan.sections:
        for i, f in enumerate(section.fields):
            if f.code == "PCTH_MUC":
                section.fields[i] = fdef.model_copy(update={"rollup_share": shares})
    plan.__dict__.pop("fields", None)
    plan.__dict__.pop("level_fields", None)
    children = [
        UnitResult(Unit(f"{i:03}", f"H{i}", "district", "96"), 1, 1, 1, levels={"PCTH_MUC": 3})
        for i in range(9)
    ] + [UnitResult(Unit("099", "H9", "district", "96"), 1, 1, 1, levels={"PCTH_MUC": 1})]
    province = _parent(Unit("96", "Tỉnh", "province"), 0, children, plan)
    assert province.levels["PCTH_MUC"] == 1


def test_the_json_rendered_by_a_child_is_the_serial_one_and_a_failed_child_is_redone(
    tmp_path, monkeypatch, samples_2023, json_children
):
    """``--json`` beside the workbook is rendered by a forked child (docs/pipeline.md, "Two
    cores at the end"): the same bytes as one process writes, no temporary file left; a child
    that fails leaves the document to this process, which writes it all the same."""
    import os

    from xhht_cli.write import fork, outputs

    outcome, children = samples_2023, json_children
    forked = outputs.Outputs(summary=tmp_path / "a.xlsx", json=tmp_path / "forked.json")
    outputs.write_outputs(outcome, forked)
    assert len(children) == 1
    monkeypatch.setenv("XHHT_SERIAL_WRITE", "1")
    serial = outputs.Outputs(summary=tmp_path / "b.xlsx", json=tmp_path / "serial.json")
    outputs.write_outputs(outcome, serial)
    assert len(children) == 1  # no child where forking is not allowed
    assert (tmp_path / "forked.json").read_bytes() == (tmp_path / "serial.json").read_bytes()
    monkeypatch.delenv("XHHT_SERIAL_WRITE")
    monkeypatch.setattr(fork, "exit_code", lambda pid, seconds: 1)  # the child failed
    outputs.write_outputs(
        outcome, outputs.Outputs(summary=tmp_path / "c.xlsx", json=tmp_path / "redone.json")
    )
    assert len(children) == 2
    assert (tmp_path / "redone.json").read_bytes() == (tmp_path / "serial.json").read_bytes()
    assert sorted(os.listdir(tmp_path)) == sorted(
        ["a.xlsx", "b.xlsx", "c.xlsx", "forked.json", "serial.json", "redone.json"]
    )


def test_an_interruption_beside_the_forked_json_leaves_no_child_and_no_file(
    tmp_path, monkeypatch, samples_2023, json_children
):
    """Ctrl-C (or a full disk) while the workbook is written: the child rendering the JSON is
    stopped and reaped, its file removed, nothing is left in the output folder; and where the
    system reaps children itself (SIGCHLD ignored) the JSON is written all the same."""
    import os
    import signal

    from xhht_cli.write import outputs
    from xhht_cli.write import summary as summary_module

    outcome, children = samples_2023, json_children
    written = summary_module.write_summary

    def interrupted(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(summary_module, "write_summary", interrupted)
    out = tmp_path / "out"
    out.mkdir()
    wanted = outputs.Outputs(summary=out / "th.xlsx", json=out / "th.json")
    with pytest.raises(KeyboardInterrupt):
        outputs.write_outputs(outcome, wanted)
    assert len(children) == 1 and os.listdir(out) == []
    with pytest.raises(ChildProcessError):  # reaped: no zombie, no pid to be reused
        os.waitpid(children[0], os.WNOHANG)
    monkeypatch.setattr(summary_module, "write_summary", written)
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        outputs.write_outputs(outcome, wanted)
    finally:
        signal.signal(signal.SIGCHLD, previous)
    assert len(children) == 2 and sorted(os.listdir(out)) == ["th.json", "th.xlsx"]
    monkeypatch.setenv("XHHT_SERIAL_WRITE", "1")
    outputs.write_outputs(outcome, outputs.Outputs(json=tmp_path / "serial.json"))
    assert (out / "th.json").read_bytes() == (tmp_path / "serial.json").read_bytes()
