from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SAMPLE_REGISTRY
from xhht_cli.base.errors import RegistryError, XhhtError
from xhht_cli.cli import app
from xhht_cli.units.load import load_registry
from xhht_cli.units.rows import check_rows, read_registry_rows

runner = CliRunner()
HEADER = "code,name,level,parent_code\n"


def write(tmp_path: Path, body: str, name: str = "units.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_sample_registry_is_province_9_districts_100_communes():
    registry = load_registry(str(SAMPLE_REGISTRY))
    assert [r.code for r in registry.roots] == ["96"]
    assert len(registry.children_of("96")) == 9
    assert len(registry.communes_under("96")) == 100
    assert registry["32086"].name == "Xã Tân Lộc"
    assert registry.levels == ["province", "district", "commune"]


def test_units_exist_until_the_reform():
    registry = load_registry(str(SAMPLE_REGISTRY))
    assert len(registry.communes_under(year=2024)) == 100
    assert registry.communes_under(year=2025) == []


def test_vn_registry_is_current_vietnam():
    registry = load_registry("vn")
    assert len([u for u in registry.units.values() if u.level == "province"]) == 34
    assert len(registry.communes_under()) == 3321
    ca_mau = load_registry("vn:96")
    assert [r.code for r in ca_mau.roots] == ["96"]
    assert ca_mau.roots[0].parent_code is None
    assert all(len(u.code) == 5 for u in ca_mau.communes_under())


def test_the_package_data_is_read_once_a_process_and_each_registry_keeps_its_views(monkeypatch):
    from xhht_cli.units import load as module

    reads = []
    read, load = module.read_registry_rows, module.load_crosswalk
    monkeypatch.setattr(module, "read_registry_rows", lambda path: reads.append(path) or read(path))
    monkeypatch.setattr(module, "load_crosswalk", lambda *a: reads.append(a[0]) or load(*a))
    for cached in (module._vn_today, module._vn_before_2025, module._vn_crosswalk_2025):
        cached.cache_clear()
    first, second = load_registry("vn"), load_registry("vn:96")
    before = [len(r.as_of(2024).communes_under()) for r in (first, second, first)]
    assert before[0] == before[2] > before[1] > 0  # the nation's, Cà Mau's: each its own
    assert first.crosswalk is load_registry("vn").crosswalk is second.crosswalk
    # the pre-reform units and the 2025 crosswalk, each read once for every registry
    assert sorted(map(str, reads)) == sorted(
        map(str, [module.VN_BEFORE_2025, module.VN_CROSSWALK_2025])
    )


def test_vn_with_unknown_province_is_an_error():
    with pytest.raises(XhhtError, match="vn:96"):
        load_registry("vn:99")


def test_find_by_name_ignores_diacritics_case_and_prefix():
    registry = load_registry(str(SAMPLE_REGISTRY))
    for name in ("Tân Lộc", "Xã Tân Lộc", "xa tan loc", "XÃ TÂN LỘC"):
        assert [u.code for u in registry.find_by_name(name)] == ["32086"]
    assert registry.find_by_name("Tân Lộc", parent="964") == []


def test_pad_code_restores_leading_zeros():
    registry = load_registry("vn")
    assert registry.pad_code("70") == "00070"
    assert registry.pad_code("32086") == "32086"
    assert registry.pad_code("abc") == "abc"


def problems(tmp_path: Path, body: str) -> list[str]:
    return check_rows(read_registry_rows(write(tmp_path, body)))


def test_check_duplicate_code(tmp_path):
    found = problems(tmp_path, "96,Tỉnh A,province,\n96,Tỉnh B,province,\n")
    assert found == ["Dòng 3: mã 96 bị trùng (đã có ở dòng 2). Mỗi mã chỉ được xuất hiện một lần."]


def test_check_unknown_parent(tmp_path):
    found = problems(tmp_path, "96,Tỉnh A,province,\n32086,Xã B,commune,967\n")
    assert any("mã đơn vị cấp trên 967 không có" in p for p in found)


def test_check_cycle(tmp_path):
    found = problems(tmp_path, "96,Tỉnh A,province,\n1,A,district,2\n2,B,district,1\n")
    assert any("Vòng lặp" in p and "1 → 2 → 1" in p for p in found)


def test_check_level_order(tmp_path):
    found = problems(
        tmp_path, "96,Tỉnh A,province,\n967,Huyện B,district,32086\n32086,Xã C,commune,96\n"
    )
    assert any("967 (district) không thể trực thuộc 32086 (commune)" in p for p in found)


def test_check_sibling_names(tmp_path):
    found = problems(
        tmp_path, "96,Tỉnh A,province,\n1,Xã Tân Lộc,commune,96\n2,Xã Tân Lóc,commune,96\n"
    )
    assert any("chỉ khác nhau ở dấu" in p and "1, 2" in p for p in found)


def test_check_bad_level_and_missing_columns(tmp_path):
    # "xa" (xã) is a level now (issue 20); a hamlet (ấp) is none
    assert any("cấp 'ấp'" in p for p in problems(tmp_path, "96,Tỉnh A,ấp,\n"))
    bad = tmp_path / "bad.csv"
    bad.write_text("ma,ten\n1,A\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="Thiếu cột code, name, level, parent_code"):
        read_registry_rows(bad)


def test_xlsx_registry_restores_zeros(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["code", "name", "level", "parent_code"])
    ws.append([1, "Thành phố Hà Nội", "province", None])
    ws.append([70, "Phường Hoàn Kiếm", "commune", 1])
    path = tmp_path / "units.xlsx"
    wb.save(path)
    registry = load_registry(str(path))
    assert registry["00070"].parent_code == "01"
    assert registry.pad_code("70") == "00070"


def test_units_check_cli(tmp_path):
    ok = runner.invoke(app, ["units", "check", str(SAMPLE_REGISTRY)])
    assert ok.exit_code == 0 and "110 đơn vị" in ok.output
    bad = write(tmp_path, "96,Tỉnh A,province,\n96,Tỉnh B,province,\n")
    result = runner.invoke(app, ["units", "check", str(bad)])
    assert result.exit_code == 2 and "bị trùng" in result.output


def test_units_show_sample_tree():
    result = runner.invoke(app, ["units", "show", "--units", str(SAMPLE_REGISTRY)])
    assert result.exit_code == 0
    assert "96 Tỉnh Cà Mau (9 huyện, 100 xã)" in result.output
    assert "967 Huyện Thới Bình (12 xã)" in result.output
    assert "32086 Xã Tân Lộc" in result.output


def test_units_show_vn_province():
    result = runner.invoke(app, ["units", "show", "--units", "vn:96"])
    assert result.exit_code == 0
    assert "96 Tỉnh Cà Mau (64 xã)" in result.output
    assert result.output.count("Xã ") + result.output.count("Phường ") >= 64


def test_units_show_unknown_parent_is_exit_2():
    result = runner.invoke(app, ["units", "show", "--units", "vn:96", "--parent", "123"])
    assert result.exit_code == 2


# -- units over time (issue 18) -------------------------------------------------------------

DATED = "code,name,level,parent_code,valid_from,valid_to\n"
# Tỉnh A's code 96 is reused by the province formed on 1/7/2025; commune 10001 keeps its
# code for the new Xã Một (a later unit), 10002 ends.
TWO_PERIODS = (
    "96,Tỉnh A,province,,,2025-06-30\n"
    "961,Huyện B,district,96,,2025-06-30\n"
    "10001,Xã Một cũ,commune,961,,2025-06-30\n"
    "10002,Xã Hai,commune,961,,2025-06-30\n"
    "96,Tỉnh A mới,province,,2025-07-01,\n"
    "10001,Xã Một,commune,96,2025-07-01,\n"
)


def dated(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "units.csv"
    path.write_text(DATED + body, encoding="utf-8")
    return path


def test_a_registry_of_two_periods_is_identified_as_of_each(tmp_path):
    registry = load_registry(str(dated(tmp_path, TWO_PERIODS)))
    assert registry["96"].name == "Tỉnh A mới"  # the latest period by default
    assert registry.levels == ["province", "commune"]
    before = registry.as_of(2024)
    assert before["10001"].name == "Xã Một cũ" and before["10001"].parent_code == "961"
    assert [u.code for u in before.communes_under("96")] == ["10001", "10002"]
    assert before.find_by_name("Xã Hai")[0].code == "10002"
    after = registry.as_of(2025)
    assert [u.code for u in after.communes_under()] == ["10001"]
    assert after.find_by_name("Xã Hai") == []
    assert registry.as_of(2024) is before  # one view per period


def test_as_of_on_a_registry_of_one_period_filters_by_validity():
    registry = load_registry(str(SAMPLE_REGISTRY))
    assert len(registry.as_of(2024).communes_under()) == 100
    assert len(registry.as_of(2025)) == 0


def test_a_code_valid_twice_at_once_is_a_problem(tmp_path):
    found = check_rows(
        read_registry_rows(
            dated(tmp_path, "96,Tỉnh A,province,,,2025-06-30\n96,Tỉnh B,province,,2025-06-01,\n")
        )
    )
    assert found == [
        "Dòng 3: mã 96 có hiệu lực trùng thời gian với dòng 2. Một mã chỉ được dùng lại sau khi"
        " đơn vị cũ hết hiệu lực (valid_to trước valid_from)."
    ]
    assert check_rows(read_registry_rows(dated(tmp_path, TWO_PERIODS))) == []


def test_units_check_accepts_a_registry_of_two_periods(tmp_path):
    result = runner.invoke(app, ["units", "check", str(dated(tmp_path, TWO_PERIODS))])
    assert result.exit_code == 0, result.output
    assert "6 đơn vị (2 tỉnh, 1 huyện, 3 xã)" in result.output


@pytest.fixture(scope="module")
def vn():
    return load_registry("vn")


def test_vn_loads_the_pre_reform_units_only_when_asked(vn):
    fresh = load_registry("vn")
    assert fresh.timeline is not None and "units" not in fresh.timeline.__dict__
    assert all(u.valid_from is not None for u in fresh.units.values() if u.level != "nation")


def test_vn_before_the_reform(vn):
    before = vn.as_of(2024)
    levels = [u.level for u in before.units.values()]
    assert (levels.count("province"), levels.count("district"), levels.count("commune")) == (
        63,
        696,
        10035,
    )
    assert [r.code for r in before.roots] == ["VN"]
    assert len(vn.as_of(2025).communes_under()) == 3321


def test_vn_96_before_the_reform_is_todays_ca_mau_over_old_ca_mau_and_old_bac_lieu():
    """A period before the reform of today's province covers its area as it is today: old Cà
    Mau's and old Bạc Liêu's districts under today's 96, the old provinces named as former."""
    ca_mau = load_registry("vn:96")
    before = ca_mau.as_of(2024)
    assert [(r.code, r.name) for r in before.roots] == [("96", "Tỉnh Cà Mau")]
    assert {(f.unit.code, f.unit.name, len(f.children)) for f in before.former} == {
        ("96", "Tỉnh Cà Mau", 9),
        ("95", "Tỉnh Bạc Liêu", 7),
    }
    sample = load_registry(str(SAMPLE_REGISTRY))
    districts = next(f for f in before.former if f.unit.code == "96").children
    old_ca_mau = {u.code for c in districts for u in before.communes_under(c)}
    assert old_ca_mau == {u.code for u in sample.communes_under()}
    assert len(before.communes_under("96")) == 164
    assert before["954"].parent_code == "96"  # Thành phố Bạc Liêu, under today's province
    assert before["32086"].name == "Xã Tân Lộc"
    today = ca_mau.as_of(2025)
    assert [r.code for r in today.roots] == ["96"] and len(today.communes_under()) == 64


def test_today_provinces_of_old_units(vn):
    assert vn.today_provinces("95") == {"96"}  # old Bạc Liêu
    assert vn.today_provinces("954") == {"96"}  # Thành phố Bạc Liêu, through its communes
    assert vn.today_provinces("32086") == {"96"}
    assert vn.today_provinces("93") == {"92"}  # Hậu Giang → Cần Thơ
    assert vn.today_provinces("nothing") == set()


def test_units_show_as_of_a_period():
    result = runner.invoke(
        app, ["units", "show", "--units", "vn:96", "--period", "2024", "--depth", "0"]
    )
    assert result.exit_code == 0, result.output
    assert "96 Tỉnh Cà Mau (16 huyện, 164 xã)" in result.output
    assert "trước 01/7/2025: 96 Tỉnh Cà Mau (9 huyện, 100 xã)" in result.output
    assert "trước 01/7/2025: 95 Tỉnh Bạc Liêu (7 huyện, 64 xã)" in result.output
