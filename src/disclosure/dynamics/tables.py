"""`ConversationTables`: the four tables `conversations` returns (utterances, speakers, conversations, effects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import io
from .columns import ConversationColumns

TABLE_NAMES: tuple[str, ...] = ("utterances", "speakers", "conversations", "effects")


@dataclass(frozen=True)
class ConversationTables:
    """The results of `conversations`: four tables and the notes a reader should see."""

    utterances: pd.DataFrame
    """Every input row in input order, with the measurement columns and the partner's reply to it."""
    speakers: pd.DataFrame
    conversations: pd.DataFrame
    effects: pd.DataFrame
    """Corpus-level reciprocity and reinforcement (one row per effect, with 95% CIs and a plain sentence)."""
    turns: pd.DataFrame
    """One row per turn with canonical names (conversation, speaker, role, helper, index_in_conversation, depth,
    layer, support, disclosed, reply_*, next_depth): what trajectories and reports are drawn from."""
    notes: dict[str, str]
    columns: ConversationColumns
    """The input columns the tables were built from."""
    renamed: dict[str, str] = field(default_factory=dict)
    """Added utterance columns whose names the input already used, and the names they were written under."""

    def write(self, out_dir: str | Path, fmt: str = "csv") -> list[Path]:
        """Write each table as `<name>.<fmt>` (csv, tsv, jsonl or parquet) into `out_dir`; return the paths."""
        directory = Path(out_dir)
        directory.mkdir(parents=True, exist_ok=True)
        paths = []
        for name in TABLE_NAMES:
            path = directory / f"{name}.{fmt}"
            with io.TableWriter(str(path), fmt) as writer:
                writer.write(getattr(self, name))
            paths.append(path)
        return paths
