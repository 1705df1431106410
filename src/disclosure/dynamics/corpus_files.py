"""ConvoKit corpus directories in and out, in ConvoKit's own file layout.

A corpus is read through ConvoKit's own loader (`Corpus(filename=DIR)`) when ConvoKit is installed (the `convokit`
extra). ConvoKit pulls spaCy, sentence-transformers, PyTorch and a database client, so without it we read, and
always write, its documented layout directly: `utterances.jsonl` (one utterance per line: id, speaker, conversation_id,
reply-to, timestamp, text, meta), `speakers.json` and `conversations.json` ({id: {"meta": {...},
"vectors": []}}), `corpus.json` (corpus meta) and `index.json` (meta field types). `Corpus(filename=DIR)`
loads what `write_corpus` writes; what `read_corpus` returns matches `Corpus.get_utterances_dataframe()`.
"""

from __future__ import annotations

import json
import math
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pandas as pd

from .. import io
from ..errors import InputError, message
from ..schema import COLUMNS
from .tables import ConversationTables

UTTERANCE_FIELDS = ("id", "speaker", "conversation_id", "reply_to", "timestamp", "text")
META_PREFIX = "meta."
MEASURE_NAMES = frozenset(c.name for c in COLUMNS)


def is_corpus(path: str | Path) -> bool:
    """Whether `path` is a ConvoKit corpus directory."""
    return Path(path).is_dir() and (Path(path) / "utterances.jsonl").is_file()


def read_corpus(directory: str | Path) -> pd.DataFrame:
    """The corpus's utterances, one row each in file order: the ConvoKit fields, then `meta.<key>` columns.

    Scalar speaker metadata is joined as `speaker.<key>` columns, so speaker attributes (gender, role) can be compared.
    """
    path = Path(directory)
    if not is_corpus(path):
        raise InputError(message("not_convokit", path=path, reason="it has no utterances.jsonl"))
    if find_spec("convokit") is not None:
        loaded = _read_with_convokit(path)
        if loaded is not None:
            return loaded
    records = []
    with open(path / "utterances.jsonl", encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(
                    message("not_convokit", path=path, reason=f"line {number} is not JSON ({err.msg})")
                ) from None
            record = {field: item.get(field) for field in UTTERANCE_FIELDS}
            record["reply_to"] = item.get("reply-to", item.get("reply_to"))
            record.update({_column(k): v for k, v in (item.get("meta") or {}).items()})
            records.append(record)
    frame = pd.DataFrame.from_records(records)
    speakers_file = path / "speakers.json"
    if speakers_file.is_file():
        speakers = json.loads(speakers_file.read_text(encoding="utf-8"))
        scalar = {k for data in speakers.values() for k, v in _meta(data).items() if not isinstance(v, (dict, list))}
        for key in sorted(scalar):
            lookup = {sid: _meta(data).get(key) for sid, data in speakers.items()}
            frame[f"speaker.{key}"] = frame["speaker"].map(lookup)
    return frame


def _read_with_convokit(path: Path) -> pd.DataFrame | None:
    """`read_corpus` through ConvoKit's loader: the same table (fields, then meta columns, then speaker columns);
    None for a folder ConvoKit's loader refuses though its documented layout is readable (for example an `index.json`
    without every section), which is then read by the layout reader."""
    from convokit import Corpus

    try:
        corpus = Corpus(filename=str(path))
    except (ValueError, KeyError, TypeError):
        return None
    loaded = corpus.get_utterances_dataframe().reset_index()
    meta = {c: _column(c.removeprefix(META_PREFIX)) for c in loaded.columns if c.startswith(META_PREFIX)}
    # Rebuilt from records, as the layout reader builds it, so both give the same column types.
    frame = pd.DataFrame.from_records(loaded[[*UTTERANCE_FIELDS, *meta]].rename(columns=meta).to_dict("records"))
    speakers = corpus.get_speakers_dataframe()
    for column in speakers.columns:
        values = speakers[column].dropna()
        if column.startswith(META_PREFIX) and not values.map(lambda v: isinstance(v, (dict, list))).any():
            frame[f"speaker.{column.removeprefix(META_PREFIX)}"] = frame["speaker"].map(speakers[column])
    return frame


def _column(key: str) -> str:
    """`analyze`'s meta keys keep their names (so a measured corpus is not scored again); others get 'meta.'."""
    return key if key in MEASURE_NAMES else f"{META_PREFIX}{key}"


def _meta(data: dict[str, Any]) -> dict[str, Any]:
    """Speaker or conversation metadata in either ConvoKit layout (with or without a 'meta' wrapper)."""
    return dict(data.get("meta", {})) if set(data) <= {"meta", "vectors"} else dict(data)


def write_corpus(tables: ConversationTables, directory: str | Path) -> Path:
    """Write `tables` as a ConvoKit corpus: our utterance columns become utterance meta, the speaker table
    speaker meta (keyed by conversation, as one speaker may take part in several) and the conversation table
    conversation meta; corpus-level effects go into the corpus meta."""
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    frame = tables.utterances
    conversation_column, speaker_column, text_column = (
        tables.columns.conversation,
        tables.columns.speaker,
        tables.columns.text,
    )
    own = {conversation_column, speaker_column, text_column, *UTTERANCE_FIELDS}
    meta_columns = [c for c in frame.columns if c not in own]
    utterance_index: dict[str, list[str]] = {}
    with io.atomic_path(path / "utterances.jsonl") as temporary, open(temporary, "w", encoding="utf-8") as out:
        for position, row in enumerate(frame.to_dict("records")):
            meta = {c.removeprefix(META_PREFIX): plain(row[c]) for c in meta_columns}
            for key, value in meta.items():
                utterance_index.setdefault(key, [_type_name(value)])
            item = {
                "id": str(row["id"]) if "id" in row and row["id"] is not None else str(position),
                "speaker": str(row[speaker_column]),
                "conversation_id": str(row[conversation_column]),
                "reply-to": plain(row.get("reply_to")),
                "timestamp": plain(row.get("timestamp")),
                "text": row[text_column] if isinstance(row[text_column], str) else "",
                "meta": meta,
                "vectors": [],
            }
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    speakers: dict[str, dict[str, Any]] = {}
    for record in tables.speakers.to_dict("records"):
        entry = speakers.setdefault(str(record["speaker"]), {"meta": {"disclosure_by_conversation": {}}, "vectors": []})
        entry["meta"]["disclosure_by_conversation"][str(record["conversation"])] = {
            k: plain(v) for k, v in record.items() if k not in ("conversation", "speaker")
        }
    conversations: dict[str, dict[str, Any]] = {
        str(r["conversation"]): {
            "meta": {k: plain(v) for k, v in r.items() if k != "conversation"},
            "vectors": [],
        }
        for r in tables.conversations.to_dict("records")
    }
    corpus_meta = {
        "disclosure_effects": [{k: plain(v) for k, v in r.items()} for r in tables.effects.to_dict("records")]
    }
    index = {
        "utterances-index": utterance_index,
        "speakers-index": {"disclosure_by_conversation": ["<class 'dict'>"]},
        "conversations-index": {
            k: [_type_name(v)] for k, v in next(iter(conversations.values()), {"meta": {}})["meta"].items()
        },
        "overall-index": {"disclosure_effects": ["<class 'list'>"]},
        "version": 1,
        "vectors": [],
    }
    for name, content in (
        ("speakers", speakers),
        ("conversations", conversations),
        ("corpus", corpus_meta),
        ("index", index),
    ):
        io.write_text(path / f"{name}.json", json.dumps(content, ensure_ascii=False, indent=1) + "\n")
    return path


def plain(value: Any) -> Any:
    """A JSON-ready value: NaN, NA and None become null; numpy scalars become Python ones."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return plain(value.item())
    return value


def _type_name(value: Any) -> str:
    return f"<class '{type(value).__name__}'>" if value is not None else "<class 'NoneType'>"
