"""Messages in Vietnamese (default) and English.

Every user-facing sentence is a template in :data:`MESSAGES`, keyed by a stable code, so
findings can carry the code and parameters and be rendered in either language later.
"""

from __future__ import annotations

import os
from contextvars import ContextVar
from typing import Literal

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")

_lang: ContextVar[Lang] = ContextVar("xhht_lang", default="vi")


def default_lang() -> Lang:
    """The language from ``XHHT_LANG`` (``vi`` unless it says ``en``)."""
    return "en" if os.environ.get("XHHT_LANG", "").lower().startswith("en") else "vi"


def set_lang(lang: Lang) -> None:
    _lang.set(lang)


def get_lang() -> Lang:
    return _lang.get()


def fmt_num(value: float | int | None, lang: Lang | None = None, digits: int = 0) -> str:
    """Format a number the way readers of *lang* write it: ``5.120`` (vi), ``5,120`` (en)."""
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}"
    if (lang or get_lang()) == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def tr(key: str, lang: Lang | None = None, /, **params: object) -> str:
    """Render message *key* in *lang* (the current language by default)."""
    templates = MESSAGES[key]
    template = templates[0] if (lang or get_lang()) == "vi" else templates[1]
    return template.format(**params)


# key: (Vietnamese, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # -- command-level -----------------------------------------------------------------
    "cli.bug": (
        "Lỗi của chương trình xhht (không phải lỗi dữ liệu): {error}. "
        "Hãy chạy lại với --verbose và gửi nội dung cho nhóm phát triển xhht.",
        "Internal error in xhht (not a data problem): {error}. "
        "Run again with --verbose and send the output to the xhht developers.",
    ),
    "cli.path_missing": (
        "Không tìm thấy đường dẫn {path}. Hãy kiểm tra lại tên tệp hoặc thư mục.",
        "Path {path} does not exist. Check the file or folder name.",
    ),
    "plan.not_found": (
        "Không có kế hoạch '{name}'. Các kế hoạch có sẵn: {names}; hoặc chỉ tới một tệp .yaml.",
        "No plan named '{name}'. Shipped plans: {names}; or give the path of a .yaml file.",
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
    "units.bad_province": (
        "Không có tỉnh mã '{code}' trong danh mục hiện hành. Ví dụ đúng: vn:96 (Cà Mau).",
        "No province with code '{code}' in the current registry. Example: vn:96 (Cà Mau).",
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
        "Không có đơn vị mã '{code}' trong danh mục (tùy chọn --parent). "
        "Xem danh sách bằng: xhht units show",
        "No unit with code '{code}' in the registry (option --parent). "
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
        "dùng một trong: nation, province, district, commune.",
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
}
