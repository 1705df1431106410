"""An utterance is read with the turn it answers (issue #21, item 3): a bare "yes" to a personal question is the
answer it is, as coders code it; a row's scores depend on its own text and its own previous turn only."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from disclosure import Analyzer
from disclosure.cli import app
from disclosure.dynamics.columns import ConversationColumns
from disclosure.dynamics.pipeline import measure_conversations
from disclosure.dynamics.turns import previous_texts
from disclosure.errors import InputError

PERSONAL = "Have you ever thought about hurting yourself?"
SMALL_TALK = "Do you want milk in your tea?"
SCORES = ["disclosure", "depth", "valence", "motive_confidence", "motivational_system_confidence", "privacy_risk"]


def test_a_bare_yes_to_a_personal_question_is_read_as_a_deeper_disclosure_than_to_small_talk(
    analyzer: Analyzer,
) -> None:
    scored = analyzer.measure(["Yes.", "Yes."], previous=[PERSONAL, SMALL_TALK])
    assert scored["depth"][0] > scored["depth"][1] + 0.2
    assert scored["layer"][0] != "none"


def test_a_row_with_no_previous_turn_scores_as_without_context(analyzer: Analyzer) -> None:
    texts = ["I was diagnosed with diabetes last year.", "The bus is late."]
    alone = analyzer.measure(texts)
    with_blanks = analyzer.measure(texts, previous=["", None])
    pd.testing.assert_frame_equal(alone, with_blanks)


def test_a_rows_scores_depend_on_its_own_previous_turn_not_on_its_neighbours(analyzer: Analyzer) -> None:
    texts = ["Yes.", "Me too, since I was a kid.", "mm-hmm", "I lost my job and my flat in the same week."]
    previous = [PERSONAL, "I have always been scared of the dark.", "", "How have things been?"]
    together = analyzer.measure(texts, previous)
    for i in range(len(texts)):
        alone = analyzer.measure([texts[i]], [previous[i]])
        np.testing.assert_allclose(
            together[SCORES].iloc[i].to_numpy(float), alone[SCORES].iloc[0].to_numpy(float), atol=1e-4
        )
    reordered = analyzer.measure(texts[::-1], previous[::-1])
    np.testing.assert_allclose(together[SCORES].to_numpy(float), reordered[SCORES].to_numpy(float)[::-1], atol=1e-4)


def test_previous_turns_must_be_one_per_utterance(analyzer: Analyzer) -> None:
    with pytest.raises(InputError, match="one previous turn"):
        analyzer.measure(["Yes.", "No."], previous=[PERSONAL])


def test_analyze_reads_the_context_column_and_refuses_a_missing_one(tmp_path: Path, analyzer: Analyzer) -> None:
    source = tmp_path / "answers.csv"
    pd.DataFrame({"text": ["Yes.", "Yes."], "question": [PERSONAL, SMALL_TALK]}).to_csv(source, index=False)
    out = tmp_path / "scored.csv"
    result = CliRunner().invoke(app, ["analyze", str(source), "-o", str(out), "--context-column", "question", "-q"])
    assert result.exit_code == 0, result.output
    written = pd.read_csv(out)
    expected = analyzer.measure(["Yes.", "Yes."], previous=[PERSONAL, SMALL_TALK])
    np.testing.assert_allclose(written["depth"], expected["depth"], atol=1e-4)
    assert list(written["question"]) == [PERSONAL, SMALL_TALK]  # the input column passes through

    refused = CliRunner().invoke(app, ["analyze", str(source), "--context-column", "asked", "-q"])
    assert refused.exit_code != 0
    assert "asked" in refused.output


def test_conversations_read_each_utterance_with_the_one_before_it_in_turn_order(analyzer: Analyzer) -> None:
    frame = pd.DataFrame(
        {
            "conversation": ["a", "b", "a", "b"],
            "speaker": ["helper", "helper", "client", "client"],
            "turn": [1, 1, 2, 2],
            "text": [PERSONAL, SMALL_TALK, "Yes.", "Yes."],
        }
    ).iloc[[2, 0, 3, 1]]  # rows out of order in the file
    columns = ConversationColumns(conversation="conversation", speaker="speaker", turn="turn")
    assert previous_texts(frame, columns).to_dict() == {2: PERSONAL, 0: "", 3: SMALL_TALK, 1: ""}
    tables = measure_conversations(frame, columns, analyzer=analyzer)
    expected = analyzer.measure(["Yes.", "Yes."], previous=[PERSONAL, SMALL_TALK])
    np.testing.assert_allclose(tables.utterances.loc[[2, 3], "depth"], expected["depth"], atol=1e-4)
    assert "previous_turn" not in tables.utterances.columns
