"""The batch configuration (``xhht.toml``): validated field by field, paths relative to it."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from xhht_cli.base.errors import XhhtError, pydantic_problem, toml_problem
from xhht_cli.base.i18n import tr
from xhht_cli.plans.load import resolve_plan
from xhht_cli.units.load import built_in
from xhht_cli.write.letterhead import load_letterhead

EXAMPLE = """\
# Cấu hình chạy định kỳ của xhht (xhht run --config xhht.toml).
# Đường dẫn tương đối được tính từ thư mục chứa tệp này.

# Thư mục các xã gửi báo cáo vào (đọc cả thư mục con). Không tệp nào bị sửa.
inbox = "hop-thu"
# Thư mục kết quả: tong-hop-<kỳ>.xlsx/.json, kiem-tra-<kỳ>.json, phan-hoi/, nhat-ky.jsonl
# (ở ngoài thư mục hop-thu, để tệp kết quả không bị đọc như báo cáo).
output = "ket-qua"
# Cơ sở dữ liệu SQLite lưu mọi tệp và mọi lần nộp (một tệp, không cần máy chủ).
store = "xhht.sqlite"
# Kế hoạch: tên kế hoạch có sẵn (xhht plan list) hoặc tệp .yaml.
plan = "quoc-gia-2021-2030"
# Danh mục đơn vị: "vn", "vn:<mã tỉnh>" hoặc tệp CSV/XLSX.
units = "vn:96"
# Kỳ báo cáo đang tổng hợp.
period = "2025"
# Các kỳ trước đã có trong cơ sở dữ liệu (tùy chọn): kiểm tra biến động, so sánh với năm
# trước và tiến độ đến các mốc 2025, 2030 (trang TienTrinh), ví dụ ["2023", "2024"].
history_periods = []
# Bảng chuyển đổi đơn vị cũ → mới (CSV), để quy số liệu các kỳ trước cải cách 2025 về đơn vị
# hiện nay (tùy chọn; danh mục "vn" đã có sẵn bảng của cải cách 2025).
# crosswalk = "chuyen-doi.csv"
# Lưu bản sao mỗi tệp được nhận vào <archive>/<kỳ>/<mã đơn vị>/<sha256>.<đuôi> (tùy chọn).
# archive = "luu-tru"
# Chuyển tệp ra khỏi hộp thư sau khi đã lưu bản sao và ghi vào cơ sở dữ liệu (cần archive).
move_processed = false
# Tiêu đề văn bản (cơ quan ban hành, số, địa danh, người ký, nơi nhận): tệp TOML (tùy chọn).
# letterhead = "tieu-de.toml"
"""


class BatchConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    inbox: Path
    output: Path
    store: Path
    plan: str = "quoc-gia-2021-2030"
    units: str = "vn"
    period: Annotated[str, Field(pattern=r"^\d{4}$")]
    history_periods: list[Annotated[str, Field(pattern=r"^\d{4}$")]] = []
    crosswalk: Path | None = None  # old units → today's, for history periods before a reform
    archive: Path | None = None
    move_processed: bool = False
    letterhead: Path | None = None  # write/letterhead.py's TOML
    _path: Path | None = PrivateAttr(default=None)  # the file it was read from

    @property
    def path(self) -> Path | None:
        """The configuration file, as the user named it (messages tell her to pass it again)."""
        return self._path

    @field_validator("period", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


def load_config(path: Path) -> BatchConfig:
    """Read and validate *path*; any problem is an :class:`XhhtError` (exit 2) naming the key."""
    if not path.is_file():
        raise XhhtError(tr("batch.config_missing", path=path))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise XhhtError(tr("batch.config_syntax", path=path, error=toml_problem(exc))) from exc
    base = path.resolve().parent
    for key in ("plan", "units"):  # a file next to the config, or a name (vn:96, a shipped plan)
        value = data.get(key)
        if isinstance(value, str) and (base / value).is_file():
            data[key] = str(base / value)
    history = data.get("history_periods")
    if isinstance(history, list):
        data["history_periods"] = [str(p) for p in history]
    try:
        config = BatchConfig.model_validate(data)
    except ValidationError as exc:
        problems = [
            tr(
                "batch.config_key",
                key=".".join(map(str, e["loc"])) or "?",
                error=pydantic_problem(e),
            )
            for e in exc.errors()
        ]
        raise XhhtError(
            tr("batch.config_invalid", path=path) + "\n  - " + "\n  - ".join(problems)
        ) from exc
    problems = _named_inputs(config, base)
    if problems:
        raise XhhtError(tr("batch.config_invalid", path=path) + "\n  - " + "\n  - ".join(problems))
    for key in ("inbox", "output", "store", "archive", "crosswalk", "letterhead"):
        value = getattr(config, key)
        if value is not None and not value.is_absolute():
            setattr(config, key, base / value)
    if config.letterhead is not None:
        load_letterhead(config.letterhead)  # a wrong key stops the run before any work
    if config.move_processed and config.archive is None:
        raise XhhtError(tr("batch.move_needs_archive", path=path))
    if not config.inbox.is_dir():
        raise XhhtError(tr("batch.inbox_missing", path=config.inbox))
    if config.crosswalk is not None and not config.crosswalk.is_file():
        raise XhhtError(tr("cli.path_missing", path=config.crosswalk))
    config._path = path
    return config


def _named_inputs(config: BatchConfig, base: Path) -> list[str]:
    """The plan and the registry the configuration names exist (a shipped plan or a file, a
    built-in registry or a file beside the configuration): else a problem naming the key."""
    problems = []
    try:
        resolve_plan(config.plan)
    except XhhtError as exc:
        problems.append(tr("batch.config_key", key="plan", error=str(exc)))
    units = config.units
    if not (built_in(units) or Path(units).is_file()):
        missing = tr("units.file_not_found", name=units, cwd=base)
        problems.append(tr("batch.config_key", key="units", error=missing))
    return problems
