"""The battery, server: what any caller may send, answered with a result or a 4xx that says why, never a 500, and
never at the cost of another caller's request (see `harness` for the verdicts)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from disclosure.schema import DETECTOR_LABELS
from disclosure.serve import create_app

from .harness import within


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app("fast"), base_url="http://127.0.0.1") as started:
        yield started


def _post(client: TestClient, path: str, body: str | dict[str, Any]) -> Any:
    content = body if isinstance(body, str) else json.dumps(body)
    with within(30):
        return client.post(path, content=content, headers={"content-type": "application/json"})


GOOD = [
    ("/analyze", {"text": "I lost my job."}),
    ("/analyze", {"texts": ["I lost my job.", "", "ok"]}),
    ("/analyze", {"texts": ["yes"], "previous": ["Have you ever been in hospital?"]}),
    ("/analyze", {"text": "😀 مرحبا 我很难过"}),
    ("/analyze", {"text": "a\u0000b"}),
    ("/analyze", {"text": "I worry. " * 20_000}),
    ("/explain", {"text": "I'm Sarah from Leeds and I have diabetes."}),
    ("/redact", {"texts": ["Call Sarah on 07700 900123."], "mode": "pseudonym", "salt": "k"}),
    ("/privacy/spans", {"text": "I live at 12 High Street, Leeds.", "audience": "friends"}),
    (
        "/conversations",
        {"utterances": [{"speaker": "a", "text": "I lost my job."}, {"speaker": "b", "text": "Oh no."}]},
    ),
    ("/conversations", {"utterances": [{"speaker": "a", "text": ""}]}),
    ("/simulate", {"dyads": 5, "turns": 3}),
]


@pytest.mark.parametrize(("path", "body"), GOOD, ids=[f"{p} {i}" for i, (p, _) in enumerate(GOOD)])
def test_server_ordinary_and_odd_requests_are_answered(client: TestClient, path: str, body: dict[str, Any]) -> None:
    answer = _post(client, path, body)
    assert answer.status_code == 200, answer.text
    if path == "/analyze":
        sent = [body["text"]] if "text" in body else body["texts"]
        assert len(answer.json()["rows"]) == len(sent)


BAD = [
    ("/analyze", '{"text": "\\ud800"}'),
    ("/analyze", '{"texts": ["fine", "\\udfff"]}'),
    ("/analyze", {"text": 5}),
    ("/analyze", {"text": None}),
    ("/analyze", {"texts": "not a list"}),
    ("/analyze", {"texts": [["nested"]]}),
    ("/analyze", {"texts": ["a", "b"], "previous": ["only one"]}),
    ("/analyze", {"text": "x", "audience": "everyone"}),
    ("/analyze", {"text": "x", "unknown": 1}),
    ("/analyze", {"texts": ["x"] * 100_000}),
    ("/analyze", "{not json"),
    ("/analyze", "[]"),
    ("/explain", {"text": ""}),
    ("/explain", '{"text": "\\ud800"}'),
    ("/redact", {"texts": ["x"], "mode": "shred"}),
    ("/privacy/spans", {"text": "x", "min_confidence": 2}),
    ("/conversations", {"utterances": []}),
    ("/conversations", {"utterances": [{"speaker": "", "text": "x"}]}),
    ("/simulate", {"dyads": 10**9}),
    ("/simulate", {"params": {"initial_trust": 1e308}}),
    ("/simulate", {"params": {"nonsense": 1}}),
]


@pytest.mark.parametrize(("path", "body"), BAD, ids=[f"{p} {i}" for i, (p, _) in enumerate(BAD)])
def test_server_what_cannot_be_served_is_a_4xx_that_says_why(client: TestClient, path: str, body: Any) -> None:
    answer = _post(client, path, body)
    assert 400 <= answer.status_code < 500, (answer.status_code, answer.text)
    assert answer.text


def test_server_detector_only_answers_the_detector_columns(client: TestClient) -> None:
    rows = _post(client, "/analyze", {"texts": ["I lost my job."], "detector_only": True}).json()["rows"]
    assert set(rows[0]) == {"status", "language", *DETECTOR_LABELS}


def test_server_explain_and_analyze_agree_on_the_row(client: TestClient) -> None:
    text = "I was diagnosed with diabetes last year."
    explained = _post(client, "/explain", {"text": text}).json()
    analyzed = _post(client, "/analyze", {"text": text}).json()["rows"][0]
    assert explained["row"]["depth"] == analyzed["depth"]
    assert f"{analyzed['depth']:.2f} of 3" in explained["explanation"]


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", "localhost:1@evil"])
def test_server_without_a_token_answers_only_its_own_host_names(host: str) -> None:
    with TestClient(create_app("fast"), base_url=f"http://{host}") as foreign, within(30):
        answer = foreign.post("/analyze", json={"text": "hi"})
    assert 400 <= answer.status_code < 500
