"""Corpus effects: planted reinforcement and reciprocity come back out, and their absence does too."""

from __future__ import annotations

import pandas as pd

from disclosure.dynamics.columns import ConversationColumns
from disclosure.dynamics.pipeline import measure_conversations

from .planted_conversations import reciprocity_corpus, reinforcement_corpus


def _effect(effects: pd.DataFrame, name: str) -> pd.Series:
    return effects.set_index("effect").loc[name]


def test_planted_reinforcement_is_recovered_within_0_15(columns: ConversationColumns) -> None:
    effect = _effect(measure_conversations(reinforcement_corpus(1.0), columns).effects, "reinforcement")
    assert abs(effect["estimate"] - 1.0) < 0.15
    assert effect["ci_low"] > 0.8 and effect["predictor"] == "reply_support"
    assert effect["n_clusters"] == 60


def test_no_reinforcement_gives_a_confidence_interval_around_zero(columns: ConversationColumns) -> None:
    effect = _effect(measure_conversations(reinforcement_corpus(0.0, seed=1), columns).effects, "reinforcement")
    assert effect["ci_low"] < 0 < effect["ci_high"]
    assert abs(effect["estimate"]) < 0.1


def test_a_coded_reply_is_tested_as_reinforcement() -> None:
    table = reinforcement_corpus(1.0)
    table["behaviour"] = ["reflection" if s >= 0.5 else "question" for s in table["emotional_support"]]
    columns = ConversationColumns(conversation="conversation", speaker="speaker", response=("behaviour=reflection",))
    effect = _effect(measure_conversations(table, columns).effects, "reinforcement by behaviour=reflection")
    # Support is uniform on [0, 1]: replies at or above 0.5 average 0.5 more support, so about 0.5 depth.
    assert 0.35 < effect["estimate"] < 0.65
    assert "reflection" in effect["summary"]


def test_planted_reciprocity_is_recovered_within_0_1(columns: ConversationColumns) -> None:
    effect = _effect(measure_conversations(reciprocity_corpus(0.6), columns).effects, "reciprocity")
    assert abs(effect["estimate"] - 0.6) < 0.1
    assert effect["ci_low"] < effect["estimate"] < effect["ci_high"]


def test_no_reciprocity_gives_an_estimate_near_zero(columns: ConversationColumns) -> None:
    effect = _effect(measure_conversations(reciprocity_corpus(0.0), columns).effects, "reciprocity")
    assert abs(effect["estimate"]) < 0.1


def test_per_conversation_reciprocity_follows_the_planted_matching(columns: ConversationColumns) -> None:
    strong = measure_conversations(reciprocity_corpus(0.8), columns).conversations["reciprocity"].median()
    none = measure_conversations(reciprocity_corpus(0.0), columns).conversations["reciprocity"].median()
    assert strong > 0.5 and abs(none) < 0.15


def test_too_little_data_gives_an_empty_estimate_with_a_note(columns: ConversationColumns) -> None:
    effects = measure_conversations(reinforcement_corpus(1.0, conversations=2, exchanges=3), columns).effects
    effect = _effect(effects, "reinforcement")
    assert pd.isna(effect["estimate"]) and "too little data" in effect["note"]


def test_the_summary_sentence_states_the_estimate_and_its_interval(columns: ConversationColumns) -> None:
    effect = _effect(measure_conversations(reinforcement_corpus(1.0), columns).effects, "reinforcement")
    assert f"goes with a next turn {effect['estimate']:.3f} depth units deeper (95% CI" in effect["summary"]


def test_support_followed_by_shallower_turns_is_said_shallower_with_no_minus_sign(columns: ConversationColumns) -> None:
    effect = _effect(measure_conversations(reinforcement_corpus(-1.0), columns).effects, "reinforcement")
    assert effect["ci_high"] < 0
    assert f"goes with a next turn {-effect['estimate']:.3f} depth units shallower (95% CI" in effect["summary"]


def test_a_partner_who_answers_depth_with_less_depth_is_said_to_reply_shallower(columns: ConversationColumns) -> None:
    effect = _effect(measure_conversations(reciprocity_corpus(-0.5), columns).effects, "reciprocity")
    assert effect["ci_high"] < 0
    assert f"the partner's reply being {-effect['estimate']:.3f} depth units shallower, beyond" in effect["summary"]


def test_reciprocity_in_5_conversations_says_not_enough_conversations_instead_of_a_p_value(
    columns: ConversationColumns,
) -> None:
    """The uncorrected GEE reported this planted effect at p < 0.001 with a narrow interval."""
    effect = _effect(measure_conversations(reciprocity_corpus(0.6, conversations=5), columns).effects, "reciprocity")
    assert abs(effect["estimate"] - 0.6) < 0.2
    assert pd.isna(effect["p_value"]) and pd.isna(effect["ci_low"])
    assert "not enough conversations to judge it" in effect["summary"] and "p <" not in effect["summary"]


def test_reciprocity_between_client_and_helper_leaves_out_conversations_between_peers(
    columns: ConversationColumns,
) -> None:
    """15 counselling sessions (client and therapist) and 20 conversations between two peers: only the sessions
    count towards 'client to helper' and 'helper to client'; the pooled effect counts all 35."""
    sessions = reinforcement_corpus(1.0, conversations=15, exchanges=10)
    peers = reciprocity_corpus(0.6, conversations=20, exchanges=10).assign(
        conversation=lambda t: "peers-" + t["conversation"]
    )
    effects = measure_conversations(pd.concat([sessions, peers], ignore_index=True), columns).effects
    assert _effect(effects, "reciprocity")["n_clusters"] == 35
    for direction in ("reciprocity: client to helper", "reciprocity: helper to client"):
        assert _effect(effects, direction)["n_clusters"] == 15
    # Each session has 10 client turns, 9 of them answered by the therapist after a therapist turn.
    assert _effect(effects, "reciprocity: client to helper")["n_observations"] == 15 * 9
