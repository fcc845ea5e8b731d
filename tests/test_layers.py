"""The import picture (docs/pipeline.md, "Layout"): the folders read as the pipeline, bottom
up — base, values, units, plans, read, check, rollup, write, batch, cli — and nothing imports a
later layer; only the CLI knows typer and rich; writers render the outcome and decide nothing;
no module imports itself back through others."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "xhht_cli"


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache  # parsed once a session: five tests read the same picture
def _imports() -> dict[str, set[str]]:
    """Module → the modules (of this package, and typer/rich) it imports, anywhere in it."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        name = _module(path)
        found: set[str] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue  # for the type checker only, never run
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
        graph[name] = found
    modules = set(graph)
    return {
        name: {m for m in found if m in modules or m.split(".")[0] in {"typer", "rich"}}
        for name, found in graph.items()
    }


# Bottom up: a module may import its own layer and those below it, never one above.
LAYERS = ("base", "values", "units", "plans", "read", "check", "rollup", "write", "batch", "cli")


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_every_module_lives_in_a_layer_of_the_pipeline() -> None:
    loose = [m for m in _imports() if m != "xhht_cli" and not m.startswith("xhht_cli.__")]
    assert [m for m in loose if _layer(m) is None] == []


def test_nothing_imports_a_later_layer_of_the_pipeline() -> None:
    upward = [
        f"{module} → {target}"
        for module, found in _imports().items()
        for target in found
        if target.startswith("xhht_cli.")
        and (here := _layer(module)) is not None
        and (there := _layer(target)) is not None
        and there > here
    ]
    assert upward == []


def test_writers_render_the_outcome_and_decide_nothing() -> None:
    """write/ takes the run's Outcome: it never imports the roll-up, the progress or the
    orchestrator, so it cannot sum, look a target up or judge a milestone again."""
    graph = _imports()
    writers = [m for m in graph if m.startswith("xhht_cli.write")]
    assert writers
    forbidden = (
        "xhht_cli.rollup.aggregate",
        "xhht_cli.rollup.indicators",
        "xhht_cli.rollup.progress",
        "xhht_cli.rollup.carry",
    )
    for module in writers:
        found = graph[module]
        assert not any(m.startswith(forbidden) for m in found), module
        assert not any(m.startswith(("xhht_cli.check", "xhht_cli.cli")) for m in found), module


def test_only_the_cli_knows_typer_and_rich() -> None:
    for module, found in _imports().items():
        if module.startswith("xhht_cli.cli"):
            continue
        assert not any(m.split(".")[0] in {"typer", "rich"} for m in found), module


def test_no_import_cycle() -> None:
    graph = _imports()
    # a package's __init__ re-exporting its own modules is not a cycle of the layers
    edges = {
        name: {
            m
            for m in found
            if m in graph and not (m.startswith(name + ".") or name.startswith(m + "."))
        }
        for name, found in graph.items()
    }
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                raise AssertionError(" → ".join([*trail, node, nxt]))
            if nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [])
