"""The draft report's appendix "Phụ lục: Danh sách báo cáo đã tổng hợp" (docs/documents.md):
on a page of its own after the signature, the reports the figures were rolled up from (the
commune, its file, report date, when it was received, the start of the file's SHA-256), then
the reports not used and why — the same lists as the workbook's ``NguonSoLieu``."""

from __future__ import annotations

from collections.abc import Sequence

from xhht_cli.rollup.outcome import Outcome
from xhht_cli.write.sources import SHA_SHOWN, file_name, received_text, why
from xhht_cli.write.summary.formats import STATUS_VI
from xhht_cli.write.wordml import Document, Para, Run, para

TITLE = "Phụ lục: Danh sách báo cáo đã tổng hợp"
USED_WIDTHS = (0.9, 3.3, 4.6, 1.9, 2.9, 2.9)  # cm: 16.5, A4 less NĐ 30's margins
UNUSED_WIDTHS = (0.9, 5.2, 3.4, 7.0)


def _cell(text: str, bold: bool = False, align: str = "left") -> list[Para]:
    return [Para((Run(text, bold=bold, size=9),), align, after=0)]


def _table(
    doc: Document,
    heads: tuple[str, ...],
    rows: Sequence[tuple[str, ...]],
    widths: tuple[float, ...],
) -> None:
    """Bordered, its head in bold on every page; the number column centred."""
    doc.table(
        [
            [_cell(h, bold=True, align="center") for h in heads],
            *[
                [_cell(t, align="center" if i == 0 else "left") for i, t in enumerate(r)]
                for r in rows
            ],
        ],
        widths,
    )


def sources_appendix(doc: Document, outcome: Outcome) -> None:
    """Append the appendix of *outcome*'s current period to *doc*."""
    sources = outcome.sources[-1]
    earlier = [s for s in outcome.sources[:-1] if s.used]
    enough = outcome.counted(outcome.top) if outcome.top is not None else {}
    before = "".join(
        f" Số liệu năm {s.period} được tổng hợp từ {len(s.used)} báo cáo năm {s.period} "
        f"({len(s.used)}/{_expected(outcome, s.period)} xã có báo cáo hợp lệ"
        + ("" if enough.get(s.period) else "; quá ít để so sánh, không dùng để tính tiến độ")
        + ")."
        for s in reversed(earlier)
    )
    if before:
        before += " Danh sách các báo cáo đó ở sổ tổng hợp, trang NguonSoLieu."
    doc.add(
        Para((Run("Phụ lục", bold=True),), "center", page_break=True),
        para("DANH SÁCH BÁO CÁO ĐÃ TỔNG HỢP", "center", bold=True),
        para(
            f"(Kèm theo báo cáo kết quả xây dựng xã hội học tập năm {outcome.period})",
            "center",
            italic=True,
            size=13,
        ),
        Para(
            (
                Run(
                    f"Các số liệu của báo cáo được tổng hợp từ {len(sources.used)} báo cáo của "
                    f"các xã dưới đây; mỗi tệp được nhận biết bằng mã SHA-256 ({SHA_SHOWN} ký "
                    f"tự đầu; đường dẫn và đủ 64 ký tự trong sổ tổng hợp, trang ThongTin).{before}",
                    size=12,
                ),
            ),
            "both",
            indent=True,
        ),
    )
    rows = [
        (
            str(number),
            f"{used.unit.name} ({used.unit.code})",
            file_name(used.file),
            used.report_date.strftime("%d/%m/%Y") if used.report_date else "—",
            received_text(used.received),
            used.sha256[:SHA_SHOWN],
        )
        for number, used in enumerate(sources.used, start=1)
    ]
    heads = ("STT", "Xã", "Tệp", "Ngày báo cáo", "Ngày nhận", "SHA-256")
    _table(doc, heads, rows, USED_WIDTHS)
    unused = outcome.unused_now  # an earlier period's sources are not "not used"
    if not unused:
        return
    heading = para("Các báo cáo không được sử dụng và lý do:", "both", bold=True, size=12)
    doc.add(para(), heading._replace(keep_next=True))  # with its table, never alone at a foot
    others = [
        (
            str(number),
            file_name(item.file),
            f"{item.unit.name} ({item.unit.code})" if item.unit else "—",
            f"{STATUS_VI.get(item.status, item.status)}: {why(item, 'vi', names=True)}",
        )
        for number, item in enumerate(unused, start=1)
    ]
    _table(doc, ("STT", "Tệp", "Xã", "Tình trạng, lý do"), others, UNUSED_WIDTHS)


def _expected(outcome: Outcome, period: str) -> str:
    """The communes expected in *period* on the run's units (``95/100``'s 100), as a number."""
    top = outcome.top
    counts = outcome.period_counts(top) if top is not None else {}
    found = counts.get(period)
    return f"{found.expected:,}".replace(",", ".") if found is not None else "—"
