"""Render docs/tong-hop.png: the real summary workbook of the samples, through LibreOffice.

Needs LibreOffice (soffice), poppler-utils (pdftoppm) and Pillow::

    apt-get install libreoffice-calc poppler-utils && pip install pillow
    python scripts/render_readme_picture.py
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "tong-hop.png"
# (x, y) of each numbered callout, as fractions of the cropped picture; see the README.
CALLOUTS = [(0.40, 0.165), (0.51, 0.165), (0.61, 0.165), (0.79, 0.165), (0.03, 0.94)]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        book = work / "tong-hop-2023.xlsx"
        subprocess.run(
            [
                "xhht",
                "--quiet",
                "aggregate",
                str(ROOT / "data/samples/2023"),
                "--units",
                str(ROOT / "data/samples/don-vi-ca-mau-2024.csv"),
                "--plan",
                "ke-hoach-tinh-2023",
                "--period",
                "2023",
                "-o",
                str(book),
            ],
            check=False,
        )
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(book)],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "130",
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                str(work / "tong-hop-2023.pdf"),
                str(work / "page"),
            ],
            check=True,
        )
        page = Image.open(next(work.glob("page*.png")))
        w, h = page.size
        picture = page.crop((int(w * 0.03), int(h * 0.07), int(w * 0.97), int(h * 0.63)))
    draw = ImageDraw.Draw(picture)
    try:
        font = ImageFont.truetype("LiberationSans-Bold.ttf", 22)
    except OSError:
        font = ImageFont.load_default()
    pw, ph = picture.size
    for number, (fx, fy) in enumerate(CALLOUTS, start=1):
        x, y = int(fx * pw), int(fy * ph)
        draw.ellipse((x - 16, y - 16, x + 16, y + 16), fill=(192, 0, 0))
        draw.text((x, y), str(number), fill="white", font=font, anchor="mm")
    OUT.parent.mkdir(exist_ok=True)
    picture.save(OUT, optimize=True)


if __name__ == "__main__":
    main()
