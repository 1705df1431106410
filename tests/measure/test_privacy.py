"""Privacy risk and redaction: identifiers found offline, risk ordered by what a text gives away, spans removed."""

from __future__ import annotations

import pandas as pd
import pytest

from disclosure import InputError, redact, redact_frame
from disclosure.measure.codebook import CATEGORIES
from disclosure.measure.privacy import find_identifiers, privacy_risk

IDENTIFYING_POST = (
    "Hi, I'm Tom from Manchester, I work at Barclays and I was just diagnosed with multiple sclerosis."
)
PLAIN_POST = "I love pizza, especially with extra olives."


def _no_sensitive_topics(n: int) -> pd.DataFrame:
    return pd.DataFrame({f"category_{a}": [0.0] * n for a in CATEGORIES})


def test_a_post_with_a_name_a_town_and_a_diagnosis_carries_more_risk_than_one_with_none() -> None:
    findings = find_identifiers([IDENTIFYING_POST, PLAIN_POST])
    risk = privacy_risk(findings, _no_sensitive_topics(2))
    assert risk.loc[0, "privacy_risk"] > 0.6
    assert risk.loc[1, "privacy_risk"] == 0.0
    assert risk.loc[0, "risk_reasons"] == [
        "a name",
        "a location",
        "an employer or school",
        "a diagnosis or health condition",
    ]
    assert risk.loc[1, "risk_reasons"] == []


def test_a_sensitive_topic_alone_raises_risk_in_proportion_to_its_probability() -> None:
    topics = _no_sensitive_topics(3)
    topics["category_mental_health"] = [0.0, 0.5, 1.0]
    risk = privacy_risk([[], [], []], topics)["privacy_risk"].tolist()
    assert risk[0] < risk[1] < risk[2]
    assert privacy_risk([[]], topics.iloc[[2]])["risk_reasons"][0] == ["mental health topic"]


@pytest.mark.parametrize(
    ("text", "entity", "span"),
    [
        ("Email me at jenny.k88@gmail.com if you want the notes.", "EMAIL_ADDRESS", "jenny.k88@gmail.com"),
        ("My sister Anna moved to Toronto last year.", "PERSON", "Anna"),
        ("My sister Anna moved to Toronto last year.", "LOCATION", "Toronto"),
        ("I (28F) found out last week that I have cervical cancer.", "AGE", "28F"),
        ("I (28F) found out last week that I have cervical cancer.", "HEALTH_CONDITION", "cervical cancer"),
        ("I live at 14 Elm Street, flat 2.", "STREET_ADDRESS", "14 Elm Street"),
        ("I'm gay and I haven't come out to my parents yet.", "SEXUAL_ORIENTATION", "gay"),
        ("My boss at Tesco in Leeds doesn't know about my diagnosis.", "EMPLOYER", "Tesco"),
        ("My boss at Tesco in Leeds doesn't know about my diagnosis.", "LOCATION", "Leeds"),
    ],
)
def test_identifiers_are_found_with_their_kind(text: str, entity: str, span: str) -> None:
    assert (entity, span) in [(f.entity, f.text) for f in find_identifiers([text])[0]]


def test_capitalised_words_alone_are_not_taken_for_names_or_places() -> None:
    texts = [
        "I'm Black and I'm tired of being stared at.",
        "Honestly, Monday mornings are the worst.",
        PLAIN_POST,
    ]
    assert find_identifiers(texts) == [[], [], []]


def test_redaction_removes_every_flagged_span_and_keeps_the_rest() -> None:
    texts = [
        IDENTIFYING_POST,
        "Email me at jenny.k88@gmail.com, I'm 42 years old and live in Denver.",
        "My sister Anna has HIV and lives in Toronto.",
        PLAIN_POST,
    ]
    for text, findings, clean in zip(texts, find_identifiers(texts), redact(texts)):
        for finding in findings:
            assert finding.text not in clean
        assert len(findings) == clean.count("[")
    assert redact([IDENTIFYING_POST])[0] == (
        "Hi, I'm [NAME] from [LOCATION], I work at [EMPLOYER] and I was just diagnosed with [HEALTH CONDITION]."
    )
    assert redact([PLAIN_POST]) == [PLAIN_POST]


def test_redacting_a_table_changes_only_the_text_cells() -> None:
    frame = pd.DataFrame({"id": ["a", "b", "c"], "text": ["I live in Leeds.", None, PLAIN_POST]})
    out = redact_frame(frame, text_column="text")
    assert out["text"][0] == "I live in [LOCATION]."
    assert pd.isna(out["text"][1])
    assert out["text"][2] == PLAIN_POST
    assert out["id"].tolist() == ["a", "b", "c"]
    assert frame["text"][0] == "I live in Leeds."


def test_redacting_an_unknown_column_lists_the_columns_that_exist() -> None:
    with pytest.raises(InputError, match="No column 'txt'.*id, text"):
        redact_frame(pd.DataFrame({"id": ["a"], "text": ["hi"]}), text_column="txt")
