"""Fitting the model to conversations: recovers known parameters from simulated data in the utterance format."""

from __future__ import annotations

import json
from pathlib import Path

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
    """Tolerance: every utility weight within 0.25 of the truth (the largest error measured is 0.18, regret) and
    each trust parameter within 0.05 (measured: 0.004 and 0.02), every one also within 3 standard errors."""
    assert recovered.converged and recovered.not_identified == {}
    assert len(recovered.estimates) == 11
    for name, estimate in recovered.estimates.items():
        truth, se = getattr(TRUTH, name), recovered.standard_errors[name]
        tolerance = 0.05 if name in ("initial_trust", "learning_rate") else 0.25
        assert abs(estimate - truth) <= min(tolerance, 3 * se), f"{name}: {estimate:.3f} vs {truth} (se {se:.3f})"


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
        {
            "conversation": 1,
            "speaker": ["A", "B"],
            "disclosure": [0.8, 0.8],
            "depth": [2.4, 0.2],
            "valence": [0.1, 0.1],
            "reply_support": [1.0, 1.0],
        }
    )
    assert speaker_turns(table).depth.tolist() == [2, 1]


def test_a_turn_column_orders_the_utterances() -> None:
    table = pd.DataFrame(
        {
            "conversation": 1,
            "speaker": ["B", "A"],
            "turn": [2, 1],
            "disclosure": [0.9, 0.1],
            "layer": ["core", "none"],
            "valence": [0.5, 0.0],
            "reply_support": [1.0, 1.0],
        }
    )
    assert speaker_turns(table, turn_column="turn").depth.tolist() == [0, 3]


def test_missing_measures_name_the_command_that_makes_them() -> None:
    table = pd.DataFrame({"conversation": [1], "speaker": ["A"], "text": ["hi"]})
    with pytest.raises(InputError, match=r"lacks the column.*disclosure.*'disclosure conversations'"):
        fit(table)


def test_an_unknown_conversation_column_lists_the_columns() -> None:
    with pytest.raises(InputError, match=r"No column 'dialog'.*conversation, speaker"):
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


def test_without_measured_replies_the_fit_names_what_it_cannot_identify() -> None:
    """Planted: no reply was measured, so trust never moves. Then nothing bears on learning_rate, and with trust
    constant belonging (x trust) grows with depth just as privacy does, and vulnerability (x distrust) as regret
    does."""
    silent = to_utterances(simulate(150, 30, seed=3)).assign(reply_support=np.nan)
    result = fit(silent, turn_column="turn")
    assert result.converged
    assert {"learning_rate", "belonging", "privacy", "regret", "vulnerability"} <= set(result.not_identified)
    assert "nothing in these conversations bears on it" in result.not_identified["learning_rate"]
    assert "cannot tell them apart" in result.not_identified["regret"]
    table = result.table().set_index("parameter")
    for name in ("belonging", "privacy", "regret", "vulnerability"):
        assert result.intervals[name] == (-np.inf, np.inf), name  # the profile never falls: open both ways
    assert result.intervals["learning_rate"] == pytest.approx((0.0, 1.0), abs=1e-6)
    for name in result.not_identified:
        assert name not in result.estimates and np.isnan(result.standard_errors[name]), name
        assert np.isnan(table.loc[name, "estimate"]) and not table.loc[name, "identified"], name
    for name in ("sharing", "reciprocity", "self_enhancement"):
        assert name not in result.not_identified and result.standard_errors[name] > 0, name
        low, high = result.intervals[name]
        assert low < result.estimates[name] < high, name
    assert all(reason in result.notes for reason in result.not_identified.values())
    body = json.loads(result.to_json())
    assert body["estimates"]["regret"] is None and body["intervals_95"]["regret"] == [None, None]
    assert body["standard_errors"]["learning_rate"] is None and body["condition_number"] is None
    assert result.parameters().regret == Parameters().regret  # held at its default, not at a meaningless optimum
    assert result.predictive_parameters().regret == result.maximum["regret"]  # for prediction only: never printed
    assert "maximum" not in body and str(round(result.maximum["regret"], 6)) not in result.to_json()


def test_weights_the_data_bound_on_one_side_only_get_a_half_open_interval_and_no_estimate() -> None:
    """Planted: nobody ever discloses negative news. The data then say only that negative news is far less attractive
    than positive news: sharing (which negative news gets without self_enhancement) is bounded above only,
    self_enhancement below only, and support seeking (for negative news) not at all."""
    utterances = to_utterances(simulate(150, 30, Parameters(negativity_cost=30.0), seed=4))
    assert (utterances["valence"] >= 0).all()
    result = fit(utterances, turn_column="turn")
    assert {"sharing", "self_enhancement", "support_seeking"} <= set(result.not_identified)
    assert not {"sharing", "self_enhancement", "support_seeking"} & set(result.estimates)
    assert result.intervals["sharing"][0] == -np.inf and np.isfinite(result.intervals["sharing"][1])
    assert np.isfinite(result.intervals["self_enhancement"][0]) and result.intervals["self_enhancement"][1] == np.inf
    assert result.intervals["support_seeking"] == (-np.inf, np.inf)
    assert {"reciprocity", "vulnerability", "initial_trust"} <= set(result.estimates)


def test_a_trust_parameter_at_the_edge_of_its_range_gets_no_standard_error() -> None:
    """On 60 short simulated conversations the learning rate runs to 1; the Wald error there came out near 0."""
    result = fit(to_utterances(simulate(60, 20, seed=5)))
    assert "learning_rate" not in result.estimates and result.intervals["learning_rate"][1] > 0.99
    assert np.isnan(result.standard_errors["learning_rate"])
    assert "the edge of its 0-1 range" in result.not_identified["learning_rate"]
    assert "not as a measurement" in result.not_identified["learning_rate"]


def test_holding_an_estimated_parameter_fixed_is_refused_with_the_ones_that_can_be() -> None:
    utterances = to_utterances(simulate(20, 10, Parameters(), seed=1))
    with pytest.raises(InputError, match=r"initial_trust cannot be held fixed: the fit estimates them.* audience"):
        fit(utterances, turn_column="turn", fixed={"initial_trust": 0.9, "audience": 5.0})


def test_fit_param_for_an_estimated_parameter_is_an_error_on_the_command_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from disclosure.cli import app

    source = tmp_path / "utterances.csv"
    to_utterances(simulate(20, 10, Parameters(), seed=1)).to_csv(source, index=False)
    args = ["fit", str(source), "--turn-column", "turn", "-o", str(tmp_path / "fit.json"), "--param", "reciprocity=2"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "reciprocity cannot be held fixed" in result.stderr and not (tmp_path / "fit.json").exists()


def test_held_out_probabilities_are_those_of_the_decision_rule_along_the_simulated_trust() -> None:
    """Planted: in a simulation the measured replies are the simulated ones, so trust rebuilt from them is the
    simulated trust, and each turn's prediction is the decision rule's at that trust."""
    from disclosure.model.decision import choice_probabilities, option_index, utilities
    from disclosure.model.fit import choice_probabilities as held_out_probabilities

    truth = Parameters(initial_trust=0.3, learning_rate=0.6)
    simulated = simulate(20, 12, truth, seed=2)
    predicted, turns = held_out_probabilities(
        truth, to_utterances(simulated), turn_column="turn", gender_column="gender"
    )
    partner = simulated.groupby("dyad")["depth"].shift(1).fillna(0).to_numpy()
    expected = choice_probabilities(
        utilities(simulated["trust"].to_numpy(float), partner, simulated["man"].to_numpy(float), truth)
    )
    chosen = option_index(simulated["depth"].to_numpy(), simulated["valence"].to_numpy())
    assert predicted.shape == (len(simulated), 7) and (turns.option == chosen).all()
    np.testing.assert_allclose(predicted, expected, atol=1e-5)  # the simulation keeps trust in float32
