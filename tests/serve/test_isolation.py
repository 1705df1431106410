"""Isolation: nothing one caller sends can fail another caller's request, reach the log as a traceback, or be served
to a page on another site; a port that does not exist is refused before anything starts."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import httpx
import pytest
from fastapi.testclient import TestClient
from server_under_test import MODEL, LiveServer

from disclosure.errors import InputError
from disclosure.serve import create_app, serve
from disclosure.serve.batching import ModelWorker

SURROGATE = '"half \\ud83d of a pair"'
"""A JSON string that decodes to a lone surrogate: valid JSON, but no text."""

BODIES = {
    "/analyze": '{"text": %s}',
    "/explain": '{"text": %s}',
    "/privacy/spans": '{"text": %s}',
    "/redact": '{"texts": ["fine", %s]}',
    "/conversations": '{"utterances": [{"speaker": "A", "text": "hi"}, {"speaker": "B", "text": %s}]}',
}


@pytest.mark.parametrize("path", list(BODIES))
def test_a_text_that_cannot_be_text_is_refused_with_422(client: TestClient, path: str) -> None:
    answer = client.post(path, content=BODIES[path] % SURROGATE, headers={"Content-Type": "application/json"})
    assert answer.status_code == 422
    assert "lone surrogate" in json.dumps(answer.json())


def test_a_lone_surrogate_in_a_field_name_is_refused_too(client: TestClient) -> None:
    answer = client.post(
        "/simulate", content='{"params": {' + SURROGATE + ": 1}}", headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 422


def test_ordinary_requests_sharing_a_batch_with_a_bad_one_all_succeed(live_server: LiveServer) -> None:
    async def run() -> tuple[list[int], int]:
        async with httpx.AsyncClient(base_url=live_server.url, timeout=60) as http:
            ordinary = [http.post("/analyze", json={"text": f"I was diagnosed with diabetes {i}."}) for i in range(24)]
            bad = http.post(
                "/analyze", content=BODIES["/analyze"] % SURROGATE, headers={"Content-Type": "application/json"}
            )
            answers = await asyncio.gather(*ordinary[:12], bad, *ordinary[12:])
        codes = [a.status_code for a in answers]
        return codes[:12] + codes[13:], codes[12]

    ordinary, bad = asyncio.run(run())
    assert ordinary == [200] * 24
    assert bad == 422


def test_a_batch_that_fails_is_scored_again_caller_by_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever slips past validation and breaks the model fails only the request that sent it."""
    original = ModelWorker._encode_batch

    def fragile(self: ModelWorker, cells: list[object], previous: list[object], any_language: bool) -> object:
        if "poison" in cells:
            raise RuntimeError("the model cannot read this")
        return original(self, cells, previous, any_language)

    monkeypatch.setattr(ModelWorker, "_encode_batch", fragile)

    async def run() -> list[BaseException | object]:
        from disclosure.analyzer import cached_analyzer

        worker = ModelWorker(cached_analyzer(MODEL, theory=False), window=0.2, max_batch=64)
        worker.start()
        try:
            jobs = [worker.score(["fine one"]), worker.score(["poison"]), worker.score(["fine two"])]
            return await asyncio.gather(*jobs, return_exceptions=True)
        finally:
            await worker.stop()

    first, poisoned, second = asyncio.run(run())
    assert isinstance(poisoned, RuntimeError)
    assert first.frame()["status"].tolist() == ["ok"] and second.frame()["status"].tolist() == ["ok"]


@pytest.mark.parametrize("host", ["evil.example", "attacker.example:8000", "192.168.1.20", "localhost.evil.example"])
def test_without_a_token_a_request_addressed_to_another_name_is_refused(client: TestClient, host: str) -> None:
    answer = client.post("/analyze", json={"text": "hello"}, headers={"Host": host})
    assert answer.status_code == 403
    assert "loopback name" in answer.json()["detail"]


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1:8000", "127.0.0.2", "[::1]:8000"])
def test_without_a_token_loopback_names_are_served(client: TestClient, host: str) -> None:
    assert client.get("/health", headers={"Host": host}).status_code == 200


def test_with_a_token_any_host_name_is_served() -> None:
    with TestClient(create_app(MODEL, token="s3cret-token"), base_url="http://disclosure.lab.example") as http:
        answer = http.post("/analyze", json={"text": "hello"}, headers={"Authorization": "Bearer s3cret-token"})
        assert answer.status_code == 200


def test_an_unexpected_failure_answers_500_and_logs_its_kind_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    def broken(self: ModelWorker, cells: list[object], previous: list[object], any_language: bool) -> object:
        raise RuntimeError(f"could not score {cells[0]}")

    monkeypatch.setattr(ModelWorker, "_encode_batch", broken)
    caplog.set_level("DEBUG")
    with LiveServer(create_app(MODEL)) as server, httpx.Client(base_url=server.url, timeout=30) as http:
        answer = http.post("/analyze", json={"text": "Zanzibar-7731 is where I live"})
    assert answer.status_code == 500
    logged = "\n".join(r.getMessage() + str(r.exc_info or "") for r in caplog.records)
    printed = "".join(capfd.readouterr())
    assert "RuntimeError" in logged
    for output in (logged, printed):
        assert "Traceback" not in output and "Zanzibar" not in output


@pytest.mark.parametrize("port", [0, -1, 65_536, 70_000])
def test_a_port_that_does_not_exist_is_refused(port: int) -> None:
    with pytest.raises(InputError, match="'port' must be a whole number from 1 to 65535"):
        serve("127.0.0.1", port, model=MODEL)


def test_the_cli_refuses_port_70000_before_announcing_anything() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "disclosure", "serve", "--port", "70000", "--model", MODEL],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert "--port must be a whole number from 1 to 65535, got 70000" in done.stderr
    assert "serving" not in done.stdout
