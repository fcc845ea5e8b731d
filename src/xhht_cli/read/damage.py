"""Why a file is damaged or too much, in the user's words: ``file.corrupt`` findings carry
one of these phrases first and a library's own text (in English) at most after it;
``file.out_of_memory`` names what was too large for that kind of file."""

from __future__ import annotations

from xhht_cli.base.i18n import tr
from xhht_cli.values.findings import Finding

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


def seen(data: bytes) -> str:
    """What a file refused by its bytes looks like (a zip cut short, a zip of something
    else, an Office 97 file, bytes of no known format). *data*: the file's bytes, already
    in memory (none when it could not be read)."""
    if not data:
        return "io"
    if data.startswith(b"PK"):
        if b"PK\x05\x06" not in data[-65_558:]:
            return "zip"
        # the names in a zip's directory are plain bytes: a Word or PowerPoint file renamed
        if b"word/document.xml" in data:
            return "package_word"
        return "package_slides" if b"ppt/presentation.xml" in data else "package"
    if data[:8] == _OLE:
        return "ole"
    return "format"


# What grows without end when a file of each kind is read, by the kind discovery or the
# worker gave it.
_TOO_MUCH = {
    "csv": "memory.text",
    "html": "memory.page",
    "xml2003": "memory.xml",
    "fods": "memory.xml",
}


def out_of_memory(kind: str, display: str) -> Finding:
    """The finding for a file whose reading met the worker's memory ceiling, naming what is
    too large in a file of its *kind* (a CSV has no "data area")."""
    key = _TOO_MUCH.get(kind, "memory.workbook")
    return Finding(
        "file.out_of_memory",
        "error",
        display,
        params={"what": tr(key, "vi"), "what_en": tr(key, "en")},
    )
