"""Render the README's pictures of the committee's documents, each a printed page as
LibreOffice prints it (docs/documents.md):

- from the Quick start's run (2024, with 2023 as history, under the sample letterhead):
  docs/tong-hop-in.png (``TongHop``, page 1), docs/tien-trinh.png (``TienTrinh``'s table),
  docs/tien-trinh-bieu-do.png (its first page of charts), docs/theo-huyen.png (``TheoHuyen``,
  page 1), docs/bieu-do.png (``BieuDo``, page 1) and docs/bao-cao-trang-1.png (the .docx,
  page 1);
- from the 2023 samples (wrong, unreadable and missing reports): docs/loi-du-lieu.png
  (``LoiDuLieu``, page 1), docs/nguon-so-lieu.png (``NguonSoLieu``, page 1),
  docs/nguon-so-lieu-khong-dung.png (its page of the reports not used) and docs/phu-luc.png
  (the .docx's appendix, its first page).

Needs LibreOffice (soffice) and poppler-utils (pdftoppm, pdftotext); for the fonts of the
decree, Times New Roman or its metric twin Liberation Serif (``apt-get install
fonts-liberation2``)::

    python scripts/render_documents.py
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
RESOLUTION = "90"  # dpi: a landscape A4 page some 1,050 px wide
# picture → (the page holding this text, pages after it)
QUICK_START_PAGES = {
    "tong-hop-in.png": ("Kế hoạch", 0),
    "tien-trinh.png": ("TIẾN TRÌNH THỰC HIỆN MỤC TIÊU", 0),
    "tien-trinh-bieu-do.png": ("TIẾN TRÌNH THỰC HIỆN MỤC TIÊU", 1),
    "theo-huyen.png": ("KẾT QUẢ THEO HUYỆN", 0),
    "bieu-do.png": ("Kết quả năm 2024", 0),
}
SAMPLES_2023_PAGES = {
    "loi-du-lieu.png": ("LỖI VÀ CẢNH BÁO TRONG CÁC BÁO CÁO", 0),
    "nguon-so-lieu.png": ("NGUỒN SỐ LIỆU — CÁC BÁO CÁO ĐÃ TỔNG HỢP", 0),
    "nguon-so-lieu-khong-dung.png": ("CÁC BÁO CÁO KHÔNG ĐƯỢC DÙNG VÀ LÝ DO", 0),
}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # paths relative to the checkout: the sheets quote them in the findings they name
        quick = ["data/samples/2024", "--history", "data/samples/2023", "--period", "2024"]
        _aggregate(work, "tong-hop-2024", quick, docx=True)
        _aggregate(work, "tong-hop-2023", ["data/samples/2023", "--period", "2023"], docx=True)
        books = ["tong-hop-2024.xlsx", "bao-cao-2024.docx", "tong-hop-2023.xlsx"]
        _convert(work, [*books, "bao-cao-2023.docx"])
        for pdf, pictures in (
            (work / "tong-hop-2024.pdf", QUICK_START_PAGES),
            (work / "tong-hop-2023.pdf", SAMPLES_2023_PAGES),
        ):
            for picture, (text, after) in pictures.items():
                _picture(pdf, _page_with(pdf, text) + after, DOCS / picture)
        _picture(work / "bao-cao-2024.pdf", 1, DOCS / "bao-cao-trang-1.png")
        appendix = work / "bao-cao-2023.pdf"
        _picture(
            appendix, _page_with(appendix, "DANH SÁCH BÁO CÁO ĐÃ TỔNG HỢP"), DOCS / "phu-luc.png"
        )


def _aggregate(work: Path, stem: str, args: list[str], docx: bool = False) -> None:
    command = ["xhht", "--quiet", "aggregate", *args]
    command += ["--units", "data/samples/don-vi-ca-mau-2024.csv"]
    command += ["-o", str(work / f"{stem}.xlsx")]
    command += ["--letterhead", "data/samples/tieu-de-mau.toml"]
    if docx:
        command += ["--docx", str(work / stem.replace("tong-hop", "bao-cao")) + ".docx"]
    subprocess.run(command, check=False, cwd=ROOT)  # exit 1: the 2023 samples hold wrong reports


def _convert(work: Path, names: list[str]) -> None:
    books = [str(work / name) for name in names]
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), *books],
        check=True,
        capture_output=True,
    )


def _page_with(pdf: Path, text: str) -> int:
    """The number of the first page of *pdf* holding *text*."""
    pages = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout.split("\f")
    return next(i for i, page in enumerate(pages, start=1) if text in page)


def _picture(pdf: Path, number: int, target: Path) -> None:
    prefix = pdf.with_name(f"{pdf.stem}-{number}")
    pages = ["-f", str(number), "-l", str(number)]
    subprocess.run(
        ["pdftoppm", "-r", RESOLUTION, "-png", "-singlefile", *pages, str(pdf), str(prefix)],
        check=True,
    )
    shutil.copy(prefix.with_suffix(".png"), target)


if __name__ == "__main__":
    main()
