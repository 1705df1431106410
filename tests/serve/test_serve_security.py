"""Security: loopback unless a token is set, bearer auth, size and batch limits, and no text in any log."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from server_under_test import MODEL, LiveServer, free_port

from disclosure.errors import InputError
from disclosure.serve import Limits, create_app, serve
from disclosure.serve.security import check_binding, is_loopback

SECRET_TEXT = "Zanzibar-7731 my sister Priya knows I was diagnosed with HIV"
"""A text whose words must never reach a log."""


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.org"])
def test_a_host_beyond_this_machine_is_refused_without_a_token(host: str) -> None:
    assert not is_loopback(host)
    with pytest.raises(InputError, match="without a token"):
        check_binding(host, None)
    with pytest.raises(InputError, match="without a token"):
        serve(host, 8000, model=MODEL)
    check_binding(host, "a-long-secret")  # with a token it may listen there


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_loopback_hosts_need_no_token(host: str) -> None:
    assert is_loopback(host)
    check_binding(host, None)


def test_the_cli_refuses_a_public_host_without_a_token() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DISCLOSURE_TOKEN"}
    done = subprocess.run(
        [sys.executable, "-m", "disclosure", "serve", "--host", "0.0.0.0", "--model", MODEL],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert "Refusing to serve on '0.0.0.0' without a token" in done.stderr


def test_with_a_token_every_api_call_needs_the_bearer_header() -> None:
    with TestClient(create_app(MODEL, token="s3cret-token"), base_url="http://127.0.0.1") as http:
        assert http.post("/analyze", json={"text": "hello"}).status_code == 401
        wrong = http.post("/analyze", json={"text": "hello"}, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401 and "Authorization: Bearer" in wrong.json()["detail"]
        right = http.post("/analyze", json={"text": "hello"}, headers={"Authorization": "Bearer s3cret-token"})
        assert right.status_code == 200
        assert http.get("/").status_code == 200  # the page itself holds no data; it asks for the token
        assert http.post("/sessions").status_code == 401


def test_an_oversize_body_is_refused_with_413_before_it_is_read() -> None:
    with TestClient(create_app(MODEL, limits=Limits(max_body_bytes=1000)), base_url="http://127.0.0.1") as http:
        declared = http.post("/analyze", json={"text": "x" * 2000})
        assert declared.status_code == 413
        assert "at most 1,000" in declared.json()["detail"]

        def chunks() -> object:
            yield b'{"text": "'
            yield b"x" * 2000
            yield b'"}'

        streamed = http.post("/analyze", content=chunks(), headers={"Content-Type": "application/json"})
        assert streamed.status_code == 413


def test_too_many_texts_or_utterances_are_refused_with_422_and_a_way_out() -> None:
    with TestClient(
        create_app(MODEL, limits=Limits(max_texts=3, max_utterances=2)), base_url="http://127.0.0.1"
    ) as http:
        batch = http.post("/analyze", json={"texts": ["a"] * 4})
        assert batch.status_code == 422
        assert batch.json()["detail"] == (
            "A request may hold at most 3 texts; this one holds 4. Send them in several requests of up to 3."
        )
        assert http.post("/redact", json={"texts": ["a"] * 4}).status_code == 422
        turns = [{"speaker": "A", "text": "hi"}] * 3
        assert http.post("/conversations", json={"utterances": turns}).status_code == 422


def test_an_overloaded_server_answers_503_with_retry_after_and_every_other_request_is_scored() -> None:
    async def flood(url: str) -> tuple[list[httpx.Response], dict[str, object]]:
        texts = [f"I have been lonely since I moved here, week {n}." for n in range(20)]
        async with httpx.AsyncClient(base_url=url, timeout=60) as http:
            assert (await http.post("/analyze", json={"texts": texts})).status_code == 200  # the model's rate is timed
            answers = await asyncio.gather(*(http.post("/analyze", json={"texts": texts}) for _ in range(30)))
            return list(answers), (await http.get("/health")).json()

    with LiveServer(create_app(MODEL, limits=Limits(max_wait_seconds=0.001))) as server:
        answers, health = asyncio.run(flood(server.url))
    refused = [a for a in answers if a.status_code == 503]
    assert {a.status_code for a in answers} <= {200, 503} and refused
    assert all(len(a.json()["rows"]) == 20 for a in answers if a.status_code == 200)
    assert all(int(a.headers["Retry-After"]) >= 1 for a in refused)
    assert refused[0].json()["detail"].startswith("The server is busy: 20 texts are already waiting")
    assert health["refused"] == len(refused)


def test_text_never_reaches_the_log_of_a_running_server(
    live_server: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    with httpx.Client(base_url=live_server.url, timeout=30) as http:
        http.post("/analyze", json={"texts": [SECRET_TEXT]})
        http.post("/redact", json={"texts": [SECRET_TEXT], "mode": "pseudonym"})
        http.post("/privacy/spans", json={"text": SECRET_TEXT})
        http.post("/analyze", json={"texts": [SECRET_TEXT], "unknown": 1})
        http.post("/simulate", json={"params": {SECRET_TEXT: 1}})
    assert caplog.records  # the server does log (requests), just never the text
    assert not [r for r in caplog.records if "Zanzibar" in r.getMessage() or "Priya" in r.getMessage()]


def test_text_never_reaches_the_output_of_disclosure_serve(tmp_path: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "disclosure", "serve", "--port", str(port), "--model", MODEL],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if http.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            assert http.post("/analyze", json={"text": SECRET_TEXT}).status_code == 200
            assert http.post("/explain", json={"text": SECRET_TEXT}).status_code == 200
            assert http.post("/analyze", json={"text": SECRET_TEXT, "x": 1}).status_code == 422
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "POST /analyze" in output  # requests are logged, by path only
    assert "Zanzibar" not in output and "Priya" not in output and "HIV" not in output
