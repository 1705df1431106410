"""The server under test: an in-process client and a real server on loopback, each started once per session.

Without the serve extra (FastAPI, uvicorn) nothing in this folder can run, so it is not collected.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from fastapi.testclient import TestClient
    from server_under_test import LiveServer

SERVE_EXTRA = all(importlib.util.find_spec(name) is not None for name in ("fastapi", "uvicorn"))
collect_ignore_glob = [] if SERVE_EXTRA else ["test_*.py"]


@pytest.fixture(scope="session")
def client() -> Iterator[TestClient]:
    """The app in process (no token), started once."""
    from fastapi.testclient import TestClient
    from server_under_test import MODEL

    from disclosure.serve import create_app

    with TestClient(create_app(MODEL), base_url="http://127.0.0.1") as started:
        yield started


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    """A real server on loopback (what the browser tests and the event stream need)."""
    from server_under_test import MODEL, LiveServer

    from disclosure.serve import create_app

    with LiveServer(create_app(MODEL)) as server:
        yield server
