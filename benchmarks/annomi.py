"""AnnoMI for the benchmarks: where it lies (../shared/data/annomi, never copied in) and how its columns map.

from annomi import ANNOMI, annomi_columns, read_annomi
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from disclosure.dynamics.pipeline import conversation_columns
from disclosure.dynamics.turns import ConversationColumns

ANNOMI = Path(__file__).resolve().parents[2] / "shared" / "data" / "annomi" / "AnnoMI-simple.csv"


def read_annomi(path: Path) -> pd.DataFrame:
    """AnnoMI's utterances as text (as the command line reads a file); exit with a hint when it is missing."""
    if not path.is_file():
        raise SystemExit(f"No AnnoMI at {path}; pass --data.")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def annomi_columns(responses: Sequence[str]) -> ConversationColumns:
    """AnnoMI's columns: transcripts are conversations, the interlocutor is both speaker and role."""
    return conversation_columns(
        False,
        conversation_column="transcript_id",
        speaker_column="interlocutor",
        role_column="interlocutor",
        turn_column="utterance_id",
        text_column="utterance_text",
        responses=responses,
    )
