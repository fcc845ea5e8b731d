"""The crosswalk: what became of units that ended (docs/units.md, docs/progress.md)."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import SAMPLE_REGISTRY, SAMPLES
from xhht_cli.base.errors import RegistryError
from xhht_cli.cli import app
from xhht_cli.units.crosswalk import (
    Crosswalk,
    Link,
    Successor,
    check_against,
    coverage,
    load_crosswalk,
)
from xhht_cli.units.load import load_registry
from xhht_cli.units.registry import Registry
from xhht_cli.units.unit import Unit

runner = CliRunner()
END, START = date(2025, 6, 30), date(2025, 7, 1)
CA_MAU_2024_2025 = SAMPLES / "don-vi-ca-mau-2024-2025.csv"
CA_MAU_CROSSWALK = SAMPLES / "chuyen-doi-2025-ca-mau.csv"
BAC_LIEU = SAMPLES / "don-vi-bac-lieu-2024.csv"


def write(tmp_path: Path, body: str, name: str = "cw.csv") -> Path:
    path = tmp_path / name
    path.write_text("# a comment\n# another\nold_code,new_code,share\n" + body, encoding="utf-8")
    return path


# merge: 10001 + 10002 → 20001; split with shares: 10003 → 20002 (0.25), 20003 (0.75);
# split without shares: 10004 → 20003 (listed first), 20001
MIXED = (
    "10001,20001,\n10002,20001,\n10003,20002,0.25\n10003,20003,0.75\n10004,20003,\n10004,20001,\n"
)


@pytest.fixture
def crosswalk(tmp_path: Path) -> Crosswalk:
    return load_crosswalk(write(tmp_path, MIXED))


def test_a_merge_carries_each_old_unit_wholly(crosswalk):
    assert crosswalk.successors("10001") == [Successor("20001", 1.0, False)]
    assert crosswalk.successors("10002") == [Successor("20001", 1.0, False)]
    assert crosswalk.predecessors(["20001"]) == {"10001", "10002", "10004"}


def test_a_split_with_shares_divides_the_counts(crosswalk):
    assert crosswalk.successors("10003") == [
        Successor("20002", 0.25, False),
        Successor("20003", 0.75, False),
    ]


def test_a_split_without_shares_goes_to_the_first_and_is_approximate(crosswalk):
    assert crosswalk.successors("10004") == [Successor("20003", 1.0, True)]
    carried, approximate = crosswalk.carry({"10004": 8, "10003": 4})
    assert carried == {"20003": 11.0, "20002": 1.0}
    assert approximate == {"20003"}


def test_a_unit_absent_from_the_crosswalk_has_no_successor(crosswalk):
    assert "10009" not in crosswalk
    assert crosswalk.successors("10009") == []
    assert crosswalk.carry({"10009": 5}) == ({}, set())


def test_shares_that_do_not_sum_to_one_or_fall_outside_0_1(tmp_path):
    with pytest.raises(RegistryError) as caught:
        load_crosswalk(write(tmp_path, "1,2,0.5\n1,3,0.4\n4,5,1.5\n6,7,abc\n8,9,\n8,9,\n"))
    text = str(caught.value)
    assert "mã 1 (2 đơn vị mới) cộng lại 0.9" in text
    assert "tỉ lệ '1.5' của mã 4" in text and "tỉ lệ 'abc' của mã 6" in text
    assert "cặp 8 → 9 bị trùng" in text


def test_some_shares_missing_in_a_split_is_a_problem(tmp_path):
    with pytest.raises(RegistryError, match="phải bằng 1"):
        load_crosswalk(write(tmp_path, "1,2,1\n1,3,\n"))


def test_missing_columns(tmp_path):
    path = tmp_path / "cw.csv"
    path.write_text("old,new\n1,2\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="old_code, new_code"):
        load_crosswalk(path)


def unit(code: str, level: str, parent: str | None, start=None, end=None) -> Unit:
    return Unit(code, f"Đơn vị {code}", level, parent, start, end)


def test_check_against_a_registry_of_two_periods():
    units = [
        unit("96", "province", None, end=END),
        unit("10001", "commune", "96", end=END),
        unit("10002", "commune", "96", end=END),  # no successor
        unit("10003", "commune", "96"),  # never ended
        unit("96", "province", None, start=START),
        unit("20001", "commune", "96", start=START),
        unit("20002", "commune", "96", start=date(2025, 1, 1)),  # starts before 10001 ends
    ]
    links = [
        Link("10001", "20001", row=2),
        Link("10001", "20002", row=3),  # shares missing: approximate, not an error here
        Link("10003", "20001", row=4),
        Link("10009", "20009", row=5),
    ]
    problems = check_against(Crosswalk(tuple(links), "cw"), units)
    assert any(
        "dòng 3: đơn vị mới 20002 không bắt đầu hiệu lực sau ngày 2025-06-30" in p for p in problems
    )
    assert any("dòng 4: đơn vị cũ 10003 không có ngày hết hiệu lực" in p for p in problems)
    assert any("dòng 5: mã cũ 10009 không có" in p for p in problems)
    assert any("dòng 5: mã mới 20009 không có" in p for p in problems)
    assert any(p.startswith("Đơn vị 10002 Đơn vị 10002 đã hết hiệu lực") for p in problems)
    assert len(problems) == 5  # the old province has communes: it needs no row


def test_coverage_counts_splits_and_unmapped():
    units = [unit("1", "province", None, end=END)] + [
        unit(c, "commune", "1", end=END) for c in ("11", "12", "13")
    ]
    links = (Link("11", "21"), Link("12", "21"), Link("13", "22", 0.5), Link("13", "23", 0.5))
    figures = coverage(Crosswalk(links, "cw"), units)
    assert (figures.ended, figures.mapped, figures.unmapped) == (3, 3, [])
    assert (figures.splits, figures.splits_with_shares, figures.splits_approximate) == (1, 1, 0)
    assert figures.merged_into == 1


# -- the samples and the command line -----------------------------------------------------


def test_units_check_with_a_crosswalk():
    result = runner.invoke(
        app,
        ["units", "check", str(CA_MAU_2024_2025), "--crosswalk", str(CA_MAU_CROSSWALK)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "188 dòng" in result.output


def test_units_check_reports_a_broken_crosswalk(tmp_path):
    path = write(tmp_path, "32002,99999,\n")
    result = runner.invoke(app, ["units", "check", str(CA_MAU_2024_2025), "--crosswalk", str(path)])
    assert result.exit_code == 2
    assert "mã mới 99999 không có" in result.output
    assert "Đơn vị 32005 Phường 1 đã hết hiệu lực" in result.output


def test_units_crosswalk_prints_the_coverage_of_vn():
    result = runner.invoke(app, ["units", "crosswalk", "--units", "vn"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "đã hết hiệu lực: 10040; có đơn vị kế tiếp: 10040; không có: 0" in result.output
    result = runner.invoke(app, ["--lang", "en", "units", "crosswalk", "--units", "vn:96"])
    assert "ended leaf units: 164; with a successor: 164; without: 0" in result.output


def test_units_crosswalk_needs_a_crosswalk():
    result = runner.invoke(app, ["units", "crosswalk", "--units", str(SAMPLE_REGISTRY)])
    assert result.exit_code != 0
    assert "không có bảng chuyển đổi" in result.output


def test_the_sample_registry_of_both_periods():
    registry = load_registry(str(CA_MAU_2024_2025), CA_MAU_CROSSWALK)
    assert len(registry.communes_under()) == 64  # today's Cà Mau by default
    before = registry.as_of(2024)
    assert sorted(r.code for r in before.roots) == ["95", "96"]
    assert len(before.communes_under()) == 164
    assert registry.today_provinces("954") == {"96"}  # a district of old Bạc Liêu


# -- the built-in vn ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def vn() -> Registry:
    return load_registry("vn")


def test_every_successor_is_one_of_todays_units(vn):
    assert vn.crosswalk is not None
    assert {x.new_code for x in vn.crosswalk.links} <= set(vn.units)
    assert check_against(vn.crosswalk, vn.timeline.units) == []


def test_ca_mau_96_comes_from_old_ca_mau_and_old_bac_lieu(vn):
    old_ca_mau = load_registry(str(SAMPLE_REGISTRY)).communes_under()
    old_bac_lieu = load_registry(str(BAC_LIEU)).communes_under()
    today = {u.code for u in vn.communes_under("96")}
    predecessors = vn.crosswalk.predecessors(today | {"96"})
    assert {u.code for u in old_ca_mau + old_bac_lieu} <= predecessors
    assert {"95", "96"} <= predecessors  # the provinces themselves
    # old Bạc Liêu's Phường 1, 2, 3, 7, 8 form Phường Bạc Liêu (NQ 1655/NQ-UBTVQH15)
    bac_lieu = {u.code for u in old_bac_lieu if u.parent_code == "954"}
    into = {x.old_code for x in vn.crosswalk.links if x.new_code == "31825"}
    assert into <= bac_lieu and len(into) == 5


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_counts_carried_into_a_province_equal_the_old_counts(vn, data):
    """For any counts on old Cà Mau's and old Bạc Liêu's communes, the total carried into
    today's Cà Mau is their sum: every share of an old commune lands inside 96."""
    old = vn.subtree("96").as_of(2024).communes_under()
    counts = {
        u.code: data.draw(st.integers(0, 10_000), label=u.code)
        for u in data.draw(st.lists(st.sampled_from(old), unique=True, max_size=40))
    }
    carried, _ = vn.crosswalk.carry(counts)
    today = {u.code for u in vn.communes_under("96")}
    assert set(carried) <= today
    assert math.isclose(sum(carried.values()), sum(counts.values()), abs_tol=1e-6)


@given(
    st.dictionaries(
        st.text("0123456789", min_size=3, max_size=3),
        st.tuples(
            st.lists(
                st.sampled_from(["A1", "A2", "B1", "B2"]), min_size=1, max_size=4, unique=True
            ),
            st.lists(st.integers(1, 100), min_size=4, max_size=4),
            st.integers(0, 1000),
        ),
        max_size=20,
    )
)
def test_carried_totals_per_province_are_the_weighted_old_sums(spec):
    """A generated crosswalk with shares: what lands in new province A (units A1, A2) is the
    sum over old units of count × the shares of their successors in A."""
    links, counts, expected = [], {}, 0.0
    for old, (successors, weights, count) in spec.items():
        total = sum(weights[: len(successors)])
        shares = [w / total for w in weights[: len(successors)]]
        links += [Link(old, new, share) for new, share in zip(successors, shares, strict=False)]
        counts[old] = count
        expected += count * sum(s for n, s in zip(successors, shares, strict=False) if n[0] == "A")
    carried, approximate = Crosswalk(tuple(links), "generated").carry(counts)
    in_a = sum(v for code, v in carried.items() if code.startswith("A"))
    assert math.isclose(in_a, expected, rel_tol=1e-9, abs_tol=1e-6)
    assert approximate == set()
