"""The import picture (spec/style.md): the pipeline reads top-down, nothing imports upwards,
only the CLI knows typer and rich, and no module imports itself back through others."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "xhht_cli"


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


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


def test_aggregation_and_writing_do_not_import_the_orchestrator() -> None:
    graph = _imports()
    below = [m for m in graph if m == "xhht_cli.aggregate" or m.startswith("xhht_cli.write")]
    assert below
    for module in below:
        assert "xhht_cli.pipeline" not in graph[module], module
        assert not any(m.startswith("xhht_cli.cli") for m in graph[module]), module


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
