"""Write the samples of the 2025 reform: old Bạc Liêu's registry, today's Cà Mau across the
reform (a registry of both periods and its crosswalk), and, with ``--reports``, synthetic
reports of old Bạc Liêu's communes for 2023 and 2024 and of today's Cà Mau's for 2025.

- ``data/samples/don-vi-bac-lieu-2024.csv`` — province 95 before 1/7/2025 (7 districts, 64
  communes), from ``vietnam-provinces`` 0.6.0 like ``don-vi-ca-mau-2024.csv``.
- ``data/samples/don-vi-ca-mau-2024-2025.csv`` — old Cà Mau and old Bạc Liêu (valid until
  2025-06-30, from ``vietnam-provinces`` 0.6.0) and today's Cà Mau (province 96 → 64 communes
  from 2025-07-01, from the installed ``vietnam-provinces``, as ``vn:96``).
- ``data/samples/chuyen-doi-2025-ca-mau.csv`` — the rows of the built-in ``vn`` crosswalk
  (``scripts/make_vn_crosswalk.py``) whose successors lie in today's Cà Mau.
- ``data/samples/cai-cach-2025/`` (``--reports``) — one canonical report per commune:
  ``bac-lieu-2023/``, ``bac-lieu-2024/``, ``ca-mau-2025/``. Existing samples are not touched.

Usage::

    pip download --no-deps vietnam-provinces==0.6.0 && unzip vietnam_provinces-0.6.0-*.whl
    python scripts/make_sample_crosswalk.py vietnam_provinces/data/nested-divisions.json [--reports]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import sys
from datetime import date
from pathlib import Path

import vietnam_provinces

from xhht_cli.base.text import slug
from xhht_cli.plans import load_plan
from xhht_cli.units.load import load_registry
from xhht_cli.units.registry import Registry
from xhht_cli.units.unit import Unit
from xhht_cli.write.template import template_name

# Test-data generation lives with the tests (it is not shipped): tests/synth.py.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from synth import fill_template, plausible_values

ROOT = Path(__file__).resolve().parents[1] / "data" / "samples"
COLUMNS = ["code", "name", "level", "parent_code", "valid_from", "valid_to"]
OLD = "vietnam-provinces 0.6.0 (dữ liệu lấy ngày 2025-01-04 / data of 2025-01-04)"
DATE = {"2023": date(2023, 11, 30), "2024": date(2024, 11, 29), "2025": date(2025, 11, 28)}


def old_rows(source: Path, province_code: int) -> list[list[str]]:
    """A pre-reform province's rows, as scripts/make_sample_registry.py writes them."""
    data = json.loads(source.read_text(encoding="utf-8"))
    province = next(p for p in data if p["code"] == province_code)
    pcode = f"{province_code:02d}"
    rows = [[pcode, province["name"], "province", "", "", "2025-06-30"]]
    for district in province["districts"]:
        dcode = f"{district['code']:03d}"
        rows.append([dcode, district["name"], "district", pcode, "", "2025-06-30"])
        for ward in district["wards"]:
            rows.append([f"{ward['code']:05d}", ward["name"], "commune", dcode, "", "2025-06-30"])
    return rows


def write(name: str, header: str, columns: list[str], rows: list[list[str]]) -> None:
    with (ROOT / name).open("w", encoding="utf-8", newline="") as fh:
        fh.write(header)
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    print(f"wrote data/samples/{name} ({len(rows)} rows)")


def registries(source: Path) -> None:
    bac_lieu = old_rows(source, 95)
    write(
        "don-vi-bac-lieu-2024.csv",
        "# Danh mục đơn vị hành chính tỉnh Bạc Liêu trước 1/7/2025 (tỉnh → 7 huyện/thị xã/thành"
        " phố → 64 xã, phường, thị trấn).\n"
        f"# Nguồn / source: GSO, theo gói PyPI {OLD}. Tạo bằng scripts/make_sample_crosswalk.py.\n",
        COLUMNS,
        bac_lieu,
    )
    today = load_registry("vn:96")
    new_rows = [
        [u.code, u.name, u.level, u.parent_code or "", "2025-07-01", ""]
        for u, _ in today.walk("96")
    ]
    write(
        "don-vi-ca-mau-2024-2025.csv",
        "# Tỉnh Cà Mau qua cải cách 2025: tỉnh Cà Mau và tỉnh Bạc Liêu cũ (đến 30/6/2025, có cấp"
        " huyện) và tỉnh Cà Mau mới (từ 1/7/2025, 64 xã, phường).\n"
        f"# Nguồn / sources: đơn vị cũ / old units {OLD}; đơn vị mới / today's units"
        f" vietnam-provinces {vietnam_provinces.__version__}.\n"
        "# Dùng với / use with --crosswalk data/samples/chuyen-doi-2025-ca-mau.csv."
        " Tạo bằng scripts/make_sample_crosswalk.py.\n",
        COLUMNS,
        old_rows(source, 96) + bac_lieu + new_rows,
    )
    crosswalk = today.crosswalk
    assert crosswalk is not None
    links = crosswalk.into(today.units).links
    write(
        "chuyen-doi-2025-ca-mau.csv",
        "# Bảng chuyển đổi 1/7/2025 của tỉnh Cà Mau: xã, phường, thị trấn và tỉnh cũ → xã,"
        " phường và tỉnh mới.\n"
        "# Crosswalk of today's Cà Mau: the rows of the built-in vn crosswalk (from"
        " vietnamadminunits 1.0.4, see scripts/make_vn_crosswalk.py) into province 96.\n"
        "# approximate=1: an old commune split among several new ones, its shares proportional"
        " to the new communes' areas (an estimate).\n",
        ["old_code", "new_code", "share", "approximate"],
        [
            [
                x.old_code,
                x.new_code,
                "" if x.share is None else f"{x.share:.4f}",
                "1" * x.approximate,
            ]
            for x in links
        ],
    )


def reports() -> None:
    """One canonical report per commune: old Bạc Liêu 2023 and 2024, today's Cà Mau 2025."""
    plan = load_plan()
    base = ROOT / "cai-cach-2025"
    shutil.rmtree(base, ignore_errors=True)
    old = load_registry(str(ROOT / "don-vi-bac-lieu-2024.csv"))
    for period in ("2023", "2024"):
        _reports(plan, old, period, base / f"bac-lieu-{period}", by_district=True)
    _reports(plan, load_registry("vn:96"), "2025", base / "ca-mau-2025", by_district=False)


def _reports(plan, registry: Registry, period: str, folder: Path, by_district: bool) -> None:  # type: ignore[no-untyped-def]
    scale = {"2023": 1.0, "2024": 1.04, "2025": 1.08}[period]
    communes = registry.communes_under()
    for index, unit in enumerate(communes):
        values = plausible_values(random.Random(unit.code), pcthcs=2 + index % 2, scale=scale)
        target = folder / _district_folder(registry, unit) if by_district else folder
        target.mkdir(parents=True, exist_ok=True)
        fill_template(target / template_name(unit), plan, unit, period, values, DATE[period])
    print(f"wrote {len(communes)} reports under {folder.relative_to(ROOT.parents[1])}")


def _district_folder(registry: Registry, unit: Unit) -> str:
    district = registry[unit.parent_code or ""]
    return f"{district.code}-{slug(district.name)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "source", type=Path, help="nested-divisions.json of vietnam-provinces 0.6.0"
    )
    parser.add_argument("--reports", action="store_true", help="also write the sample reports")
    args = parser.parse_args()
    registries(args.source)
    if args.reports:
        reports()


if __name__ == "__main__":
    main()
