"""The privacy assistant's spans: category, confidence, a reason for the audience, and a less specific wording."""

from __future__ import annotations

import pytest

from disclosure import PrivacySpan, privacy_spans, redact
from disclosure.errors import InputError

POST = "I'm 34, I live in Leeds, I work at Deloitte and I was diagnosed with bipolar disorder."


def test_each_span_says_what_it_is_why_it_matters_and_how_to_say_it_less_specifically() -> None:
    spans = privacy_spans(POST)
    assert [(s.text, s.category, s.abstraction) for s in spans] == [
        ("34", "AGE", "in my thirties"),
        ("Leeds", "LOCATION", "a city"),
        ("Deloitte", "EMPLOYER", "an organisation"),
        ("bipolar disorder", "HEALTH_CONDITION", "a health condition"),
    ]
    for span in spans:
        assert isinstance(span, PrivacySpan) and POST[span.start : span.end] == span.text
        assert 0.4 <= span.confidence <= 1.0 and "could use it to work out who you are" in span.reason


def test_the_audience_decides_what_counts_as_an_overshare() -> None:
    categories = {a: [s.category for s in privacy_spans(POST, audience=a)] for a in ("friends", "professional")}
    assert categories["friends"] == ["HEALTH_CONDITION"]
    assert categories["professional"] == ["LOCATION", "EMPLOYER"]
    assert "professional does not need it" in privacy_spans(POST, audience="professional")[0].reason


def test_min_confidence_keeps_only_confident_flags() -> None:
    assert [s.category for s in privacy_spans(POST, min_confidence=0.9)] == ["HEALTH_CONDITION"]


@pytest.mark.parametrize(("text", "abstraction"), [
    ("I moved here from France.", "a country"),
    ("We grew up in Texas.", "a US state"),
    ("Throwaway account (17F) here.", "teens"),
    ("I am 82 years old.", "in my eighties or older"),
])
def test_abstractions_follow_the_kind_of_element(text: str, abstraction: str) -> None:
    assert [s.abstraction for s in privacy_spans(text)] == [abstraction]


def test_unknown_audience_and_confidence_are_refused_with_the_options() -> None:
    with pytest.raises(InputError, match="Choose one of: public, community, friends, professional"):
        privacy_spans(POST, audience="everyone")
    with pytest.raises(InputError, match="from 0 to 1"):
        privacy_spans(POST, min_confidence=2)
    with pytest.raises(InputError, match="placeholder, pseudonym, abstract"):
        redact([POST], mode="blur")


def test_pseudonyms_are_consistent_within_a_salt_and_differ_between_salts() -> None:
    texts = ["I live in Leeds.", "Leeds is where I live in Leeds."]
    first = redact(texts, mode="pseudonym", salt="one")
    place = first[0].removeprefix("I live in ").rstrip(".")
    assert place.startswith("[LOCATION_") and first[1].endswith(f"in {place}.")
    assert redact(texts, mode="pseudonym", salt="one") == first
    assert redact(texts, mode="pseudonym", salt="two") != first


def test_abstract_mode_rewrites_with_abstractions_and_placeholders_where_there_is_none() -> None:
    (rewritten,) = redact(["I'm 34 and my email is jo@example.com, I live in Leeds."], mode="abstract")
    assert rewritten == "I'm in my thirties and my email is [EMAIL], I live in a city."
