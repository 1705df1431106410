"""Group comparisons: a planted group difference and a planted group x valence interaction are recovered."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import disclosure
from disclosure import InputError
from disclosure.dynamics.columns import ConversationColumns
from disclosure.dynamics.compare import compare_groups

from .planted_conversations import utterance


def _speakers(seed: int = 0, speakers: int = 80) -> pd.DataFrame:
    """40 men and 40 women (by default), 30 utterances each: both disclose positive things at 30%; women negative at
    30%, men 10%."""
    rng = np.random.default_rng(seed)
    rows = []
    for s in range(speakers):
        gender = "man" if s % 2 else "woman"
        negative_rate = 0.10 if gender == "man" else 0.30
        for _ in range(30):
            draw = rng.uniform()
            valence = 0.7 if draw < 0.30 else (-0.7 if draw < 0.30 + negative_rate else 0.0)
            row = utterance(f"c{s // 2}", f"s{s}", 1.5 if valence else 0.1)
            rows.append({**row, "gender": gender, "valence": valence})
    return pd.DataFrame(rows)


def test_a_planted_group_difference_in_disclosure_rate_is_recovered(columns: ConversationColumns) -> None:
    result = compare_groups(_speakers(), columns, "gender")
    rate = result.groups.query("outcome == 'disclosure_rate'").set_index("group")
    assert rate.loc["woman", "reference"] == "man"  # the first group in sorted order is the reference
    assert abs(rate.loc["woman", "difference"] - 0.20) < 0.05
    assert rate.loc["woman", "ci_low"] > 0
    assert rate.loc["woman", "n_speakers"] == 40
    assert any("disclosure_rate" in sentence for sentence in result.summary)


def test_the_group_by_valence_interaction_finds_men_share_less_negative_only(
    columns: ConversationColumns,
) -> None:
    result = compare_groups(_speakers(), columns, "gender", valence=True)
    interaction = result.interaction.iloc[0]
    # Women vs men: +0.20 more negative disclosure per utterance beyond their (equal) positive disclosure.
    assert abs(interaction["estimate"] - 0.20) < 0.05
    assert interaction["ci_low"] > 0


def test_the_valence_sentence_says_more_and_the_size_when_the_group_shares_more_negative_experiences(
    columns: ConversationColumns,
) -> None:
    (effect,) = compare_groups(_speakers(), columns, "gender", valence=True).interaction.to_dict("records")
    assert effect["estimate"] > 0
    assert (
        f"Relative to positive experiences, speakers with gender = woman share negative ones {effect['estimate']:.3f} "
        "more than speakers with gender = man (as a rate per utterance; 95% CI"
    ) in effect["summary"]


def test_the_valence_sentence_says_less_with_no_minus_sign_when_the_group_shares_fewer_negative_experiences(
    columns: ConversationColumns,
) -> None:
    """Women are the reference here (sorted first): men share negative experiences less, and the sentence says so
    rather than "-0.200 more"."""
    table = _speakers()
    table["sex"] = table["gender"].map({"man": "male", "woman": "female"})
    (effect,) = compare_groups(table, columns, "sex", valence=True).interaction.to_dict("records")
    assert effect["estimate"] < 0
    said = effect["summary"].split(" (")[0]
    assert said == (
        f"Relative to positive experiences, speakers with sex = male share negative ones {-effect['estimate']:.3f} "
        "less than speakers with sex = female"
    )


def test_a_difference_that_rounds_to_zero_is_printed_without_a_minus_sign() -> None:
    from disclosure.dynamics.compare import _sentence

    record = {
        "outcome": "motive_support_seeking",
        "group": "counsellor",
        "reference": "client",
        "difference": -0.0004,
        "ci_low": -0.0004,
        "ci_high": 0.01,
        "n_speakers": 12,
        "cohens_d": -0.001,
        "note": "",
    }
    said = _sentence(record, "role")
    assert "by +0.000 (95% CI +0.000 to +0.010; d = +0.00;" in said and "-0.0" not in said


def test_valence_needs_a_valence_column(columns: ConversationColumns) -> None:
    with pytest.raises(InputError, match="no 'valence' column"):
        compare_groups(_speakers().drop(columns="valence"), columns, "gender", valence=True)


def test_a_single_group_is_refused(columns: ConversationColumns) -> None:
    with pytest.raises(InputError, match="only one group"):
        compare_groups(_speakers().assign(gender="woman"), columns, "gender")


def test_an_analysed_file_with_an_empty_text_row_is_compared(tmp_path: Path) -> None:
    table = _speakers()
    table.loc[3, "text"] = ""
    table.loc[3, "status"] = "empty text"
    table.loc[3, ["disclosure", "informational", "emotional", "emotional_support", "informational_support"]] = np.nan
    path = tmp_path / "analysed.csv"
    table.to_csv(path, index=False)  # the empty row's scores are written as empty cells, as `analyze` writes them
    result = disclosure.compare(path, "gender", valence=True)
    assert set(result.groups["group"]) == {"man", "woman"}


def test_with_6_speakers_a_group_difference_says_not_enough_speakers_instead_of_an_interval(
    columns: ConversationColumns,
) -> None:
    result = compare_groups(_speakers(speakers=6), columns, "gender")
    rate = result.groups.query("outcome == 'disclosure_rate'").set_index("group")
    assert np.isfinite(rate.loc["woman", "difference"]) and np.isnan(rate.loc["woman", "p_value"])
    (sentence,) = [s for s in result.summary if s.startswith("disclosure_rate")]
    assert "not enough speakers to judge it" in sentence and "nan" not in sentence
    assert "only 6 speakers" in sentence


def test_compare_tests_each_motive_among_disclosures() -> None:
    """Men vent in 20% of their disclosures, women in 60%; the utterances that disclose nothing carry a motive
    probability that would dilute the difference were they counted."""
    from disclosure.constants import MOTIVES

    rng = np.random.default_rng(1)
    rows = []
    for s in range(60):
        gender = "man" if s % 2 else "woman"
        for _ in range(20):
            disclosed = rng.uniform() < 0.5
            venting = rng.uniform() < (0.2 if gender == "man" else 0.6)
            row = utterance(f"c{s // 2}", f"s{s}", 1.5 if disclosed else 0.1)
            probabilities = {f"motive_{m}": 0.0 for m in MOTIVES}
            probabilities["motive_venting"] = 1.0 if disclosed and venting else (0.5 if not disclosed else 0.0)
            rows.append({**row, **probabilities, "gender": gender, "motive_confidence": 0.9})
    result = compare_groups(pd.DataFrame(rows), ConversationColumns("conversation", "speaker"), "gender")
    outcomes = set(result.groups["outcome"])
    assert {f"motive_{m}" for m in MOTIVES} <= outcomes and "motive_confidence" not in outcomes
    venting = result.groups.query("outcome == 'motive_venting'").set_index("group")
    assert abs(venting.loc["woman", "difference"] - 0.40) < 0.08
    assert venting.loc["woman", "n_observations"] < 400  # disclosures only, of 600 utterances
