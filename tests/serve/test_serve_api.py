"""The HTTP API's contract: what each route takes and gives back, and the clear refusals."""

from __future__ import annotations

import json
import threading

import httpx
import pytest
from fastapi.testclient import TestClient
from server_under_test import MODEL, LiveServer

from disclosure import Analyzer
from disclosure.model import Parameters, simulate
from disclosure.model.calibration import CONDITIONS, TARGETS, TARGETS_READING, targets
from disclosure.schema import (
    COLUMNS,
    REDACTION_ALL,
    REDACTION_UNSUPPORTED_LANGUAGE,
    STATUS_FORCED_LANGUAGE,
    STATUS_OK,
    STATUS_UNSUPPORTED_LANGUAGE,
    TABLES,
)

DIAGNOSIS = "I was diagnosed with depression last year and I live in Leeds."


def test_analyze_gives_the_clis_columns_for_one_text_and_for_a_batch(client: TestClient) -> None:
    one = client.post("/analyze", json={"text": DIAGNOSIS}).json()
    batch = client.post("/analyze", json={"texts": [DIAGNOSIS, "", "The bus is late."]}).json()
    assert one["columns"] == batch["columns"] == [c.name for c in COLUMNS]
    assert one["model"] == MODEL
    assert [row["status"] for row in batch["rows"]] == ["ok", "empty text", "ok"]
    assert batch["rows"][1]["disclosure"] is None
    assert batch["rows"][0] == one["rows"][0]


def test_analyze_scores_what_the_library_scores(client: TestClient) -> None:
    served = client.post("/analyze", json={"texts": [DIAGNOSIS, "The bus is late."]}).json()["rows"]
    local = Analyzer(MODEL).analyze([DIAGNOSIS, "The bus is late."])
    for row, (_, expected) in zip(served, local.iterrows(), strict=False):
        assert row["layer"] == expected["layer"]
        assert row["disclosure"] == pytest.approx(expected["disclosure"], abs=1e-4)
        assert row["categories"] == list(expected["categories"])


def test_analyze_flags_texts_in_unsupported_languages_unless_scoring_is_forced(client: TestClient) -> None:
    texts = [DIAGNOSIS, "Je me sens très seul depuis que j'ai perdu mon emploi."]
    flagged = client.post("/analyze", json={"texts": texts}).json()["rows"]
    forced = client.post("/analyze", json={"texts": texts, "any_language": True}).json()["rows"]
    assert [row["language"] for row in flagged] == [row["language"] for row in forced] == ["en", "fr"]
    assert [row["status"] for row in flagged] == [STATUS_OK, STATUS_UNSUPPORTED_LANGUAGE]
    assert flagged[1]["disclosure"] is None
    assert forced[1]["status"] == STATUS_FORCED_LANGUAGE and forced[1]["disclosure"] is not None
    assert forced[0] == flagged[0]


def test_analyze_needs_exactly_one_of_text_and_texts(client: TestClient) -> None:
    for body in ({}, {"text": "a", "texts": ["b"]}, {"txt": "a"}):
        answer = client.post("/analyze", json=body)
        assert answer.status_code == 422


def test_analyze_reads_each_text_with_the_previous_turn_given_for_it(client: TestClient) -> None:
    asked = ["Have you ever thought about hurting yourself?", "Do you want milk in your tea?"]
    served = client.post("/analyze", json={"texts": ["Yes.", "Yes."], "previous": asked}).json()["rows"]
    local = Analyzer(MODEL).measure(["Yes.", "Yes."], previous=asked)
    assert [row["depth"] for row in served] == pytest.approx(list(local["depth"]), abs=1e-4)
    one = client.post("/analyze", json={"text": "Yes.", "previous": asked[0]}).json()["rows"][0]
    assert one["depth"] == pytest.approx(served[0]["depth"], abs=1e-4)
    for body in (
        {"texts": ["Yes.", "Yes."], "previous": asked[:1]},
        {"text": "Yes.", "previous": asked},
        {"texts": ["Yes."], "previous": asked[0]},
    ):
        assert client.post("/analyze", json=body).status_code == 422


def test_explain_returns_the_plain_language_report_and_the_row(client: TestClient) -> None:
    answer = client.post("/explain", json={"text": DIAGNOSIS}).json()
    assert answer["explanation"].startswith(f"Utterance: {DIAGNOSIS}")
    assert "Privacy risk" in answer["explanation"] and answer["row"]["status"] == "ok"


def test_privacy_spans_depend_on_the_audience_and_the_confidence_floor(client: TestClient) -> None:
    def spans(**options: object) -> list[dict[str, object]]:
        found: list[dict[str, object]] = client.post("/privacy/spans", json={"text": DIAGNOSIS, **options}).json()[
            "spans"
        ]
        return found

    public = spans()
    assert [(s["text"], s["category"], s["abstraction"]) for s in public] == [
        ("depression", "HEALTH_CONDITION", "a mental health condition"),
        ("Leeds", "LOCATION", "England"),
    ]
    assert all(str(s["reason"]) and 0 < float(str(s["confidence"])) <= 1 for s in public)
    assert [s["text"] for s in spans(audience="professional")] == ["Leeds"]
    assert [s["text"] for s in spans(audience="friends")] == ["depression", "Leeds"]
    assert [s["text"] for s in spans(min_confidence=0.9)] == ["Leeds"]  # the diagnosis cue says 0.8
    assert client.post("/privacy/spans", json={"text": "x", "audience": "everyone"}).status_code == 422


def test_redact_offers_placeholders_pseudonyms_and_abstractions(client: TestClient) -> None:
    texts = ["I'm 34 and I live in Leeds.", "My friend lives in Leeds too."]

    def redacted(**options: object) -> list[str]:
        out: list[str] = client.post("/redact", json={"texts": texts, **options}).json()["texts"]
        return out

    assert redacted() == ["I'm [AGE] and I live in [LOCATION].", "My friend lives in [LOCATION] too."]
    assert redacted(mode="abstract") == ["I'm in my 30s and I live in England.", "My friend lives in England too."]
    first, second = redacted(mode="pseudonym", salt="s1")
    place = first.split("live in ")[1].rstrip(".")
    assert place.startswith("[LOCATION_") and place in second and "Leeds" not in first + second
    assert redacted(mode="placeholder", audience="friends") == [  # friends may know one's age
        "I'm 34 and I live in [LOCATION].",
        "My friend lives in [LOCATION] too.",
    ]


def test_redact_says_which_texts_are_in_a_language_the_recognisers_were_not_built_for(client: TestClient) -> None:
    texts = ["I live in Leeds.", "Vivo en Sevilla, escríbeme a maria.lopez@gmail.com"]
    out = client.post("/redact", json={"texts": texts}).json()
    assert out["texts"] == ["I live in [LOCATION].", "Vivo en [LOCATION], escríbeme a [EMAIL]"]
    assert out["languages"] == ["en", "es"]
    assert out["redaction"] == [REDACTION_ALL, REDACTION_UNSUPPORTED_LANGUAGE]


def test_conversations_returns_the_three_tables_and_the_system_transitions(client: TestClient) -> None:
    utterances = [
        {"speaker": "T", "role": "therapist", "text": "How have you been this week?"},
        {"speaker": "C", "role": "client", "text": "I've been so low since my divorce, I cry every night."},
        {"speaker": "T", "role": "therapist", "text": "When I went through my divorce I felt like a failure."},
        {"speaker": "C", "role": "client", "text": "Oh no, that must have been hard for you."},
    ]
    answer = client.post("/conversations", json={"utterances": utterances}).json()
    assert [row["text"] for row in answer["utterances"]["rows"]] == [u["text"] for u in utterances]
    assert {row["speaker"] for row in answer["speakers"]["rows"]} == {"T", "C"}
    assert len(answer["conversations"]["rows"]) == 1 and "reciprocity" in answer["conversations"]["columns"]
    assert set(answer["transitions"]) == {"T", "C"}
    therapist = next(row for row in answer["speakers"]["rows"] if row["speaker"] == "T")
    assert therapist["helper_disclosures"] is not None  # the therapist role is monitored


def test_a_session_streams_its_tables_again_when_a_turn_is_added(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.url, timeout=30) as http:
        key = http.post("/sessions").json()["id"]
        http.post(f"/sessions/{key}/turns", json={"utterances": [{"speaker": "A", "text": "I feel so alone lately."}]})
        seen: list[dict[str, object]] = []
        added: list[int] = []

        def add_later() -> None:
            with httpx.Client(base_url=live_server.url, timeout=30) as other:
                turn = {"utterances": [{"speaker": "B", "text": "Me too, honestly."}]}
                added.append(other.post(f"/sessions/{key}/turns", json=turn).status_code)

        adder = threading.Thread(target=add_later)
        with http.stream("GET", f"/sessions/{key}/events") as events:
            for line in events.iter_lines():
                if line.startswith("data: "):
                    seen.append(json.loads(line[6:]))
                    if len(seen) == 1:
                        adder.start()
                    else:
                        break
        adder.join(timeout=30)
    assert added == [200]
    assert [event["version"] for event in seen] == [1, 2]
    rows = [view["utterances"]["rows"] for view in (event["view"] for event in seen)]  # type: ignore[index]
    assert [len(r) for r in rows] == [1, 2] and rows[1][1]["speaker"] == "B"


def test_an_unknown_session_is_a_404_that_says_what_to_do(client: TestClient) -> None:
    answer = client.post("/sessions/nope/turns", json={"utterances": [{"speaker": "A", "text": "hi"}]})
    assert answer.status_code == 404 and "Open a new one" in answer.json()["detail"]


def test_simulate_matches_the_library_and_refuses_unknown_parameters(client: TestClient) -> None:
    answer = client.post("/simulate", json={"dyads": 50, "turns": 10, "seed": 3, "params": {"need": 0.9}}).json()
    table = simulate(50, 10, Parameters().replace(need=0.9), seed=3)
    assert answer["mean_depth"] == pytest.approx(table.groupby("turn")["depth"].mean().tolist(), abs=1e-4)
    assert len(answer["examples"]) == 5 and len(answer["examples"][0]) == 10
    refused = client.post("/simulate", json={"params": {"trust_gain": 1}})
    assert refused.status_code == 422 and "No model parameter 'trust_gain'" in refused.json()["detail"]


def test_simulate_returns_every_published_target_at_the_parameters_asked_for(client: TestClient) -> None:
    def published_targets(params: dict[str, float]) -> dict[str, dict[str, object]]:
        answer = client.post("/simulate", json={"dyads": 10, "turns": 5, "params": params})
        assert answer.status_code == 200
        assert answer.json()["targets_reading"] == TARGETS_READING
        return {t["target"]: t for t in answer.json()["targets"]}

    at_defaults, in_need = published_targets({}), published_targets({"need": 1.0})
    assert set(at_defaults) == {t.name for t in TARGETS}
    for target in TARGETS:
        row = at_defaults[target.name]
        assert (row["published"], row["uncertainty"], row["source"]) == (
            target.published,
            target.uncertainty,
            target.source,
        )
        assert row["met"] is True
    expected = targets(Parameters().replace(need=1.0)).set_index("target")["model"]
    for name in CONDITIONS:  # need raises the value of seeking support for the negative half of the items
        assert in_need[name]["model"] == pytest.approx(expected[name], abs=1e-4)
        assert in_need[name]["model"] > at_defaults[name]["model"]
    refused = client.post("/simulate", json={"params": {"need": 2.0}})
    assert refused.status_code == 422 and "'need' must be a number from 0.0 to 1.0" in refused.json()["detail"]


def test_simulate_parameters_list_every_parameter_with_its_range(client: TestClient) -> None:
    listed = {p["name"]: p for p in client.get("/simulate/parameters").json()["parameters"]}
    assert set(listed) == set(Parameters().as_dict())
    assert (listed["need"]["low"], listed["need"]["high"]) == (0.0, 1.0)
    assert listed["other_talk"]["high"] is None


def test_columns_explain_every_column_the_analysis_returns(client: TestClient) -> None:
    tables = client.get("/columns").json()["tables"]
    assert [t["title"] for t in tables] == list(TABLES)
    explained = {c["name"]: c for t in tables for c in t["columns"]}
    row = client.post("/analyze", json={"text": "I moved to Leeds and I feel lonely."}).json()["rows"][0]
    assert set(row) - {"text"} <= set(explained)
    assert all(len(explained[name]["meaning"]) > 20 and explained[name]["range"] for name in set(row) - {"text"})


def test_health_names_the_model(client: TestClient) -> None:
    assert client.get("/health").json()["model"] == MODEL


def test_openapi_documents_every_route(client: TestClient) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    routes = {"/analyze", "/explain", "/redact", "/privacy/spans", "/conversations", "/simulate", "/health", "/columns"}
    assert routes <= paths
    assert client.get("/docs").status_code == 200


def test_texts_with_line_breaks_and_unusual_characters_keep_one_row_each(client: TestClient) -> None:
    texts = ["I cried.\nThen I slept.", "Ça va \u2028 mieux 😀", '"quoted" \\ back', ""]
    rows = client.post("/analyze", json={"texts": texts}).json()["rows"]
    assert [row["status"] for row in rows] == ["ok", STATUS_UNSUPPORTED_LANGUAGE, "ok", "empty text"]
    assert rows[1]["language"] == "fr"


@pytest.mark.slow
def test_the_server_loads_everything_at_start_so_the_first_analysis_is_as_quick_as_the_next() -> None:
    import subprocess
    import sys

    timing = """
import time
from fastapi.testclient import TestClient
from disclosure.serve import create_app
with TestClient(create_app("default"), base_url="http://127.0.0.1") as client:
    times = []
    for _ in range(2):
        start = time.perf_counter()
        client.post("/analyze", json={"text": "I was diagnosed with diabetes and I live in Leeds."}).raise_for_status()
        times.append(time.perf_counter() - start)
print(times[0], times[1])
"""
    done = subprocess.run([sys.executable, "-c", timing], capture_output=True, text=True, timeout=300, check=True)
    first, second = map(float, done.stdout.split())
    assert first < max(1.0, 5 * second), (first, second)  # without the warm-up at start: about 6 s, then 0.1 s


def test_the_privacy_risk_is_weighed_for_the_audience_named(client: TestClient) -> None:
    text = "I was diagnosed with bipolar disorder and my partner left me. I live in Leeds and work at Tesco."
    rows = {
        audience: client.post("/analyze", json={"texts": ["", text], "audience": audience}).json()["rows"]
        for audience in ("public", "community", "friends", "professional")
    }
    risk = {audience: both[1]["privacy_risk"] for audience, both in rows.items()}
    assert risk["public"] > risk["community"] > risk["friends"] > risk["professional"]
    assert "a diagnosis or health condition" not in rows["professional"][1]["risk_reasons"]
    assert all(both[0]["privacy_risk"] is None for both in rows.values())  # an empty text stays unscored
    public_only = client.post("/analyze", json={"texts": ["", text]}).json()["rows"]
    assert public_only == rows["public"]
