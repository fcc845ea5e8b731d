"""Write the table of finding codes at the end of docs/huong-dan-su-dung.md (section 5) from
the message catalogue: ``python scripts/make_finding_table.py``. A test fails when a code is
missing from the guide."""

from __future__ import annotations

from pathlib import Path

from xhht_cli.base.i18n import MESSAGES

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "huong-dan-su-dung.md"
MARKER = "<!-- finding-table: generated from xhht_cli.base.i18n (finding.* keys); tests check it is complete -->"
GROUPS = {
    "file": "Tệp",
    "sheet": "Trang tính",
    "text": "Chữ, bảng mã",
    "period": "Kỳ báo cáo",
    "value": "Giá trị",
    "field": "Chỉ tiêu",
    "rule": "Quy tắc kiểm tra",
    "history": "So với kỳ trước",
    "report": "Báo cáo",
    "unit": "Đơn vị",
    "feedback": "Tệp phản hồi",
}


def table() -> str:
    rows = ["| mã | nhóm | thông báo (tiếng Việt) |", "| --- | --- | --- |"]
    for key, (vi, _) in sorted(MESSAGES.items()):
        if key.startswith("finding."):
            code = key.removeprefix("finding.")
            group = GROUPS.get(code.split(".")[0], code.split(".")[0])
            text = vi.replace("|", "\\|").replace("\n", " ")
            rows.append(f"| `{code}` | {group} | {text} |")
    return "\n".join(rows) + "\n"


def main() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    head = text[: text.index(MARKER) + len(MARKER)]
    GUIDE.write_text(head + "\n" + table(), encoding="utf-8")


if __name__ == "__main__":
    main()
