"""`conversations_corpus`: the conversation tables of a corpus of shards, its utterances scored by an engine."""

from __future__ import annotations

import io as bytes_io
from pathlib import Path

import numpy as np
import pandas as pd
from typing_extensions import Unpack

from .. import io
from ..dynamics.pipeline import (
    ConversationOptions,
    conversation_columns,
    conversation_tables,
)
from ..dynamics.tables import ConversationTables
from ..dynamics.turns import ConversationColumns, previous_texts
from ..errors import InputError, message
from ..measure.registry import measure_columns
from ..schema import DETECTOR_COLUMNS, LANGUAGE, LIST_DTYPE, STATUS, Column
from .corpus import analyze_corpus
from .manifest import Manifest
from .parts import corpus_shards

MEASURED_FOLDER = "measured"
"""The subfolder of the output that holds the scored parts and their manifest (what a rerun resumes from)."""
CONTEXT_FOLDER = "with_previous_turn"
"""The subfolder of the output that holds the input shards with each utterance's previous turn added (what the
engine scores, so an utterance is read with its previous turn as `conversations` reads it)."""


def _measurements() -> tuple[Column, ...]:
    """The columns the analyzer writes after the input's: status, language, the detector's, every registered
    measure's."""
    return (STATUS, LANGUAGE, *DETECTOR_COLUMNS, *measure_columns())


def conversations_corpus(
    source: str | Path,
    out_dir: str | Path,
    *,
    engine: str = "local",
    address: str | None = None,
    workers: int | None = None,
    model: str | Path = "default",
    batch_size: int = 64,
    input_format: str | None = None,
    encoding: str = io.DEFAULT_ENCODING,
    **options: Unpack[ConversationOptions],
) -> ConversationTables:
    """Measure conversations whose utterances are spread over shards (a folder, a glob or one file).

    The utterances are scored as `analyze_corpus` scores them, into `out_dir/measured` (resumable: rerun the
    same call after an interruption), with `engine` 'local' or 'ray'; the rows of each conversation are then
    brought together across shards, in input order, for the tables of `conversations` (write them with
    `.write(out_dir)`). `options` are those of `conversations`.
    """
    columns = conversation_columns(False, **options)
    shards = corpus_shards(source)
    first = io.open_table(shards[0], io.detect_format(str(shards[0]), input_format), encoding=encoding)
    io.require_columns(first.columns, columns.required(), first.name)
    copies = Path(out_dir) / CONTEXT_FOLDER
    context_shards, context = with_previous_turns(shards, columns, copies, input_format, encoding)
    manifest = analyze_corpus(
        context_shards,
        Path(out_dir) / MEASURED_FOLDER,
        engine=engine,
        address=address,
        workers=workers,
        model=model,
        batch_size=batch_size,
        text_column=columns.text,
        input_format="parquet",
        context_column=context,
    )
    if manifest.failed:
        details = " ".join(f"'{shard.path}': {shard.error}" for shard in manifest.failed)
        raise InputError(message("failed_shards", n=len(manifest.failed), manifest=manifest.path, details=details))
    frame, measured = (rows.drop(columns=[context]) for rows in measured_rows(manifest))
    added = [c.name for c in _measurements()]
    return conversation_tables(frame, measured, columns, added=added, source=f"the shards of '{source}'")


def with_previous_turns(
    shards: list[Path], columns: ConversationColumns, folder: Path, input_format: str | None, encoding: str
) -> tuple[Path, str]:
    """Copies of `shards` in `folder` (Parquet, one per shard, in the same order) with a column holding each
    utterance's previous turn in its conversation, found across all shards; and that column's name.

    A copy whose bytes are already there is left untouched, so a rerun resumes the run it interrupted."""
    tables = [
        io.open_table(path, io.detect_format(str(path), input_format), encoding=encoding).frame() for path in shards
    ]
    whole = pd.concat(tables, ignore_index=True)
    context = io.collision_free(whole.columns, ["previous_turn"]).get("previous_turn", "previous_turn")
    previous = previous_texts(whole, columns).to_numpy()
    folder.mkdir(parents=True, exist_ok=True)
    start = 0
    for position, table in enumerate(tables):
        buffer = bytes_io.BytesIO()
        table.assign(**{context: previous[start : start + len(table)]}).to_parquet(buffer, index=False)
        start += len(table)
        copy = folder / f"{position:06d}.parquet"
        if not copy.is_file() or copy.read_bytes() != buffer.getvalue():
            with io.atomic_path(copy) as path:
                path.write_bytes(buffer.getvalue())
    return folder, context


def measured_rows(manifest: Manifest) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The scored parts in input order, as the input's columns and as the same rows with the measurement
    columns under their own names (the input's own columns of those names left out)."""
    whole = pd.concat([io.open_table(path).frame() for path in manifest.output_files()], ignore_index=True)
    measures = [c.name for c in _measurements()]
    inputs = list(whole.columns[: -len(measures)])
    written = io.collision_free(inputs, measures)
    for name in (c.name for c in _measurements() if c.dtype == LIST_DTYPE):
        # Parquet gives list cells back as arrays; the analyzer makes lists (what the table writers expect).
        column = written.get(name, name)
        whole[column] = whole[column].map(lambda cell: cell.tolist() if isinstance(cell, np.ndarray) else cell)
    scores = whole[[written.get(name, name) for name in measures]].set_axis(measures, axis=1)
    measured = pd.concat([whole[[c for c in inputs if c not in measures]], scores], axis=1)
    return whole[inputs], measured
