"""An administrative unit and its level (docs/units.md): what a registry holds, and what a
crosswalk links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from xhht_cli.base.text import fold

LEVELS: tuple[str, ...] = ("nation", "province", "district", "commune")
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}
# The level column may name a level as Vietnamese officials do, with or without diacritics
# (folded: "Thị xã" → "thi xa"). "thành phố" alone is a city under the central government
# (province level); a provincial city is "thành phố thuộc tỉnh" (district level).
LEVEL_WORDS = {
    **{level: level for level in LEVELS},
    "quoc gia": "nation",
    "tinh": "province",
    "thanh pho": "province",
    "thanh pho truc thuoc trung uong": "province",
    "huyen": "district",
    "quan": "district",
    "thi xa": "district",
    "thanh pho thuoc tinh": "district",
    "xa": "commune",
    "phuong": "commune",
    "thi tran": "commune",
    "dac khu": "commune",
}


def canonical_level(text: str) -> str:
    """The level a registry cell names (``Phường``, ``thi tran``, ``commune`` → ``commune``);
    the text itself when it names none (reported by :func:`check_rows`)."""
    return LEVEL_WORDS.get(fold(text), text)


# GSO code widths; used to restore leading zeros lost when a code was typed as a number.
DEFAULT_WIDTH = {"nation": 0, "province": 2, "district": 3, "commune": 5}


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    name: str
    level: str
    parent_code: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None

    def exists_in(self, year: int) -> bool:
        """Whether the unit exists at the end of reporting year *year* (when reports are due)."""
        end = date(year, 12, 31)
        return (self.valid_from is None or self.valid_from <= end) and (
            self.valid_to is None or self.valid_to >= end
        )


@dataclass(frozen=True, slots=True)
class Former:
    """A unit of an earlier period that today's unit stands for in a view of that period, and
    the codes of its children (now the children of today's unit)."""

    unit: Unit
    children: tuple[str, ...]
