"""The version is written once, in `disclosure.constants`; the package metadata and the HTTP API read it."""

from __future__ import annotations

import re

from disclosure import __version__

from .conftest import REPO


def test_the_version_is_written_in_one_place() -> None:
    written = [
        path.relative_to(REPO)
        for path in [REPO / "pyproject.toml", *(REPO / "src" / "disclosure").rglob("*.py")]
        if re.search(rf"""version\s*=\s*["']{re.escape(__version__)}["']""", path.read_text(encoding="utf-8"))
        or re.search(r"""__version__\s*=\s*["']""", path.read_text(encoding="utf-8"))
    ]
    assert [str(p) for p in written] == ["src/disclosure/constants.py"]
    assert 'version = { attr = "disclosure.constants.__version__" }' in (REPO / "pyproject.toml").read_text()
