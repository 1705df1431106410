"""File in, file out: one table file scored (or redacted) chunk by chunk into one output, the loop that the command
line and every engine call, so a file, a folder of shards and a Ray cluster score the same way."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd

from . import io
from .schema import REDACTION_COLUMN_NAMES, REDACTION_TO_CHECK

if TYPE_CHECKING:  # the model's modules load only when a checked job is scored
    from .analyzer import Analyzer
    from .measure.redaction import Pseudonyms

OnChunk = Callable[[pd.DataFrame], None]
"""Called with each chunk once it is written (progress bars, row accounting)."""


@dataclass(frozen=True)
class FileJob:
    """An input table checked for a run, and where and how its rows are written."""

    table: io.InputTable
    output: str
    fmt: str
    text_column: str
    """The column holding the utterances (fixed to `io.TEXT_FILE_COLUMN` for a plain-text file)."""


def open_job(
    input: str,
    output: str,
    *,
    text_column: str = "text",
    context_column: str | None = None,
    input_format: str | None = None,
    output_format: str | None = None,
    encoding: str = io.DEFAULT_ENCODING,
) -> FileJob:
    """The checked input, the output format and the text column, all settled before any model loads: a bad
    column, format or output path is refused at once."""
    table = io.open_table(input, input_format, encoding=encoding)
    fmt = io.output_format(output, output_format, default="csv" if table.fmt == "txt" else table.fmt)
    io.check_output(output, inputs=[input])
    table.check_output_format(fmt, output)
    column = io.TEXT_FILE_COLUMN if table.fmt == "txt" else text_column
    io.require_columns(table.columns, [column, *([context_column] if context_column else [])], table.name)
    return FileJob(table, output, fmt, column)


def write_scored(
    analyzer: Analyzer,
    job: FileJob,
    *,
    context_column: str | None = None,
    start: int = 0,
    rows: int | None = None,
    on_chunk: OnChunk | None = None,
) -> int:
    """Score the rows [start, start + rows) of `job`'s table (all of them by default) with `analyzer` into its
    output, atomically; return the rows written. Every input column is written unchanged, then the measurements."""
    table = job.table
    chunks = table.chunks(io.CHUNK_ROWS, start=start)
    if rows is not None:
        chunks = islice(chunks, max(1, math.ceil(rows / io.CHUNK_ROWS)))
    renamed = analyzer.renamed(table.columns)
    rounded = [renamed.get(c, c) for c in analyzer.columns]
    lists = [renamed.get(c, c) for c in analyzer.list_columns]
    with io.TableWriter(job.output, job.fmt, list_columns=lists, rounded=rounded, types=table.arrow_types) as writer:
        for scored in analyzer.pipe(
            chunks, text_column=job.text_column, source=table.name, context_column=context_column
        ):
            writer.write(scored)
            if on_chunk is not None:
                on_chunk(scored)
    return writer.rows


class RedactedFile(NamedTuple):
    """What `write_redacted` wrote: its rows, and how many of them are in a language some recognisers were not
    built for (they may hold names or sensitive topics the recognisers missed; see `schema.REDACTION_TO_CHECK`)."""

    rows: int
    unsupported_language: int
    languages: tuple[str, ...]
    """The languages of those rows."""


def write_redacted(
    job: FileJob,
    *,
    mode: str = "placeholder",
    audience: str = "public",
    pseudonyms: Pseudonyms | None = None,
    spreadsheet_safe: bool = True,
    on_chunk: OnChunk | None = None,
) -> RedactedFile:
    """Redact `job`'s text column into its output, atomically, every other column unchanged and a `language` and a
    `redaction` column added; return what was written. One `pseudonyms` keeps an entity's pseudonym across the
    whole file."""
    # Imported here: the recognisers (Presidio, spaCy) load only when a file is redacted.
    from .measure.redaction import Pseudonyms, check_options, redact_frame

    check_options(mode=mode, audience=audience)
    namer = pseudonyms or Pseudonyms()
    table = job.table
    names = {name: name for name in REDACTION_COLUMN_NAMES} | io.collision_free(table.columns, REDACTION_COLUMN_NAMES)
    unsupported_language, languages = 0, set[str]()
    with io.TableWriter(job.output, job.fmt, types=table.arrow_types, spreadsheet_safe=spreadsheet_safe) as writer:
        for chunk in table.chunks(io.CHUNK_ROWS):
            redacted = redact_frame(
                chunk, text_column=job.text_column, source=table.name, mode=mode, audience=audience, pseudonyms=namer
            )
            writer.write(redacted)
            partial = redacted[names["redaction"]].isin(REDACTION_TO_CHECK)
            unsupported_language += int(partial.sum())
            languages.update(redacted.loc[partial, names["language"]])
            if on_chunk is not None:
                on_chunk(redacted)
    return RedactedFile(writer.rows, unsupported_language, tuple(sorted(languages)))
