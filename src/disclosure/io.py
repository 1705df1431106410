"""Read and write utterance tables (CSV, TSV, JSONL, Parquet, plain text) in chunks, stdin/stdout included.

Reading never alters the input's own columns: delimited files are read as text, so an identifier such as
"007" or a cell saying "NA" comes back out exactly as it went in.
"""

from __future__ import annotations

import io as _stdio
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from typing_extensions import Self

from .errors import InputError, message

FORMATS: tuple[str, ...] = ("csv", "tsv", "jsonl", "parquet", "txt")
_EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".txt": "txt",
    ".text": "txt",
}
STDIO = "-"
TEXT_FILE_COLUMN = "text"
"""The column name given to the utterances of a plain-text file (one utterance per line)."""


def detect_format(path: str, fmt: str | None, *, default: str | None = None) -> str:
    """Return the table format for `path`: `fmt` when given, else the extension's, else `default`."""
    if fmt is not None:
        if fmt.lower() not in FORMATS:
            raise InputError(message("unsupported_format", fmt=fmt, options=FORMATS))
        return fmt.lower()
    found = _EXTENSIONS.get(Path(path).suffix.lower()) if path != STDIO else None
    if found is not None:
        return found
    if default is not None:
        return default
    raise InputError(message("unknown_format", path=path, options=FORMATS))


def read_chunks(path: str, fmt: str, *, chunk_size: int = 4096) -> Iterator[pd.DataFrame]:
    """Yield the table at `path` (or stdin for '-') as DataFrames of at most `chunk_size` rows.

    Raises `InputError` for a missing, unreadable or empty file before yielding anything.
    """
    if path != STDIO and not Path(path).is_file():
        raise InputError(message("missing_file", path=path))
    chunks = _chunks(path, fmt, chunk_size)
    try:
        first = next(chunks)
    except StopIteration:
        raise InputError(message("empty_file", path=path)) from None
    except (ValueError, pa.ArrowException, UnicodeDecodeError, pd.errors.ParserError) as err:
        raise InputError(message("unreadable", path=path, fmt=fmt, reason=_one_line(err))) from None
    if first.shape[1] == 0 and len(first) == 0:
        raise InputError(message("empty_file", path=path))
    yield first
    try:
        yield from chunks
    except (ValueError, pa.ArrowException, UnicodeDecodeError, pd.errors.ParserError) as err:
        raise InputError(message("unreadable", path=path, fmt=fmt, reason=_one_line(err))) from None


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__


def _source(path: str, binary: bool = False) -> Any:
    if path == STDIO:
        return sys.stdin.buffer if binary else sys.stdin
    return path


def _chunks(path: str, fmt: str, chunk_size: int) -> Iterator[pd.DataFrame]:
    if fmt in ("csv", "tsv"):
        try:
            reader = pd.read_csv(
                _source(path),
                sep="," if fmt == "csv" else "\t",
                dtype=str,
                keep_default_na=False,
                chunksize=chunk_size,
            )
        except pd.errors.EmptyDataError:
            return
        with reader:
            yield from reader
    elif fmt == "jsonl":
        yield from _jsonl_chunks(path, chunk_size)
    elif fmt == "parquet":
        source = _stdio.BytesIO(sys.stdin.buffer.read()) if path == STDIO else path
        parquet = pq.ParquetFile(source)
        if parquet.metadata.num_rows == 0:
            return
        for batch in parquet.iter_batches(batch_size=chunk_size):
            yield batch.to_pandas()
    elif fmt == "txt":
        yield from _text_chunks(path, chunk_size)
    else:
        raise InputError(message("unsupported_format", fmt=fmt, options=FORMATS))


def _jsonl_chunks(path: str, chunk_size: int) -> Iterator[pd.DataFrame]:
    stream: IO[str] = sys.stdin if path == STDIO else open(path, encoding="utf-8")  # noqa: SIM115
    try:
        lines = (line for line in stream if line.strip())
        while batch := [line for _, line in zip(range(chunk_size), lines)]:
            yield pd.read_json(_stdio.StringIO("".join(batch)), lines=True, dtype=False)
    finally:
        if stream is not sys.stdin:
            stream.close()


def _text_chunks(path: str, chunk_size: int) -> Iterator[pd.DataFrame]:
    stream: IO[str] = sys.stdin if path == STDIO else open(path, encoding="utf-8")  # noqa: SIM115
    try:
        lines = (line.rstrip("\r\n") for line in stream)
        while batch := [line for _, line in zip(range(chunk_size), lines)]:
            yield pd.DataFrame({TEXT_FILE_COLUMN: batch})
    finally:
        if stream is not sys.stdin:
            stream.close()


LIST_SEPARATOR = ";"
"""How a list cell (such as `categories`) is written in CSV and TSV."""


def _list_columns(chunk: pd.DataFrame, declared: Sequence[str]) -> list[str]:
    """Columns holding lists: those declared as lists, and any other whose cells are lists."""
    return [
        c
        for c in chunk.columns
        if c in declared or (chunk[c].dtype == object and chunk[c].map(lambda v: isinstance(v, list)).any())
    ]


def _joined_lists(chunk: pd.DataFrame, declared: Sequence[str]) -> pd.DataFrame:
    """CSV and TSV cells hold text: list cells become ';'-joined strings."""
    lists = _list_columns(chunk, declared)
    if not lists:
        return chunk
    out = chunk.copy()
    for name in lists:
        out[name] = out[name].map(lambda v: LIST_SEPARATOR.join(map(str, v)) if isinstance(v, list) else v)
    return out


def _arrow_table(chunk: pd.DataFrame, declared: Sequence[str]) -> pa.Table:
    """The chunk as Arrow; list columns are typed list<string> even when no cell in the chunk holds a list."""
    table = pa.Table.from_pandas(chunk, preserve_index=False)
    for name in _list_columns(chunk, declared):
        values = [v if isinstance(v, list) else None for v in chunk[name]]
        table = table.set_column(table.schema.get_field_index(name), name, pa.array(values, pa.list_(pa.string())))
    return table


class TableWriter:
    """Write DataFrame chunks to one CSV, TSV, JSONL or Parquet file (or stdout), header once."""

    def __init__(
        self, path: str, fmt: str, *, float_format: str = "%.4f", list_columns: Sequence[str] = ()
    ) -> None:
        if fmt == "txt":
            raise InputError(message("text_output"))
        if fmt not in FORMATS:
            raise InputError(message("unsupported_format", fmt=fmt, options=FORMATS))
        self.path = path
        self.fmt = fmt
        self.float_format = float_format
        self.list_columns = tuple(list_columns)
        """Columns written as lists (Parquet, JSONL) or ';'-joined text (CSV, TSV) even in chunks with no list."""
        self._rows = 0
        self._parquet: pq.ParquetWriter | None = None
        self._stream: IO[Any] | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write(self, chunk: pd.DataFrame) -> None:
        """Append `chunk` to the output."""
        if self.fmt == "parquet":
            table = _arrow_table(chunk, self.list_columns)
            if self._parquet is None:
                sink = sys.stdout.buffer if self.path == STDIO else self.path
                self._parquet = pq.ParquetWriter(sink, table.schema)
            self._parquet.write_table(table.cast(self._parquet.schema))
        else:
            stream = self._text_stream()
            if self.fmt == "jsonl":
                if len(chunk):
                    records = chunk.to_json(orient="records", lines=True, force_ascii=False, double_precision=4)
                    stream.write(records if records.endswith("\n") else records + "\n")
            else:
                _joined_lists(chunk, self.list_columns).to_csv(
                    stream,
                    sep="," if self.fmt == "csv" else "\t",
                    index=False,
                    header=self._rows == 0,
                    float_format=self.float_format,
                    lineterminator="\n",
                )
        self._rows += len(chunk)

    def _text_stream(self) -> IO[str]:
        if self._stream is None:
            # Kept open across write() calls and closed in close(): a context manager cannot span them.
            self._stream = (
                sys.stdout if self.path == STDIO else open(self.path, "w", encoding="utf-8", newline="")  # noqa: SIM115
            )
        return self._stream

    def close(self) -> None:
        """Flush and close the output (stdout is flushed, not closed)."""
        if self._parquet is not None:
            self._parquet.close()
            self._parquet = None
        if self._stream is not None:
            if self._stream is sys.stdout:
                self._stream.flush()
            else:
                self._stream.close()
            self._stream = None
