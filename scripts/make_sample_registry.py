"""Write data/samples/don-vi-ca-mau-2024.csv, the pre-2025 registry of Cà Mau province.

Source: the GSO unit list (Danh mục đơn vị hành chính, Tổng cục Thống kê) as packaged in
``vietnam-provinces`` 0.6.0 (data retrieved 2025-01-04, before the 1/7/2025 reform).
Usage::

    pip download --no-deps vietnam-provinces==0.6.0 && unzip vietnam_provinces-0.6.0-*.whl
    python scripts/make_sample_registry.py vietnam_provinces/data/nested-divisions.json
"""

import csv
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "data" / "samples" / "don-vi-ca-mau-2024.csv"
HEADER = """\
# Danh mục đơn vị hành chính tỉnh Cà Mau trước 1/7/2025 (tỉnh → 9 huyện/thành phố → 100 xã, phường, thị trấn).
# Nguồn: Danh mục đơn vị hành chính Việt Nam của Tổng cục Thống kê (GSO), theo gói PyPI
# vietnam-provinces 0.6.0 (dữ liệu lấy ngày 2025-01-04). Tạo bằng scripts/make_sample_registry.py.
# Source: GSO administrative unit list, as packaged in vietnam-provinces 0.6.0 (data of 2025-01-04).
"""


def main(source: str) -> None:
    data = json.loads(Path(source).read_text(encoding="utf-8"))
    province = next(p for p in data if p["code"] == 96)
    rows = [("96", province["name"], "province", "", "", "2025-06-30")]
    for district in province["districts"]:
        dcode = f"{district['code']:03d}"
        rows.append((dcode, district["name"], "district", "96", "", "2025-06-30"))
        for ward in district["wards"]:
            rows.append((f"{ward['code']:05d}", ward["name"], "commune", dcode, "", "2025-06-30"))
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["code", "name", "level", "parent_code", "valid_from", "valid_to"])
        writer.writerows(rows)


if __name__ == "__main__":
    main(sys.argv[1])
