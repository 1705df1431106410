"""The whole pipeline on real counselling transcripts (AnnoMI) with the shipped detector."""

from __future__ import annotations

import pandas as pd
import pytest

from disclosure import Analyzer
from disclosure.dynamics.columns import conversation_columns
from disclosure.dynamics.pipeline import measure_conversations
from disclosure.measure.detectors import SHIPPED_MODELS_DIR
from disclosure.reports.dynamics import render

from ..conftest import ANNOMI, REPO, needs_annomi

LABELS = REPO / "docs" / "data" / "annomi_therapist_self_disclosure.csv"

needs_model = pytest.mark.skipif(
    not (SHIPPED_MODELS_DIR / "default" / "config.json").is_file(),
    reason="the default model is not shipped yet",
)


def _annomi(transcripts: int) -> pd.DataFrame:
    frame = pd.read_csv(ANNOMI, dtype=str, keep_default_na=False)
    keep = sorted(frame["transcript_id"].unique(), key=int)[:transcripts]
    return frame[frame["transcript_id"].isin(keep)].reset_index(drop=True)


@needs_annomi
def test_our_self_disclosure_labels_point_at_therapist_turns_of_annomi() -> None:
    frame = pd.read_csv(ANNOMI, dtype={"transcript_id": int, "utterance_id": int})
    labels = pd.read_csv(LABELS)
    joined = labels.merge(frame, on=["transcript_id", "utterance_id"], how="left", validate="one_to_one")
    assert (joined["interlocutor"] == "therapist").all()
    assert set(labels["self_disclosure"]) == {0, 1}


@pytest.mark.slow
@needs_annomi
@needs_model
def test_annomi_transcripts_give_every_table_without_losing_a_row(analyzer: Analyzer) -> None:
    frame = _annomi(6)
    columns = conversation_columns(
        False,
        conversation_column="transcript_id",
        speaker_column="interlocutor",
        role_column="interlocutor",
        turn_column="utterance_id",
        text_column="utterance_text",
        responses=("main_therapist_behaviour=reflection",),
    )
    tables = measure_conversations(frame, columns, analyzer=analyzer)
    assert len(tables.utterances) == len(frame)
    assert tables.utterances["utterance_id"].tolist() == frame["utterance_id"].tolist()
    assert len(tables.conversations) == 6 and set(tables.speakers["role"]) == {"client", "therapist"}
    therapists = tables.speakers[tables.speakers["role"] == "therapist"]
    assert therapists["helper_disclosures"].notna().all()
    assert "reinforcement by main_therapist_behaviour=reflection" in set(tables.effects["effect"])
    assert "<img" in render(tables)
