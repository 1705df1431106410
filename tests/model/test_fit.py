"""Fitting the model to conversations: recovers known parameters from simulated data in the utterance format."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from disclosure import InputError, fit, simulate
from disclosure.model import FitResult, Parameters, to_utterances
from disclosure.model.fit import speaker_turns

TRUTH = Parameters(belonging=1.5, reciprocity=1.0, vulnerability=3.0, initial_trust=0.3, learning_rate=0.6)
"""Not the defaults, so a fit that returned its defaults would fail."""


@pytest.fixture(scope="module")
def recovered() -> FitResult:
    utterances = to_utterances(simulate(1000, 40, TRUTH, seed=3))
    return fit(utterances, turn_column="turn", gender_column="gender", fixed=TRUTH)


@pytest.mark.slow
def test_maximum_likelihood_recovers_the_simulated_parameters(recovered: FitResult) -> None:
    """Tolerance: every estimate within 3 standard errors of the truth, with standard errors small enough to matter
    (below 0.35 for utility weights, below 0.05 for the two 0-1 trust parameters)."""
    assert recovered.converged
    assert len(recovered.estimates) == 11
    for name, estimate in recovered.estimates.items():
        truth, se = getattr(TRUTH, name), recovered.standard_errors[name]
        assert abs(estimate - truth) <= 3 * se, f"{name}: {estimate:.3f} vs {truth} (se {se:.3f})"
        assert se < (0.05 if name in ("initial_trust", "learning_rate") else 0.35), name


@pytest.mark.slow
def test_the_95_percent_intervals_cover_most_true_values(recovered: FitResult) -> None:
    covered = [low <= getattr(TRUTH, name) <= high for name, (low, high) in recovered.intervals.items()]
    assert sum(covered) >= len(covered) - 2


@pytest.mark.slow
def test_the_result_round_trips_to_parameters_and_json(recovered: FitResult) -> None:
    params = recovered.parameters()
    assert params.belonging == recovered.estimates["belonging"]
    assert params.other_talk == TRUTH.other_talk
    body = json.loads(recovered.to_json())
    assert set(body["estimates"]) == set(recovered.estimates)
    assert body["speaker_turns"] == 40_000 and body["conversations"] == 1000


def test_consecutive_utterances_of_one_speaker_form_one_turn() -> None:
    table = pd.DataFrame(
        {
            "conversation": ["c", "c", "c", "c"],
            "speaker": ["A", "A", "B", "A"],
            "disclosure": [0.2, 0.9, 0.7, 0.1],
            "layer": ["none", "core", "peripheral", "none"],
            "valence": [0.0, -0.6, 0.4, 0.0],
            "reply_support": [0.9, 0.8, 0.3, np.nan],
        }
    )
    turns = speaker_turns(table)
    assert turns.depth.tolist() == [3, 1, 0]
    assert turns.partner_depth.tolist() == [0, 3, 1]
    assert turns.option.tolist() == [6, 1, 0]  # core negative, peripheral positive, none
    assert turns.response.tolist()[:2] == [0.8, 0.3]
    assert turns.position.tolist() == [0, 0, 1]


def test_depth_is_rounded_from_the_continuous_score_when_there_is_no_layer() -> None:
    table = pd.DataFrame(
        {"conversation": 1, "speaker": ["A", "B"], "disclosure": [0.8, 0.8], "depth": [2.4, 0.2],
         "valence": [0.1, 0.1], "reply_support": [1.0, 1.0]}
    )
    assert speaker_turns(table).depth.tolist() == [2, 1]


def test_a_turn_column_orders_the_utterances() -> None:
    table = pd.DataFrame(
        {"conversation": 1, "speaker": ["B", "A"], "turn": [2, 1], "disclosure": [0.9, 0.1],
         "layer": ["core", "none"], "valence": [0.5, 0.0], "reply_support": [1.0, 1.0]}
    )
    assert speaker_turns(table, turn_column="turn").depth.tolist() == [0, 3]


def test_missing_measures_name_the_command_that_makes_them() -> None:
    table = pd.DataFrame({"conversation": [1], "speaker": ["A"], "text": ["hi"]})
    with pytest.raises(InputError, match="lacks the column.*disclosure.*'disclosure conversations'"):
        fit(table)


def test_an_unknown_conversation_column_lists_the_columns() -> None:
    with pytest.raises(InputError, match="No column 'dialog'.*conversation, speaker"):
        fit(to_utterances(simulate(5, 4)), conversation_column="dialog")


def test_too_few_turns_are_refused() -> None:
    with pytest.raises(InputError, match="Only 8 speaker turns"):
        fit(to_utterances(simulate(2, 4)))


def test_without_a_gender_column_the_gender_term_is_held_fixed() -> None:
    result = fit(to_utterances(simulate(60, 20, seed=5)))
    assert "negativity_cost_men" not in result.estimates
    assert result.fixed["negativity_cost_men"] == Parameters().negativity_cost_men
    assert any("negativity_cost_men held fixed" in note for note in result.notes)


def test_fit_reads_exactly_the_columns_that_disclosure_conversations_writes() -> None:
    from disclosure.model.fit import MEASURES
    from disclosure.schema import COLUMNS, RESPONSE_COLUMNS

    written = {c.name for c in (*COLUMNS, *RESPONSE_COLUMNS)}
    assert set(MEASURES) <= written
    assert {"layer", "depth"} <= written
