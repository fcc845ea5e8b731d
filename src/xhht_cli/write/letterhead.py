"""Who issues, who signs and where (docs/documents.md, "The letterhead"): the administrative header
and the signature block of NĐ 30/2020/NĐ-CP, Phụ lục I, on the summary and the written report.

Read from a TOML file (``--letterhead``, the cron key ``letterhead``); without one, what the
registry's top unit tells for sure (the place from its name) and dotted lines for the rest, so
the document never carries a wrong name — only blanks for people to fill in.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from xhht_cli.base.errors import XhhtError, pydantic_problem, toml_problem
from xhht_cli.base.i18n import tr

DOTS = "……………"
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
# The unit words a place name drops ("Tỉnh Cà Mau" → "Cà Mau"); a name that is a number or a
# person's name keeps them (NĐ 30, Phụ lục I: "Thành phố Hồ Chí Minh", "Phường 9").
_UNIT_WORDS = re.compile(
    r"^(tỉnh|thành phố|tp\.|huyện|quận|thị xã|thị trấn|xã|phường|đặc khu)\s+", re.IGNORECASE
)
_KEEP_WORDS = re.compile(r"^(\d|hồ chí minh)", re.IGNORECASE)


class Letterhead(BaseModel):
    """The letterhead file's keys; every one optional."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    agency: str = ""  # tên cơ quan ban hành, e.g. "BAN CHỈ ĐẠO XÂY DỰNG XÃ HỘI HỌC TẬP"
    parent_agency: str = ""  # cơ quan chủ quản, e.g. "UBND TỈNH CÀ MAU"
    number: str = ""  # ký hiệu, e.g. "…/BC-BCĐ"
    place: str = ""  # địa danh, e.g. "Cà Mau"
    signer_title: str = ""  # quyền hạn và chức vụ, lines: "TM. BAN CHỈ ĐẠO\nTRƯỞNG BAN"
    signer_name: str = ""
    preparer: str = ""  # người lập biểu
    recipients: list[str] = []

    def filled(self, top_name: str | None) -> Letterhead:
        """These keys, with the defaults of docs/documents.md where a key is blank: the place from
        the top unit's name, dotted lines for the number and the names."""
        return self.model_copy(
            update={
                "agency": self.agency or DOTS,
                "number": self.number or "…/BC-…",
                "place": self.place or (place_of(top_name) if top_name else "") or DOTS,
                "signer_title": self.signer_title or DOTS,
                "signer_name": self.signer_name or DOTS,
                "preparer": self.preparer or DOTS,
                "recipients": self.recipients or [f"{DOTS};", "Lưu: VT."],
            }
        )

    @property
    def number_line(self) -> str:
        return f"Số: {self.number}"

    @property
    def title_lines(self) -> list[str]:
        """The signer's authority and title, upper case, a line each (``TM. …``, ``KT. …``)."""
        return [line.strip().upper() for line in self.signer_title.splitlines() if line.strip()]

    def date_line(self, day: date) -> str:
        """``Cà Mau, ngày 01 tháng 12 năm 2026`` (NĐ 30: a day below 10 and the months 1 and 2
        with a leading zero)."""
        month = f"{day.month:02d}" if day.month < 3 else str(day.month)
        return f"{self.place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def place_of(name: str) -> str:
    """The place of a unit's name: ``Tỉnh Cà Mau`` → ``Cà Mau``."""
    rest = _UNIT_WORDS.sub("", name.strip(), count=1)
    return name.strip() if not rest or _KEEP_WORDS.match(rest) else rest


def in_sentence(name: str) -> str:
    """A unit's name inside a sentence: its type word is a common noun, lower case (NĐ
    30/2020, Phụ lục II: ``tỉnh Cà Mau``, ``thành phố Hồ Chí Minh``, ``phường 7``); the name
    itself keeps its capitals."""
    name = name.strip()
    found = _UNIT_WORDS.match(name)
    return found.group(1).lower() + name[len(found.group(1)) :] if found else name


def load_letterhead(path: Path | None) -> Letterhead:
    """The letterhead of *path* (blank without one); any problem is an :class:`XhhtError`
    (exit 2) naming the key."""
    if path is None:
        return Letterhead()
    if not path.is_file():
        raise XhhtError(tr("letterhead.missing", path=path))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise XhhtError(tr("letterhead.syntax", path=path, error=toml_problem(exc))) from exc
    try:
        return Letterhead.model_validate(data)
    except ValidationError as exc:
        problems = [
            tr("letterhead.key", key=".".join(map(str, e["loc"])) or "?", error=pydantic_problem(e))
            for e in exc.errors()
        ]
        raise XhhtError(
            tr("letterhead.invalid", path=path) + "\n  - " + "\n  - ".join(problems)
        ) from exc
