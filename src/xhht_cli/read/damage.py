"""Why a file is damaged, in the user's words: ``file.corrupt`` findings carry one of these
phrases first and a library's own text (in English) at most after it."""

from __future__ import annotations

from pathlib import Path

from xhht_cli.i18n import tr

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def damaged(damage: str, words: str = "", **params: object) -> dict[str, str]:
    """The ``detail`` parameters of a ``file.corrupt`` finding (``detail_en`` in English);
    *params* fill the phrase (which part, which record)."""
    vi, en = tr(f"damage.{damage}", "vi", **params), tr(f"damage.{damage}", "en", **params)
    if words:
        vi, en = (
            f"{vi} — {tr('damage.library_said', 'vi')}: {words}",
            f"{en} — {tr('damage.library_said', 'en')}: {words}",
        )
    return {"detail": vi, "detail_en": en}


def seen(path: Path) -> str:
    """What a file refused by its first bytes looks like (a zip cut short, a zip of something
    else, an Office 97 file, bytes of no known format)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - 65_558))
            tail = handle.read()
    except OSError:
        return "io"
    if head.startswith(b"PK"):
        return "package" if b"PK\x05\x06" in tail else "zip"
    if head == _OLE:
        return "ole"
    return "format"
