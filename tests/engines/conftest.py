"""Fixtures for the engines: parts of one chunk, a local Ray."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from disclosure import io
from disclosure.engines import parts


@pytest.fixture
def one_chunk_parts(monkeypatch: pytest.MonkeyPatch) -> int:
    """Parts of one 4,096-row chunk, so that a small shard spans several parts."""
    monkeypatch.setattr(parts, "PART_ROWS", io.CHUNK_ROWS)
    return io.CHUNK_ROWS


@pytest.fixture(scope="session")
def local_ray() -> Iterator[None]:
    """Ray started on this machine with two CPUs for the whole session (stopped at the end)."""
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=128 * 1024**2, log_to_driver=False)
    yield
    ray.shutdown()
