"""Write the built-in ``vn`` registry's pre-reform units and the crosswalk of the 2025 reform.

Outputs (package data, gzip-compressed CSV, ``#`` comment lines naming the sources on top):

- ``src/xhht_cli/units/data/vn-truoc-2025.csv.gz`` — the units before 1/7/2025: 63 provinces →
  districts → 10,035 communes (and the five island districts without communes), each valid
  until 2025-06-30, the provinces' parent being the nation ``VN`` of today's registry.
- ``src/xhht_cli/units/data/vn-chuyen-doi-2025.csv.gz`` — ``old_code, new_code, share, approximate``:
  what became of every old commune (and island district, and province).

Sources:

- ``vietnamadminunits`` 1.0.4 (PyPI, MIT licence, © 2025 Tran Ngoc Minh Hieu,
  https://github.com/tranngocminhhieu/vietnamadminunits): the pre-reform units with GSO codes
  (``data/dataset.db``, table ``admin_units_legacy``) and the 2025 converter
  (``data/converter_2025.json``: which old communes form each new one; the old communes divided
  among several new ones, the new ones' areas and the one marked default). Only data derived
  from it is written; none of its code.
- ``vietnam-provinces`` (the version installed, the source of today's ``vn`` registry): the
  codes of today's units. A new commune of the converter is matched to it by province and
  name, since 114 codes of the two sources differ (printed).

An old commune divided among several new ones gets shares proportional to the areas of those
new communes (``approximate`` = 1): the source gives no finer split, so the share is a rough
estimate; with ``--no-shares`` splits have no share and go wholly to the default successor.

Usage::

    pip download --no-deps vietnamadminunits==1.0.4 && unzip vietnamadminunits-1.0.4-*.whl
    python scripts/make_vn_crosswalk.py vietnamadminunits/data
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import sqlite3
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import vietnam_provinces

DATA = Path(__file__).resolve().parents[1] / "src" / "xhht_cli" / "units" / "data"
SOURCE = "vietnamadminunits 1.0.4"
VALID_TO = "2025-06-30"


def nfc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).replace("’", "'").split())


# old- and new-style tone marks (``Hoà``/``Hòa``, ``Thuỷ``/``Thủy``) differ between the sources
_TONES = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe"}
_TONES |= {"uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}


def match_key(name: str) -> str:
    """Names equal but for tone-mark style, apostrophes, spaces and case (``Tân Thành`` and
    ``Tân Thạnh`` stay apart: both exist in one province)."""
    key = nfc(name).lower().replace("–", "-")
    for old, new in _TONES.items():
        key = key.replace(old, new)
    return key


def today_codes() -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """(province code, name key) → commune code, and province code → name, of ``vn`` today."""
    data = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    communes: dict[tuple[str, str], str] = {}
    provinces = {}
    for province in data:
        pcode = f"{province['code']:02d}"
        provinces[pcode] = province["name"]
        for ward in province["wards"]:
            communes[(pcode, match_key(ward["name"]))] = f"{ward['code']:05d}"
    return communes, provinces


def old_units(db: sqlite3.Connection) -> tuple[list[tuple[str, ...]], dict[str, str]]:
    """The pre-reform registry rows, and converter key (``province_district_ward``) → code."""
    rows: dict[str, tuple[str, ...]] = {}
    keys: dict[str, str] = {}
    query = (
        "select province, provinceCode, provinceKey, district, districtCode, districtKey,"
        " ward, wardCode, wardKey from admin_units_legacy order by provinceCode, districtCode,"
        " wardCode"
    )
    for pname, pcode, pkey, dname, dcode, dkey, wname, wcode, wkey in db.execute(query):
        rows.setdefault(pcode, (pcode, nfc(pname), "province", "VN", "", VALID_TO))
        rows.setdefault(dcode, (dcode, nfc(dname), "district", pcode, "", VALID_TO))
        keys[f"{pkey}_{dkey}_{wkey or ''}"] = wcode or dcode  # island districts have no wards
        if wcode:
            rows[wcode] = (wcode, nfc(wname), "commune", dcode, "", VALID_TO)
    return list(rows.values()), keys


def new_codes(db: sqlite3.Connection, today: dict[tuple[str, str], str]) -> dict[str, str]:
    """Converter key (``newprovince/ward``) → today's code in ``vietnam-provinces``."""
    codes: dict[str, str] = {}
    differing, unmatched = [], []
    query = "select provinceKey, provinceCode, wardKey, wardCode, ward from admin_units"
    for pkey, pcode, wkey, wcode, wname in db.execute(query):
        code = today.get((pcode, match_key(wname)))
        if code is None:
            unmatched.append(f"{wcode} {wname} ({pcode})")
            code = wcode
        elif code != wcode:
            differing.append(f"{wname} ({pcode}): {wcode} → {code}")
        codes[f"{pkey}/{wkey}"] = code
    if len(set(codes.values())) != len(codes):
        raise SystemExit("two communes of the converter matched one code of vietnam-provinces")
    print(f"today's communes: {len(codes)}; codes that differ from vietnam-provinces:")
    print(f"  {len(differing)} (the vietnam-provinces code is used): " + "; ".join(differing))
    print(f"  names not found in vietnam-provinces ({len(unmatched)}): " + "; ".join(unmatched))
    return codes


def crosswalk_rows(
    converter: dict[str, dict], old: dict[str, str], new: dict[str, str], shares: bool
) -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    for pkey, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for wkey, olds in wards.items():
            rows.extend((old[o], new[f"{pkey}/{wkey}"], "", "") for o in olds)
    splits = Counter[str]()
    for pkey, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for okey, successors in divided.items():
            ordered = sorted(successors, key=lambda s: not s["isDefaultNewWard"])
            areas = [s.get("newWardAreaKm2") or 0.0 for s in ordered]
            use_area = shares and all(areas)
            splits["by area" if use_area else "without shares (to the default)"] += 1
            for successor, area in zip(ordered, areas, strict=True):
                share = f"{area / sum(areas):.4f}" if use_area else ""
                code = new[f"{pkey}/{successor['newWardKey']}"]
                rows.append((old[okey], code, share, "1"))
    _fix_rounding(rows)
    print(f"old communes split among several new ones: {sum(splits.values())} — {dict(splits)}")
    return sorted(rows, key=lambda r: r[0])  # stable: a split keeps its default successor first


def _fix_rounding(rows: list[tuple[str, str, str, str]]) -> None:
    """Make the 4-decimal shares of each old code sum to exactly 1 (the largest absorbs it)."""
    by_old: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        if row[2]:
            by_old[row[0]].append(i)
    for indices in by_old.values():
        total = sum(round(float(rows[i][2]) * 10_000) for i in indices)
        biggest = max(indices, key=lambda i: float(rows[i][2]))
        old, new, share, flag = rows[biggest]
        rows[biggest] = (
            old,
            new,
            f"{(round(float(share) * 10_000) + 10_000 - total) / 10_000:.4f}",
            flag,
        )


def province_rows(
    converter: dict[str, dict], db: sqlite3.Connection
) -> list[tuple[str, str, str, str]]:
    old = dict(db.execute("select distinct provinceKey, provinceCode from admin_units_legacy"))
    new = dict(db.execute("select distinct provinceKey, provinceCode from admin_units"))
    return sorted(
        (old[o], new[n], "", "") for n, olds in converter["DICT_PROVINCE"].items() for o in olds
    )


def write(path: Path, header: str, columns: list[str], rows: list[tuple[str, ...]]) -> None:
    buffer = io.StringIO()
    buffer.write(header)
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    # mtime=0: the same data gives the same bytes
    path.write_bytes(gzip.compress(buffer.getvalue().encode("utf-8"), 9, mtime=0))
    print(f"wrote {path.relative_to(DATA.parents[2])} ({path.stat().st_size:,} bytes)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("data", type=Path, help="the vietnamadminunits/data folder of 1.0.4")
    parser.add_argument("--no-shares", action="store_true", help="no area shares for splits")
    args = parser.parse_args()
    db = sqlite3.connect(args.data / "dataset.db")
    converter = json.loads((args.data / "converter_2025.json").read_text(encoding="utf-8"))
    today, _ = today_codes()
    units, old_keys = old_units(db)
    new = new_codes(db, today)
    rows = province_rows(converter, db) + crosswalk_rows(
        converter, old_keys, new, not args.no_shares
    )
    levels = Counter(u[2] for u in units)
    print(f"pre-reform units: {dict(levels)}; crosswalk rows: {len(rows)}")
    vp = f"vietnam-provinces {vietnam_provinces.__version__}"
    DATA.mkdir(exist_ok=True)
    write(
        DATA / "vn-truoc-2025.csv.gz",
        f"# Đơn vị hành chính Việt Nam trước 1/7/2025 (63 tỉnh, {levels['district']} huyện,"
        f" {levels['commune']} xã), mã GSO.\n"
        f"# Pre-reform units of Vietnam, GSO codes. Source: {SOURCE} (PyPI, MIT licence),"
        " table admin_units_legacy.\n# Written by scripts/make_vn_crosswalk.py.\n",
        ["code", "name", "level", "parent_code", "valid_from", "valid_to"],
        units,
    )
    share_note = (
        "splits go wholly to the default successor (no shares)"
        if args.no_shares
        else "a split's shares are proportional to the new communes' areas: an approximation"
    )
    write(
        DATA / "vn-chuyen-doi-2025.csv.gz",
        "# Bảng chuyển đổi đơn vị hành chính 1/7/2025: đơn vị cũ → đơn vị mới.\n"
        f"# Crosswalk of the 2025 reform. Source: {SOURCE} (converter_2025.json, MIT licence);"
        f" today's codes as in {vp}.\n# approximate=1: {share_note}.\n"
        "# Written by scripts/make_vn_crosswalk.py.\n",
        ["old_code", "new_code", "share", "approximate"],
        rows,
    )


if __name__ == "__main__":
    main()
