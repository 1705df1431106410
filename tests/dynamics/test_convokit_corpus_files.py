"""ConvoKit corpus directories: read in ConvoKit's layout, and measures written back as metadata."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from disclosure import InputError
from disclosure.dynamics.corpus_files import read_corpus, write_corpus
from disclosure.dynamics.pipeline import conversations

from .planted_conversations import SELF_CENTRED, helper_conversation


def _dump(directory: Path, frame: pd.DataFrame) -> Path:
    """A corpus as `Corpus.dump` writes one: utterances.jsonl plus speaker/conversation/corpus/index JSON."""
    directory.mkdir()
    measured = [
        "status",
        "disclosure",
        "informational",
        "emotional",
        "emotional_support",
        "informational_support",
    ]
    with open(directory / "utterances.jsonl", "w", encoding="utf-8") as out:
        for i, row in frame.iterrows():
            item = {
                "id": f"u{i}",
                "speaker": row["speaker"],
                "conversation_id": row["conversation"],
                "reply-to": None if i == 0 else f"u{i - 1}",
                "timestamp": int(i),
                "text": row["text"],
                "meta": {k: row[k] for k in measured},
                "vectors": [],
            }
            out.write(json.dumps(item) + "\n")
    speakers = {
        s: {"meta": {"gender": "f" if s == "client" else "m"}, "vectors": []} for s in frame["speaker"].unique()
    }
    (directory / "speakers.json").write_text(json.dumps(speakers))
    (directory / "conversations.json").write_text(
        json.dumps({c: {"meta": {}, "vectors": []} for c in frame["conversation"]})
    )
    (directory / "corpus.json").write_text("{}")
    (directory / "index.json").write_text(
        json.dumps(
            {
                "utterances-index": {},
                "speakers-index": {},
                "conversations-index": {},
                "overall-index": {},
                "version": 1,
                "vectors": [],
            }
        )
    )
    return directory


def test_a_convokit_corpus_is_read_with_its_fields_meta_and_speaker_attributes(tmp_path: Path) -> None:
    corpus = _dump(tmp_path / "corpus", helper_conversation("c1", SELF_CENTRED, helper_depth=2.5, client_after=0.0))
    frame = read_corpus(corpus)
    assert list(frame.columns[:6]) == ["id", "speaker", "conversation_id", "reply_to", "timestamp", "text"]
    assert frame.loc[1, "reply_to"] == "u0"
    assert frame["speaker.gender"].tolist()[:2] == ["f", "m"]
    assert "disclosure" in frame.columns  # analyze's own meta keys keep their names


def test_conversations_on_a_corpus_use_convokit_names_and_write_measures_back(tmp_path: Path) -> None:
    corpus = _dump(tmp_path / "corpus", helper_conversation("c1", SELF_CENTRED, helper_depth=2.5, client_after=0.0))
    tables = conversations(corpus)
    out = write_corpus(tables, tmp_path / "measured")
    lines = [json.loads(line) for line in (out / "utterances.jsonl").read_text().splitlines()]
    assert len(lines) == 18 and lines[0]["id"] == "u0" and lines[1]["reply-to"] == "u0"
    assert set(lines[0]["meta"]) >= {"disclosure", "turn_number", "reply_depth", "next_depth"}
    speakers = json.loads((out / "speakers.json").read_text())
    assert speakers["therapist"]["meta"]["disclosure_by_conversation"]["c1"]["helper_centred"] is True
    conversation_meta = json.loads((out / "conversations.json").read_text())["c1"]["meta"]
    assert conversation_meta["n_turns"] == 18
    assert "disclosure_effects" in json.loads((out / "corpus.json").read_text())
    again = conversations(out)
    assert len(again.utterances) == 18


def test_a_folder_that_is_not_a_corpus_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a ConvoKit corpus"):
        read_corpus(tmp_path)
