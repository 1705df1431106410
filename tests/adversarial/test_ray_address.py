"""A Ray cluster address where nothing answers is refused in seconds with the reason, instead of waiting forever."""

from __future__ import annotations

import socket
import time

import pytest

from disclosure import InputError
from disclosure.engines.ray_engine import RayEngine


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("scheme", ["", "ray://"])
def test_an_address_where_no_cluster_answers_is_refused_at_once(scheme: str) -> None:
    address = f"{scheme}127.0.0.1:{_closed_port()}"
    start = time.perf_counter()
    with pytest.raises(InputError, match=r"Could not start or reach Ray at .*nothing answered at 127\.0\.0\.1"):
        RayEngine(address=address)
    assert time.perf_counter() - start < 15
