"""Earlier periods carried across the 2025 reform onto today's units (docs/progress.md)."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import SAMPLES
from xhht_cli.cli import app

# the reading has its own tests: the samples are read once a process (tests/conftest.py)
pytestmark = pytest.mark.usefixtures("samples_read_once")

runner = CliRunner()
REFORM = SAMPLES / "cai-cach-2025"
CROSSWALK = SAMPLES / "chuyen-doi-2025-ca-mau.csv"


def aggregate(tmp_path: Path, name: str, *args: str) -> dict:  # type: ignore[type-arg]
    out = tmp_path / f"{name}.json"
    result = runner.invoke(
        app,
        ["aggregate", *args, "-o", str(tmp_path / f"{name}.xlsx"), "--json", str(out)],
        catch_exceptions=False,
    )
    assert result.exit_code in (0, 1), result.output
    return json.loads(out.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_2024_is_carried_onto_todays_ca_mau(tmp_path):
    doc = aggregate(
        tmp_path,
        "2025",
        str(REFORM / "ca-mau-2025"),
        "--history",
        str(SAMPLES / "2024"),
        "--history",
        str(REFORM / "bac-lieu-2024"),
        "--units",
        str(SAMPLES / "don-vi-ca-mau-2024-2025.csv"),
        "--crosswalk",
        str(CROSSWALK),
        "--period",
        "2025",
    )
    # the old communes' own values, each from a run of its own old province
    old: dict[str, dict[str, int]] = {}
    for folder, units in (
        (SAMPLES / "2024", SAMPLES / "don-vi-ca-mau-2024.csv"),
        (REFORM / "bac-lieu-2024", SAMPLES / "don-vi-bac-lieu-2024.csv"),
    ):
        before = aggregate(tmp_path, folder.name, str(folder), "--units", str(units))
        old |= {u["code"]: u["values"] for u in before["units"] if u["level"] == "commune"}
    assert doc["periods"] == ["2024", "2025"]
    units = {u["code"]: u for u in doc["units"]}
    province = units["96"]["indicators"]["TL_GDHT"]
    assert province["carried"] == ["2024"]
    assert province["approximate"] == ["2024"]  # splits shared out by estimated (area) shares
    book = load_workbook(tmp_path / "2025.xlsx")
    notes = [str(c.value) for row in book["TongHop"].iter_rows(max_col=3) for c in row if c.value]
    assert any("quy đổi về đơn vị hiện nay" in n for n in notes)
    exact = sum(v["HO_GDHT"] for v in old.values()) / sum(v["HO_GD"] for v in old.values())
    # split communes are carried by (estimated) shares, the parts rounded so they add up to the
    # whole: the province is the two old provinces' summed counts exactly
    assert province["series"]["2024"] == pytest.approx(exact * 100, rel=1e-12)
    assert province["previous"]["period"] == "2024"
    # a new commune formed of whole old communes: the ratio of their summed counts, exactly
    links: dict[str, list[str]] = defaultdict(list)
    olds: dict[str, int] = defaultdict(int)
    with open(CROSSWALK, encoding="utf-8") as rows:
        for row in csv.DictReader(line for line in rows if not line.startswith("#")):
            links[row["new_code"]].append(row["old_code"])
            olds[row["old_code"]] += 1
    whole = [
        new
        for new, sources in links.items()
        if new in units and units[new]["level"] == "commune" and all(olds[o] == 1 for o in sources)
    ]
    assert whole
    for new in whole[:5]:
        sources = [old[o] for o in links[new] if o in old]
        expected = sum(v["HO_GDHT"] for v in sources) / sum(v["HO_GD"] for v in sources) * 100
        assert units[new]["indicators"]["TL_GDHT"]["series"]["2024"] == pytest.approx(
            expected, rel=1e-12
        )


def test_without_a_crosswalk_nothing_is_carried_and_nothing_is_zero(tmp_path):
    doc = aggregate(
        tmp_path,
        "2025",
        str(REFORM / "ca-mau-2025"),
        "--history",
        str(REFORM / "bac-lieu-2024"),
        "--units",
        str(SAMPLES / "don-vi-ca-mau-2024-2025.csv"),
        "--period",
        "2025",
    )
    ind = doc["units"][0]["indicators"]["TL_GDHT"]
    assert ind["carried"] == [] and ind["series"]["2024"] is None and ind["previous"] is None


@given(
    st.integers(min_value=0, max_value=10**7),
    st.lists(st.integers(min_value=1, max_value=1000), min_size=1, max_size=6),
)
def test_the_parts_of_a_split_add_up_to_the_whole(count: int, weights: list[int]):
    from xhht_cli.rollup.carry import _split
    from xhht_cli.values.report import Report, Value

    shares = [w / sum(weights) for w in weights]
    report = Report("x.xlsx", "form", "BaoCao")
    report.values = {"HO_GD": Value("HO_GD", count, count, "BaoCao", "E1")}
    report.values["XMC_MUC"] = Value("XMC_MUC", 2, 2, "BaoCao", "E2")
    parts = _split(report, shares, {"HO_GD"})
    assert sum(p.values["HO_GD"].value or 0 for p in parts) == count
    assert all(
        abs((p.values["HO_GD"].value or 0) - count * s) < 1
        for p, s in zip(parts, shares, strict=True)
    )
    assert all(p.values["XMC_MUC"].value == 2 for p in parts)  # a level is not divided


def _split_registry():  # type: ignore[no-untyped-def]
    """Old commune A split between today's X and Y stands under both (leaves ``a1``, ``a2``,
    whose origin is A); old B went whole into X."""
    from xhht_cli.units.registry import Registry
    from xhht_cli.units.unit import Unit

    units = {
        "P": Unit("P", "Tỉnh", "province"),
        "X": Unit("X", "Xã X", "commune", "P"),
        "Y": Unit("Y", "Xã Y", "commune", "P"),
        "a1": Unit("a1", "Xã A", "commune", "X"),
        "a2": Unit("a2", "Xã A", "commune", "Y"),
        "b": Unit("b", "Xã B", "commune", "X"),
    }
    return Registry(units, "test"), {"a1": "A", "a2": "A", "b": "B"}


def test_a_split_old_commune_counts_once_in_a_standard_above_it():
    """A standard over communes counts old communes, so the province counts A once: 1 of 2 (A
    at the level, B not), while X (A and B) counts 1 of 2 and Y (part of A) 1 of 1. Whose part
    a leaf is comes from the origins passed in, never from its code."""
    from xhht_cli.plans.model import StandardIndicator
    from xhht_cli.rollup.indicators import _counted, _standard
    from xhht_cli.rollup.unit_result import UnitResult

    registry, once = _split_registry()
    units = registry.units
    results = {
        code: UnitResult(units[code], 2, 1, 1, values={"XMC_MUC": 0 if code == "b" else 1})
        for code in once
    }
    standard = StandardIndicator(
        code="DAT_XMC1_XA", type="standard", name="x", field="XMC_MUC", min_level=1, over="commune"
    )
    for code in ("P", "X", "Y"):
        results[code] = UnitResult(units[code], 0 if code == "P" else 1, 1, 1)

    def counted(code: str, origins: dict[str, str]) -> tuple[int, int]:
        units = _counted(results[code], standard.over, results, registry, origins)
        return _standard(units, standard)[:2]

    assert counted("P", once) == (1, 2)
    assert counted("X", once) == (1, 2)
    assert counted("Y", once) == (1, 1)
    # without the origins every leaf is a commune of its own: 2 of 3 at the province
    assert counted("P", {}) == (2, 3)


def test_a_split_old_commune_is_expected_and_reported_once_above_it():
    """The roll-up's expected and reported count old communes: the province expects 2 (A, B),
    not 3 leaves; X expects both, Y only A."""
    from xhht_cli.plans import load_plan
    from xhht_cli.rollup.aggregate import roll_up
    from xhht_cli.values.report import Report

    registry, once = _split_registry()
    reports = {code: Report("f.xlsx", "form", "BaoCao", unit_code=code) for code in ("a1", "a2")}
    results = {r.unit.code: r for r in roll_up(registry, load_plan(), 2024, None, reports, once)}
    assert (results["P"].expected, results["P"].reported) == (2, 1)
    assert (results["X"].expected, results["X"].reported) == (2, 1)
    assert (results["Y"].expected, results["Y"].reported) == (1, 1)


def test_an_old_commune_missing_from_the_crosswalk_is_said(tmp_path):
    """Its figures reach no unit of today: the run says which, instead of losing them quietly."""
    rows = [r for r in CROSSWALK.read_text(encoding="utf-8").splitlines() if r]
    header = [r for r in rows if r.startswith("#") or r.startswith("old_code")]
    body = [r for r in rows if r not in header]
    olds = [r.split(",")[0] for r in body]
    dropped = next(o for o in olds if len(o) == 5 and olds.count(o) == 1)  # a whole commune
    partial = tmp_path / "chuyen-doi.csv"
    partial.write_text(
        "\n".join([*header, *[r for r in body if not r.startswith(dropped + ",")]]) + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        [
            "aggregate",
            str(REFORM / "ca-mau-2025"),
            "--history",
            str(SAMPLES / "2024"),
            "--units",
            str(SAMPLES / "don-vi-ca-mau-2024-2025.csv"),
            "--crosswalk",
            str(partial),
            "--period",
            "2025",
            "-o",
            str(tmp_path / "x.xlsx"),
        ],
    )
    assert result.exit_code in (0, 1), result.output
    assert "không có trong bảng chuyển đổi" in result.output and dropped in result.output


def test_reports_of_2024_are_checked_against_the_units_of_2024():
    """`--units vn:96` for period 2024 means the old units that became today's Cà Mau: old Cà
    Mau's 2024 reports are identified and counted against them, not against today's communes
    (whose codes partly coincide with old ones)."""
    result = runner.invoke(
        app,
        [
            "status",
            str(SAMPLES / "2024"),
            str(REFORM / "bac-lieu-2024"),
            "--units",
            "vn:96",
            "--period",
            "2024",
            "--format",
            "json",
        ],
    )
    total = json.loads(result.stdout)["total"]
    assert (total["expected"], total["valid"], total["missing"]) == (164, 164, 0)


def test_an_earlier_period_is_counted_against_its_own_units_once():
    """History of 2024 for today's Cà Mau expects the 164 old communes that became it, not the
    whole country (the view of a year, asked again for that year, is itself)."""
    from helpers import PLAN, read
    from xhht_cli.check.pipeline import validate_reads
    from xhht_cli.units.load import load_registry

    path = SAMPLES / "2024" / "967-huyen-thoi-binh" / "32086-xa-tan-loc.xlsx"
    validation = validate_reads([], PLAN, load_registry("vn:96"), "2025", None, [read(path)])
    (earlier,) = validation.earlier
    assert sum(len(g.expected) for g in earlier.completeness) == 164
