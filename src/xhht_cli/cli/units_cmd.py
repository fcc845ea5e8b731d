"""`xhht units show | check | crosswalk`."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.tree import Tree

from xhht_cli.base.errors import XhhtError
from xhht_cli.base.i18n import tr
from xhht_cli.cli.handling import handled
from xhht_cli.cli.options import DEFAULTS, ParentOpt, UnitsOpt
from xhht_cli.cli.output import OUT
from xhht_cli.units.crosswalk import check_against, check_links, coverage, read_links
from xhht_cli.units.load import load_registry
from xhht_cli.units.registry import Registry
from xhht_cli.units.rows import check_rows, read_registry_rows, units_from_rows
from xhht_cli.units.unit import LEVELS

app = typer.Typer(
    help="Danh mục đơn vị hành chính. / The administrative units registry.",
    no_args_is_help=True,
)

CrosswalkOpt = Annotated[
    Path | None,
    typer.Option(
        "--crosswalk",
        help="Bảng chuyển đổi đơn vị cũ → mới (CSV old_code,new_code[,share]). "
        "/ A crosswalk of ended units to their successors.",
    ),
]
YearOpt = Annotated[
    int | None,
    typer.Option(
        "--period",
        help="Các đơn vị có hiệu lực ngày 31/12 của năm này. / The units valid on 31 Dec of this year.",
    ),
]


def _levels(counts: Counter[str]) -> str:
    """``1 tỉnh, 64 xã`` / ``1 province, 64 communes``."""
    return ", ".join(
        f"{counts[lvl]} {tr(f'level.{lvl}' + ('' if counts[lvl] == 1 else '.many'))}"
        for lvl in LEVELS
        if counts[lvl]
    )


def _counts(registry: Registry, code: str) -> str:
    return _levels(Counter(u.level for u, depth in registry.walk(code) if depth > 0))


@app.command("show")
@handled
def show(
    units: UnitsOpt = DEFAULTS["units"],
    parent: ParentOpt = None,
    depth: Annotated[
        int | None, typer.Option(help="Số cấp hiển thị. / How many levels to show.")
    ] = None,
    period: YearOpt = None,
) -> None:
    """Danh mục dạng cây, kèm số đơn vị mỗi cấp. / The registry as a tree with counts per level.

    Ví dụ / example: xhht units show --units vn:96 ;
    xhht units show --units vn:96 --period 2024 --depth 1 ;
    xhht units show --units data/samples/don-vi-ca-mau-2024.csv
    """
    registry = load_registry(units)
    if period is not None:
        registry = registry.as_of(period)
    if parent is not None and parent not in registry:
        raise XhhtError(tr("units.unknown_parent_option", code=parent, option="--parent"))
    roots = [registry[parent]] if parent else registry.roots
    total = Counter(u.level for u in registry.units.values())
    title = f"{registry.label}: " + _levels(total)
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
            if unit.code == root.code and registry.former and not parent:
                _former(nodes[unit.code], registry)
    OUT.result(tree)


def _former(node: Tree, registry: Registry) -> None:
    """The units of an earlier period today's root stands for (old Cà Mau and old Bạc Liêu in
    today's Cà Mau of 2024), with what each held."""
    for former in registry.former:
        held = Counter(
            u.level for c in former.children if c in registry for u, _ in registry.walk(c)
        )
        unit = f"{former.unit.code} {former.unit.name} ({_levels(held)})"
        node.add(f"[dim]{tr('units.former', unit=unit)}[/]")


@app.command("check")
@handled
def check(
    file: Annotated[Path, typer.Argument(help="Tệp danh mục CSV/XLSX. / A registry file.")],
    crosswalk: CrosswalkOpt = None,
) -> None:
    """Kiểm tra tệp danh mục: mã trùng (hoặc dùng lại khi đơn vị cũ chưa hết hiệu lực), cấp trên
    không có, vòng lặp, sai thứ tự cấp, tên anh em chỉ khác dấu; với --crosswalk, cả bảng chuyển
    đổi (thoát 2 nếu có lỗi). / Check a registry file, and a crosswalk against it (exit 2 on
    problems).

    Ví dụ / example: xhht units check data/samples/don-vi-ca-mau-2024.csv ;
    xhht units check data/samples/don-vi-ca-mau-2024-2025.csv
    --crosswalk data/samples/chuyen-doi-2025-ca-mau.csv
    """
    for path in (file, crosswalk):
        if path is not None and not path.is_file():
            raise XhhtError(tr("cli.path_missing", path=path))
    rows = read_registry_rows(file)
    problems = check_rows(rows)
    if problems:
        _fail(tr("units.invalid", path=file, count=len(problems)), problems)
    levels = Counter(r.values.get("level", "") for r in rows)
    OUT.result(
        tr(
            "units.ok",
            path=file,
            count=len(rows),
            levels=_levels(levels),
        )
    )
    if crosswalk is not None:
        links, problems = read_links(crosswalk)
        problems += check_links(links)
        if not problems:
            from xhht_cli.units.crosswalk import Crosswalk

            problems = check_against(Crosswalk(tuple(links), str(crosswalk)), units_from_rows(rows))
        if problems:
            _fail(tr("cw.invalid", path=crosswalk, count=len(problems)), problems)
        OUT.result(tr("cw.ok", path=crosswalk, count=len(links)))


@app.command("crosswalk")
@handled
def crosswalk_coverage(
    units: UnitsOpt = DEFAULTS["units"],
    crosswalk: CrosswalkOpt = None,
) -> None:
    """Độ phủ của bảng chuyển đổi: bao nhiêu đơn vị cũ có đơn vị kế tiếp, bao nhiêu bị chia và
    chia theo tỉ lệ nào (thoát 2 nếu có lỗi). / The crosswalk's coverage: old units mapped,
    splits and how their shares were set (exit 2 on problems).

    Ví dụ / example: xhht units crosswalk --units vn ;
    xhht units crosswalk --units data/samples/don-vi-ca-mau-2024-2025.csv
    --crosswalk data/samples/chuyen-doi-2025-ca-mau.csv
    """
    registry = load_registry(units, crosswalk)
    if registry.timeline is None or registry.crosswalk is None:
        raise XhhtError(tr("cw.none", source=registry.label))
    links, every, only = registry.crosswalk, registry.timeline.units, None
    if registry.scope is not None:  # vn:96: the old units whose successors lie in today's 96
        links = links.into(registry.units)
        only = set(links.old_codes)
    figures = coverage(links, every, only)
    OUT.result(
        tr(
            "cw.coverage",
            source=f"{links.source} → {registry.label}",
            ended=figures.ended,
            mapped=figures.mapped,
            unmapped=len(figures.unmapped),
            splits=figures.splits,
            with_shares=figures.splits_with_shares,
            approximate=figures.splits_approximate,
            merged=figures.merged_into,
        ),
        markup_text=False,
    )
    problems = check_against(links, every, only)
    if problems:
        _fail(tr("cw.invalid", path=links.source, count=len(problems)), problems)


def _fail(title: str, problems: list[str]) -> None:
    OUT.error(title)
    for problem in problems:
        OUT.error(f"  - {problem}")
    raise typer.Exit(2)
