"""The privacy assistant: spans with category, confidence and an audience-aware reason; three rewrite modes."""

from __future__ import annotations

import re

import pytest

from disclosure import InputError, PrivacySpan, privacy_spans, redact
from disclosure.measure.codebook import PRIVACY_AREA_WEIGHTS


def _found(text: str, audience: str = "public") -> list[tuple[str, str]]:
    return [(s.category, s.text) for s in privacy_spans(text, audience=audience)]


@pytest.mark.parametrize(
    ("text", "category", "words"),
    [
        ("I've thought about ending it all a few times this year", "MENTAL_HEALTH_CRISIS", "ending it all"),
        ("I converted to Islam last year.", "RELIGION", "Islam"),
        ("I earn about £120k a year.", "MONEY", "£120k"),
        ("I'm trans and I started hormones.", "GENDER_IDENTITY", "trans"),
    ],
)
def test_sensitive_disclosures_get_their_category_and_a_reason(text: str, category: str, words: str) -> None:
    (span,) = [s for s in privacy_spans(text) if s.category == category]
    assert span.text == words and text[span.start : span.end] == words
    assert span.reason and 0 < span.confidence <= 1


def test_a_crisis_disclosure_points_to_support() -> None:
    (span,) = privacy_spans("I've been having suicidal thoughts again.")
    assert "crisis line" in span.reason


def test_plain_names_places_and_organisations_are_found_without_cue_words() -> None:
    found = _found("Priya Shah met John Smith at Deloitte in Bristol, Massachusetts.")
    assert ("PERSON", "Priya Shah") in found and ("PERSON", "John Smith") in found
    assert ("LOCATION", "Bristol") in found and ("LOCATION", "Massachusetts") in found
    assert any(c in ("ORGANIZATION", "EMPLOYER") and w == "Deloitte" for c, w in found)


def test_a_titled_name_is_one_name_and_a_placeholder_keeps_the_full_stop() -> None:
    assert redact(["I saw Dr. Ahmed Khan today."]) == ["I saw [NAME] today."]
    assert redact(["I work at Deloitte."]) == ["I work at [EMPLOYER]."]


@pytest.mark.parametrize(
    "text",
    ["In March I started feeling better.", "I take the transport to work.", "The TransPennine train was late."],
)
def test_months_and_words_containing_trans_are_not_flagged(text: str) -> None:
    assert [c for c, _ in _found(text) if c in ("LOCATION", "DATE", "GENDER_IDENTITY")] == []


def test_an_nhs_number_is_not_taken_for_a_phone_number() -> None:
    assert _found("My NHS number is 943 476 5919.") == [("UK_NHS", "943 476 5919")]


def test_dates_of_birth_in_several_formats() -> None:
    assert _found("I was born on 14/02/1988.") == [("DATE_OF_BIRTH", "14/02/1988")]
    assert _found("My birthday is 3 May 1990.") == [("DATE_OF_BIRTH", "3 May 1990")]


def test_a_diagnosis_told_to_a_therapist_is_not_flagged_but_told_to_the_public_it_is() -> None:
    text = "I was diagnosed with bipolar disorder."
    assert _found(text, "public") == [("HEALTH_CONDITION", "bipolar disorder")]
    assert _found(text, "professional") == []
    public, community = privacy_spans(text), privacy_spans(text, audience="community")
    assert public[0].reason != community[0].reason


def test_an_unknown_audience_lists_the_audiences() -> None:
    with pytest.raises(InputError, match="public, community, friends, professional"):
        privacy_spans("hi", audience="boss")
    with pytest.raises(InputError, match="placeholder, pseudonym, abstract"):
        redact(["hi"], mode="blur")


def test_min_confidence_drops_less_confident_spans() -> None:
    text = "My sister Anna goes to church in Leeds."
    confidences = [s.confidence for s in privacy_spans(text)]
    kept = privacy_spans(text, min_confidence=0.8)
    assert len(kept) == sum(c >= 0.8 for c in confidences) < len(confidences)


def test_spans_are_frozen_records() -> None:
    (span,) = privacy_spans("Email me at jo@example.com")
    assert isinstance(span, PrivacySpan)
    with pytest.raises(AttributeError):
        span.text = "x"  # type: ignore[misc]


def _placeholders(texts: list[str]) -> list[list[str]]:
    return [re.findall(r"\[[A-Z_]+_\d{4}\]", text) for text in texts]


def test_pseudonyms_are_consistent_within_a_call_and_change_with_the_salt() -> None:
    texts = ["My sister Priya lives in Leeds.", "Priya Shah and John Smith moved to Leeds."]
    first = redact(texts, mode="pseudonym", salt="one")
    [priya, leeds], [priya_shah, john, leeds_again] = _placeholders(first)
    assert first[0] == f"My sister {priya} lives in {leeds}." and leeds_again == leeds
    assert priya.startswith("[PERSON_") and leeds.startswith("[LOCATION_")
    assert len({priya, priya_shah, john}) == 3
    assert redact(texts, mode="pseudonym", salt="one") == first
    assert redact(texts, mode="pseudonym", salt="two") != first
    assert "Priya" not in "".join(first) and "Leeds" not in "".join(first)


def test_the_same_salt_gives_the_same_placeholder_in_every_run_and_another_salt_another() -> None:
    from disclosure.measure.redaction import Pseudonyms

    span = privacy_spans("My friend Priya lives here.")[0]
    assert Pseudonyms("one")(span) == Pseudonyms("one")(span) != Pseudonyms("two")(span)
    assert Pseudonyms().random_salt and Pseudonyms()._key != Pseudonyms()._key  # no salt: a fresh one each run


def test_two_entities_whose_numbers_meet_are_still_told_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    from disclosure.measure import redaction

    monkeypatch.setattr(redaction, "_NUMBERS", 1)  # every entity draws the same number
    namer = redaction.Pseudonyms("one")
    monkeypatch.setattr(redaction, "_NUMBERS", 9000)
    spans = privacy_spans("My friends Priya and Maria live here.")
    assert len({namer(span) for span in spans}) == len(spans) >= 2


def test_abstract_mode_keeps_the_meaning_and_drops_the_identifiers() -> None:
    assert redact(["My sister Priya moved to Bristol."], mode="abstract") == ["My sister moved to England."]
    assert redact(["I (16F) earn £35,000 at Tesco."], mode="abstract") == [
        "I (a teenage girl) earn a five-figure sum at a supermarket."
    ]
    assert redact(["I was born on 14/02/1988."], mode="abstract") == ["I was born on a day in the late 1980s."]


def test_area_weights_are_those_fitted_on_the_coded_train_split() -> None:
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "coding" / "privacy_weights.py"
    spec = importlib.util.spec_from_file_location("privacy_weights", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.fitted_weights() == PRIVACY_AREA_WEIGHTS


def test_a_name_found_once_is_replaced_wherever_the_document_mentions_it() -> None:
    texts = ["My sister Priya moved to Bristol.", "Honestly Priya never calls."]
    first, second = redact(texts, mode="pseudonym", salt="s")
    [priya, bristol], [priya_again] = _placeholders([first, second])
    assert (first, second) == (f"My sister {priya} moved to {bristol}.", f"Honestly {priya} never calls.")
    assert priya_again == priya


def test_pronouns_opening_a_sentence_are_not_names() -> None:
    assert _found("He said he would come. She never did.") == []


def test_official_numbers_of_several_countries() -> None:
    assert _found("My NIF is 58877189H.") == [("NATIONAL_ID", "58877189H")]
    assert _found("Pay GB82 WEST 1234 5698 7654 32 today.") == [("IBAN_CODE", "GB82 WEST 1234 5698 7654 32")]
    assert _found("My postcode is SW1A 1AA.") == [("POSTCODE", "SW1A 1AA")]


def test_a_bare_year_becomes_its_decade_in_abstract_mode() -> None:
    assert redact(["He left in 2020."], mode="abstract") == ["He left in the early 2020s."]


def test_privacy_risk_depends_on_the_audience() -> None:
    import pandas as pd

    from disclosure.constants import CATEGORIES
    from disclosure.measure.privacy import find_identifiers, privacy_risk

    text = "I was diagnosed with bipolar disorder and my therapist knows."
    areas = pd.DataFrame({f"category_{a}": [1.0 if a == "mental_health" else 0.0] for a in CATEGORIES})
    risk = {
        audience: privacy_risk(find_identifiers([text], audience=audience), areas, audience=audience)
        for audience in ("public", "professional")
    }
    assert risk["public"].loc[0, "privacy_risk"] > 0.9
    assert risk["professional"].loc[0, "privacy_risk"] == 0.0
    assert "mental health topic" in risk["public"].loc[0, "risk_reasons"]


@pytest.mark.parametrize(
    ("text", "category", "words"),
    [
        ("My SSN is 123-45-6789.", "US_SSN", "123-45-6789"),
        ("ssn 536904399", "US_SSN", "536904399"),
        ("my nhs number is 123 456 7890", "UK_NHS", "123 456 7890"),
        ("my NI number is QQ 12 34 56 C", "UK_NINO", "QQ 12 34 56 C"),
        ("my card number is 4111 1111 1111 1112", "CREDIT_CARD", "4111 1111 1111 1112"),
        ("sort code 12-34-56, ask me for the rest", "IBAN_CODE", "12-34-56"),
        ("passport no. 123456789 expired", "NATIONAL_ID", "123456789"),
        ("call me on +44 7700 900123 tonight", "PHONE_NUMBER", "+44 7700 900123"),
        ("text me 07700 900123", "PHONE_NUMBER", "07700 900123"),
        ("email priya dot sharma at gmail dot com", "EMAIL_ADDRESS", "priya dot sharma at gmail dot com"),
        ("write to priya(at)example(dot)org", "EMAIL_ADDRESS", "priya(at)example(dot)org"),
        ("I live at 221B Baker Street now", "STREET_ADDRESS", "221B Baker Street"),
        ("we met on Baker Street", "STREET_ADDRESS", "Baker Street"),
        ("they took me to St Mary's Hospital", "LOCATION", "St Mary's Hospital"),
        ("I went to Oakwood High School", "EMPLOYER", "Oakwood High School"),
        ("follow me @priya_s for more", "USERNAME", "@priya_s"),
        ("ask u/sadgirl22 about it", "USERNAME", "u/sadgirl22"),
        ("my discord is moonbeam#4521", "USERNAME", "moonbeam#4521"),
        ("16F here, need advice", "AGE", "16F"),
        ("me (16/f) and my bf", "AGE", "16/f"),
    ],
)
def test_identifiers_named_by_the_words_around_them_are_found_whatever_their_checksum(
    text: str, category: str, words: str
) -> None:
    assert (category, words) in _found(text)


@pytest.mark.parametrize("mode", ["placeholder", "pseudonym", "abstract"])
def test_context_named_identifiers_are_redacted_in_every_mode(mode: str) -> None:
    secrets = ["123-45-6789", "536904399", "+44 7700 900123", "priya", "221B", "Baker", "Mary's", "@priya_s", "16F"]
    texts = [
        "16F. My SSN is 123-45-6789 and my old one was ssn 536904399.",
        "Call +44 7700 900123 or mail priya dot sharma at gmail dot com.",
        "I moved to 221B Baker Street after St Mary's Hospital; I'm @priya_s.",
    ]
    out = " ".join(redact(texts, mode=mode, salt="k"))
    assert [s for s in secrets if s in out] == []


def test_a_name_split_by_an_invisible_character_is_found_and_replaced_with_it() -> None:
    text = "My name is Pri\u200bya Sharma and I live in Leeds."
    spans = privacy_spans(text)
    assert ("PERSON", "Pri\u200bya Sharma") in [(s.category, s.text) for s in spans]
    assert redact([text]) == ["My name is [NAME] and I live in [LOCATION]."]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("I cut myself last night.", "cut myself"),
        ("I took all my pills last night.", "took all my pills"),
        ("swallowed a bottle of paracetamol on friday", "swallowed a bottle of paracetamol"),
        ("I don't want to be here anymore", "don't want to be here anymore"),
        ("honestly i just wanna die", "wanna die"),
        ("kms", "kms"),
        ("thinking about how to unalive myself", "unalive myself"),
        ("I used to self-harm in school", "self-harm"),
        ("I OD'd two years ago", "OD'd"),
        ("everyone would be better off without me", "better off without me"),
        ("I wish I was dead", "wish I was dead"),
        ("been burning myself again", "burning myself"),
    ],
)
def test_self_harm_and_suicidal_thoughts_in_every_wording_are_a_crisis(text: str, words: str) -> None:
    (span,) = [s for s in privacy_spans(text) if s.category == "MENTAL_HEALTH_CRISIS"]
    assert span.text == words and "crisis line" in span.reason


@pytest.mark.parametrize(
    "text",
    [
        "I cut the onions and burned my arm on the oven.",
        "I took my pills this morning like always.",
        "I don't want to live in London anymore.",
        "I want to die of embarrassment lol",
        "We're ending things with the old landlord.",
        "I cut my hair short.",
    ],
)
def test_everyday_cutting_pills_and_hyperbole_are_not_a_crisis(text: str) -> None:
    assert [c for c, _ in _found(text) if c == "MENTAL_HEALTH_CRISIS"] == []


def test_given_names_that_are_words_are_names_only_beside_a_cue() -> None:
    assert [c for c, _ in _found("Grace and Hope are virtues.") if c == "PERSON"] == []
    assert ("PERSON", "Hope") in _found("my sister Hope is ill")


def test_names_of_many_cultures_in_mixed_case_are_still_found() -> None:
    for name in ("Tendai", "Kwabena", "Oksana"):
        assert ("PERSON", name) in _found(f"Met up with {name} at the mall")


def test_a_name_written_in_lower_case_is_redacted() -> None:
    assert redact(["i told priya sharma everything"]) == ["i told [NAME] everything"]


def test_a_lower_case_first_name_after_with_in_a_post_is_redacted() -> None:
    texts = ["spent the weekend with mehmet", "on the phone with bronwyn for 3 hours"]
    assert redact(texts) == ["spent the weekend with [NAME]", "on the phone with [NAME] for 3 hours"]
