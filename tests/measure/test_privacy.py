"""Privacy risk and redaction: identifiers found offline, risk ordered by what a text gives away, spans removed."""

from __future__ import annotations

import time

import pandas as pd
import pytest

from disclosure import Analyzer, InputError, redact, redact_frame
from disclosure.constants import CATEGORIES
from disclosure.measure.privacy import find_identifiers, privacy_risk
from disclosure.measure.recognizers import _WINDOW
from disclosure.schema import PRIVACY_SCAN_LIMIT, STATUS_OK, STATUS_PRIVACY_CAPPED

IDENTIFYING_POST = "Hi, I'm Tom from Manchester, I work at Barclays and I was just diagnosed with multiple sclerosis."
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


def test_a_risk_made_of_topics_each_less_likely_than_not_still_names_them() -> None:
    topics = _no_sensitive_topics(1)
    topics["category_relationships"] = [0.45]  # 0.75 x 0.45: a risk of 0.34 from no likely topic
    topics["category_money"] = [0.05]
    risk = privacy_risk([[]], topics)
    assert risk.loc[0, "privacy_risk"] >= 0.3
    assert risk.loc[0, "risk_reasons"] == ["possibly relationships topic"]


def test_a_topic_is_named_as_such_only_when_the_utterance_is_coded_with_it() -> None:
    topics = _no_sensitive_topics(2)
    topics["category_sexuality"] = [0.8, 0.8]
    topics.insert(0, "categories", [["sexuality", "feelings"], []])  # the second: not coded (nothing disclosed)
    reasons = privacy_risk([[], []], topics)["risk_reasons"].tolist()
    assert reasons == [["sexuality topic"], ["possibly sexuality topic"]]


def test_on_real_utterances_risk_reasons_agree_with_categories_and_every_risk_names_one(analyzer: Analyzer) -> None:
    texts = [
        IDENTIFYING_POST,
        PLAIN_POST,
        "I'm bisexual and my parents are very religious, so I can't tell them.",
        "We are broke and I owe my landlord two months of rent.",
        "My boyfriend cheated on me and I have been crying all week.",
        "I had a panic attack at work today and had to go home.",
        "I live at 14 Elm Street and my number is 07700 900123.",
        "Went for a run this morning, felt great.",
    ]
    table = analyzer.analyze(texts)
    for risk, reasons, categories in zip(
        table["privacy_risk"], table["risk_reasons"], table["categories"], strict=True
    ):
        topics = [r.removesuffix(" topic").replace(" ", "_") for r in reasons if r.endswith(" topic")]
        assert all(t in categories for t in topics if not t.startswith("possibly")), (reasons, categories)
        assert risk < 0.2 or reasons, risk


def test_every_risk_above_the_floor_names_a_reason_for_every_audience() -> None:
    import numpy as np

    from disclosure.measure.codebook import AUDIENCES
    from disclosure.measure.privacy import RISK_NEEDS_REASON

    rng = np.random.default_rng(0)
    topics = pd.DataFrame({f"category_{a}": rng.uniform(0, 0.49, 2000) ** 2 for a in CATEGORIES})
    for audience in AUDIENCES:
        risk = privacy_risk([[]] * len(topics), topics, audience=audience)
        risky = risk[risk["privacy_risk"] >= RISK_NEEDS_REASON]
        assert len(risky) > 0 or audience == "professional", audience
        assert risky["risk_reasons"].map(len).gt(0).all(), audience


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
    assert (entity, span) in [(f.category, f.text) for f in find_identifiers([text])[0]]


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
    for _text, findings, clean in zip(texts, find_identifiers(texts), redact(texts), strict=True):
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
    with pytest.raises(InputError, match=r"No column 'txt'.*id, text"):
        redact_frame(pd.DataFrame({"id": ["a"], "text": ["hi"]}), text_column="txt")


DENSE = "My friend Sarah has cancer; mail me at jo@example.com or call 617-555-0199 from Boston. "


def test_the_privacy_measure_reads_a_5_mb_cell_in_seconds_and_only_its_first_characters() -> None:
    text = (DENSE * (5_000_000 // len(DENSE) + 1))[:5_000_000]
    started = time.perf_counter()
    (found,) = find_identifiers([text])
    # A generous bound (the entity recognizer reads the 100,000 characters: about 16 s on a loaded 2-core
    # machine); the point is that the other 4.9 million are not read (benchmarks/long_cells.py times it).
    assert time.perf_counter() - started < 90
    assert found and max(f.end for f in found) <= PRIVACY_SCAN_LIMIT
    assert len(found) > PRIVACY_SCAN_LIMIT // len(DENSE)  # the whole beginning, not one window of it


def test_redaction_reads_all_of_a_cell_longer_than_spacy_accepts() -> None:
    filler = "we walked to the river and talked for a long while. "
    text = "call 617-555-0199 now. " + filler * (1_100_000 // len(filler)) + "write to jo@example.com please"
    (clean,) = redact([text])  # spaCy refuses a text over 1,000,000 characters (E088); windows keep it linear
    assert "617-555-0199" not in clean and "jo@example.com" not in clean
    assert clean.endswith("write to [EMAIL] please")


def test_a_span_across_two_scan_windows_is_found_whole() -> None:
    for offset in range(-30, 5, 7):  # the address starts before, at and after the first window's end
        text = "x " * ((_WINDOW + offset) // 2) + "jo.smith@example.com is where to write"
        (found,) = find_identifiers([text])
        assert [(f.category, f.text) for f in found] == [("EMAIL_ADDRESS", "jo.smith@example.com")]


def test_a_text_longer_than_the_privacy_scan_says_so_in_its_status(monkeypatch: pytest.MonkeyPatch) -> None:
    import disclosure.analyzer

    monkeypatch.setattr(disclosure.analyzer, "PRIVACY_SCAN_LIMIT", 40)
    out = Analyzer("fast").analyze(["I lost my job.", "I lost my job and my flat and I do not know what to do."])
    assert out["status"].tolist() == [STATUS_OK, STATUS_PRIVACY_CAPPED]
    assert out["privacy_risk"].notna().all()


@pytest.mark.parametrize("text", ["I cut myself last night.", "I took all my pills last night."])
def test_self_harm_told_plainly_is_a_risk_reason(text: str) -> None:
    risk = privacy_risk(find_identifiers([text]), _no_sensitive_topics(1))
    assert risk.loc[0, "risk_reasons"] == ["thoughts of suicide or self-harm"]
    assert risk.loc[0, "privacy_risk"] > 0


def test_an_ellipsis_or_a_missing_space_between_words_is_not_a_web_address() -> None:
    spans = find_identifiers(
        [
            "Im so lost...its just so much.",
            "I'm fine..now i know 4500 people read this.",
            "work has been stressful.very political always watching my back.always have my guard up.",
        ]
    )
    assert [s.category for text in spans for s in text if s.category == "URL"] == []


def test_a_web_address_in_a_lower_case_post_is_found() -> None:
    [spans] = find_identifiers(["it is all on music-map.com if you look"])
    assert [(s.text, s.category) for s in spans] == [("music-map.com", "URL")]


SENTENCES_WITH_AND_WITHOUT_NAMES = [
    "We moved to Leeds in March 2019 and I have hated it since.",
    "My sister Anna said I should see someone about it.",
    "Honestly Priya called me last night and we talked for hours.",
    "It was the worst Christmas of my life, to be honest.",
    "I told Dr. Okafor at St Mary's Hospital everything on 12 May 2021.",
    "The Avengers was the last film I watched before the breakup.",
    "So Happy today, finally finished my degree!",
    "Born on the 3rd of June 1990, and still figuring it out.",
    "I went to London's best clinic and they said it was nothing.",
    "Lost my pop last February and i totally get ya.",
    "I know there is a part of you that doesn\u2019t want to move forward.",
    "I\u2019m in my early 20s and I also have PTSD.",
    "It's been almost 3 years since I decided to get sober.",
]


def test_skipping_the_statistical_recognizer_where_it_could_add_nothing_changes_no_finding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from disclosure.measure import recognizers

    readings = recognizers.informal_entities().read(SENTENCES_WITH_AND_WITHOUT_NAMES)
    run = [recognizers._spacy_may_find(s, r) for s, r in zip(SENTENCES_WITH_AND_WITHOUT_NAMES, readings, strict=True)]
    assert any(run) and not all(run)
    skipped = recognizers.detect(SENTENCES_WITH_AND_WITHOUT_NAMES, limit=None)
    monkeypatch.setattr(recognizers, "_spacy_may_find", lambda text, reading: True)
    assert recognizers.detect(SENTENCES_WITH_AND_WITHOUT_NAMES, limit=None) == skipped
    assert any(d.category == "LOCATION" for d in skipped[0]) and any(d.category == "PERSON" for d in skipped[1])
