from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DATA
from xhht_cli.base.errors import PlanError
from xhht_cli.cli import app
from xhht_cli.plans import RatioIndicator, StandardIndicator, load_plan, parse_plan, shipped_plans

runner = CliRunner()
PLANS = DATA / "plans"

# file → (line, a phrase the message must contain)
BROKEN = {
    "broken_yaml_syntax.yaml": (8, "cú pháp YAML"),
    "broken_missing_label.yaml": (10, "thiếu khóa bắt buộc 'label'"),
    "broken_duplicate_field.yaml": (11, "Mã chỉ tiêu HO_GD bị trùng"),
    "broken_unknown_field_formula.yaml": (16, "không có chỉ tiêu mã 'HO_GIA_DINH'"),
    "broken_unknown_field_rule.yaml": (14, "rules[0].right: không có chỉ tiêu mã 'HO'"),
    "broken_target_range.yaml": (19, "Mục tiêu 170 nằm ngoài khoảng 0–100"),
    "broken_level_target_non_level.yaml": (19, "targets[0]: chỉ tiêu HO_GD là số đếm"),
    "broken_unknown_kind.yaml": (12, "giá trị 'muc' không hợp lệ"),
    "broken_unknown_indicator.yaml": (19, "chỉ số 'TL_GIA_DINH' không có"),
    "broken_unknown_source.yaml": (19, "Nguồn 'QD999'"),
    "broken_bad_formula.yaml": (16, "công thức 'HO_GDHT +' không hợp lệ"),
    "broken_duplicate_key.yaml": (4, "Khóa 'milestones' xuất hiện hai lần"),
    "broken_standard_on_count.yaml": (17, "DAT_XMC1: chỉ tiêu HO_GD là số đếm"),
    "broken_unknown_key.yaml": (4, "khóa 'target' không được hỗ trợ"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_plan_check_reports_line_and_fix(name):
    line, phrase = BROKEN[name]
    path = PLANS / name
    result = runner.invoke(app, ["plan", "check", str(path)])
    assert result.exit_code == 2
    assert f"{path}:{line}: " in result.output
    assert phrase in result.output


def test_broken_plans_give_distinct_messages():
    first_messages = set()
    for name in BROKEN:
        _, problems = parse_plan((PLANS / name).read_text(encoding="utf-8"))
        assert problems, name
        first_messages.add(problems[0].message)
    assert len(first_messages) == len(BROKEN) >= 8


def test_a_syntax_error_is_worded_by_the_loader_that_names_the_character():
    """libyaml reads the plans (docs/plans.md) but says "found character that cannot start any
    token"; the message a user sees names the tab, on its line."""
    plan, problems = parse_plan("code: x\nfields:\n\t- HO_GD\n")
    assert plan is None and [p.line for p in problems] == [3]
    assert "'\\t'" in problems[0].message


def test_a_plan_is_valid_or_not_whatever_pyyaml_was_built_with():
    """libyaml takes a tab after a colon or at a line's end that the pure-Python loader
    refuses: such a plan is refused, on its line, as before libyaml read plans."""
    source = next(iter(shipped_plans().values())).read_text(encoding="utf-8")
    lines = source.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("name:"))
    for tabbed in (lines[at].replace("name: ", "name:\t", 1), lines[at].rstrip("\n") + "\t\n"):
        plan, problems = parse_plan("".join([*lines[:at], tabbed, *lines[at + 1 :]]))
        assert plan is None and problems[0].line == at + 1, problems
        assert "'\\t'" in problems[0].message


def test_a_plan_file_is_parsed_again_once_it_changed(tmp_path):
    source = next(iter(shipped_plans().values()))
    path = tmp_path / "p.yaml"
    path.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    first = load_plan(str(path))
    assert load_plan(str(path)) is first  # parsed once while the file stays as it was
    path.write_text(source.read_text(encoding="utf-8").replace(first.name, "Kế hoạch khác", 1))
    assert load_plan(str(path)).name == "Kế hoạch khác"


def test_plan_check_in_english():
    result = runner.invoke(
        app, ["--lang", "en", "plan", "check", str(PLANS / "broken_target_range.yaml")]
    )
    assert result.exit_code == 2
    assert "Target 170 is outside 0–100" in result.output


@pytest.mark.parametrize("name", sorted(shipped_plans()))
def test_shipped_plans_are_valid(name):
    result = runner.invoke(app, ["plan", "check", str(shipped_plans()[name])])
    assert result.exit_code == 0, result.output
    assert "hợp lệ" in result.output


def test_minimal_plan_is_valid():
    plan, problems = parse_plan((PLANS / "minimal.yaml").read_text(encoding="utf-8"))
    assert problems == [] and plan is not None


def test_national_plan_has_every_target_of_the_spec():
    plan = load_plan("quoc-gia-2021-2030")
    expected = {
        "TL_GDHT": (70, 80),
        "TL_DHHT": (65, 75),
        "TL_CDONGHT": (65, 75),
        "TL_DVHT": (80, 90),
        "TL_CDHT_NL": (40, 60),
        "TL_CDHT_CB": (60, 80),
        "TL_CDHT_KNS": (70, 90),
        "TL_CDHT_KNS_TT": (60, 80),
        "TL_KNS": (50, 70),
        "TL_CMKT": (50, 60),
        "TL_DH": (12, 15),
        "TL_CSGD_SO": (60, 80),
        "TL_TTHTCD_CNTT": (70, None),
        "TL_KH_CNTT": (40, None),
        "DAT_XMC2": (70, 90),
        "DAT_PCTH3": (50, 70),
        "DAT_PCTHCS2": (100, None),
        "DAT_PCTHCS3": (20, 40),
    }
    for code, (t2025, t2030) in expected.items():
        level = "nation" if code.startswith("DAT_") else "commune"
        got = [t.value for t in plan.targets_for(code, 2025, level)]
        assert got == [t2025], code
        got30 = [t.value for t in plan.targets_for(code, 2030, level)]
        assert got30 == ([t2030] if t2030 is not None else []), code
        for target in plan.targets_for(code, 2025, level):
            assert all(plan.sources[k] for k in target.source_keys)


def test_indicator_formulas_follow_the_spec():
    plan = load_plan()
    kns = plan.indicator_map["TL_CDHT_KNS"]
    assert isinstance(kns, RatioIndicator)
    assert kns.denominator_terms == ("NL_CDHT", "CB_CDHT")
    pcth3 = plan.indicator_map["DAT_PCTH3"]
    assert isinstance(pcth3, StandardIndicator) and (pcth3.field, pcth3.min_level) == (
        "PCTH_MUC",
        3,
    )
    # 17 of the spec's table, and the 8 registration ratios of the third round (issue 29)
    assert len([i for i in plan.indicators if isinstance(i, RatioIndicator)]) == 17 + 8


def test_next_milestone_applies_between_milestones():
    plan = load_plan()
    assert plan.target_year("TL_GDHT", 2023) == 2025
    assert plan.target_year("TL_GDHT", 2027) == 2030
    assert plan.target_year("TL_KH_CNTT", 2027) is None
    seed = load_plan("ke-hoach-tinh-2023")
    assert seed.target_year("TL_GDHT", 2023) == 2023
    assert [t.count for t in seed.targets_for("DAT_PCTHCS3", 2023, "province")] == [4]
    assert [t.min_level for t in seed.targets_for("PCTH_MUC", 2023, "province")] == [3]


def test_load_plan_raises_with_every_problem(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        (PLANS / "broken_duplicate_field.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    with pytest.raises(PlanError) as info:
        load_plan(str(bad))
    assert len(info.value.problems) == 3


def test_plan_show_prints_every_indicator_with_targets():
    result = runner.invoke(app, ["plan", "show", "quoc-gia-2021-2030"], env={"COLUMNS": "250"})
    assert result.exit_code == 0
    plan = load_plan()
    for indicator in plan.indicators:
        assert indicator.code in result.output
    assert "2025" in result.output and "2030" in result.output
    rows = [line for line in result.output.splitlines() if "TL_DVHT" in line and "%" in line]
    assert any("2025" in r and "80%" in r for r in rows)
    assert any("2030" in r and "90%" in r for r in rows)


def test_unknown_plan_is_exit_2():
    result = runner.invoke(app, ["plan", "show", "khong-co"])
    assert result.exit_code == 2
    assert "quoc-gia-2021-2030" in result.output
