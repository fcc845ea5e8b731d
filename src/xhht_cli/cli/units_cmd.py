"""`xhht units show | check`."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.tree import Tree

from xhht_cli.cli.handling import handled
from xhht_cli.cli.options import DEFAULTS, ParentOpt, UnitsOpt
from xhht_cli.cli.output import OUT
from xhht_cli.errors import XhhtError
from xhht_cli.i18n import tr
from xhht_cli.registry import LEVELS, Registry, check_rows, load_registry, read_registry_rows

app = typer.Typer(
    help="Danh mục đơn vị hành chính. / The administrative units registry.",
    no_args_is_help=True,
)

LEVEL_NAMES = {"nation": "quốc gia", "province": "tỉnh", "district": "huyện", "commune": "xã"}


def _counts(registry: Registry, code: str) -> str:
    below = Counter(u.level for u, depth in registry.walk(code) if depth > 0)
    return ", ".join(f"{below[lvl]} {LEVEL_NAMES[lvl]}" for lvl in LEVELS if below[lvl])


@app.command("show")
@handled
def show(
    units: UnitsOpt = DEFAULTS["units"],
    parent: ParentOpt = None,
    depth: Annotated[
        int | None, typer.Option(help="Số cấp hiển thị. / How many levels to show.")
    ] = None,
) -> None:
    """Danh mục dạng cây, kèm số đơn vị mỗi cấp. / The registry as a tree with counts per level.

    Ví dụ / example: xhht units show --units vn:96 ;
    xhht units show --units data/samples/don-vi-ca-mau-2024.csv
    """
    registry = load_registry(units)
    if parent is not None and parent not in registry:
        raise XhhtError(tr("units.unknown_parent_option", code=parent))
    roots = [registry[parent]] if parent else registry.roots
    total = Counter(u.level for u in registry.units.values())
    title = f"{registry.source}: " + ", ".join(
        f"{total[lvl]} {LEVEL_NAMES[lvl]}" for lvl in LEVELS if total[lvl]
    )
    tree = Tree(title)
    for root in roots:
        nodes: dict[str | None, Tree] = {None: tree}
        for unit, level in registry.walk(root.code):
            if depth is not None and level > depth:
                continue
            counts = _counts(registry, unit.code)
            label = f"{unit.code} {unit.name}" + (f" [dim]({counts})[/]" if counts else "")
            key = unit.parent_code if level > 0 else None
            nodes[unit.code] = nodes.get(key, tree).add(label)
    OUT.result(tree)


@app.command("check")
@handled
def check(
    file: Annotated[Path, typer.Argument(help="Tệp danh mục CSV/XLSX. / A registry file.")],
) -> None:
    """Kiểm tra tệp danh mục: mã trùng, cấp trên không có, vòng lặp, sai thứ tự cấp, tên anh em
    chỉ khác dấu (thoát 2 nếu có lỗi). / Check a registry file (exit 2 on problems).

    Ví dụ / example: xhht units check data/samples/don-vi-ca-mau-2024.csv
    """
    if not file.is_file():
        raise XhhtError(tr("cli.path_missing", path=file))
    rows = read_registry_rows(file)
    problems = check_rows(rows)
    if problems:
        OUT.error(tr("units.invalid", path=file, count=len(problems)))
        for problem in problems:
            OUT.error(f"  - {problem}")
        raise typer.Exit(2)
    levels = Counter(r.values.get("level", "") for r in rows)
    OUT.result(
        tr(
            "units.ok",
            path=file,
            count=len(rows),
            levels=", ".join(f"{levels[lvl]} {lvl}" for lvl in LEVELS if levels[lvl]),
        )
    )
