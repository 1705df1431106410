"""The public surface (`disclosure.__all__`), held as strictly as httpx holds its own.

Every exported name resolves; nothing public is left out of `__all__` and nothing is listed twice; the names loaded
on first use (`_LAZY`) are exactly the ones type checkers see (the `TYPE_CHECKING` imports); and importing the
package loads none of them.
"""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
import types

import disclosure

from .conftest import REPO

INIT = REPO / "src" / "disclosure" / "__init__.py"


def _type_checking_imports() -> dict[str, str]:
    """Name -> module ('.analyzer') of each import under `if _TYPE_CHECKING:` in the package's __init__."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    block = next(node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "_TYPE_CHECKING")
    found: dict[str, str] = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom) and node.level == 1, ast.unparse(node)
        for alias in node.names:
            assert alias.asname == alias.name, f"write '{alias.name} as {alias.name}' so type checkers re-export it"
            assert alias.name not in found, f"{alias.name} is imported twice"
            found[alias.name] = f".{node.module}"
    return found


def test_every_exported_name_resolves_to_an_object_defined_where_it_is_said_to_be() -> None:
    for name in disclosure.__all__:
        value = getattr(disclosure, name)
        assert value is not None and not isinstance(value, types.ModuleType), name
    for name, module in disclosure._LAZY.items():
        defining = importlib.import_module(module, "disclosure")
        assert getattr(disclosure, name) is getattr(defining, name), name


def test_all_lists_each_public_name_once_and_nothing_else() -> None:
    assert len(disclosure.__all__) == len(set(disclosure.__all__))
    eager = {
        name
        for name, value in vars(disclosure).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert set(disclosure.__all__) == eager | set(disclosure._LAZY)
    assert set(dir(disclosure)) >= set(disclosure.__all__)


def test_the_lazy_names_are_exactly_what_type_checkers_see() -> None:
    assert _type_checking_imports() == disclosure._LAZY


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        disclosure.analyse  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as err:
        assert "no attribute 'analyse'" in str(err)
    else:
        raise AssertionError("disclosure.analyse resolved")


def test_importing_the_package_loads_none_of_the_lazy_modules() -> None:
    modules = sorted({f"disclosure{module}" for module in disclosure._LAZY.values()})
    code = f"import sys, disclosure; sys.exit(any(m in sys.modules for m in {modules!r}))"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
