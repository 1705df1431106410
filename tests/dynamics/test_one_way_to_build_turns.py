"""`conversations` and `fit` read the same turns from the same file: one way to order rows and cut turns."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from disclosure.dynamics.pipeline import conversations
from disclosure.model.fit import speaker_turns

from .planted_conversations import reciprocity_corpus


def _shuffled_with_clock_times(seed: int = 3) -> pd.DataFrame:
    """Peer conversations whose rows are out of order in the file, ordered only by a clock-time column, with some
    rows that cannot be scored in the middle of a speaker's run."""
    table = reciprocity_corpus(0.5, conversations=12, exchanges=6, seed=seed)
    rng = np.random.default_rng(seed)
    within = table.groupby("conversation").cumcount().to_numpy()
    table["time"] = [f"10:{m // 60:02d}:{m % 60:02d}" for m in within * 7]
    table.loc[rng.choice(len(table), 15, replace=False), "status"] = "empty text"
    table["valence"] = rng.uniform(-1, 1, len(table))
    return table.iloc[rng.permutation(len(table))].reset_index(drop=True)


def test_conversations_and_fit_see_the_same_turns_on_the_same_file(tmp_path: Path) -> None:
    source = tmp_path / "measured.csv"
    _shuffled_with_clock_times().to_csv(source, index=False)
    tables = conversations(source, turn_column="time")
    written = tmp_path / "utterances.csv"
    tables.utterances.to_csv(written, index=False)

    fitted = speaker_turns(pd.read_csv(written), turn_column="time")

    turns = tables.turns.sort_values(["conversation", "index_in_conversation"])
    seen_by_conversations = list(zip(turns["conversation"], turns["speaker"], strict=True))
    seen_by_fit = sorted(
        zip(fitted.conversation, fitted.speaker, strict=True), key=lambda key: key[0]
    )  # stable: keeps each conversation's turn order
    assert len(seen_by_fit) == len(seen_by_conversations)
    assert seen_by_fit == seen_by_conversations
