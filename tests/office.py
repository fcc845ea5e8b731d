"""LibreOffice for the tests that print or convert through it (docs/documents.md, "Looking at
what we make"): where it is, whether Writer is there beside Calc, and one conversion of many
files in one start (each start costs about a second) under a profile of the caller's."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def writer_installed() -> bool:
    """Whether LibreOffice can open a .docx here (Debian's libreoffice-calc comes without it)."""
    if SOFFICE is None:
        return False
    program = Path(os.path.realpath(SOFFICE)).parent
    return any((program / name).exists() for name in ("swriter", "swriter.exe", "libswlo.so"))


def times_metrics() -> bool:
    """Whether a font with Times New Roman's metrics is installed (Liberation Serif, or Times
    New Roman itself): without one LibreOffice sets the committee's pages in a wider font and
    they break elsewhere than in Word (fonts-liberation2 on Debian)."""
    try:
        listed = subprocess.run(
            ["fc-list", ":", "family"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except OSError:  # no fontconfig (Windows): LibreOffice uses the system's Times New Roman
        return True
    return "Liberation Serif" in listed or "Times New Roman" in listed


def convert(sources: list[Path], target: str, outdir: Path, profile: Path) -> None:
    """*sources* converted to *target* (``pdf``, ``ods``, ``xls:MS Excel 97``…) into *outdir*
    by one LibreOffice start; what it could not convert is simply not there."""
    assert SOFFICE is not None
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *map(str, sources),
        ],
        capture_output=True,
        timeout=240,
        check=False,
    )


LIBREOFFICE_FORMATS = {
    "ods": "ods",
    "xls": "xls:MS Excel 97",
    "xlsx": "xlsx:Calc MS Excel 2007 XML",
    "fods": "fods",
    "html": "html:HTML (StarCalc)",
}


def libreoffice_convert(source: Path, folder: Path) -> dict[str, Path]:
    """*source* as LibreOffice saves it in each of :data:`LIBREOFFICE_FORMATS` (one start a
    format, all sharing one throwaway profile); {} without LibreOffice."""
    if SOFFICE is None:
        return {}
    for suffix, target in LIBREOFFICE_FORMATS.items():
        convert([source], target, folder / suffix, folder / "profile")
    return converted(source, folder)


def converted(source: Path, folder: Path) -> dict[str, Path]:
    """What :func:`libreoffice_convert` made of *source* in *folder*, by format."""
    made = {suffix: folder / suffix / f"{source.stem}.{suffix}" for suffix in LIBREOFFICE_FORMATS}
    return {suffix: path for suffix, path in made.items() if path.exists()}
