"""Render the README's pictures from the real summary workbooks of the samples, through
LibreOffice: docs/tong-hop.png (``TongHop`` of the 2023 samples alone) and docs/tien-trinh.png,
docs/tien-trinh-bieu-do.png (``TienTrinh`` of the Quick start's run: 2024 with 2023 as history,
its table page and its first page of charts).

Needs LibreOffice (soffice), poppler-utils (pdftoppm) and Pillow::

    apt-get install libreoffice-calc poppler-utils && pip install pillow
    python scripts/render_readme_picture.py
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "tong-hop.png"
PROGRESS_OUT = ROOT / "docs" / "tien-trinh.png"
CHARTS_OUT = ROOT / "docs" / "tien-trinh-bieu-do.png"
# The Quick start's first command, without installing.
QUICK_START = [
    "aggregate",
    str(ROOT / "data/samples/2024"),
    "--history",
    str(ROOT / "data/samples/2023"),
    "--units",
    str(ROOT / "data/samples/don-vi-ca-mau-2024.csv"),
    "--plan",
    "quoc-gia-2021-2030",
    "--period",
    "2024",
]
# (x, y) of each numbered callout, as fractions of the cropped picture; see the README.
CALLOUTS = [(0.43, 0.165), (0.495, 0.165), (0.597, 0.165), (0.85, 0.165), (0.03, 0.94)]


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
    render_progress()


def render_progress() -> None:
    """The ``TienTrinh`` pages of the Quick start's workbook: the table, then the first charts."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        book = work / "tong-hop-2024.xlsx"
        subprocess.run(["xhht", "--quiet", *QUICK_START, "-o", str(book)], check=False)
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(book)],
            check=True,
            capture_output=True,
        )
        pdf = work / "tong-hop-2024.pdf"
        first = _page_with(pdf, "TIẾN TRÌNH THỰC HIỆN MỤC TIÊU")
        for number, out in ((first, PROGRESS_OUT), (first + 1, CHARTS_OUT)):
            prefix = str(work / f"p{number}")
            pages = ["-f", str(number), "-l", str(number)]
            subprocess.run(["pdftoppm", "-r", "130", "-png", *pages, str(pdf), prefix], check=True)
            page = Image.open(next(work.glob(f"p{number}*.png"))).convert("RGB")
            # the printed content (without the page's footer), with a margin
            box = ImageOps.invert(page).getbbox() or (0, 0, *page.size)
            w, h = page.size
            bottom = min(box[3], int(h * 0.93))
            page.crop(
                (max(box[0] - 20, 0), max(box[1] - 20, 0), min(box[2] + 20, w), bottom + 20)
            ).save(out, optimize=True)


def _page_with(pdf: Path, text: str) -> int:
    """The number of the first page of *pdf* holding *text*."""
    pages = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout.split("\f")
    return next(i for i, page in enumerate(pages, start=1) if text in page)


if __name__ == "__main__":
    main()
