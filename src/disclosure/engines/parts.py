"""A corpus as input shards cut into parts of whole chunks, and the scoring of one part into its own Parquet file.

A part is a row range of one shard that starts on a chunk boundary of the local engine (`io` reads 4,096 rows
at a time), so every utterance is scored in the same batch as `disclosure analyze` scores it: the values come
out identical, whichever engine or worker scored the part.
"""

from __future__ import annotations

import glob
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import io
from ..errors import DisclosureError, InputError, message
from ..headers import require_file
from ..schema import SCORED_STATUSES

PART_ROWS = 8 * io.CHUNK_ROWS
"""Rows per output part: the unit of work, of resumption and of accounting."""
SHARD_FORMATS = ("csv", "tsv", "jsonl", "parquet")


def corpus_shards(source: str | Path) -> list[Path]:
    """The input shards of `source`, sorted by path: a folder's table files, a glob's matches, or one file."""
    text = str(source)
    path = Path(text)
    if path.is_dir():
        found = [p for p in path.iterdir() if p.is_file() and io.EXTENSIONS.get(p.suffix.lower()) in SHARD_FORMATS]
        where = f"the folder '{text}'"
    elif glob.has_magic(text):
        found = [Path(p) for p in glob.glob(text) if Path(p).is_file()]
        where = f"the pattern '{text}'"
    else:
        require_file(text)
        found = [path]
        where = text
    if not found:
        raise InputError(message("no_shards", source=where, options=SHARD_FORMATS))
    return sorted(found)


def part_count(rows: int) -> int:
    """How many parts a shard of `rows` rows is cut into (a shard with no rows still gets one, header only)."""
    return max(1, math.ceil(rows / PART_ROWS))


def status_column(columns: tuple[str, ...]) -> str:
    """The name `status` is written under in a shard with `columns` (renamed when the input has its own)."""
    return io.collision_free(columns, ["status"]).get("status", "status")


@dataclass(frozen=True)
class Part:
    """Rows [start, stop) of one input shard, written to `file` in the output folder."""

    shard: int
    """The shard's position in the manifest's list of shards."""
    index: int
    start: int
    stop: int

    @property
    def file(self) -> str:
        return f"part-{self.shard:05d}-{self.index:05d}.parquet"


def shard_parts(shard: int, rows: int) -> list[Part]:
    """The parts of shard number `shard`, which holds `rows` rows."""
    return [
        Part(shard, index, index * PART_ROWS, min(rows, (index + 1) * PART_ROWS)) for index in range(part_count(rows))
    ]


@dataclass(frozen=True)
class PartResult:
    """What scoring one part produced: its rows in and out and how many have a status other than ok."""

    part: Part
    rows_in: int
    rows_out: int
    not_ok: int
    error: str | None = None
    """Why the part could not be scored (a corrupt shard), else None."""


@dataclass(frozen=True)
class ScoringSettings:
    """Everything a worker needs to score parts: the model and options of the run, the checked input shards."""

    model: str
    batch_size: int
    theory: bool
    text_column: str
    tables: tuple[io.InputTable | None, ...]
    """The checked shard of each position (None for a shard that could not be read)."""
    output: str
    context_column: str | None = None
    device: str = "cpu"
    """Where each worker's detector runs (see `Analyzer`)."""
    any_language: bool = False
    """Score rows in unsupported languages too (see `Analyzer`)."""


class PartScorer:
    """Loads the model once (through the public `Analyzer` API), then scores parts one after another."""

    def __init__(self, settings: ScoringSettings) -> None:
        from ..analyzer import Analyzer

        self.settings = settings
        self.analyzer = Analyzer(
            settings.model,
            batch_size=settings.batch_size,
            theory=settings.theory,
            device=settings.device,
            any_language=settings.any_language,
        )

    def __call__(self, part: Part) -> PartResult:
        """Score `part` and write it atomically (temporary file, then rename) into the output folder."""
        from ..scoring import FileJob, write_scored

        table = self.settings.tables[part.shard]
        expected = part.stop - part.start
        if table is None:
            return PartResult(part, expected, 0, 0, error="the shard could not be read")
        status = status_column(table.columns)
        not_ok = 0

        def count(scored: pd.DataFrame) -> None:
            nonlocal not_ok
            not_ok += int((~scored[status].isin(SCORED_STATUSES)).sum())

        job = FileJob(table, str(Path(self.settings.output) / part.file), "parquet", self.settings.text_column)
        try:
            rows = write_scored(
                self.analyzer,
                job,
                context_column=self.settings.context_column,
                start=part.start,
                rows=expected,
                on_chunk=count,
            )
        except DisclosureError as err:
            return PartResult(part, expected, 0, 0, error=str(err))
        except (OSError, ValueError) as err:
            return PartResult(part, expected, 0, 0, error=" ".join(str(err).split()) or type(err).__name__)
        return PartResult(part, expected, rows, not_ok)


def check_shard(path: Path, input_format: str | None, encoding: str, text_column: str) -> io.InputTable:
    """The shard at `path`, read whole once to check it can be scored and written as Parquet."""
    table = io.open_table(path, io.detect_format(str(path), input_format), encoding=encoding)
    io.require_columns(table.columns, [text_column], table.name)
    table.check_output_format("parquet", str(path))
    return table


def scan_shard(
    path: Path, input_format: str | None, encoding: str, text_column: str
) -> tuple[io.InputTable | None, str | None]:
    """`check_shard`, with a refusal returned as its message (a corrupt shard must not stop the others)."""
    try:
        return check_shard(path, input_format, encoding, text_column), None
    except DisclosureError as err:
        return None, str(err)
