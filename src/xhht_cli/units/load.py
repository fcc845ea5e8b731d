"""Opening a registry (docs/units.md): a file, or the built-in ``vn`` (today's units from the
maintained ``vietnam-provinces`` package; the units before the 2025 reform and its crosswalk
from package data written by ``scripts/make_vn_crosswalk.py``, read only when an earlier
period asks for them, and then once a process)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date
from functools import cache
from pathlib import Path

from xhht_cli.base.errors import RegistryError, XhhtError
from xhht_cli.base.i18n import tr
from xhht_cli.base.text import nfc
from xhht_cli.units.crosswalk import Crosswalk, load_crosswalk
from xhht_cli.units.registry import Registry, Timeline
from xhht_cli.units.rows import check_rows, read_registry_rows, units_from_rows
from xhht_cli.units.unit import Unit

REGISTRY_SUFFIXES = (".csv", ".xlsx", ".xls", ".ods", ".txt")


def built_in(spec: str) -> bool:
    """Whether *spec* names the shipped registry (``vn``, ``vn:<province code>``), not a file."""
    return spec == "vn" or spec.startswith("vn:")


def load_registry(spec: str, crosswalk: Path | str | None = None) -> Registry:
    """Open a registry: ``vn``, ``vn:<province code>``, or a CSV/XLSX file path.

    *crosswalk* (a CSV file) says what became of the units that ended; ``vn`` has its own,
    the 2025 reform's, unless another is given.
    """
    if built_in(spec):
        registry = vn_registry(crosswalk)
        if spec == "vn":
            return registry
        province = spec.split(":", 1)[1].strip().zfill(2)
        if province not in registry:
            raise XhhtError(tr("units.bad_province", code=province))
        return registry.subtree(province)
    path = Path(spec)
    if not path.is_file():
        if path.suffix.lower() in REGISTRY_SUFFIXES or "/" in spec or "\\" in spec:  # a file
            raise XhhtError(tr("units.file_not_found", name=spec, cwd=Path.cwd()))
        raise XhhtError(tr("units.not_found", name=spec))
    rows = read_registry_rows(path)
    problems = check_rows(rows)
    if problems:
        raise RegistryError(str(path), problems)
    units = list(units_from_rows(rows))
    if crosswalk is None and len({u.code for u in units}) == len(units):
        return Registry({u.code: u for u in units}, str(path))
    timeline = Timeline(lambda: units, _crosswalk_loader(crosswalk))
    return Registry(latest_units(units), str(path), timeline)


def latest_units(units: Iterable[Unit]) -> dict[str, Unit]:
    """One unit per code: those valid on the day the latest period starts (every unit when
    none has a start date)."""
    units = list(units)
    starts = [u.valid_from for u in units if u.valid_from is not None]
    if not starts:
        return {u.code: u for u in units}
    day = max(starts)
    return {
        u.code: u
        for u in units
        if (u.valid_from is None or u.valid_from <= day)
        and (u.valid_to is None or u.valid_to >= day)
    }


def _crosswalk_loader(path: Path | str | None) -> Callable[[], Crosswalk | None]:
    return (lambda: None) if path is None else (lambda: load_crosswalk(path))


# -- the built-in registry ----------------------------------------------------------------

NATION_CODE = "VN"


# today's units start with the 2025 reform; the ones before it end the day before
REFORM_2025 = date(2025, 7, 1)
_DATA = Path(__file__).parent / "data"
VN_BEFORE_2025 = _DATA / "vn-truoc-2025.csv.gz"
VN_CROSSWALK_2025 = _DATA / "vn-chuyen-doi-2025.csv.gz"


def vn_registry(crosswalk: Path | str | None = None) -> Registry:
    """Vietnam's units: today's (since 1/7/2025, nation → 34 provinces → communes), and in its
    timeline the 63 provinces, districts and communes before, with the 2025 crosswalk."""
    import vietnam_provinces

    units = {unit.code: unit for unit in _vn_today()}
    timeline = Timeline(
        lambda: [*units.values(), *_vn_before_2025()],
        lambda: load_crosswalk(crosswalk) if crosswalk else _vn_crosswalk_2025(),
    )
    return Registry(units, f"vn (vietnam-provinces {vietnam_provinces.__version__})", timeline)


# The built-in data is read once a process (docs/units.md, "Package data"): it is
# the package's own and never changes while the process runs; a registry made of it keeps
# its own views, the units it shares are frozen, and the crosswalk it shares is only read.


@cache
def _vn_today() -> tuple[Unit, ...]:
    import vietnam_provinces

    data = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    units = [Unit(NATION_CODE, "Việt Nam", "nation")]
    for province in data:
        pcode = f"{province['code']:02d}"
        pname = province["name"]
        if province.get("division_type") == "tỉnh" and not pname.startswith("Tỉnh"):
            pname = f"Tỉnh {pname}"
        units.append(Unit(pcode, nfc(pname), "province", NATION_CODE, REFORM_2025))
        for ward in province.get("wards", []):
            wcode = f"{ward['code']:05d}"
            units.append(Unit(wcode, nfc(ward["name"]), "commune", pcode, REFORM_2025))
    return tuple(units)


@cache
def _vn_before_2025() -> tuple[Unit, ...]:
    rows = read_registry_rows(VN_BEFORE_2025)
    return tuple(units_from_rows(rows))


@cache
def _vn_crosswalk_2025() -> Crosswalk:
    return load_crosswalk(VN_CROSSWALK_2025, "vn")
