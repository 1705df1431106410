"""Penetration trajectories, stalls and withdrawals, and the helper monitor, on planted conversations."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from disclosure.constants import DISCLOSURE_THRESHOLD, HELPER_DISCLOSURE_THRESHOLD
from disclosure.dynamics.columns import ConversationColumns
from disclosure.dynamics.monitor import turns_to_client
from disclosure.dynamics.pipeline import measure_conversations
from disclosure.dynamics.trajectory import breadth_lead, penetration_slope

from ..conftest import REPO
from .planted_conversations import CLIENT_FOCUSED, SELF_CENTRED, breadth_path, helper_conversation, utterance


def test_breadth_opened_before_depth_is_told_apart_from_the_reverse(columns: ConversationColumns) -> None:
    table = pd.concat([breadth_path("breadth first", True), breadth_path("depth first", False)], ignore_index=True)
    result = measure_conversations(table, columns).conversations.set_index("conversation")["breadth_before_depth"]
    assert result.to_dict() == {"breadth first": True, "depth first": False}


def test_breadth_counts_distinct_areas_the_speaker_disclosed_in(columns: ConversationColumns) -> None:
    speakers = measure_conversations(breadth_path("c", True), columns).speakers.set_index("speaker")
    assert speakers.loc["client", "breadth"] == 4 and speakers.loc["therapist", "breadth"] == 0


def test_without_categories_breadth_is_left_out_rather_than_guessed(columns: ConversationColumns) -> None:
    tables = measure_conversations(breadth_path("c", True).drop(columns="categories"), columns)
    assert "breadth" not in tables.speakers.columns
    assert tables.conversations["breadth_before_depth"].isna().all()


def test_penetration_slope_is_positive_when_depth_rises_fast_then_levels_off() -> None:
    turns = np.arange(30)
    assert penetration_slope(3 * (1 - np.exp(-turns / 4))) > 0.5
    assert penetration_slope(3 * np.exp(-turns / 4)) < -0.5
    assert abs(penetration_slope(np.full(30, 1.2))) < 1e-9
    assert np.isnan(penetration_slope(np.array([1.0, 2.0])))


def test_a_withdrawal_after_an_unsupportive_reply_is_counted_once(columns: ConversationColumns) -> None:
    rows = [
        utterance("c", "client", 2.5),
        utterance("c", "friend", 0.0, support=0.05),  # unsupportive
        utterance("c", "client", 0.8),  # falls by more than a layer: a withdrawal (and a stall)
        utterance("c", "friend", 0.0, support=0.9),  # supportive
        utterance("c", "client", 0.6),
        utterance("c", "friend", 0.0, support=0.05),  # unsupportive, next stays level: a stall only
        utterance("c", "client", 0.6),
        utterance("c", "friend", 0.0, support=0.05),
    ]
    conversation = measure_conversations(pd.DataFrame(rows), columns).conversations.iloc[0]
    assert conversation["withdrawals"] == 1
    assert conversation["stalls"] == 2


def test_client_focus_is_a_question_or_talk_about_you_but_not_set_phrases() -> None:
    assert turns_to_client("I felt that too. How is it for you?")
    assert turns_to_client("I had the same, and your situation sounds harder")
    assert not turns_to_client("I went through a divorce, you know, it was awful. Thank you.")


def test_the_monitor_tells_a_client_focused_helper_from_a_self_centred_one(
    columns: ConversationColumns,
) -> None:
    table = pd.concat(
        [
            helper_conversation("focused", CLIENT_FOCUSED, helper_depth=1.0, client_after=2.0),
            helper_conversation("self", SELF_CENTRED, helper_depth=2.5, client_after=0.0),
        ],
        ignore_index=True,
    )
    helpers = measure_conversations(table, columns).speakers.query("role == 'therapist'").set_index("conversation")
    focused, self_centred = helpers.loc["focused"], helpers.loc["self"]
    assert focused["helper_disclosures"] == 3 and self_centred["helper_disclosures"] == 3
    assert focused["client_focused_share"] == 1.0 and self_centred["client_focused_share"] == 0.0
    assert not focused["helper_centred"] and focused["helper_centred_reason"] == "client-focused"
    assert self_centred["helper_centred"]
    assert "do not turn attention back" in self_centred["helper_centred_reason"]
    assert "deeper than the client's" in self_centred["helper_centred_reason"]
    assert focused["client_depth_after"] > focused["client_depth_before"]
    assert self_centred["client_depth_after"] < self_centred["client_depth_before"]


def test_a_helper_utterance_is_a_self_disclosure_only_from_the_helper_cut(columns: ConversationColumns) -> None:
    """A therapist's remark the detector half-believes (between the client cut and the helper cut) is not counted."""
    table = helper_conversation("c", SELF_CENTRED, helper_depth=2.5, client_after=1.0)
    remark = table["text"] == SELF_CENTRED
    between = (DISCLOSURE_THRESHOLD + HELPER_DISCLOSURE_THRESHOLD) / 2

    def helper_disclosures(probability: float) -> int:
        scored = table.assign(disclosure=table["disclosure"].mask(remark, probability))
        return int(
            measure_conversations(scored, columns).speakers.set_index("role").loc["therapist", "helper_disclosures"]
        )

    assert helper_disclosures(between) == 0
    assert helper_disclosures(HELPER_DISCLOSURE_THRESHOLD) == 3


def test_the_docs_give_the_cuts_the_measures_use() -> None:
    dynamics = (REPO / "docs" / "dynamics.md").read_text(encoding="utf-8")
    monitor = dynamics[dynamics.index("**Helper monitor**") :].split("\n\n")[0]
    assert [float(cut) for cut in re.findall(r"disclosure ≥ ([0-9.]+)", monitor)] == [HELPER_DISCLOSURE_THRESHOLD]
    assert f"| disclosure | `disclosure` probability ≥ {DISCLOSURE_THRESHOLD} |" in dynamics


def test_motivational_systems_feed_the_monitor_and_the_conversation_sequence(
    columns: ConversationColumns,
) -> None:
    table = helper_conversation("c", CLIENT_FOCUSED, helper_depth=1.0, client_after=1.0)
    helper_disclosing = (table["speaker"] == "therapist") & (table["depth"] >= 0.5)
    after_helper = helper_disclosing.shift(1, fill_value=False)
    table["motivational_system"] = np.where(
        helper_disclosing, "ranking", np.where(after_helper, "caregiving", "attachment")
    )
    tables = measure_conversations(table, columns)
    helper = tables.speakers.query("role == 'therapist'").iloc[0]
    assert helper["helper_systems"] == "ranking:3"
    assert helper["client_answer_systems"] == "caregiving:3"
    assert "ranking" in helper["helper_centred_reason"] and "caregiving" in helper["helper_centred_reason"]
    conversation = tables.conversations.iloc[0]
    assert conversation["system_sequence"].startswith("client: attachment > caregiving > attachment")
    assert conversation["system_transitions"] > 0


def test_speakers_table_has_the_documented_columns(columns: ConversationColumns) -> None:
    speakers = measure_conversations(breadth_path("c", True), columns).speakers
    for name in (
        "conversation",
        "speaker",
        "role",
        "n_utterances",
        "disclosure_rate",
        "mean_depth",
        "max_depth",
        "breadth",
        "helper_disclosures",
        "client_focused_share",
        "helper_centred",
        "helper_centred_reason",
    ):
        assert name in speakers.columns


def test_breadth_lead_is_near_zero_when_areas_and_depth_come_in_random_order() -> None:
    rng = np.random.default_rng(3)
    areas = ["work", "family", "health", "money", "faith", "friends"]
    leads = []
    for _ in range(60):
        opened = [frozenset({str(rng.choice(areas))}) for _ in range(30)]
        leads.append(breadth_lead(opened, rng.uniform(0, 3, 30)))
    # First mentions come early in any order; the lead subtracts that, so chance order gives about zero.
    assert abs(float(np.mean(leads))) < 0.03


def test_the_monitor_counts_immediate_and_non_immediate_helper_disclosures_and_skips_layer_none(
    columns: ConversationColumns,
) -> None:
    """A thank-you the detector believes but the theory layer places at layer 'none' is not a helper disclosure."""
    table = helper_conversation("c", SELF_CENTRED, helper_depth=2.5, client_after=1.0)
    remark = (table["text"] == SELF_CENTRED).to_numpy()
    helper_rows = np.flatnonzero(remark)
    immediacy = np.where(remark, "non_immediate", "none").astype(object)
    immediacy[helper_rows[0]] = "immediate"
    layer = np.where(table["depth"] >= 0.5, "intermediate", "none").astype(object)
    layer[helper_rows[1]] = "none"
    scored = table.assign(immediacy=immediacy, layer=layer)
    helper = measure_conversations(scored, columns).speakers.set_index("role").loc["therapist"]
    assert helper["helper_disclosures"] == 2
    assert helper["helper_immediate_disclosures"] == 1 and helper["helper_non_immediate_disclosures"] == 1


def test_speakers_table_names_each_speakers_most_frequent_motive_among_their_disclosures(
    columns: ConversationColumns,
) -> None:
    rows = [utterance("c", "ana", 2.0) | {"motive": m} for m in ("venting", "venting", "closeness")]
    rows += [utterance("c", "ana", 0.0) | {"motive": "none"} for _ in range(5)]
    rows += [utterance("c", "ben", 2.0) | {"motive": "sharing_views"}, utterance("c", "ben", 0.0) | {"motive": "none"}]
    speakers = measure_conversations(pd.DataFrame(rows), columns).speakers.set_index("speaker")
    assert speakers.loc["ana", "top_motive"] == "venting"
    assert speakers.loc["ben", "top_motive"] == "sharing_views"
