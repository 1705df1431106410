"""The server under test: an in-process client, and a real server on a free loopback port (both with the fast
model, loaded once per session)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from typing_extensions import Self

pytest.importorskip("fastapi", reason="needs the serve extra: pip install -e '.[serve]'")
uvicorn = pytest.importorskip("uvicorn", reason="needs the serve extra: pip install -e '.[serve]'")

from fastapi.testclient import TestClient

from disclosure.serve import create_app

MODEL = "fast"
"""The shipped model the server tests load (the fastest; the routes do not depend on which)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def client() -> Iterator[TestClient]:
    """The app in process (no token), started once."""
    with TestClient(create_app(MODEL)) as started:
        yield started


class LiveServer:
    """A uvicorn server in a thread, bound to 127.0.0.1 on a free port."""

    def __init__(self, app: Any) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_config=None, timeout_graceful_shutdown=1)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    """A real server on loopback (what the browser tests and the event stream need)."""
    with LiveServer(create_app(MODEL)) as server:
        yield server
