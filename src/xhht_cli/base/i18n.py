"""Messages in Vietnamese (default) and English.

Every user-facing sentence is a template in :data:`MESSAGES`, keyed by a stable code, so
findings can carry the code and parameters and be rendered in either language later.
"""

from __future__ import annotations

import math
import os
from contextvars import ContextVar
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

Lang = Literal["vi", "en"]

_lang: ContextVar[Lang] = ContextVar("xhht_lang", default="vi")


def default_lang() -> Lang:
    """The language from ``XHHT_LANG`` (``vi`` unless it says ``en``)."""
    return "en" if os.environ.get("XHHT_LANG", "").lower().startswith("en") else "vi"


def set_lang(lang: Lang) -> None:
    _lang.set(lang)


def get_lang() -> Lang:
    return _lang.get()


def fmt_num(value: float | int | None, lang: Lang | None = None, digits: int = 0) -> str:
    """Format a number the way readers of *lang* write it: ``5.120`` (vi), ``5,120`` (en);
    rounded as a spreadsheet shows a cell (half up, from its 15 significant digits), so the
    document and the workbook beside it print the same figure: 81.25 is "81,3" in both."""
    if value is None:
        return "—"
    shown: float | int | Decimal = value
    if isinstance(value, float) and math.isfinite(value):
        exact = Decimal(format(value, ".15g"))
        shown = exact.quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
        if shown == 0:
            shown = abs(shown)  # -0.04 is "0,0", not "-0,0"
    text = f"{shown:,.{digits}f}"
    if (lang or get_lang()) == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def decimals_under(value: float, bound: float) -> int:
    """The decimals to show *value*, which is under *bound*, with so that it does not read as
    *bound*: one where it is enough, more where rounding would reach it (69.96 % under a target
    of 70 % is "69,96", not "70,0" beside "not met"); at most 6. Rounded as a spreadsheet shows
    a cell, half up from its 15 significant digits: 139,999 of 200,000 is 69.9995 %, which
    Python prints "69.999" at three decimals and LibreOffice "70.000", so four."""
    exact = Decimal(format(value, ".15g"))
    for decimals in range(1, 6):
        if float(exact.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)) < bound:
            return decimals
    return 6


def tr(key: str, lang: Lang | None = None, /, **params: object) -> str:
    """Render message *key* in *lang* (the current language by default)."""
    templates = MESSAGES[key]
    template = templates[0] if (lang or get_lang()) == "vi" else templates[1]
    return template.format(**params)


# The units of measure the shipped plans give their fields (a plan's own data, in Vietnamese),
# as English output names them; a unit not here is shown as the plan writes it.
UNITS_EN = {
    "hộ": "households",
    "người": "people",
    "dòng họ": "clans",
    "cộng đồng": "communities",
    "đơn vị": "units",
    "mức": "level",
    "cơ sở": "institutions",
    "trung tâm": "centres",
    "lượt": "attendances",
}


def unit_of_measure(unit: str, lang: Lang | None = None) -> str:
    """A field's unit of measure in *lang* (the plan's own words in Vietnamese)."""
    return UNITS_EN.get(unit, unit) if (lang or get_lang()) == "en" else unit


# key: (Vietnamese, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # -- command-level -----------------------------------------------------------------
    "cli.bug": (
        "Lỗi của chương trình xhht (không phải lỗi dữ liệu): {error}. "
        "Hãy chạy lại với --verbose và gửi nội dung cho nhóm phát triển xhht.",
        "Internal error in xhht (not a data problem): {error}. "
        "Run again with --verbose and send the output to the xhht developers.",
    ),
    "cli.interrupted": (
        "Đã dừng theo yêu cầu ({signal}): các tiến trình đọc đã dừng, không để lại tệp tạm; kết quả cũ (nếu có) vẫn nguyên vẹn.",
        "Stopped on request ({signal}): the reading processes were stopped and no temporary file was left; earlier outputs (if any) are whole.",
    ),
    "cli.path_pattern": (
        "Không tìm thấy đường dẫn {path}: dấu * và ? không được mở rộng (cửa sổ lệnh cmd của Windows không làm việc này). Hãy đưa cả thư mục: xhht đọc mọi báo cáo trong {folder}.",
        "Path {path} does not exist: * and ? were not expanded (Windows' cmd does not do it). Give the folder instead: xhht reads every report in {folder}.",
    ),
    "cli.path_missing": (
        "Không tìm thấy đường dẫn {path}. Hãy kiểm tra lại tên tệp hoặc thư mục.",
        "Path {path} does not exist. Check the file or folder name.",
    ),
    "cli.no_period": (
        "Không xác định được kỳ báo cáo: không tệp nào ghi năm báo cáo. Hãy dùng --period YYYY.",
        "Cannot tell the reporting period: no file gives one. Use --period YYYY.",
    ),
    "cli.periods_differ": (
        "Các tệp thuộc nhiều kỳ báo cáo khác nhau: {periods}. Hãy chọn kỳ bằng --period YYYY; báo cáo các kỳ trước đưa vào bằng --history (mỗi thư mục một --history).",
        "The files are of several periods: {periods}. Choose one with --period YYYY; give earlier periods' reports with --history (one --history per folder).",
    ),
    "cli.bad_period": (
        "Kỳ báo cáo '{period}' không hợp lệ; ghi năm 4 chữ số, ví dụ --period 2024.",
        "Period '{period}' is not valid; give a 4-digit year, e.g. --period 2024.",
    ),
    "cli.validate_title": (
        "Kiểm tra báo cáo kỳ {period} (kế hoạch {plan})",
        "Report check, period {period} (plan {plan})",
    ),
    "cli.repeats": (
        "… và {count} {severity} {code} nữa{span} (xem đủ từng mục bằng --format json)",
        "… and {count} more {code} ({severity}){span} (all of them with --format json)",
    ),
    "cli.info_grouped": (
        "{code}: {count} tệp có thông tin này (tệp đầu tiên dưới đây; từng tệp có trong "
        "--format json và sổ phản hồi --feedback)",
        "{code}: {count} files have this information (the first below; each file's is in "
        "--format json and the --feedback workbooks)",
    ),
    "cli.totals": (
        "Tệp, báo cáo: hợp lệ {valid}, có lỗi {invalid}, không đọc được {unreadable}, bỏ qua "
        "{ignored}, đã thay thế {superseded}. Xã có báo cáo hợp lệ: {received_valid}/{expected}; "
        "chưa nộp: {missing}.",
        "Files and reports: valid {valid}, invalid {invalid}, unreadable {unreadable}, ignored "
        "{ignored}, superseded {superseded}. Communes with a valid report: "
        "{received_valid}/{expected}; missing: {missing}.",
    ),
    "cli.aggregate_head": (
        "{name}, năm {period} (kế hoạch {plan}): {reported}/{expected} báo cáo hợp lệ.",
        "{name}, {period} (plan {plan}): {reported}/{expected} valid reports.",
    ),
    "cli.status_code": ("Mã", "Code"),
    "cli.status_unit": ("Đơn vị", "Unit"),
    "cli.status_expected": ("Dự kiến", "Expected"),
    "cli.status_received": ("Đã nhận", "Received"),
    "cli.status_on_time": ("Đúng hạn", "On time"),
    "cli.status_late": ("Trễ hạn", "Late"),
    "cli.status_undated": ("Không xác định", "Unknown"),
    "cli.status_valid": ("Hợp lệ", "Valid"),
    "cli.status_invalid": ("Có lỗi", "With errors"),
    "cli.status_missing": ("Chưa nộp", "Not sent"),
    "cli.status_total": ("Tổng", "Total"),
    "cli.missing_named": ("Chưa nộp: {names}.", "Not sent: {names}."),
    "cli.and_more": ("và {count} tệp khác", "and {count} more"),
    "cli.status_misdated": (
        "  {code} {name} đã gửi {path}, ghi năm {period} nhưng lập ngày {date}: có thể ghi nhầm năm; hỏi xã, hoặc đề nghị sửa ô Năm báo cáo và gửi lại.",
        "  {code} {name} sent {path}, giving the year {period} but made on {date}: the year may be mistyped; ask the commune, or have it correct the reporting year and send again.",
    ),
    "finding.period.suspect": (
        "Báo cáo ghi năm {period} nhưng lập ngày {date}, hơn nửa năm sau năm đó: có thể đã ghi nhầm năm. Nếu đây là báo cáo năm {expected}, hãy sửa ô Năm báo cáo và gửi lại.",
        "The report gives the year {period} but was made on {date}, over half a year after it: the year may be mistyped. If it is the report of {expected}, correct the reporting year and send it again.",
    ),
    "cli.status_missing_list": (
        "{parent} — chưa nộp: {names}",
        "{parent} — not sent: {names}",
    ),
    "cli.status_unplaced": (
        "Không tính cho xã nào — {count} tệp không dùng được (không đọc được hoặc không rõ "
        "của xã nào; tên tệp không chỉ ra xã, hoặc xã đó đã có báo cáo hợp lệ): {paths}. Mở "
        "thử tệp hoặc hỏi nơi gửi để biết xã nào cần gửi lại.",
        "Counted for no commune — {count} file(s) that cannot be used (unreadable, or of no "
        "known commune; the name points to none, or to one with a valid report): {paths}. "
        "Open them, or ask who sent them, to know which commune must send again.",
    ),
    "cli.status_invalid_line": (
        "{parent} — cần gửi lại: {code} {name} ({errors} lỗi): {first}",
        "{parent} — to resend: {code} {name} ({errors} error(s)): {first}",
    ),
    "cli.status_deadline": (
        "Hạn nộp {deadline}; đúng hạn / trễ hạn {basis}.",
        "Deadline {deadline}; on time / late {basis}.",
    ),
    "cli.status_title": (
        "Tiến độ nộp báo cáo kỳ {period}",
        "Reports received, period {period}",
    ),
    "cli.reading": (
        "Đang đọc báo cáo",
        "Reading reports",
    ),
    "cli.written": (
        "Đã ghi {path}",
        "Wrote {path}",
    ),
    "cli.templates_written": (
        "Đã ghi {count} biểu mẫu vào {path}",
        "Wrote {count} forms to {path}",
    ),
    "batch.config_missing": (
        "Không có tệp cấu hình {path}. Tạo tệp mẫu bằng: xhht run --init {path}",
        "No configuration file {path}. Create an example with: xhht run --init {path}",
    ),
    "batch.config_syntax": (
        'Tệp cấu hình {path} sai cú pháp TOML: {error}. Mỗi dòng có dạng khóa = "giá trị".',
        'Configuration {path} is not valid TOML: {error}. Each line reads key = "value".',
    ),
    "batch.config_invalid": (
        "Tệp cấu hình {path} có lỗi:",
        "Configuration {path} has problems:",
    ),
    "batch.config_key": (
        "khóa '{key}': {error} (xem mẫu: xhht run --init)",
        "key '{key}': {error} (see the example: xhht run --init)",
    ),
    "batch.move_needs_archive": (
        'Tệp cấu hình {path}: move_processed = true cần có archive (thư mục lưu bản sao) để không mất tệp. Hãy thêm archive = "luu-tru".',
        'Configuration {path}: move_processed = true needs archive (a folder for the copies) so no file is lost. Add archive = "luu-tru".',
    ),
    "batch.inbox_missing": (
        "Thư mục hộp thư {path} không tồn tại (khóa 'inbox'). Hãy tạo thư mục hoặc sửa đường dẫn.",
        "The inbox folder {path} does not exist (key 'inbox'). Create it or fix the path.",
    ),
    "batch.locked": (
        "Một lần chạy khác đang dùng cơ sở dữ liệu {store}; đã chờ {wait} giây. Hãy thử lại sau (hoặc dùng --wait).",
        "Another run is using the store {store}; waited {wait} s. Try again later (or use --wait).",
    ),
    "batch.init_exists": (
        "Tệp {path} đã có; không ghi đè. Hãy chọn tên khác.",
        "{path} already exists; not overwritten. Choose another name.",
    ),
    "batch.init_written": (
        "Đã ghi tệp cấu hình mẫu {path}. Sửa các đường dẫn rồi chạy: xhht run --config {path}",
        "Wrote the example configuration {path}. Edit the paths, then run: xhht run --config {path}",
    ),
    "batch.why_one": (
        "Cần xử lý: {what}; chi tiết ở {path}, tệp phản hồi gửi lại các xã ở thư mục phan-hoi.",
        "To see to: {what}; details in {path}, the feedback to send back in phan-hoi.",
    ),
    "batch.why.invalid": ("{count} báo cáo có lỗi", "reports with errors {count}"),
    "batch.why.unreadable": ("{count} tệp không đọc được", "files unreadable {count}"),
    "batch.why.missing": ("{count} xã chưa nộp", "communes not sent {count}"),
    "batch.why.other": ("lỗi của cả lần kiểm tra", "an error of the whole check"),
    "batch.done": (
        "Lần chạy {run}: tệp mới {new}, thay đổi {changed}, không đổi {unchanged}; {outputs}.",
        "Run {run}: {new} new, {changed} changed, {unchanged} unchanged files; {outputs}.",
    ),
    "batch.outputs_written": ("đã ghi kết quả vào {path}", "outputs written to {path}"),
    "batch.outputs_same": ("kết quả không đổi", "outputs unchanged"),
    "batch.parquet_missing": (
        "Xuất parquet cần gói pyarrow: pip install 'xhht[parquet]'.",
        "Parquet export needs pyarrow: pip install 'xhht[parquet]'.",
    ),
    "plan.not_found": (
        "Không có kế hoạch '{name}'. Các kế hoạch có sẵn: {names}; hoặc chỉ tới một tệp .yaml.",
        "No plan named '{name}'. Shipped plans: {names}; or give the path of a .yaml file.",
    ),
    "plan.not_yaml": (
        "'{name}' là tệp {suffix}, không phải kế hoạch: --plan nhận tên một kế hoạch có sẵn "
        "({names}) hoặc đường dẫn một tệp kế hoạch .yaml.",
        "'{name}' is a {suffix} file, not a plan: --plan takes a shipped plan's name ({names}) "
        "or the path of a plan's .yaml file.",
    ),
    "plan.ok": (
        "Kế hoạch {path} hợp lệ: {fields} chỉ tiêu số liệu, {indicators} chỉ số, {targets} mục tiêu.",
        "Plan {path} is valid: {fields} fields, {indicators} indicators, {targets} targets.",
    ),
    "plan.invalid": (
        "Kế hoạch {path} có {count} lỗi:",
        "Plan {path} has {count} problem(s):",
    ),
    "units.not_found": (
        "Không có danh mục đơn vị '{name}'. Dùng 'vn', 'vn:<mã tỉnh>' hoặc đường dẫn tệp CSV/XLSX.",
        "No registry named '{name}'. Use 'vn', 'vn:<province code>' or the path of a CSV/XLSX file.",
    ),
    "units.file_not_found": (
        "Không tìm thấy tệp danh mục đơn vị '{name}' (tính từ thư mục {cwd}). Kiểm tra tên và "
        "thư mục của tệp, hoặc dùng 'vn' / 'vn:<mã tỉnh>' cho danh mục có sẵn.",
        "The registry file '{name}' is not there (looked for from {cwd}). Check the file's name "
        "and folder, or use 'vn' / 'vn:<province code>' for the built-in registry.",
    ),
    "units.bad_province": (
        "Không có tỉnh mã '{code}' trong danh mục hiện hành. Ví dụ đúng: vn:96 (Cà Mau).",
        "No province with code '{code}' in the current registry. Example: vn:96 (Cà Mau).",
    ),
    "units.former": (
        "trước 01/7/2025: {unit}",
        "before 1 July 2025: {unit}",
    ),
    "units.ok": (
        "Danh mục {path} hợp lệ: {count} đơn vị ({levels}).",
        "Registry {path} is valid: {count} units ({levels}).",
    ),
    "units.invalid": (
        "Danh mục {path} có {count} lỗi:",
        "Registry {path} has {count} problem(s):",
    ),
    "units.unknown_parent_option": (
        "Không có đơn vị mã '{code}' trong danh mục (tùy chọn {option}). "
        "Xem danh sách bằng: xhht units show",
        "No unit with code '{code}' in the registry (option {option}). "
        "List them with: xhht units show",
    ),
    # -- registry problems ---------------------------------------------------------------
    "reg.read_failed": (
        "Không đọc được tệp danh mục: {error}",
        "Cannot read the registry file: {error}",
    ),
    "reg.missing_columns": (
        "Thiếu cột {columns}. Tệp danh mục cần các cột: code, name, level, parent_code "
        "(tùy chọn valid_from, valid_to).",
        "Missing column(s) {columns}. A registry needs columns: code, name, level, parent_code "
        "(optional valid_from, valid_to).",
    ),
    "reg.empty_code": (
        "Dòng {row}: thiếu mã đơn vị (cột code).",
        "Row {row}: the unit code (column code) is empty.",
    ),
    "reg.empty_name": (
        "Dòng {row}: đơn vị {code} thiếu tên (cột name).",
        "Row {row}: unit {code} has no name (column name).",
    ),
    "reg.bad_level": (
        "Dòng {row}: cấp '{level}' của đơn vị {code} không hợp lệ; "
        "dùng một trong: tỉnh (thành phố), huyện (quận, thị xã), xã (phường, thị trấn, đặc khu) "
        "— hoặc nation, province, district, commune.",
        "Row {row}: level '{level}' of unit {code} is not valid; "
        "use one of: nation, province, district, commune.",
    ),
    "reg.bad_date": (
        "Dòng {row}: ngày '{value}' ở cột {column} không đúng dạng YYYY-MM-DD.",
        "Row {row}: date '{value}' in column {column} is not in the form YYYY-MM-DD.",
    ),
    "reg.duplicate": (
        "Dòng {row}: mã {code} bị trùng (đã có ở dòng {first}). Mỗi mã chỉ được xuất hiện một lần.",
        "Row {row}: code {code} is a duplicate (first at row {first}). Each code may appear once.",
    ),
    "reg.unknown_parent": (
        "Dòng {row}: đơn vị {code} có mã đơn vị cấp trên {parent} không có trong danh mục.",
        "Row {row}: unit {code} has parent code {parent}, which is not in the registry.",
    ),
    "reg.cycle": (
        "Vòng lặp cấp trên – cấp dưới: {chain}. Hãy sửa cột parent_code.",
        "Parent cycle: {chain}. Fix the parent_code column.",
    ),
    "reg.level_order": (
        "Dòng {row}: đơn vị {code} ({level}) không thể trực thuộc {parent} ({parent_level}); "
        "cấp dưới phải thấp hơn cấp trên.",
        "Row {row}: unit {code} ({level}) cannot be under {parent} ({parent_level}); "
        "a child must be of a lower level than its parent.",
    ),
    "reg.sibling_names": (
        "Các đơn vị {codes} cùng cấp trên {parent} có tên chỉ khác nhau ở dấu hoặc chữ hoa: {names}. "
        "Hãy kiểm tra lại tên.",
        "Units {codes} under {parent} have names that differ only in diacritics or case: {names}. "
        "Check the names.",
    ),
    "reg.no_root": (
        "Danh mục không có đơn vị gốc (đơn vị không có parent_code).",
        "The registry has no root unit (a unit with an empty parent_code).",
    ),
    # -- plan problems ---------------------------------------------------------------------
    "plan.yaml_syntax": (
        "Lỗi cú pháp YAML: {error}. Kiểm tra thụt lề (dùng dấu cách, không dùng Tab) và dấu ':'.",
        "YAML syntax error: {error}. Check the indentation (spaces, not tabs) and the ':' signs.",
    ),
    "plan.not_mapping": (
        "Tệp kế hoạch phải là một bảng khóa: giá trị (code, name, sections, indicators …).",
        "A plan file must be a mapping of keys (code, name, sections, indicators …).",
    ),
    "plan.duplicate_key": (
        "Khóa '{key}' xuất hiện hai lần trong cùng một mục; hãy xóa một khóa.",
        "Key '{key}' appears twice in the same mapping; remove one.",
    ),
    "plan.missing_key": (
        "{where}: thiếu khóa bắt buộc '{key}'; hãy thêm dòng '{key}: …'.",
        "{where}: required key '{key}' is missing; add a line '{key}: …'.",
    ),
    "plan.unknown_key": (
        "{where}: khóa '{key}' không được hỗ trợ (gõ sai?). Hãy sửa hoặc xóa dòng này.",
        "{where}: key '{key}' is not supported (a typo?). Fix or remove the line.",
    ),
    "plan.bad_choice": (
        "{where}: giá trị '{value}' không hợp lệ; dùng một trong: {allowed}.",
        "{where}: '{value}' is not allowed; use one of: {allowed}.",
    ),
    "plan.bad_code": (
        "{where}: mã '{value}' không đúng dạng; mã chỉ gồm chữ in hoa không dấu, số và dấu _ "
        "(mã kế hoạch: chữ thường, số và dấu -).",
        "{where}: code '{value}' is malformed; use upper-case ASCII letters, digits and _ "
        "(plan codes: lower-case letters, digits and -).",
    ),
    "plan.bad_formula": (
        "{where}: công thức '{value}' không hợp lệ; viết các mã chỉ tiêu nối bằng dấu +, "
        "ví dụ 'NL_CDHT + CB_CDHT'.",
        "{where}: formula '{value}' is malformed; write field codes joined by +, "
        "e.g. 'NL_CDHT + CB_CDHT'.",
    ),
    "plan.bad_type": (
        "{where}: '{value}' không đúng kiểu (cần {expected}).",
        "{where}: '{value}' has the wrong type ({expected} expected).",
    ),
    "plan.greater_than_equal": (
        "{where}: giá trị {value} phải lớn hơn hoặc bằng {bound}.",
        "{where}: value {value} must be at least {bound}.",
    ),
    "plan.less_than_equal": (
        "{where}: giá trị {value} phải nhỏ hơn hoặc bằng {bound}.",
        "{where}: value {value} must be at most {bound}.",
    ),
    "plan.greater_than": (
        "{where}: giá trị {value} phải lớn hơn {bound}.",
        "{where}: value {value} must be greater than {bound}.",
    ),
    "plan.less_than": (
        "{where}: giá trị {value} phải nhỏ hơn {bound}.",
        "{where}: value {value} must be less than {bound}.",
    ),
    "plan.empty": (
        "{where}: không được để trống.",
        "{where}: must not be empty.",
    ),
    "plan.duplicate_field": (
        "Mã chỉ tiêu {code} bị trùng; mỗi chỉ tiêu phải có mã riêng.",
        "Field code {code} is a duplicate; every field needs its own code.",
    ),
    "plan.duplicate_indicator": (
        "Mã chỉ số {code} bị trùng; mỗi chỉ số phải có mã riêng.",
        "Indicator code {code} is a duplicate; every indicator needs its own code.",
    ),
    "plan.unknown_field": (
        "{where}: không có chỉ tiêu mã '{code}' trong kế hoạch; kiểm tra lại mã "
        "(danh sách mã: xhht plan show).",
        "{where}: there is no field '{code}' in the plan; check the code (list: xhht plan show).",
    ),
    "plan.unknown_indicator": (
        "Mục tiêu cho chỉ số '{code}' không có trong danh sách indicators; thêm chỉ số hoặc sửa mã.",
        "Target for indicator '{code}', which is not among the indicators; add it or fix the code.",
    ),
    "plan.max_level_not_level": (
        "Chỉ tiêu {code} không phải loại 'level' nên không dùng được 'max_level'.",
        "Field {code} is not of kind 'level', so 'max_level' does not apply.",
    ),
    "plan.rollup_not_level": (
        "Chỉ tiêu {code} là số đếm (count) nên không có 'rollup_share'; chỉ dùng cho level/flag.",
        "Field {code} is a count, so 'rollup_share' does not apply; it is for level/flag fields.",
    ),
    "plan.level_on_count": (
        "{where}: chỉ tiêu {code} là số đếm (count), không phải mức đạt chuẩn; mục tiêu về mức "
        "và chỉ số đạt chuẩn chỉ dùng cho chỉ tiêu loại level hoặc flag.",
        "{where}: field {code} is a count, not a standard level; level targets and standard "
        "indicators need a level or flag field.",
    ),
    "plan.level_out_of_range": (
        "{where}: mức {level} của chỉ tiêu {code} nằm ngoài các mức cho phép (0–{high}).",
        "{where}: level {level} of field {code} is outside its allowed levels (0–{high}).",
    ),
    "plan.target_needs_one": (
        "Mỗi mục tiêu phải ghi đúng một trong hai khóa 'indicator' (chỉ số) hoặc 'field' "
        "(mức đạt chuẩn của đơn vị).",
        "Each target must name exactly one of 'indicator' or 'field' (a unit's standard level).",
    ),
    "plan.unknown_source": (
        "Nguồn '{source}' của mục tiêu không có trong mục 'sources' ({known}); thêm văn bản "
        "nguồn vào 'sources' hoặc sửa tên.",
        "Source '{source}' of the target is not in 'sources' ({known}); add the document to "
        "'sources' or fix the name.",
    ),
    "plan.target_range": (
        "Mục tiêu {value:g} nằm ngoài khoảng 0–100 (%); hãy ghi tỷ lệ phần trăm, ví dụ 70.",
        "Target {value:g} is outside 0–100 (%); write a percentage, e.g. 70.",
    ),
    "plan.target_needs_value": (
        "Mục tiêu cho chỉ số {code} thiếu 'value' (tỷ lệ %) hoặc 'count' (số đơn vị).",
        "The target for indicator {code} needs 'value' (a %) or 'count' (a number of units).",
    ),
    "plan.count_on_ratio": (
        "Chỉ số {code} là tỷ lệ; mục tiêu dạng 'count' chỉ dùng cho chỉ số đạt chuẩn.",
        "Indicator {code} is a ratio; a 'count' target is only for standard indicators.",
    ),
    "plan.min_level_on_indicator": (
        "Mục tiêu cho chỉ số {code} không dùng 'min_level'; mức đã nằm trong định nghĩa chỉ số.",
        "A target for indicator {code} takes no 'min_level'; the level is part of the indicator.",
    ),
    "plan.level_target_needs_level": (
        "Mục tiêu về mức đạt chuẩn của {code} thiếu 'min_level' (mức cần đạt).",
        "The level target for {code} needs 'min_level' (the level to reach).",
    ),
    # -- findings: files ----------------------------------------------------------------------
    "finding.file.empty": (
        "Tệp rỗng (0 byte), có thể gửi lỗi. Hãy đề nghị xã gửi lại tệp báo cáo.",
        "The file is empty (0 bytes), probably a failed transfer. Ask the commune to send it again.",
    ),
    "finding.file.encrypted": (
        "Tệp có mật khẩu nên không đọc được. Hãy đề nghị xã bỏ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc) rồi gửi lại.",
        "The file is password-protected and cannot be read. Ask the commune to remove the password and send it again.",
    ),
    "finding.file.html": (
        "Tệp là trang web (HTML) được đặt tên như tệp Excel, không phải bảng tính thật. Hãy mở bằng Excel và lưu lại dạng .xlsx (Tệp → Lưu thành → Sổ làm việc Excel).",
        "The file is a web page (HTML) named like an Excel file. Open it in Excel and save it as .xlsx (File → Save As → Excel Workbook).",
    ),
    "finding.file.corrupt": (
        "Tệp bị hỏng hoặc không phải bảng tính ({detail}). Hãy mở thử bằng Excel; nếu không mở được, đề nghị xã gửi lại.",
        "The file is damaged or not a spreadsheet ({detail}). Try opening it in Excel; if it does not open, ask the commune to send it again.",
    ),
    "finding.file.not_spreadsheet": (
        "Không phải bảng tính (ví dụ .docx, .pdf, ảnh chụp) nên bỏ qua. Báo cáo phải gửi bằng tệp Excel theo mẫu (xhht template).",
        "Not a spreadsheet (e.g. .docx, .pdf, a photo), skipped. Reports must be sent as Excel files on the form (xhht template).",
    ),
    "finding.file.lock_file": (
        "Tệp khóa tạm của Excel/LibreOffice (~$…), không phải báo cáo; bỏ qua.",
        "A temporary Excel/LibreOffice lock file (~$…), not a report; skipped.",
    ),
    "finding.file.symlink_dir": (
        "Thư mục liên kết (symlink) không được đọc để tránh vòng lặp; hãy chỉ trực tiếp tới thư mục thật nếu cần.",
        "A symlinked folder is not followed (to avoid loops); name the real folder if it is needed.",
    ),
    "finding.file.symlink_outside": (
        "Liên kết (symlink) trỏ ra ngoài thư mục đầu vào nên không được đọc. Hãy chép tệp thật vào thư mục.",
        "A symlink pointing outside the input folder is not followed. Copy the real file into the folder.",
    ),
    "finding.file.broken_link": (
        "Liên kết (symlink) hỏng: tệp đích không còn tồn tại.",
        "A broken symlink: its target no longer exists.",
    ),
    "finding.file.not_regular": (
        "Không phải tệp thông thường (ống dẫn, thiết bị…) nên không đọc.",
        "Not a regular file (a pipe, a device …); not read.",
    ),
    "finding.file.no_access": (
        "Không có quyền đọc tệp. Hãy kiểm tra quyền truy cập của thư mục.",
        "The file cannot be read (permission denied). Check the folder's permissions.",
    ),
    "finding.file.too_big": (
        "Tệp quá lớn ({size} MB, giới hạn {limit} MB) nên không đọc. Báo cáo xã chỉ cần trang biểu mẫu; hãy xóa dữ liệu thừa rồi gửi lại.",
        "The file is too large ({size} MB, limit {limit} MB) and was not read. A report needs only the form; remove the extra data and send it again.",
    ),
    "finding.file.too_big_inside": (
        "Bảng tính giải nén ra quá lớn ({member}: {size} MB, giới hạn {limit} MB) nên không đọc. Hãy xóa dữ liệu thừa ngoài biểu mẫu rồi gửi lại.",
        "The workbook unpacks to too much data ({member}: {size} MB, limit {limit} MB) and was not read. Remove data outside the form and send it again.",
    ),
    "finding.file.zip_bomb": (
        "Tệp nén bất thường ({member} nén {ratio} lần, giới hạn {limit}): có thể là tệp độc hại, không đọc. Hãy đề nghị xã lưu lại từ Excel rồi gửi.",
        "An abnormal compressed file ({member} compressed {ratio}×, limit {limit}): possibly malicious, not read. Ask the commune to save it again from Excel.",
    ),
    "finding.file.timeout": (
        "Đọc tệp quá {seconds} giây nên đã dừng. Hãy mở tệp bằng Excel, xóa dữ liệu thừa, lưu lại rồi gửi.",
        "Reading the file took over {seconds} seconds and was stopped. Open it in Excel, remove extra data, save and send it again.",
    ),
    "finding.file.crashed": (
        "Tệp làm bộ đọc dừng đột ngột (tệp hỏng hoặc bất thường). Hãy mở tệp bằng Excel, lưu lại rồi gửi.",
        "The file made the reader stop abruptly (damaged or unusual). Open it in Excel, save it again and send it.",
    ),
    "finding.file.no_table": (
        'Không tìm thấy bảng số liệu trong các trang {sheets}: cần một dòng tiêu đề có cột "Số liệu" (hoặc Số lượng/Kết quả/Giá trị) và cột "Mã chỉ tiêu" hoặc "Nội dung". Hãy dùng mẫu báo cáo (xhht template).',
        'No field table found in sheets {sheets}: a header row needs a value column ("Số liệu", "Số lượng", "Kết quả" or "Giá trị") and a "Mã chỉ tiêu" or "Nội dung" column. Use the report form (xhht template).',
    ),
    "finding.sheet.truncated": (
        "Trang tính quá lớn; chỉ đọc 5.000 dòng và 100 cột đầu. Hãy xóa dữ liệu thừa dán ngoài bảng báo cáo.",
        "The sheet is very large; only the first 5,000 rows and 100 columns were read. Remove data pasted outside the report table.",
    ),
    "finding.text.legacy": (
        "Chữ trong tệp dùng bảng mã cũ ({encoding}); đã chuyển sang Unicode. Nên gõ lại bằng phông Unicode (Times New Roman).",
        "Text in the file uses a legacy encoding ({encoding}); it was converted to Unicode. Retype it in a Unicode font (Times New Roman).",
    ),
    "finding.text.mixed_encoding": (
        "Tệp CSV có các dòng ở nhiều bảng mã khác nhau (UTF-8 và Windows-1258); đã đọc từng dòng theo bảng mã của nó. Nên lưu lại tệp dạng UTF-8.",
        "The CSV mixes encodings line by line (UTF-8 and Windows-1258); each line was read in its own. Save the file as UTF-8.",
    ),
    "finding.period.other": (
        "Báo cáo kỳ {period}, không phải kỳ đang tổng hợp ({expected}); bỏ qua.",
        "Report for period {period}, not the period being processed ({expected}); skipped.",
    ),
    # -- findings: values ------------------------------------------------------------------------
    "finding.value.row_missing": (
        "Biểu không có dòng của chỉ tiêu “{label}” (mã {row}); có thể dòng đã bị xóa. Hãy thêm lại dòng này đúng như biểu mẫu (hoặc chép số liệu sang biểu mẫu mới: xhht template) rồi nhập số (nhập 0 nếu không có).",
        "The form has no row for “{label}” (code {row}); the row may have been deleted. Add the row back as the form has it (or copy the figures into a new form: xhht template), then enter a number (0 if there is none).",
    ),
    "finding.value.merged": (
        "Các ô {range} bị gộp, số liệu {value} nằm trong ô gộp chứ không ở cột Số liệu; xhht đã đọc số này cho dòng. Hãy bỏ gộp các ô và nhập số vào cột Số liệu.",
        "Cells {range} are merged and the figure {value} sits in the merged cell, not in the value column; xhht read it for the row. Unmerge the cells and type the figure in the value column.",
    ),
    "finding.value.missing": (
        "Chưa nhập số liệu cho “{label}”. Hãy nhập số (nhập 0 nếu không có).",
        "No value for “{label}”. Enter a number (0 if there is none).",
    ),
    "finding.value.comma_group": (
        '"{value}" có dấu phẩy, nên được đọc là số thập phân, nhưng chỉ tiêu {field} là số nguyên. Nếu đây là số {whole} (máy tính đặt dấu phẩy phân cách hàng nghìn, thường gặp khi lưu CSV), hãy nhập {whole} không có dấu phẩy; nếu không, hãy nhập số nguyên.',
        '"{value}" has a comma, so it reads as a decimal, but field {field} is a whole number. If it means {whole} (a PC that separates thousands with a comma, often in CSV files), type {whole} without the comma; otherwise enter a whole number.',
    ),
    "finding.value.fraction": (
        '"{value}" có phần lẻ, nhưng chỉ tiêu {field} là số nguyên. Hãy nhập số nguyên, không dùng dấu phẩy thập phân.',
        '"{value}" has a fraction but field {field} is a whole number. Enter a whole number.',
    ),
    "finding.value.not_number": (
        '"{value}" không phải là số (chỉ tiêu {field}). Hãy nhập số, ví dụ 1234 hoặc 1.234.',
        '"{value}" is not a number (field {field}). Enter a number, e.g. 1234.',
    ),
    "finding.value.negative": (
        "“{label}” là số âm ({value}). Số liệu phải lớn hơn hoặc bằng 0.",
        "“{label}” is negative ({value}). Values must be 0 or more.",
    ),
    "finding.value.not_allowed": (
        "“{label}” ghi {value}, chỉ được nhập {allowed}.",
        "“{label}” is {value}; only {allowed} is allowed.",
    ),
    "finding.value.formula_uncached": (
        "Ô có công thức {formula} nhưng chưa được tính (tệp do phần mềm tạo, chưa mở bằng Excel). Hãy mở tệp bằng Excel, lưu lại rồi gửi.",
        "The cell has formula {formula} with no calculated value (written by a program, never opened in Excel). Open it in Excel, save and send again.",
    ),
    "finding.value.formula_error": (
        "Công thức {formula} cho lỗi {error}. Hãy sửa công thức hoặc nhập số trực tiếp.",
        "Formula {formula} gives the error {error}. Fix the formula or type the number.",
    ),
    "finding.field.unknown_code": (
        'Mã chỉ tiêu "{code}" không có trong kế hoạch; dòng này bị bỏ qua. Hãy sửa mã theo mẫu báo cáo, hoặc xóa dòng này nếu nó không thuộc biểu mẫu.',
        'Field code "{code}" is not in the plan; the row was skipped. Fix the code as on the form, or delete the row if it is not part of the form.',
    ),
    "finding.field.unknown_label": (
        "Không nhận ra chỉ tiêu “{label}”; dòng này bị bỏ qua. Hãy ghi mã chỉ tiêu hoặc dùng đúng tên chỉ tiêu của mẫu.",
        "Field “{label}” was not recognised; the row was skipped. Add the field code or use the form's label.",
    ),
    "finding.field.duplicate": (
        "Chỉ tiêu {code} xuất hiện hai lần (lần đầu ở ô {first}); dùng giá trị lần đầu. Hãy xóa dòng thừa.",
        "Field {code} appears twice (first at {first}); the first value is used. Remove the extra row.",
    ),
    "finding.rule.not_greater": (
        "{left_label} ({left_value}) lớn hơn {right_label} ({right_value}). Hãy kiểm tra lại hai số liệu này.",
        "{left_label} ({left_value}) is greater than {right_label} ({right_value}). Check these two values.",
    ),
    "finding.rule.expected_value": (
        "“{label}” ghi {value}, thường là {expected}. Hãy kiểm tra lại.",
        "“{label}” is {value}; {expected} is usual. Please check.",
    ),
    "finding.rule.level_needs_rate": (
        "Mức đạt chuẩn {level} không phù hợp với tỷ lệ {rate}% (< {threshold}%). Hãy kiểm tra lại.",
        "Level {level} does not fit the rate {rate}% (< {threshold}%). Please check.",
    ),
    "finding.history.change": (
        "“{label}” thay đổi {change}% so với kỳ {previous_period} ({previous} → {value}). Hãy kiểm tra lại số liệu.",
        "“{label}” changed by {change}% from period {previous_period} ({previous} → {value}). Please check.",
    ),
    "finding.history.drop_to_zero": (
        "“{label}” giảm về 0 (kỳ {previous_period}: {previous}). Hãy kiểm tra lại số liệu.",
        "“{label}” fell to 0 (period {previous_period}: {previous}). Please check.",
    ),
    # -- findings: report and unit -----------------------------------------------------------------
    "finding.report.bad_date": (
        'Ngày báo cáo "{value}" không phải một ngày có thật theo dạng ngày/tháng/năm; hãy nhập dạng dd/mm/yyyy (ví dụ 30/11/2025).',
        'Report date "{value}" is not a real day written day/month/year; enter it as dd/mm/yyyy (e.g. 30/11/2025).',
    ),
    "run.no_year_read": (
        "Không có báo cáo nào dùng được của kỳ {period}: không tệp nào đọc được năm báo cáo (tệp không đọc được, hoặc biểu không ghi năm). Xem lỗi của từng tệp ở trên và đề nghị xã gửi lại.",
        "No usable report of period {period}: no file gave a reporting year (the files cannot be read, or their forms give no year). See each file's errors above and ask the communes to send again.",
    ),
    "finding.report.no_file_of_period": (
        "Không có báo cáo nào của kỳ {period}; các tệp đã đọc thuộc kỳ: {periods}. Hãy kiểm tra "
        "--period và thư mục báo cáo (báo cáo các kỳ trước đưa vào bằng --history).",
        "No report is of period {period}; the files read are of: {periods}. Check --period and "
        "the reports folder (earlier periods' reports go in with --history).",
    ),
    "finding.report.bad_period": (
        'Năm báo cáo "{value}" không phải là một năm. Hãy nhập năm bằng 4 chữ số (ví dụ 2025; kiểm tra chữ O thay cho số 0).',
        'Reporting year "{value}" is not a year. Enter four digits (e.g. 2025; check for a letter O instead of a zero).',
    ),
    "finding.report.no_period": (
        'Không có năm báo cáo. Hãy điền ô "Năm báo cáo" ở đầu biểu (ví dụ 2024).',
        'No reporting period. Fill in "Năm báo cáo" at the top of the form (e.g. 2024).',
    ),
    "finding.report.conflict": (
        "Đơn vị {unit} có hai báo cáo khác nhau cùng ngày {date} ({other}). Không biết dùng báo cáo nào; hãy đề nghị xã xác nhận và gửi lại một bản.",
        "Unit {unit} sent two different reports dated {date} ({other}). It is unclear which to use; ask the commune to confirm and resend one.",
    ),
    "paths.inside_inputs": (
        "{option} {path}: thư mục này nằm trong thư mục báo cáo {inputs}, nên lần kiểm tra sau các tệp phản hồi sẽ bị đọc như báo cáo của xã. Hãy chọn một thư mục ở ngoài, ví dụ cạnh thư mục báo cáo.",
        "{option} {path}: this folder lies inside the reports' folder {inputs}, so the next check would read each feedback workbook as a commune's report. Choose a folder outside it, for example beside the reports' folder.",
    ),
    "feedback.merged_cell": (
        "Ô {cell} đang bị gộp với các ô bên cạnh ({range}), nên số liệu không nằm trong ô {cell}. Hãy bỏ gộp các ô này rồi nhập số liệu vào đúng ô {cell}.",
        "Cell {cell} is merged with its neighbours ({range}), so the figure is not in cell {cell}. Unmerge these cells, then type the figure into cell {cell} itself.",
    ),
    "clerk.report.conflict": (
        'Xã đã gửi {count} báo cáo khác nhau cùng ghi ngày {date}: tệp này ("{this}") và {others}. Hãy chọn bản đúng, ghi ngày báo cáo là ngày gửi lại, rồi chỉ gửi lại bản đó.',
        'The commune sent {count} different reports all dated {date}: this file ("{this}") and {others}. Choose the right one, set its report date to the day you resend it, and send only that one.',
    ),
    "finding.report.superseded": (
        "Đã có báo cáo mới hơn của đơn vị {unit} ({newer}); báo cáo này không được dùng.",
        "A newer report of unit {unit} exists ({newer}); this one is not used.",
    ),
    "finding.report.same_content": (
        "Cùng số liệu với {other} (cùng một báo cáo, có thể ở định dạng khác); chỉ tính một lần.",
        "The same values as {other} (the same report, perhaps in another format); counted once.",
    ),
    "finding.report.same_date": (
        "Đơn vị {unit} có báo cáo khác cùng ngày {date} ({other}); dùng báo cáo này vì được nhận sau. Khi gửi lại báo cáo đã sửa, hãy cập nhật Ngày báo cáo.",
        "Unit {unit} sent another report dated {date} ({other}); this one is used because it was received later. When sending a corrected report, update the report date.",
    ),
    "finding.report.earlier_valid": (
        "Báo cáo mới nhất của đơn vị {unit} có lỗi nên được dùng thay cho báo cáo hợp lệ trước đó ({other}); đơn vị chưa có số liệu hợp lệ cho đến khi gửi lại bản đúng.",
        "The latest report of unit {unit} has errors and replaces the earlier valid one ({other}); the unit has no valid figures until it sends a correct one.",
    ),
    "finding.report.no_date": (
        "Ô Ngày báo cáo để trống. Hãy điền ngày lập (dd/mm/yyyy): khi một xã gửi nhiều lần, ngày này cho biết bản nào mới nhất.",
        "The report date is empty. Fill in the date (dd/mm/yyyy): when a commune sends several times, it tells which report is the latest.",
    ),
    "finding.report.no_preparer": (
        "Ô Người lập biểu để trống. Hãy điền họ tên người lập để cấp trên liên hệ khi cần.",
        "The preparer is empty. Fill in who prepared the report, so it can be queried.",
    ),
    "finding.report.duplicate_file": (
        "Tệp giống hệt {other}; chỉ tính một lần.",
        "Identical to {other}; counted once.",
    ),
    "finding.unit.code_dotted": (
        "Mã đơn vị {raw} có dấu chấm phân cách hàng nghìn; đã hiểu là {code}. Hãy nhập mã không có dấu chấm và định dạng ô mã đơn vị là Văn bản (Text).",
        "Unit code {raw} has a thousands dot; read as {code}. Type the code without the dot and format the unit-code cell as Text.",
    ),
    "finding.unit.code_padded": (
        "Mã đơn vị {raw} thiếu số 0 ở đầu; đã hiểu là {code}. Hãy định dạng ô mã đơn vị là Văn bản (Text).",
        "Unit code {raw} lost its leading zeros; read as {code}. Format the unit-code cell as Text.",
    ),
    "finding.unit.unknown": (
        "Mã đơn vị {code} không có trong danh mục đơn vị ({registry}). Hãy kiểm tra lại mã (xhht units show).",
        "Unit code {code} is not in the registry ({registry}). Check the code (xhht units show).",
    ),
    "finding.unit.unknown_code_named": (
        "Mã đơn vị {raw} không có trong danh mục, nhưng tên đơn vị ghi trên biểu là {name} (mã {suggested}). Hãy sửa ô Mã đơn vị thành {suggested} rồi gửi lại.",
        "Unit code {raw} is not in the registry, but the unit named on the form is {name} (code {suggested}). Correct the unit code to {suggested} and send the report again.",
    ),
    "finding.unit.name_mismatch": (
        'Mã đơn vị {code} là "{registry_name}" nhưng tên ghi trong báo cáo là "{name}" (có thể dùng nhầm biểu của xã khác). Hãy sửa mã hoặc tên cho đúng.',
        'Unit code {code} is "{registry_name}" but the report says "{name}" (perhaps another commune\'s form). Fix the code or the name.',
    ),
    "finding.unit.not_found": (
        'Không xác định được đơn vị báo cáo: thiếu mã đơn vị và tên "{name}" không có trong danh mục. Hãy điền ô "Mã đơn vị".',
        'Cannot tell which unit sent the report: no unit code, and the name "{name}" is not in the registry. Fill in "Mã đơn vị".',
    ),
    "finding.unit.ambiguous": (
        'Tên "{name}" ứng với nhiều đơn vị ({codes}). Hãy điền ô "Mã đơn vị" hoặc dùng --parent.',
        'The name "{name}" matches several units ({codes}). Fill in "Mã đơn vị" or use --parent.',
    ),
    "finding.unit.from_name": (
        'Không có mã đơn vị; đã xác định theo tên là {code} {registry_name}. Nên điền ô "Mã đơn vị".',
        'No unit code; identified by name as {code} {registry_name}. Fill in "Mã đơn vị".',
    ),
    "finding.unit.from_file_name": (
        'Không có mã và tên đơn vị trong biểu; đã xác định theo tên tệp là {code} {registry_name}. Hãy điền ô "Mã đơn vị".',
        'No unit code or name in the form; identified by the file name as {code} {registry_name}. Fill in "Mã đơn vị".',
    ),
    "finding.unit.outside_parent": (
        "Đơn vị {code} {name} không thuộc {parent} (phạm vi đang tổng hợp: --parent hoặc "
        "--units); bỏ qua, không tính.",
        "Unit {code} {name} is not under {parent} (the scope of this run: --parent or "
        "--units); skipped, not counted.",
    ),
    "finding.unit.not_expected": (
        "Đơn vị {code} {name} không còn tồn tại trong kỳ {period} theo danh mục; báo cáo không được tính.",
        "Unit {code} {name} does not exist in period {period} according to the registry; the report is not counted.",
    ),
    # -- issue 18: units over time and the crosswalk ---
    "reg.overlap": (
        "Dòng {row}: mã {code} có hiệu lực trùng thời gian với dòng {first}. Một mã chỉ được dùng lại sau khi đơn vị cũ hết hiệu lực (valid_to trước valid_from).",
        "Row {row}: code {code} is valid at the same time as at row {first}. A code may be reused only after the old unit ends (valid_to before valid_from).",
    ),
    "cw.empty_code": (
        "Bảng chuyển đổi, dòng {row}: thiếu old_code hoặc new_code.",
        "Crosswalk row {row}: old_code or new_code is empty.",
    ),
    "cw.bad_share": (
        "Bảng chuyển đổi, dòng {row}: tỉ lệ '{value}' của mã {old} phải là số từ 0 đến 1.",
        "Crosswalk row {row}: share '{value}' of code {old} must be a number from 0 to 1.",
    ),
    "cw.duplicate": (
        "Bảng chuyển đổi, dòng {row}: cặp {old} → {new} bị trùng (đã có ở dòng {first}).",
        "Crosswalk row {row}: the pair {old} → {new} is a duplicate (first at row {first}).",
    ),
    "cw.share_sum": (
        "Bảng chuyển đổi: các tỉ lệ của mã {old} ({count} đơn vị mới) cộng lại {total}, phải bằng 1 (và có đủ ở mọi dòng của mã này).",
        "Crosswalk: the shares of code {old} ({count} new units) sum to {total}; they must sum to 1 (and be given on every row of that code).",
    ),
    "cw.unknown_old": (
        "Bảng chuyển đổi, dòng {row}: mã cũ {code} không có trong danh mục.",
        "Crosswalk row {row}: old code {code} is not in the registry.",
    ),
    "cw.old_not_ended": (
        "Bảng chuyển đổi, dòng {row}: đơn vị cũ {code} không có ngày hết hiệu lực (valid_to) trong danh mục.",
        "Crosswalk row {row}: old unit {code} has no end date (valid_to) in the registry.",
    ),
    "cw.unknown_new": (
        "Bảng chuyển đổi, dòng {row}: mã mới {code} không có trong danh mục.",
        "Crosswalk row {row}: new code {code} is not in the registry.",
    ),
    "cw.not_after": (
        "Bảng chuyển đổi, dòng {row}: đơn vị mới {new} không bắt đầu hiệu lực sau ngày {end} khi đơn vị cũ {old} hết hiệu lực.",
        "Crosswalk row {row}: new unit {new} does not start after {end}, when old unit {old} ends.",
    ),
    "cw.no_successor": (
        "Đơn vị {code} {name} đã hết hiệu lực nhưng không có trong bảng chuyển đổi (không biết số liệu của nó chuyển về đâu).",
        "Unit {code} {name} has ended but is not in the crosswalk (where its counts go is unknown).",
    ),
    "cw.ok": (
        "Bảng chuyển đổi {path} hợp lệ: {count} dòng.",
        "Crosswalk {path} is valid: {count} rows.",
    ),
    "cw.invalid": (
        "Bảng chuyển đổi {path} có {count} lỗi:",
        "Crosswalk {path} has {count} problem(s):",
    ),
    "cw.none": (
        "Danh mục {source} không có bảng chuyển đổi. Hãy dùng --crosswalk TỆP.",
        "Registry {source} has no crosswalk. Give one with --crosswalk FILE.",
    ),
    "cw.coverage": (
        "Bảng chuyển đổi {source}\n"
        "  đơn vị cũ cấp cơ sở đã hết hiệu lực: {ended}; có đơn vị kế tiếp: {mapped}; không có: {unmapped}\n"
        "  đơn vị cũ chia cho nhiều đơn vị mới: {splits} (có tỉ lệ: {with_shares}; tỉ lệ ước tính hoặc dồn hết về đơn vị đầu: {approximate})\n"
        "  đơn vị mới gộp từ nhiều đơn vị cũ: {merged}",
        "Crosswalk {source}\n"
        "  ended leaf units: {ended}; with a successor: {mapped}; without: {unmapped}\n"
        "  old units split among several new ones: {splits} (with shares: {with_shares}; shares estimated or all to the first: {approximate})\n"
        "  new units formed from several old ones: {merged}",
    ),
    # -- issue 16: what other programs write ---------------------------------------------------
    "finding.file.xml_other": (
        "Tệp XML này không phải bảng tính Excel 2003 XML hay OpenDocument nên không đọc được. Hãy mở bằng Excel hoặc LibreOffice và lưu lại dạng .xlsx rồi gửi.",
        "This XML file is neither an Excel 2003 XML Spreadsheet nor an OpenDocument spreadsheet and cannot be read. Open it in Excel or LibreOffice, save it as .xlsx and send it again.",
    ),
    "finding.file.xml_no_table": (
        'Tệp là bảng tính Excel 2003 XML (thường do phần mềm trực tuyến xuất ra) nhưng không có bảng số liệu trong các trang {sheets}: cần một dòng tiêu đề có cột "Số liệu" và cột "Mã chỉ tiêu" hoặc "Nội dung". Hãy nhập số liệu vào mẫu báo cáo (xhht template).',
        'The file is an Excel 2003 XML Spreadsheet (as online systems export) but sheets {sheets} hold no field table: a header row needs a "Số liệu" column and a "Mã chỉ tiêu" or "Nội dung" column. Enter the figures in the report form (xhht template).',
    ),
    "finding.sheet.too_large": (
        "Trang {sheet} dùng vùng {range}, lớn hơn rất nhiều so với một báo cáo, nên không đọc. Hãy xóa các dòng và cột thừa ngoài biểu mẫu (hoặc chép biểu sang sổ mới), lưu lại dạng .xlsx rồi gửi.",
        "Sheet {sheet} spans {range}, far more than a report, and was not read. Delete the rows and columns beyond the form (or copy the form into a new workbook), save it as .xlsx and send it again.",
    ),
    "finding.file.out_of_memory": (
        "Đọc tệp cần quá nhiều bộ nhớ ({what}) nên đã dừng. Hãy mở tệp bằng Excel, xóa dữ liệu thừa ngoài biểu mẫu, lưu lại dạng .xlsx rồi gửi.",
        "Reading the file needed too much memory ({what}) and was stopped. Open it in Excel, delete data outside the form, save it as .xlsx and send it again.",
    ),
    "memory.workbook": (
        "bảng tính khai báo vùng dữ liệu khổng lồ",
        "the workbook declares a huge data area",
    ),
    "memory.text": (
        "tệp văn bản (CSV) có dòng hoặc ô quá dài",
        "the text (CSV) file has a line or a field far too long",
    ),
    "memory.page": (
        "trang web chứa quá nhiều bảng hoặc ô",
        "the web page holds far too many tables or cells",
    ),
    "memory.xml": (
        "tệp XML khai báo quá nhiều dòng hoặc cột",
        "the XML file declares far too many rows or columns",
    ),
    "finding.file.changed_while_reading": (
        "Tệp thay đổi trong lúc đang đọc (có thể vẫn đang được chép hoặc tải vào) nên chưa đọc. Hãy chạy lại khi đã chép xong.",
        "The file changed while it was being read (perhaps still being copied or downloaded in) and was not read. Run again once the copy has finished.",
    ),
    "finding.feedback.formula_as_text": (
        "Công thức ở ô này gọi ra ngoài sổ làm việc ({formula}) nên trong tệp phản hồi được ghi thành chữ, không chạy. Báo cáo chỉ cần số liệu: hãy nhập số vào ô (hoặc dùng công thức tính trong sổ như =SUM) rồi gửi lại.",
        "The formula in this cell reaches outside the workbook ({formula}), so the feedback file holds it as text and it does not run. A report needs only figures: type the figure in (or a formula within the workbook such as =SUM) and send it again.",
    ),
    "finding.feedback.link_removed": (
        "Ô này có liên kết ra ngoài sổ làm việc ({target}); tệp phản hồi không giữ liên kết đó (chữ trong ô vẫn giữ nguyên). Báo cáo không cần liên kết: không cần sửa gì thêm.",
        "This cell linked outside the workbook ({target}); the feedback file does not keep the link (the cell's text stays). A report needs no links: nothing else to do.",
    ),
    "finding.feedback.name_removed": (
        "Tên định nghĩa {name} trỏ ra ngoài sổ làm việc ({formula}) nên đã bị bỏ khỏi tệp phản hồi. Nếu công thức nào dùng tên này, hãy nhập số liệu trực tiếp.",
        "The defined name {name} refers outside the workbook ({formula}) and was left out of the feedback file. Where a formula uses it, type the figure in directly.",
    ),
    "finding.file.old_format": (
        "Tệp là bảng tính định dạng cũ ({format}) mà xhht không đọc được. Hãy mở tệp bằng Excel hoặc LibreOffice, chọn Lưu thành → Sổ làm việc Excel (.xlsx), rồi gửi tệp .xlsx.",
        "The file is a spreadsheet in an old format ({format}) that xhht cannot read. Open it in Excel or LibreOffice, Save As → Excel Workbook (.xlsx), and send the .xlsx.",
    ),
    "finding.file.save_as_xlsx": (
        "xhht không đọc được tệp {format} này (bộ đọc không hiểu cấu trúc của nó). Hãy mở tệp bằng Excel, chọn Lưu thành → Sổ làm việc Excel (.xlsx), rồi gửi tệp .xlsx.",
        "xhht cannot read this {format} file (the reader does not understand its structure). Open it in Excel, Save As → Excel Workbook (.xlsx), and send the .xlsx.",
    ),
    "damage.zip": (
        "tệp nén (zip) bị cắt cụt hoặc hỏng, có thể do gửi hoặc tải về chưa xong",
        "the zip container is cut short or damaged, perhaps by an unfinished transfer",
    ),
    "damage.package": (
        "tệp nén không chứa sổ làm việc Excel hay OpenDocument (có thể là tệp Word hoặc thiếu phần dữ liệu)",
        "the zip holds no Excel or OpenDocument workbook (perhaps a Word file, or a part is missing)",
    ),
    "damage.package_word": (
        "đây là tệp Word (.docx), không phải bảng tính, có lẽ đã bị đổi đuôi thành bảng tính; hãy nhập số liệu vào biểu mẫu Excel (xhht template) và gửi tệp đó",
        "this is a Word file (.docx), not a spreadsheet, perhaps renamed; enter the figures in the Excel form (xhht template) and send that",
    ),
    "damage.package_slides": (
        "đây là tệp PowerPoint (.pptx), không phải bảng tính, có lẽ đã bị đổi đuôi thành bảng tính; hãy nhập số liệu vào biểu mẫu Excel (xhht template) và gửi tệp đó",
        "this is a PowerPoint file (.pptx), not a spreadsheet, perhaps renamed; enter the figures in the Excel form (xhht template) and send that",
    ),
    "damage.ole": (
        "tệp Office 97–2003 nhưng không đọc được sổ làm việc Excel bên trong (có thể là tệp Word)",
        "an Office 97–2003 file without a readable Excel workbook inside (perhaps a Word file)",
    ),
    "damage.format": (
        "nội dung không phải định dạng bảng tính nào đã biết",
        "the content is in no known spreadsheet format",
    ),
    "damage.xml": (
        "nội dung XML không hợp lệ hoặc có khai báo DTD/thực thể (entity) không được phép",
        "the XML is invalid or declares a DTD or entities, which are refused",
    ),
    "damage.csv": (
        "tệp văn bản (CSV) có dòng quá dài hoặc dấu ngoặc kép không khớp",
        "the text (CSV) file has a line too long or an unbalanced quote",
    ),
    "damage.zip_size": (
        "phần {member} của tệp nén giải nén ra nhiều hơn kích thước ghi trong mục lục ({size} byte): tệp hỏng hoặc bị sửa có chủ ý",
        "part {member} of the zip unpacks to more than the size its directory gives ({size} bytes): damaged or deliberately altered",
    ),
    "damage.ole_chain": (
        "chuỗi khối dữ liệu ({what}) của tệp Office 97–2003 lặp vòng hoặc trỏ ra ngoài tệp",
        "a chain of data blocks ({what}) of the Office 97–2003 file loops or points outside the file",
    ),
    "damage.csv_field": (
        "ô {cell} của tệp văn bản (CSV) dài hơn 131.072 ký tự, không phải số liệu báo cáo",
        "cell {cell} of the text (CSV) file is longer than 131,072 characters, which no report holds",
    ),
    "damage.library": (
        "bộ đọc bảng tính không đọc được cấu trúc tệp",
        "the spreadsheet reader cannot read the file's structure",
    ),
    "damage.io": ("không đọc được tệp từ ổ đĩa", "the file cannot be read from disk"),
    "damage.library_said": ("thông báo gốc", "the reader said"),
    # -- issue 21: sources and assumptions ---------------------------------------------------------
    "plan.targets_title": ("Mục tiêu và nguồn", "Targets and their sources"),
    "plan.rollup_title": (
        "Tỷ lệ đơn vị cấp dưới cần đạt mức k (rollup_share)",
        "Share of child units at level k a parent needs (rollup_share)",
    ),
    "plan.own_level": ("mức của đơn vị", "the unit's own level"),
    "plan.kind.count": ("số đếm", "count"),
    "plan.count_target": ("{count} đơn vị", "{count} units"),
    "plan.kind.level": ("mức", "level"),
    "plan.kind.flag": ("có/không", "flag"),
    "plan.over.children": ("đơn vị cấp dưới", "its children"),
    "plan.over.commune": ("mọi xã", "every commune"),
    "plan.evidence.text": ("nguyên văn", "text"),
    "plan.evidence.restatement": ("nêu lại", "restated"),
    "plan.evidence.unverified": ("chưa đối chiếu", "unverified"),
    "plan.province_rule": (
        "Tỉnh không còn cấp huyện: mức đạt chuẩn của tỉnh suy ra từ cấp xã (giả định), theo tỷ "
        "lệ của cấp tỉnh; nguồn: {sources}.",
        "A province without districts: its standard levels are derived from communes "
        "(assumption), with the province tier's shares; sources: {sources}.",
    ),
    "plan.unknown_source_at": (
        "Nguồn '{source}' ({where}) không có trong mục 'sources' ({known}); thêm văn bản nguồn "
        "vào 'sources' hoặc sửa tên.",
        "Source '{source}' ({where}) is not in 'sources' ({known}); add the document to "
        "'sources' or fix the name.",
    ),
    "level_basis.from_communes": (
        "suy ra từ cấp xã (giả định)",
        "derived from communes (assumption)",
    ),
    # -- issue 17: progress ---
    "progress.milestone": (
        "Đến năm {year}: {met} chỉ số đã đạt, {not_met} chưa đạt, {on_track} đúng tiến độ, {behind} chậm tiến độ, {insufficient} chưa đủ số liệu (tính từ số liệu {periods}).",
        "By {year}: {met} indicator(s) met, {not_met} not met, {on_track} on track, {behind} behind, {insufficient} without enough data (from the figures of {periods}).",
    ),
    "progress.periods_one": ("năm {years}", "period {years}"),
    "progress.periods": ("các năm {years}", "periods {years}"),
    "progress.withheld": (
        "Chưa đủ số liệu để đánh giá các chỉ số tỷ lệ: {reported}/{expected} xã có báo cáo hợp lệ (cần từ {minimum}%).",
        "Not enough data to judge the ratio indicators: {reported}/{expected} communes with a valid report ({minimum}% needed).",
    ),
    # -- issue 19: documents ---
    "letterhead.missing": (
        "Không tìm thấy tệp tiêu đề văn bản {path} (--letterhead). Hãy kiểm tra lại tên tệp.",
        "Letterhead file {path} (--letterhead) does not exist. Check the file name.",
    ),
    "letterhead.syntax": (
        'Tệp tiêu đề văn bản {path} sai cú pháp TOML: {error}. Mỗi dòng có dạng khóa = "giá trị".',
        'Letterhead file {path} is not valid TOML: {error}. Each line reads key = "value".',
    ),
    "letterhead.invalid": (
        "Tệp tiêu đề văn bản {path} có lỗi (các khóa: agency, parent_agency, number, place, "
        "signer_title, signer_name, preparer, recipients):",
        "Letterhead file {path} has problems (keys: agency, parent_agency, number, place, "
        "signer_title, signer_name, preparer, recipients):",
    ),
    "letterhead.key": ("khóa '{key}': {error}", "key '{key}': {error}"),
    # -- issue 20: interface ---
    "paths.bad_suffix": (
        "{option} {path}: tệp này phải có đuôi {suffix}.",
        "{option} {path}: this file must end in {suffix}.",
    ),
    "paths.is_folder": (
        "{option} {path} là một thư mục; ở đây cần tên một tệp.",
        "{option} {path} is a folder; a file name is wanted here.",
    ),
    "paths.is_file": (
        "{option} {path} là một tệp; ở đây cần một thư mục.",
        "{option} {path} is a file; a folder is wanted here.",
    ),
    "paths.no_parent": (
        "{option} {path}: thư mục {parent} không tồn tại. Hãy kiểm tra lại đường dẫn, hoặc tạo thư mục trước.",
        "{option} {path}: folder {parent} does not exist. Check the path, or create the folder first.",
    ),
    "paths.parent_is_file": (
        "{option} {path}: {parent} là một tệp, không phải thư mục.",
        "{option} {path}: {parent} is a file, not a folder.",
    ),
    "paths.not_writable": (
        "{option} {path}: không được phép ghi vào đây. Hãy chọn thư mục khác.",
        "{option} {path}: this place cannot be written to. Choose another folder.",
    ),
    "paths.file_read_only": (
        "{option} {path}: tệp đã có này chỉ cho đọc, không ghi đè được. Bỏ thuộc tính chỉ đọc "
        "của tệp (chuột phải → Thuộc tính / Properties, bỏ chọn Chỉ đọc / Read-only), hoặc chọn tên tệp khác.",
        "{option} {path}: the file already there is read-only and cannot be replaced. Clear its "
        "read-only attribute (right-click → Properties, clear Read-only), or choose another file name.",
    ),
    "paths.many_forms": (
        "--output {path}: có {count} biểu mẫu nên cần một thư mục (bỏ đuôi .xlsx), không phải một tệp.",
        "--output {path}: {count} forms need a folder (drop the .xlsx), not a file.",
    ),
    "paths.failed": (
        "Không ghi được {path}: {cause}",
        "Could not write {path}: {cause}",
    ),
    "paths.cause.full": (
        "ổ đĩa đã đầy. Hãy giải phóng chỗ trống rồi chạy lại.",
        "the disk is full. Free some space and run again.",
    ),
    "paths.cause.denied": (
        "không có quyền ghi, hoặc tệp đang mở trong chương trình khác (Excel). Hãy đóng tệp hoặc chọn thư mục khác rồi chạy lại.",
        "permission denied, or the file is open in another program (Excel). Close it or choose another folder, and run again.",
    ),
    "paths.cause.read_only": (
        "ổ đĩa hoặc thư mục chỉ cho phép đọc. Hãy chọn nơi ghi khác.",
        "the disk or folder is read-only. Choose another place to write to.",
    ),
    "paths.cause.is_folder": (
        "đó là một thư mục. Hãy ghi tên một tệp.",
        "it is a folder. Give a file name.",
    ),
    "paths.cause.not_folder": (
        "một phần của đường dẫn là tệp, không phải thư mục. Hãy sửa đường dẫn.",
        "part of the path is a file, not a folder. Fix the path.",
    ),
    "paths.cause.gone": (
        "thư mục không còn (bị xóa hoặc đổi tên trong lúc chạy). Hãy kiểm tra rồi chạy lại.",
        "the folder is gone (removed or renamed during the run). Check it and run again.",
    ),
    "paths.cause.too_long": (
        "tên hoặc đường dẫn quá dài. Hãy chọn thư mục có đường dẫn ngắn hơn.",
        "the name or path is too long. Choose a folder with a shorter path.",
    ),
    "paths.cause.io": (
        "lỗi đọc/ghi của ổ đĩa. Hãy kiểm tra ổ đĩa (hoặc mạng) rồi chạy lại.",
        "the disk reported an input/output error. Check the disk (or network) and run again.",
    ),
    "batch.nothing_lost": (
        "Không mất dữ liệu: lần chạy sau sẽ làm tiếp.",
        "Nothing is lost: the next run completes the work.",
    ),
    "batch.config_needed": (
        "Cần --config TỆP (hoặc --init TỆP để tạo tệp cấu hình mẫu).",
        "Give --config FILE (or --init FILE to write an example configuration).",
    ),
    "batch.output_folder": (
        "khóa 'output'",
        "key 'output'",
    ),
    "batch.pyd.missing": ("thiếu khóa này", "this key is missing"),
    "batch.pyd.extra": ("khóa không được biết (viết sai tên?)", "unknown key (misspelt?)"),
    "batch.pyd.pattern": (
        "'{value}' không phải năm 4 chữ số (ví dụ \"2025\")",
        "'{value}' is not a 4-digit year (e.g. \"2025\")",
    ),
    "batch.pyd.bool": ("'{value}' phải là true hoặc false", "'{value}' must be true or false"),
    "batch.pyd.list": (
        '\'{value}\' phải là một danh sách, ví dụ ["2023", "2024"]',
        '\'{value}\' must be a list, e.g. ["2023", "2024"]',
    ),
    "batch.pyd.text": (
        "'{value}' phải là chuỗi trong dấu ngoặc kép",
        "'{value}' must be a quoted string",
    ),
    "batch.pyd.other": ("giá trị '{value}' không hợp lệ", "value '{value}' is not valid"),
    "cli.bad_choice": (
        "{option} {value}: chỉ nhận {choices}.",
        "{option} {value}: must be one of {choices}.",
    ),
    "cli.template_year": (
        "Kỳ báo cáo ghi sẵn trong biểu mẫu: {year} (năm hiện tại; chọn năm khác bằng --period).",
        "Reporting period filled in the form: {year} (this year; choose another with --period).",
    ),
    "cli.units_inferred": (
        "Mọi báo cáo thuộc {name}: chỉ chờ các xã của tỉnh này (như --units vn:{code}). Dùng --units vn để chờ cả nước.",
        "Every report is of {name}: only its communes are expected (as --units vn:{code}). Use --units vn to expect the whole country.",
    ),
    "cli.units_hint": (
        "Đang chờ báo cáo của cả nước ({count} xã, --units vn). Để chỉ một tỉnh, dùng --units vn:<mã tỉnh> hoặc tệp danh mục.",
        "Expecting reports from the whole country ({count} communes, --units vn). For one province, use --units vn:<province code> or a registry file.",
    ),
    "usage.no_such_option": ("Không có tùy chọn {option}.", "No such option: {option}."),
    "usage.did_you_mean": ("Có phải ý bạn là: {options}?", "Did you mean: {options}?"),
    "usage.missing": ("Thiếu {param}.", "Missing {param}."),
    "usage.missing_option": (
        "Thiếu {param} — {what}: thêm {opt} và giá trị của nó vào lệnh.",
        "Missing {param} — {what}: add {opt} and its value to the command.",
    ),
    "usage.missing_argument": (
        "Thiếu {param} — {what}: thêm vào lệnh.",
        "Missing {param} — {what}: add it to the command.",
    ),
    "usage.lang": (
        "xhht không có ngôn ngữ '{value}': dùng vi (tiếng Việt) hoặc en (English).",
        "xhht has no language '{value}': use vi (Vietnamese) or en (English).",
    ),
    "cli.env_lang": (
        "XHHT_LANG={value}: xhht chỉ có vi và en; dùng tiếng Việt.",
        "XHHT_LANG={value}: xhht speaks vi and en only; using Vietnamese.",
    ),
    "usage.needs_value": ("Tùy chọn {option} cần một giá trị.", "Option {option} needs a value."),
    "usage.bad_value": (
        "Giá trị {value} không hợp lệ cho {param}.",
        "Value {value} is not valid for {param}.",
    ),
    "usage.invalid": ("Giá trị không hợp lệ cho {param}.", "Invalid value for {param}."),
    "usage.bad_param": ("{param}: {message}", "{param}: {message}"),
    "usage.not_readable": (
        "{param} {path}: không đọc được vì tài khoản đang chạy xhht không có quyền đọc. Hãy cấp "
        "quyền đọc (Properties → Security), hoặc chép tệp sang thư mục của mình rồi chạy lại.",
        "{param} {path}: cannot be read: the account running xhht has no permission to read it. "
        "Grant read access (Properties → Security), or copy it to a folder of your own and run "
        "again.",
    ),
    "usage.number": (
        "{param} cần một số, không phải {value}.",
        "{param} needs a number, not {value}.",
    ),
    "usage.no_such_command": ("Không có lệnh '{name}'.", "No such command '{name}'."),
    "usage.extra": ("Thừa đối số: {args}.", "Unexpected extra argument(s): {args}."),
    "usage.other": ("Lệnh viết chưa đúng: {message}", "{message}"),
    "usage.see_help": ("Xem hướng dẫn: {command} --help", "See: {command} --help"),
    "usage.aborted": ("Đã dừng.", "Aborted."),
    "help.usage": ("Cách dùng: ", "Usage: "),
    "help.arguments": ("Đối số", "Arguments"),
    "help.options": ("Tùy chọn", "Options"),
    "help.commands": ("Lệnh", "Commands"),
    "help.default": ("[mặc định: {}]", "[default: {}]"),
    "help.required": ("[bắt buộc]", "[required]"),
    "help.env": ("[biến môi trường: {}]", "[env var: {}]"),
    "help.help": ("Hiện hướng dẫn này rồi thoát.", "Show this message and exit."),
    "help.example": ("Ví dụ:", "Example:"),
    "meta.FILE": ("TỆP", "FILE"),
    "meta.FOLDER": ("THƯ_MỤC", "FOLDER"),
    "meta.PATH": ("ĐƯỜNG_DẪN", "PATH"),
    "meta.CODE": ("MÃ", "CODE"),
    "meta.NAME": ("TÊN", "NAME"),
    "meta.YEAR": ("NĂM", "YEAR"),
    "meta.SECONDS": ("GIÂY", "SECONDS"),
    "meta.NUMBER": ("SỐ", "NUMBER"),
    "meta.UNITS": ("DANH_MỤC", "UNITS"),
    "meta.PLAN": ("KẾ_HOẠCH", "PLAN"),
    "meta.LANG": ("NGÔN_NGỮ", "LANG"),
    "meta.FORMAT": ("KIỂU", "FORMAT"),
    "meta.VALUE": ("GIÁ_TRỊ", "VALUE"),
    "meta.OPTIONS": ("[TÙY_CHỌN]", "[OPTIONS]"),
    "meta.COMMAND": ("LỆNH [ĐỐI_SỐ]...", "COMMAND [ARGS]..."),
    "table.file": ("Tệp", "File"),
    "table.status": ("Trạng thái", "Status"),
    "table.unit": ("Đơn vị", "Unit"),
    "table.errors": ("Lỗi", "Errors"),
    "table.warnings": ("Cảnh báo", "Warnings"),
    "table.period": ("Kỳ", "Period"),
    "table.report_date": ("Ngày báo cáo", "Report date"),
    "table.read_at": ("Nhận lúc", "Received at"),
    "table.current": ("Đang dùng", "In use"),
    "status.valid": ("hợp lệ", "valid"),
    "status.invalid": ("có lỗi", "invalid"),
    "status.unreadable": ("không đọc được", "unreadable"),
    "status.ignored": ("bỏ qua", "ignored"),
    "status.superseded": ("đã thay thế", "superseded"),
    "severity.error": ("lỗi", "error"),
    "severity.warning": ("cảnh báo", "warning"),
    "severity.info": ("thông tin", "info"),
    "level.nation": ("quốc gia", "nation"),
    "level.province": ("tỉnh", "province"),
    "level.district": ("huyện", "district"),
    "level.commune": ("xã", "commune"),
    "level.nation.many": ("quốc gia", "nations"),
    "level.province.many": ("tỉnh", "provinces"),
    "level.district.many": ("huyện", "districts"),
    "level.commune.many": ("xã", "communes"),
    # -- plan list / show: column heads in the run's language ---
    "plan.col.code": ("Mã", "Code"),
    "plan.col.name": ("Tên", "Name"),
    "plan.col.milestones": ("Mốc", "Milestones"),
    "plan.col.source": ("Nguồn", "Source"),
    "plan.col.document": ("Văn bản", "Document"),
    "plan.col.label": ("Nội dung", "Label"),
    "plan.col.unit": ("Đơn vị tính", "Unit"),
    "plan.col.kind": ("Loại", "Kind"),
    "plan.col.formula": ("Công thức", "Formula"),
    "plan.col.indicator": ("Chỉ số", "Indicator"),
    "plan.col.year": ("Năm", "Year"),
    "plan.col.target": ("Mục tiêu", "Target"),
    "plan.col.evidence": ("Căn cứ", "Evidence"),
    "plan.col.field": ("Chỉ tiêu", "Field"),
    "plan.col.k": ("Mức", "Level"),
    "plan.col.district": ("Huyện", "District"),
    "plan.col.province": ("Tỉnh", "Province"),
    "plan.title.shipped": ("Kế hoạch có sẵn", "Shipped plans"),
    "plan.title.sources": ("Nguồn", "Sources"),
    "plan.title.fields": ("Chỉ tiêu số liệu", "Fields"),
    "plan.title.indicators": ("Chỉ số", "Indicators"),
    # -- issue 18: carried across the reform ---
    "progress.carried": (
        "Số liệu các kỳ {periods} đã được quy đổi về đơn vị hành chính hiện nay theo bảng chuyển đổi.",
        "Periods {periods} were carried onto today's units through the crosswalk.",
    ),
    "progress.carried_approximate": (
        "Số liệu các kỳ {periods} đã được quy đổi về đơn vị hành chính hiện nay theo bảng chuyển đổi; một phần là ước tính (xã cũ chia cho nhiều xã mới theo tỷ lệ ước tính).",
        "Periods {periods} were carried onto today's units through the crosswalk; part of it is an estimate (old communes divided among new ones by estimated shares).",
    ),
    "progress.carried_note": (
        "năm {periods} quy đổi về đơn vị hiện nay theo bảng chuyển đổi",
        "{periods} carried onto today's units through the crosswalk",
    ),
    "progress.unmapped": (
        "Kỳ {period}: {count} xã cũ không có trong bảng chuyển đổi nên số liệu không được tính cho đơn vị nào ({codes}). Hãy bổ sung bảng chuyển đổi.",
        "Period {period}: {count} old communes are not in the crosswalk, so their figures count for no unit ({codes}). Complete the crosswalk.",
    ),
    # -- issue 28: approving a period's figures, reopening them (docs/approval.md) ---
    "status.late": ("nhận sau phê duyệt", "received after approval"),
    "approval.stamp": (
        "Số liệu đã phê duyệt ngày {date} (người duyệt {by})",
        "Figures approved on {date} (approved by {by})",
    ),
    "approval.stamp_unit": (
        "Số liệu của {unit} đã phê duyệt ngày {date} (người duyệt {by})",
        "Figures of {unit} approved on {date} (approved by {by})",
    ),
    "approval.stamp_gaps": (
        "; phê duyệt khi còn {gaps}",
        "; approved with {gaps}",
    ),
    "approval.stamp_differs": (
        "; lưu ý: số liệu dựng lại hôm nay khác bản đã phê duyệt (kế hoạch, danh mục, số liệu kỳ trước hoặc phiên bản xhht đã thay đổi)",
        "; note: the figures rebuilt today differ from the approved document (the plan, the registry, earlier periods or the xhht version changed)",
    ),
    "approval.every_unit": ("toàn bộ danh mục đơn vị", "every unit of the registry"),
    "approval.unknown_unit": (
        "Không có đơn vị mã {code} trong danh mục của kỳ {period}. Xem các mã bằng xhht units show.",
        "There is no unit {code} in the registry of period {period}. See the codes with xhht units show.",
    ),
    "approval.refused": (
        "Chưa phê duyệt được kỳ {period} của {unit}: còn {gaps}. Hãy chờ các xã gửi (xem xhht status --config {config}), hoặc thêm --accept-gaps để phê duyệt và ghi lại các thiếu sót này.",
        "Period {period} of {unit} cannot be approved yet: {gaps}. Wait for them (see xhht status --config {config}), or add --accept-gaps to approve and record these gaps.",
    ),
    "approval.already": (
        "Kỳ {period} của {unit} đã được phê duyệt ngày {date} (người duyệt {by}, lần phê duyệt số {id}). Muốn phê duyệt lại, hãy mở lại trước: xhht reopen --config … --period {period} --unit {code} --reason …",
        "Period {period} of {unit} was approved on {date} (by {by}, approval #{id}). To approve again, reopen it first: xhht reopen --config … --period {period} --unit {code} --reason …",
    ),
    "approval.none_active": (
        "Kỳ {period} của {unit} không có phê duyệt nào đang hiệu lực để mở lại{extra}.",
        "Period {period} of {unit} has no approval in force to reopen{extra}.",
    ),
    "approval.in_force": (" (đang hiệu lực: {approvals})", " (in force: {approvals})"),
    "approval.reason_needed": (
        'Hãy ghi lý do mở lại: --reason "…" (lý do được lưu cùng lần mở lại).',
        'Give the reason for reopening: --reason "…" (it is kept with the reopening).',
    ),
    "approval.no_store": (
        "Chưa có cơ sở dữ liệu {path}: hãy chạy xhht run --config … trước.",
        "There is no store {path} yet: run xhht run --config … first.",
    ),
    "approval.waiting": (
        "Một lần chạy khác đang dùng cơ sở dữ liệu {store}; đang chờ (tối đa {wait} giây)…",
        "Another run is using the store {store}; waiting (at most {wait} seconds)…",
    ),
    "approval.done": (
        "Đã phê duyệt số liệu kỳ {period} của {unit}: lần phê duyệt số {id}, {used} báo cáo, SHA-256 của tài liệu tổng hợp {sha}. Lần chạy tiếp theo ghi dấu phê duyệt vào kết quả; báo cáo nhận sau sẽ được lưu, kiểm tra và phản hồi nhưng không dùng.",
        "Approved the figures of period {period} of {unit}: approval #{id}, {used} reports, SHA-256 of the aggregate document {sha}. The next run stamps the outputs; reports received after this are stored, checked and answered but not used.",
    ),
    "approval.done_gaps": (
        "Phê duyệt kèm thiếu sót (đã ghi lại): {gaps}.",
        "Approved with gaps (recorded): {gaps}.",
    ),
    "approval.same_as_disk": (
        "Tài liệu được phê duyệt trùng từng byte với {path}.",
        "The approved document is byte for byte {path}.",
    ),
    "approval.differs_from_disk": (
        "Lưu ý: {path} khác tài liệu vừa phê duyệt (hộp thư hoặc cấu hình đã đổi từ lần chạy trước); chạy xhht run --config … để ghi số liệu đã phê duyệt.",
        "Note: {path} differs from the document just approved (the inbox or the configuration changed since the last run); run xhht run --config … to write the approved figures.",
    ),
    "approval.reopened": (
        "Đã mở lại kỳ {period} của {unit} (lần phê duyệt số {id} ngày {date}). Lần chạy tiếp theo dùng lại các báo cáo hợp lệ mới nhất.",
        "Reopened period {period} of {unit} (approval #{id} of {date}). The next run uses the latest valid reports again.",
    ),
    "approval.late_line": (
        "Nhận sau phê duyệt, không dùng: {path} — {unit}, nhận lúc {received} ({status})",
        "Received after approval, not used: {path} — {unit}, received {received} ({status})",
    ),
    "approval.late_count": (
        "{count} tệp nhận sau phê duyệt (đã lưu, kiểm tra, phản hồi; không dùng): {files}",
        "{count} files received after approval (stored, checked, answered; not used): {files}",
    ),
    "approval.none": ("Chưa có lần phê duyệt nào.", "No approval yet."),
    "approval.title": ("Phê duyệt và mở lại", "Approvals and reopenings"),
    "approval.kind.approve": ("phê duyệt", "approved"),
    "approval.kind.reopen": ("mở lại", "reopened"),
    "approval.state.active": ("đang hiệu lực", "in force"),
    "approval.state.reopened": ("đã mở lại", "reopened"),
    "approval.gap.missing.one": ("{count} xã chưa nộp", "{count} commune missing"),
    "approval.gap.missing.many": ("{count} xã chưa nộp", "{count} communes missing"),
    "approval.gap.missing.short": ("{count} chưa nộp", "missing: {count}"),
    "approval.gap.invalid.one": (
        "{count} báo cáo có lỗi hoặc không đọc được",
        "{count} report with errors or unreadable",
    ),
    "approval.gap.invalid.many": (
        "{count} báo cáo có lỗi hoặc không đọc được",
        "{count} reports with errors or unreadable",
    ),
    "approval.gap.invalid.short": ("{count} có lỗi", "with errors: {count}"),
    "approval.gap.unplaced.one": (
        "{count} tệp không dùng được, không rõ của xã nào",
        "{count} unusable file of no known commune",
    ),
    "approval.gap.unplaced.many": (
        "{count} tệp không dùng được, không rõ của xã nào",
        "{count} unusable files of no known commune",
    ),
    "approval.gap.unplaced.short": ("{count} tệp không rõ xã", "of no commune: {count}"),
    "cli.status_needs_input": (
        "Hãy cho biết tệp hoặc thư mục báo cáo (xhht status PATH…), hoặc tệp cấu hình của lần chạy định kỳ (xhht status --config xhht.toml), một trong hai.",
        "Give report files or folders (xhht status PATH…), or the cron run's configuration (xhht status --config xhht.toml), one of the two.",
    ),
    "approval.col.id": ("Số", "No."),
    "approval.col.kind": ("Việc", "Event"),
    "approval.col.period": ("Kỳ", "Period"),
    "approval.col.unit": ("Đơn vị", "Unit"),
    "approval.col.at": ("Lúc", "At"),
    "approval.col.by": ("Người", "By"),
    "approval.col.text": ("Ghi chú / lý do", "Note / reason"),
    "approval.col.used": ("Báo cáo", "Reports"),
    "approval.col.gaps": ("Thiếu sót", "Gaps"),
    "approval.col.sha": ("SHA-256", "SHA-256"),
    "approval.col.state": ("Hiện trạng", "State"),
    # -- issue 26: xhht trace, every figure back to its cells ---
    "trace.no_input": (
        "Cần thư mục hoặc tệp báo cáo (xhht trace THƯ_MỤC …), hoặc --config TỆP để dùng cơ sở dữ liệu của xhht run.",
        "Give report folders or files (xhht trace FOLDER …), or --config FILE to use the store of xhht run.",
    ),
    "trace.both_inputs": (
        "Chỉ dùng một nguồn: thư mục báo cáo, hoặc --config (cơ sở dữ liệu của xhht run), không dùng cả hai.",
        "Use one source: report folders, or --config (the store of xhht run), not both.",
    ),
    "trace.no_store": (
        "Chưa có cơ sở dữ liệu {path}: hãy chạy xhht run --config trước, hoặc truy nguồn từ thư mục báo cáo.",
        "The store {path} does not exist yet: run xhht run --config first, or trace from the report folders.",
    ),
    "trace.unknown_indicator": (
        "Kế hoạch {plan} không có chỉ số {code}. Các chỉ số: {codes} (xem: xhht plan show {plan}).",
        "Plan {plan} has no indicator {code}. Its indicators: {codes} (see: xhht plan show {plan}).",
    ),
    "trace.unknown_period": (
        "Không có số liệu kỳ {period} trong lần tổng hợp này (các kỳ: {periods}). Báo cáo các kỳ trước đưa vào bằng --history.",
        "No figures of period {period} in this run (its periods: {periods}). Earlier periods' reports go in with --history.",
    ),
    "trace.unknown_unit": (
        "Đơn vị {code} không thuộc phạm vi tổng hợp ({scope}). Xem danh mục: xhht units show.",
        "Unit {code} is not in the scope of this run ({scope}). See the registry: xhht units show.",
    ),
    "trace.figure": (
        "{unit} ({code}), năm {period}: {value} = {numerator}/{denominator} ({formula}); {reported}/{expected} xã có báo cáo hợp lệ.",
        "{unit} ({code}), {period}: {value} = {numerator}/{denominator} ({formula}); {reported}/{expected} communes with a valid report.",
    ),
    "trace.standard": (
        "{unit} ({code}), năm {period}: {numerator}/{denominator} {units} đạt {field} ≥ {k} ({value}).",
        "{unit} ({code}), {period}: {numerator}/{denominator} {units} at {field} ≥ {k} ({value}).",
    ),
    "trace.standard_unmeasured": (
        "Chưa có số liệu: không {units} nào có {field} trong một báo cáo hợp lệ, nên chỉ số không có giá trị (không phải 0%).",
        "No data: none of the {units} has {field} in a valid report, so the indicator has no value (not 0%).",
    ),
    "trace.carried": (
        "Năm {period} được quy đổi về đơn vị hiện nay theo bảng chuyển đổi: mỗi dòng là một xã cũ.",
        "Period {period} is carried onto today's units through the crosswalk: each line is an old commune.",
    ),
    "trace.target": (
        "Mục tiêu {target} (năm {year}): {verdict}.",
        "Target {target} ({year}): {verdict}.",
    ),
    "trace.no_target": (
        "Kế hoạch không đặt mục tiêu cho chỉ số này ở cấp {level}.",
        "The plan sets no target for this indicator at {level} level.",
    ),
    "trace.source": ("Căn cứ {key}: {text}", "Source {key}: {text}"),
    "trace.verdict.met": ("đạt", "met"),
    "trace.verdict.not_met": ("chưa đạt", "not met"),
    "trace.verdict.none": ("chưa đánh giá (chưa đủ số liệu)", "not judged (too few reports)"),
    "trace.lines": ("{count} báo cáo được tổng hợp", "{count} reports rolled up"),
    "trace.units": ("{count} đơn vị được tính", "{count} units counted"),
    "trace.files": ("Tệp của từng báo cáo", "The file of each report"),
    "trace.split": (
        "Xã cũ chia cho nhiều xã mới: phần được tính (làm tròn theo phần dư lớn nhất)",
        "Old communes divided among new ones: the part counted (rounded by largest remainders)",
    ),
    "trace.unused": (
        "{count} tệp hoặc báo cáo không được dùng",
        "{count} files or reports not used",
    ),
    "trace.missing": ("Chưa nộp ({count}): {names}.", "Sent nothing ({count}): {names}."),
    "trace.total": ("Tổng", "Total"),
    "trace.rule": (
        "Quy tắc: {tier} đạt mức {k} của {field} khi ít nhất {share}% số {below} đạt mức {k} (theo cấp: {tiers}). Mức {field} của {unit}: {level}.",
        "Rule: a {tier} is at level {k} of {field} when at least {share}% of its {below} are (per tier: {tiers}). {unit}'s {field} level: {level}.",
    ),
    "trace.assumption": (
        "Tỉnh không có cấp huyện: mức của tỉnh được suy ra từ các xã theo tỷ lệ của cấp tỉnh (giả định).",
        "A province without districts: its level is derived from its communes by the province tier's share (an assumption).",
    ),
    "trace.col.cell": ("Ô", "Cell"),
    "trace.col.into": ("Xã mới", "New commune"),
    "trace.col.share": ("Tỷ lệ", "Share"),
    "trace.col.field": ("Chỉ tiêu", "Field"),
    "trace.col.whole": ("Số trong ô", "In the cell"),
    "trace.col.exact": ("Tích", "Product"),
    "trace.col.part": ("Phần tính", "Part counted"),
    "trace.col.level": ("Mức", "Level"),
    "trace.col.reached": ("Đạt", "Reached"),
    "trace.col.reason": ("Lý do", "Reason"),
    "trace.yes": ("có", "yes"),
    "trace.no": ("không", "no"),
    # -- issue 27: on time / late, and by what ---
    "timeliness.inbox": (
        "theo thời điểm hệ thống nhận tệp lần đầu",
        "by when the inbox first received the file",
    ),
    "timeliness.report_date": (
        "theo ngày báo cáo ghi trên biểu",
        "by the report date written on the form",
    ),
    "timeliness.mtime": (
        "theo thời điểm sửa tệp lần cuối (--received mtime)",
        "by the files' last modification time (--received mtime)",
    ),
    # -- issue 27: the caveats TongHop and the draft report both state ---
    "caveat.label.area": ("Địa bàn", "Area"),
    "caveat.label.levels": ("Mức đạt chuẩn cấp tỉnh", "The province's own levels"),
    "caveat.label.carried": ("Số liệu kỳ trước", "Earlier periods"),
    "caveat.label.unmapped": ("Bảng chuyển đổi", "Crosswalk"),
    "caveat.label.thin": ("Năm ít báo cáo", "Periods with few reports"),
    "caveat.label.withheld": ("Đánh giá chỉ số tỷ lệ", "Ratio verdicts"),
    "caveat.label.lacking": ("Chỉ số đạt chuẩn", "Standards"),
    "caveat.label.unmeasured": (
        "Chưa có số liệu",
        "No data yet",
    ),  # the TongHop label column: 17 wide
    "caveat.area": (
        "{name} hiện nay; trước 01/7/2025 gồm: {names}",
        "{name} today; before 1 July 2025 made up of: {names}",
    ),
    "caveat.estimated": (
        "; năm {periods} một phần là số ước tính (xã cũ chia cho nhiều xã mới theo tỷ lệ ước tính)",
        "; in {periods} partly estimated (old communes divided among new ones by estimated shares)",
    ),
    "caveat.thin": (
        "năm {periods}: dưới {minimum}% số xã có báo cáo hợp lệ, không dùng để so sánh và dự báo",
        "{periods}: fewer than {minimum}% of the communes sent a valid report, not compared or projected",
    ),
    "caveat.lacking_optional": (
        "chỉ số đạt chuẩn theo chỉ tiêu không bắt buộc: tới {count} {levels} không ghi số liệu, được tính là chưa đạt (ghi bên cạnh k/n của từng chỉ số)",
        "standards over an optional field: up to {count} {levels} gave no figure and are counted as not reaching them (noted beside each indicator's k/n)",
    ),
    "caveat.label.warned": ("Cảnh báo", "Warnings"),
    "caveat.label.shares": ("Tỷ lệ xét chuẩn", "Shares for standards"),
    "caveat.warned": (
        "{count} báo cáo được tính có cảnh báo ({warnings} cảnh báo): số liệu được tính đúng "
        "như đơn vị gửi; từng cảnh báo ở trang LoiDuLieu của sổ tổng hợp",
        "{count} of the reports counted carry warnings ({warnings} in all): their figures are "
        "counted as the units sent them; each warning is on the summary workbook's LoiDuLieu "
        "sheet",
    ),
    "cli.warned": (
        "Lưu ý: {count} báo cáo được tính có cảnh báo ({warnings} cảnh báo); xem trang "
        "LoiDuLieu hoặc chạy xhht validate để xem từng cảnh báo trước khi trình ký.",
        "Note: {count} of the reports counted carry warnings ({warnings} in all); see the "
        "LoiDuLieu sheet, or run xhht validate for each, before the summary is signed.",
    ),
    "caveat.unmeasured": (
        "chưa {level} nào có số liệu của {names}: các chỉ số này không có giá trị (ghi —, không phải 0%)",
        "no {level} has a figure for {names}: these indicators have no value (shown —, not 0%)",
    ),
    "caveat.lacking_below": (
        "{count} {levels} thiếu báo cáo hợp lệ của một số xã: chuẩn của {levels} được xét "
        "trên các xã đã có báo cáo hợp lệ; {levels} không có báo cáo hợp lệ nào được tính là "
        "chưa đạt (ghi bên cạnh k/n của từng chỉ số)",
        "{levels} short of some communes' valid reports: {count}; each is judged on the "
        "communes that sent one, and one with none is counted as not reaching the standard "
        "(noted beside each indicator's k/n)",
    ),
    "caveat.lacking": (
        "{count} {levels} chưa có báo cáo hợp lệ được tính là chưa đạt chuẩn (ghi bên cạnh k/n của từng chỉ số)",
        "{count} {levels} without a valid report counted as not reaching the standard (noted beside each indicator's k/n)",
    ),
    # -- issue 27: what a new user meets at the terminal ---
    "cli.superseded_by": (
        "{path}: đã được thay bằng {newer}; các điểm dưới đây là của báo cáo cũ, không còn tính.",
        "{path}: replaced by {newer}; what follows belongs to the old report and no longer counts.",
    ),
    "cli.superseded_mark": ("(báo cáo cũ)", "(old report)"),
    "cli.superseded": ("{path}: đã được thay bằng {newer}.", "{path}: replaced by {newer}."),
    "cli.duplicate_of": (
        "{path}: giống hệt {newer} (cùng nội dung); chỉ tính một lần.",
        "{path}: identical to {newer} (the same content); counted once.",
    ),
    "cli.feedback_none": (
        "Không có báo cáo nào có lỗi hay cảnh báo cần gửi lại cho xã: không ghi tệp phản hồi nào.",
        "No report has an error or a warning to send back: no feedback workbook written.",
    ),
    "cli.feedback_written": (
        "Đã ghi {count} tệp phản hồi vào {path}:",
        "Wrote {count} feedback workbook(s) to {path}:",
    ),
    "cli.feedback_removed": (
        "Đã xóa {count} tệp phản hồi cũ của các xã nay đã nộp báo cáo đúng: {names}",
        "Removed {count} old feedback workbook(s) of communes whose reports are now correct: {names}",
    ),
    "cli.history_as_input": (
        "{kind} {path} là báo cáo kỳ {periods}, không phải kỳ {period} — nếu là số liệu kỳ trước, dùng --history {path} (mỗi thư mục một --history: --history A --history B).",
        "{kind} {path} holds reports of {periods}, not of {period} — if they are an earlier period's, give them with --history {path} (one --history per folder: --history A --history B).",
    ),
    "cli.kind_folder": ("Thư mục", "Folder"),
    "cli.kind_file": ("Tệp", "File"),
    "toml.at": (
        "lỗi ở dòng {line}, cột {column} (thường do thiếu dấu ngoặc kép, dấu ngoặc vuông hoặc dấu =)",
        "wrong at line {line}, column {column} (usually a missing quote, bracket or =)",
    ),
    "toml.at_end": (
        "tệp kết thúc khi chưa đóng dấu ngoặc kép hoặc ngoặc vuông",
        "the file ends before a quote or bracket is closed",
    ),
    "toml.somewhere": ("cú pháp không đúng", "the syntax is wrong"),
    "usage.config_file": (
        "Tệp cấu hình được đưa bằng --config: --config {path}",
        "A configuration file is given with --config: --config {path}",
    ),
    "cli.unmet_head": ("Chỉ số chưa đạt mục tiêu:", "Targets not met:"),
    "cli.unmet_head_year": (
        "Chỉ số chưa đạt mục tiêu năm {year}:",
        "Targets for {year} not met:",
    ),
    "cli.all_met": (
        "Mọi chỉ số có mục tiêu năm {period} đều đạt.",
        "Every indicator with a target for {period} meets it.",
    ),
    "cli.written_all": ("Đã ghi: {paths}", "Wrote: {paths}"),
    "cli.nothing_written": (
        "Không ghi tệp nào: không báo cáo nào là của kỳ {period} (xem lỗi trên); tệp tổng hợp "
        "đã có (nếu có) vẫn giữ nguyên. Sửa --period rồi chạy lại.",
        "Nothing written: no report is of period {period} (see the error above); a summary "
        "already there is left as it was. Correct --period and run again.",
    ),
    # -- issue 29: optional fields, typed percentages, special-difficulty communes ---
    "finding.value.percent_mismatch": (
        "“{label}” ghi {typed}% nhưng tính từ số liệu của báo cáo được {computed}% "
        "({numerator}/{denominator}). Bản tổng hợp dùng số liệu, không dùng tỷ lệ ghi tay; hãy "
        "kiểm tra lại tỷ lệ hoặc số liệu.",
        "“{label}” says {typed}% but the report's figures give {computed}% "
        "({numerator}/{denominator}). The summary uses the figures, never a typed rate; check "
        "the rate or the figures.",
    ),
    "finding.rule.special_not_applied": (
        "“{flag}” = 1: theo {article}, mức đạt chuẩn {level} của xã này xét trên độ tuổi riêng, "
        "nhưng báo cáo không có “{missing}” nên quy tắc chưa được áp dụng. Điền các dòng đó "
        "(không bắt buộc) để mức đạt chuẩn được kiểm tra.",
        "“{flag}” = 1: under {article}, this commune's level {level} is tested on its own age "
        "band, but the report has no “{missing}”, so the rule was not applied. Fill in those "
        "rows (optional) to have the level checked.",
    ),
    "plan.special_not_flag": (
        "{where}: chỉ tiêu {code} không phải loại flag (0/1); quy tắc cho xã đặc biệt khó khăn "
        "cần một chỉ tiêu flag.",
        "{where}: field {code} is not a flag (0/1); the special-difficulty rule needs a flag field.",
    ),
    "plan.optional": ("không bắt buộc", "optional"),
    "overview.unverified_shares": (
        "Tỷ lệ đơn vị cấp dưới đạt chuẩn dùng để xét mức đạt chuẩn của đơn vị cấp trên chưa "
        "đối chiếu được với văn bản gốc đối với: {shares}.",
        "The share of units below at a level that a unit above needs for that level is not yet "
        "checked against the legal text for: {shares}.",
    ),
    "plan.unverified_shares": (
        "Tỷ lệ chưa đối chiếu được với văn bản (giữ từ lần kiểm tra trước): {shares}.",
        "Shares no text read supports (kept from an earlier check): {shares}.",
    ),
}
