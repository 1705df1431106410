"""The AnnoMI split of docs/model.md section 6: held-out transcripts by id, every transcript in one part."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..conftest import ANNOMI, needs_annomi

SPLIT = Path(__file__).resolve().parents[2] / "docs" / "data" / "annomi_model_split.csv"


def test_the_stored_split_holds_ids_only_and_alternates_train_and_held_out() -> None:
    split = pd.read_csv(SPLIT)
    assert list(split.columns) == ["transcript_id", "part"]
    assert split["transcript_id"].is_monotonic_increasing and split["transcript_id"].is_unique
    assert split["part"].iloc[::2].eq("train").all() and split["part"].iloc[1::2].eq("held-out").all()


@needs_annomi
def test_the_split_covers_every_annomi_transcript_once() -> None:
    transcripts = pd.read_csv(ANNOMI, usecols=["transcript_id"])["transcript_id"].unique()
    assert sorted(transcripts) == pd.read_csv(SPLIT)["transcript_id"].tolist()
