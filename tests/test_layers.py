"""The package's import graph: no cycles, and every import runs down the layers (a newcomer reads bottom-up).

Layers, lowest first: errors/constants -> schema -> io (with the header check beside it) -> measure -> analyzer
(with the file loop and the instrument-building beside it) -> dynamics -> model -> reports -> the front ends
(cli, serve, engines). A module may import its own layer and the layers below, never above.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import REPO

PACKAGE = REPO / "src" / "disclosure"

LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"errors", "constants"}),
    frozenset({"schema"}),
    frozenset({"headers", "io"}),
    frozenset({"measure"}),
    frozenset({"analyzer", "scoring", "instrument"}),
    frozenset({"dynamics"}),
    frozenset({"model"}),
    frozenset({"reports"}),
    frozenset({"cli", "environment", "serve", "engines", "convokit", "__init__", "__main__"}),
)
"""Each top-level module or subpackage of `disclosure` by layer (a subpackage's modules share its layer)."""


def _module_name(path: Path) -> str:
    parts = ["disclosure", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(module: str, path: Path) -> set[str]:
    """The package's modules that `module` imports anywhere in its body (inside functions and TYPE_CHECKING too)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return {name for name in found if name in MODULES and name != module}


GRAPH: dict[str, set[str]] = {module: _imports(module, path) for module, path in MODULES.items()}


def _layer(module: str) -> int:
    top = module.split(".")[1] if "." in module else "__init__"
    for rank, members in enumerate(LAYERS):
        if top in members:
            return rank
    raise AssertionError(f"{module} is in no layer: add '{top}' to LAYERS in {__name__}")


def test_the_graph_sees_the_package() -> None:
    assert {"disclosure.schema", "disclosure.cli", "disclosure.dynamics.pipeline"} <= set(MODULES)
    assert "disclosure.schema" in GRAPH["disclosure.analyzer"]
    assert "disclosure.dynamics.tables" in GRAPH["disclosure.dynamics.corpus_files"]


def test_every_module_has_a_layer() -> None:
    for module in MODULES:
        _layer(module)


def test_constants_and_errors_import_nothing_from_the_package() -> None:
    assert GRAPH["disclosure.constants"] == set()
    assert GRAPH["disclosure.errors"] == set()


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_down_the_layers(module: str) -> None:
    upward = sorted(target for target in GRAPH[module] if _layer(target) > _layer(module))
    assert not upward, f"{module} imports from a higher layer: {upward}"


def test_no_module_imports_itself_through_others() -> None:
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)
