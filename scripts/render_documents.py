"""Render docs/tong-hop-in.png and docs/bao-cao-trang-1.png: the first printed page of the
samples' summary (``TongHop``) and of the draft written report, through LibreOffice.

Needs LibreOffice (soffice) and poppler-utils (pdftoppm); for the fonts of the decree,
Times New Roman or its metric twin Liberation Serif (``apt-get install fonts-liberation2``)::

    python scripts/render_documents.py
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PICTURES = {"tong-hop-2023": "tong-hop-in.png", "bao-cao-2023": "bao-cao-trang-1.png"}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # paths relative to the checkout: the report quotes them in the findings it names
        command = ["xhht", "--quiet", "aggregate", "data/samples/2023"]
        command += ["--units", "data/samples/don-vi-ca-mau-2024.csv", "--plan"]
        command += [
            "ke-hoach-tinh-2023",
            "--period",
            "2023",
            "-o",
            str(work / "tong-hop-2023.xlsx"),
        ]
        command += ["--docx", str(work / "bao-cao-2023.docx")]
        command += ["--letterhead", "data/samples/tieu-de-mau.toml"]
        subprocess.run(command, check=False, cwd=ROOT)  # exit 1: the samples hold wrong reports
        books = [str(work / "tong-hop-2023.xlsx"), str(work / "bao-cao-2023.docx")]
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, *books],
            check=True,
            capture_output=True,
        )
        for stem, picture in PICTURES.items():
            pdf, page = work / f"{stem}.pdf", work / stem
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    "80",
                    "-png",
                    "-singlefile",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    str(pdf),
                    str(page),
                ],
                check=True,
            )
            shutil.copy(page.with_suffix(".png"), ROOT / "docs" / picture)


if __name__ == "__main__":
    main()
