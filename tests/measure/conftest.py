"""Fixtures for the theory measures: the shipped analyzer, loaded once."""

from __future__ import annotations

import pytest

from disclosure import Analyzer


@pytest.fixture(scope="session")
def theory_analyzer() -> Analyzer:
    """The shipped default analyzer (detector plus theory layer); the orderings below are claims about it."""
    return Analyzer()
