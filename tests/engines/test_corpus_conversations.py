"""`conversations` over shards: each conversation's rows brought together across shards give the tables the local
engine gives for the same rows in one file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from shard_corpus import corpus_rows

from disclosure.dynamics.pipeline import conversations
from disclosure.dynamics.tables import TABLE_NAMES
from disclosure.engines.corpus_conversations import conversations_corpus


def counselling_rows(conversations: int = 16, turns: int = 12) -> pd.DataFrame:
    """Client and counsellor taking turns in `conversations` conversations, texts from CL-Aff."""
    texts = corpus_rows(conversations * turns)["text"].tolist()
    return pd.DataFrame(
        {
            "conversation": [f"c{c:02d}" for c in range(conversations) for _ in range(turns)],
            "turn": [t for _ in range(conversations) for t in range(turns)],
            "speaker": [
                f"{'client' if t % 2 == 0 else 'helper'}-{c}" for c in range(conversations) for t in range(turns)
            ],
            "role": ["client" if t % 2 == 0 else "counsellor" for _ in range(conversations) for t in range(turns)],
            "text": texts,
        }
    )


def split_across_shards(rows: pd.DataFrame, folder: Path) -> pd.DataFrame:
    """The first half of every conversation in one shard, the second half in another; returns the rows in the
    shards' order (what one file holding both shards, one after the other, would hold)."""
    folder.mkdir()
    early, late = rows[rows["turn"] < 6], rows[rows["turn"] >= 6]
    early.to_csv(folder / "a.csv", index=False)
    late.to_csv(folder / "b.csv", index=False)
    return pd.concat([early, late], ignore_index=True)


@pytest.mark.parametrize("engine", ["local", pytest.param("ray", marks=pytest.mark.slow)])
def test_conversations_split_across_shards_give_the_local_engines_tables(
    tmp_path: Path, engine: str, request: pytest.FixtureRequest
) -> None:
    if engine == "ray":
        request.getfixturevalue("local_ray")
    one_file = split_across_shards(counselling_rows(), tmp_path / "shards")
    one_file.to_csv(tmp_path / "all.csv", index=False)
    options = {"turn_column": "turn", "role_column": "role"}
    local = conversations(tmp_path / "all.csv", model="fast", **options)
    local.write(tmp_path / "local")
    sharded = conversations_corpus(tmp_path / "shards", tmp_path / "out", engine=engine, model="fast", **options)
    sharded.write(tmp_path / "out")
    for name in TABLE_NAMES:
        assert (tmp_path / "out" / f"{name}.csv").read_bytes() == (tmp_path / "local" / f"{name}.csv").read_bytes()
    assert sharded.notes == local.notes
    assert (tmp_path / "out" / "measured" / "manifest.json").is_file()


def test_a_missing_conversation_column_is_refused_before_anything_is_scored(tmp_path: Path) -> None:
    split_across_shards(counselling_rows(), tmp_path / "shards")
    with pytest.raises(ValueError, match="No column 'thread'"):
        conversations_corpus(tmp_path / "shards", tmp_path / "out", model="fast", conversation_column="thread")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("given", ["shards", "shards/*.csv"])
def test_the_local_conversations_command_takes_a_folder_or_a_glob_of_shards(tmp_path: Path, given: str) -> None:
    from typer.testing import CliRunner

    from disclosure.cli import app

    split_across_shards(counselling_rows(conversations=4), tmp_path / "shards")
    args = ["conversations", str(tmp_path / given), "--out-dir", str(tmp_path / "out"), "--model", "fast"]
    result = CliRunner().invoke(app, [*args, "--turn-column", "turn", "--role-column", "role", "-q"])
    assert result.exit_code == 0, result.output
    assert pd.read_csv(tmp_path / "out" / "utterances.csv")["conversation"].nunique() == 4
    assert (tmp_path / "out" / "measured" / "manifest.json").is_file()
