"""No two columns contradict each other: a risk names its reasons, a disclosure has a layer or a stated reason, a
topic named as a reason is one of the listed categories — on real CL-Aff and AnnoMI utterances."""

from __future__ import annotations

import pandas as pd
import pytest

from disclosure import Analyzer
from disclosure.constants import DISCLOSURE_THRESHOLD
from disclosure.measure.privacy import RISK_NEEDS_REASON
from disclosure.schema import SCORED_STATUSES

from ..conftest import ANNOMI, CLAFF, needs_annomi, needs_claff

PER_CORPUS = 5_000


def contradictions(out: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The rows that break each rule, by rule."""
    named_topics = out["risk_reasons"].map(
        lambda reasons: {r.removesuffix(" topic").replace(" ", "_") for r in reasons if r.endswith(" topic")}
    )
    definite = named_topics.map(lambda named: {a for a in named if not a.startswith("possibly_")})
    unlisted = [not named <= set(listed) for named, listed in zip(definite, out["categories"], strict=True)]
    return {
        "risk => reasons": out[(out["privacy_risk"] >= RISK_NEEDS_REASON) & (out["risk_reasons"].map(len) == 0)],
        "disclosure => layer or a stated reason": out[
            (out["disclosure"] >= DISCLOSURE_THRESHOLD) & (out["layer"] == "none") & (out["layer_note"] == "")
        ],
        "a layer note only where it explains something": out[
            (out["layer_note"] != "") & ((out["layer"] != "none") | (out["disclosure"] < DISCLOSURE_THRESHOLD))
        ],
        "reasons => categories": out[unlisted],
    }


def test_each_rule_catches_the_contradiction_it_names() -> None:
    row = {
        "disclosure": 0.9,
        "layer": "peripheral",
        "layer_note": "",
        "privacy_risk": 0.1,
        "risk_reasons": [],
        "categories": ["health"],
    }
    broken = pd.DataFrame(
        [
            {**row, "privacy_risk": 0.5},
            {**row, "layer": "none"},
            {**row, "layer_note": "a reply of 1 word"},
            {**row, "risk_reasons": ["sexuality topic"]},
        ]
    )
    fine = pd.DataFrame([row, {**row, "risk_reasons": ["possibly sexuality topic", "health topic"]}])
    assert [len(rows) for rows in contradictions(broken).values()] == [1, 1, 1, 1]
    assert [len(rows) for rows in contradictions(fine).values()] == [0, 0, 0, 0]


def test_a_disclosure_the_depth_heads_find_shallow_says_why(analyzer: Analyzer) -> None:
    out = analyzer.analyze(["Okay.", "I'm so sorry for your loss, you are not alone.", "I was diagnosed with HIV."])
    high = out[(out["disclosure"] >= DISCLOSURE_THRESHOLD) & (out["layer"] == "none")]
    assert (high["layer_note"] != "").all()
    assert out.loc[out["layer"] != "none", "layer_note"].eq("").all()


@pytest.mark.slow  # 10,000 utterances through the default model: about 90 s on two cores
@needs_claff
@needs_annomi
def test_no_two_columns_contradict_each_other_on_ten_thousand_real_utterances(analyzer: Analyzer) -> None:
    claff = pd.read_csv(CLAFF / "train.csv", usecols=["full_text"])["full_text"].dropna().astype(str)
    annomi = pd.read_csv(ANNOMI, usecols=["utterance_text"])["utterance_text"].dropna().astype(str)
    texts = [*claff.iloc[:PER_CORPUS], *annomi.iloc[:PER_CORPUS]]
    out = analyzer.analyze(texts)
    assert len(out) == 2 * PER_CORPUS
    assert (out["layer_note"] != "").sum() > 100  # the detector and the depth heads do disagree on real talk
    scored = out[out["status"].isin(SCORED_STATUSES)]  # a row left unscored (no text, another language) has no scores
    assert len(scored) >= 0.995 * len(out)
    broken = {rule: rows["text"].head(3).tolist() for rule, rows in contradictions(scored).items() if len(rows)}
    assert broken == {}
