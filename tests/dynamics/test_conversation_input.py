"""Conversation input: bad tables get clear messages, and no row is ever lost."""

from __future__ import annotations

import pandas as pd
import pytest

from disclosure import InputError
from disclosure.dynamics.columns import ConversationColumns
from disclosure.dynamics.pipeline import measure_conversations

from .planted_conversations import utterance


def _table() -> pd.DataFrame:
    rows = [
        utterance("c1", s, d) for s, d in [("client", 1.0), ("therapist", 0.0), ("client", 2.0), ("therapist", 0.0)]
    ]
    return pd.DataFrame(rows)


def test_a_missing_column_is_named_with_the_columns_that_exist() -> None:
    with pytest.raises(InputError, match=r"No column 'who'.*Columns that exist: conversation, speaker"):
        measure_conversations(_table(), ConversationColumns(conversation="conversation", speaker="who"))


def test_rows_without_a_conversation_id_are_reported_by_row_number(columns: ConversationColumns) -> None:
    table = _table()
    table.loc[2, "conversation"] = ""
    with pytest.raises(InputError, match=r"1 row\(s\) have no conversation id.*rows 3"):
        measure_conversations(table, columns)


def test_an_unmeasured_table_without_an_analyzer_says_to_run_analyze_first(
    columns: ConversationColumns,
) -> None:
    with pytest.raises(InputError, match="disclosure analyze"):
        measure_conversations(_table()[["conversation", "speaker", "text"]], columns)


def test_a_one_speaker_conversation_keeps_its_rows_and_says_why_replies_are_empty(
    columns: ConversationColumns,
) -> None:
    table = pd.concat([_table(), pd.DataFrame([utterance("solo", "client", 2.0), utterance("solo", "client", 1.0)])])
    tables = measure_conversations(table.reset_index(drop=True), columns)
    assert len(tables.utterances) == len(table)
    solo = tables.conversations.set_index("conversation").loc["solo"]
    assert "only one speaker" in solo["note"]
    assert pd.isna(solo["reciprocity"])
    assert tables.utterances.loc[tables.utterances["conversation"] == "solo", "reply_depth"].isna().all()


def test_out_of_order_turns_are_ordered_by_the_turn_column_and_output_keeps_file_order() -> None:
    table = _table().assign(turn=["3", "4", "1", "2"])
    columns = ConversationColumns(conversation="conversation", speaker="speaker", turn="turn")
    tables = measure_conversations(table, columns)
    assert tables.utterances["turn"].tolist() == ["3", "4", "1", "2"]
    assert tables.utterances["turn_number"].tolist() == [3, 4, 1, 2]
    assert "out of order" in tables.notes["c1"]


def test_clock_times_order_turns() -> None:
    table = _table().assign(time=["00:01:10", "00:01:20", "00:00:05", "00:00:30"])
    columns = ConversationColumns(conversation="conversation", speaker="speaker", turn="time")
    assert measure_conversations(table, columns).utterances["turn_number"].tolist() == [3, 4, 1, 2]


def test_turn_values_that_are_neither_numbers_nor_times_are_refused() -> None:
    table = _table().assign(turn=["1", "2", "three", "4"])
    with pytest.raises(InputError, match=r"Column 'turn' must hold turn numbers or times.*three"):
        measure_conversations(table, ConversationColumns(conversation="conversation", speaker="speaker", turn="turn"))


def test_empty_texts_stay_in_place_and_do_not_break_the_turn_they_sit_in(
    columns: ConversationColumns,
) -> None:
    table = _table()
    blank = {**utterance("c1", "therapist", 0.0), "text": "", "status": "empty text"}
    for name in (
        "disclosure",
        "informational",
        "emotional",
        "emotional_support",
        "informational_support",
        "depth",
    ):
        blank[name] = float("nan")
    table = pd.concat([table.iloc[:1], pd.DataFrame([blank]), table.iloc[1:]], ignore_index=True)
    tables = measure_conversations(table, columns)
    assert len(tables.utterances) == 5
    assert pd.isna(tables.utterances.loc[1, "turn_number"])
    assert tables.utterances["turn_number"].dropna().tolist() == [1, 2, 3, 4]
    assert tables.utterances.loc[0, "reply_depth"] == 0.0


def test_a_reply_code_without_a_value_is_refused(columns: ConversationColumns) -> None:
    table = _table().assign(behaviour="reflection")
    bad = ConversationColumns(conversation="conversation", speaker="speaker", response=("behaviour",))
    with pytest.raises(InputError, match="COLUMN=VALUE"):
        measure_conversations(table, bad)


def test_an_input_column_named_like_a_dynamics_column_is_kept_and_ours_gets_a_suffix(
    columns: ConversationColumns,
) -> None:
    tables = measure_conversations(_table().assign(reply_depth="theirs"), columns)
    assert tables.utterances["reply_depth"].tolist() == ["theirs"] * 4
    assert "reply_depth_measured" in tables.utterances.columns
    assert tables.renamed == {"reply_depth": "reply_depth_measured"}


def test_the_callers_table_is_not_modified(columns: ConversationColumns) -> None:
    table = _table()
    before = table.copy()
    measure_conversations(table, columns)
    pd.testing.assert_frame_equal(table, before)


def test_without_a_depth_column_a_provisional_depth_comes_from_the_detector(
    columns: ConversationColumns,
) -> None:
    table = _table().drop(columns="depth").assign(disclosure=[1.0, 0.0, 1.0, 0.0], emotional=[0.0, 0.0, 1.0, 0.0])
    tables = measure_conversations(table, columns)
    assert tables.utterances["provisional_depth"].tolist() == [1.5, 0.0, 3.0, 0.0]
