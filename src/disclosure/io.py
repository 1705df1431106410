"""Read and write utterance tables (CSV, TSV, JSONL, Parquet, Excel, plain text) in chunks, atomically.

Reading never alters the input's own columns: delimited cells stay text, JSON values keep their type (an
integer stays an integer, a missing key stays missing) and Parquet columns keep their Arrow type, so every
input column comes back out exactly as it went in. A file is checked whole before any chunk is handed
on (header, row lengths, JSON lines, encoding), so a bad line is refused before anything is written.
Outputs are written to a temporary file beside the target and renamed into place only when complete.
"""

from __future__ import annotations

import atexit
import codecs
import contextlib
import csv
import json
import math
import os
import re
import shutil
import sys
import tempfile
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from typing_extensions import Self

from .errors import InputError, message
from .headers import DEFAULT_ENCODING as DEFAULT_ENCODING
from .headers import EXTENSIONS as EXTENSIONS
from .headers import FORMATS as FORMATS
from .headers import STDIO as STDIO
from .headers import TABLE_FORMATS as TABLE_FORMATS
from .headers import detect_format as detect_format
from .headers import open_text, records, require_file, sniff_delimiter
from .headers import require_columns as require_columns

TEXT_FILE_COLUMN = "text"
"""The column name given to the utterances of a plain-text file (one utterance per line)."""
CHUNK_ROWS = 4096
"""Rows read, scored and written together: the unit every engine scores in (so values agree across engines)."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet runs a cell starting with one of these as a formula, or strips the tab or carriage return and runs
what follows (CSV injection; OWASP's list)."""
XLSX_MAX_ROWS = 1_048_575
"""Data rows an Excel sheet holds (1,048,576 rows, one of them the header)."""
XLSX_MAX_CELL = 32_767
"""Characters an Excel cell holds; Excel cuts a longer text without a word, so it is refused instead."""
LIST_SEPARATOR = ";"
"""How a list cell (such as `categories`) is written in CSV, TSV and Excel."""


class Missing:
    """A JSON key absent from one line but present on others: written back out as absent, never as null.

    Its one instance is `MISSING`.
    """

    def __repr__(self) -> str:
        return "MISSING"

    def __str__(self) -> str:
        return ""

    def __bool__(self) -> bool:
        return False


MISSING = Missing()


def output_format(path: str, fmt: str | None, *, default: str) -> str:
    """The format to write `path` in: `fmt`, else its extension's, else `default` (stdout); refused if it cannot hold
    a table or if `fmt` contradicts the extension (a .xlsx name never receives CSV text)."""
    suffix = Path(path).suffix.lower()
    if path != STDIO and fmt is None and suffix and suffix not in EXTENSIONS:
        raise InputError.about("output_format", "unknown_format", path=path, options=TABLE_FORMATS)
    chosen = detect_format(path, fmt, default=default, parameter="output_format")
    if chosen == "txt":
        raise InputError(message("text_output"))
    implied = EXTENSIONS.get(suffix)
    if path != STDIO and implied is not None and implied != chosen:
        raise InputError(message("format_mismatch", path=path, suffix=suffix, fmt=chosen))
    return chosen


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class InputTable:
    """A checked input file: its format, columns and row count, read chunk by chunk on demand."""

    path: str
    """The file read (standard input is first copied to a temporary file)."""
    name: str
    """How messages name it: the path in quotes, or 'standard input'."""
    fmt: str
    encoding: str
    columns: tuple[str, ...]
    rows: int
    delimiter: str = ","
    arrow_types: dict[str, pa.DataType] = field(default_factory=dict)
    """The Arrow type of each input column over the whole file (what a Parquet output keeps)."""
    conflicts: dict[str, str] = field(default_factory=dict)
    """Columns that no single Arrow type can hold, with where the type changes (JSONL, Excel)."""

    def chunks(self, chunk_size: int = CHUNK_ROWS, *, start: int = 0) -> Iterator[pd.DataFrame]:
        """The table as DataFrames of at most `chunk_size` rows, in order (one empty frame for a header-only file).

        With `start`, the rows before it are skipped (read, not converted; Parquet skips whole row groups) and the
        chunks are those a read from the top would give after it, when `start` is a multiple of `chunk_size`.
        """
        produced = False
        position = start
        for chunk in self._read(chunk_size, start):
            chunk.index = pd.RangeIndex(position, position + len(chunk))
            position += len(chunk)
            produced = True
            yield chunk
        if not produced and start == 0:
            yield pd.DataFrame({c: pd.Series([], dtype=object) for c in self.columns})

    def _read(self, chunk_size: int, start: int) -> Iterator[pd.DataFrame]:
        """The reader's chunks; what the whole-file check cannot see (invalid UTF-8 inside a Parquet string
        column) is refused as the file's fault, never as a traceback."""
        try:
            yield from _READERS[self.fmt](self, chunk_size, start)
        except UnicodeDecodeError:
            raise InputError(_encoding_message(self.path, self.name, self.encoding)) from None
        except (pa.ArrowException, csv.Error) as err:
            raise InputError(message("unreadable", path=self.name, fmt=self.fmt, reason=_one_line(err))) from None

    def frame(self) -> pd.DataFrame:
        """The whole table as one DataFrame."""
        return pd.concat(list(self.chunks()), ignore_index=True)

    def check_output_format(self, fmt: str, path: str) -> None:
        """Refuse, before any work, an output format that cannot hold this table (mixed types in Parquet, too many
        rows for Excel)."""
        if fmt == "parquet" and self.conflicts:
            changes = "; ".join(f"'{c}': {where}" for c, where in self.conflicts.items())
            raise InputError(message("mixed_types", source=self.name, changes=changes))
        if fmt == "xlsx" and self.rows > XLSX_MAX_ROWS:
            raise InputError(message("too_many_rows", path=path, limit=XLSX_MAX_ROWS))


RENAMED_SUFFIX = "_measured"


def collision_free(existing: Iterable[object], added: Sequence[str]) -> dict[str, str]:
    """New names for the `added` columns that collide with `existing` ones (a suffix, numbered if need be); the
    input's own columns always keep their names."""
    existing = list(existing)
    taken = set(map(str, existing)) | set(added)
    renamed = {}
    for name in added:
        if name in existing:
            candidate, n = f"{name}{RENAMED_SUFFIX}", 2
            while candidate in taken:
                candidate, n = f"{name}{RENAMED_SUFFIX}_{n}", n + 1
            renamed[name] = candidate
            taken.add(candidate)
    return renamed


def open_table(path: str | Path, fmt: str | None = None, *, encoding: str = DEFAULT_ENCODING) -> InputTable:
    """Check the table at `path` ('-' for standard input) whole and return it, ready to be read in chunks.

    Raises `InputError` for a missing, empty or unreadable file, text that is not in `encoding`, a header that
    names a column twice, a row with more or fewer fields than the header, or a JSON line that is not an object,
    naming the line.
    """
    path = str(path)
    fmt = detect_format(path, fmt, default="csv" if path == STDIO else None)
    _check_encoding_name(encoding)
    name = "standard input" if path == STDIO else f"'{path}'"
    if path == STDIO:
        path = _spooled_stdin()
    else:
        require_file(path)
    try:
        table = _SCANNERS[fmt](path, name, fmt, encoding)
    except UnicodeDecodeError:
        raise InputError(_encoding_message(path, name, encoding)) from None
    except (ValueError, OSError, pa.ArrowException, csv.Error, KeyError) as err:
        raise InputError(message("unreadable", path=name, fmt=fmt, reason=_one_line(err))) from None
    duplicated = sorted({c for c in table.columns if table.columns.count(c) > 1})
    if duplicated:
        raise InputError(message("duplicate_columns", source=name, columns=duplicated))
    if not table.columns:
        raise InputError(message("empty_file", path=name))
    return table


def read_chunks(
    path: str, fmt: str | None = None, *, chunk_size: int = CHUNK_ROWS, encoding: str = DEFAULT_ENCODING
) -> Iterator[pd.DataFrame]:
    """Yield the table at `path` in DataFrames of at most `chunk_size` rows (see `open_table`)."""
    return open_table(path, fmt, encoding=encoding).chunks(chunk_size)


def read_table(path: str | Path, fmt: str | None = None, *, encoding: str = DEFAULT_ENCODING) -> pd.DataFrame:
    """The whole table at `path` as one DataFrame (see `open_table`)."""
    return open_table(path, fmt, encoding=encoding).frame()


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__


def _check_encoding_name(encoding: str) -> None:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(message("unknown_encoding", encoding=encoding)) from None


def _spooled_stdin() -> str:
    """Standard input copied to a temporary file (removed at exit), so it can be checked whole and then read."""
    handle, spooled = tempfile.mkstemp(prefix="disclosure-stdin-")
    with os.fdopen(handle, "wb") as out:
        shutil.copyfileobj(sys.stdin.buffer, out)
    atexit.register(_remove, spooled)
    return spooled


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _encoding_message(path: str, name: str, encoding: str) -> str:
    """Where the first byte that `encoding` cannot decode sits, counted from the start of the file."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    with open(path, "rb") as stream:
        while block := stream.read(1 << 16):
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(block)
            except UnicodeDecodeError as err:
                at = offset - pending + err.start
                data = decoder.getstate()[0] + block if pending else block
                byte = data[err.start] if err.start < len(data) else 0
                return message("bad_encoding", path=name, encoding=_shown(encoding), offset=at, byte=f"{byte:02X}")
            offset += len(block)
    return message("bad_encoding", path=name, encoding=_shown(encoding), offset=offset, byte="??")


def _shown(encoding: str) -> str:
    return "UTF-8" if codecs.lookup(encoding).name in ("utf-8", "utf-8-sig") else encoding


def _scan_delimited(path: str, name: str, fmt: str, encoding: str) -> InputTable:
    delimiter = "\t" if fmt == "tsv" else sniff_delimiter(path, encoding)
    rows = records(path, encoding, delimiter)
    first = next(rows, None)
    if first is None:
        raise InputError(message("empty_file", path=name))
    header = first[1]
    count = 0
    for line, record in rows:
        if len(record) != len(header):
            raise InputError(message("ragged_row", path=name, line=line, found=len(record), expected=len(header)))
        count += 1
    columns = tuple(header)
    return InputTable(path, name, fmt, encoding, columns, count, delimiter, {c: pa.string() for c in columns})


def _read_delimited(table: InputTable, chunk_size: int, start: int) -> Iterator[pd.DataFrame]:
    rows = records(table.path, table.encoding, table.delimiter)
    next(rows)
    _skip(rows, start)
    while batch := [record for _, (_, record) in zip(range(chunk_size), rows, strict=False)]:
        yield pd.DataFrame(batch, columns=list(table.columns), dtype=object)


def _json_lines(path: str, encoding: str, name: str = "") -> Iterator[tuple[int, dict[str, Any]]]:
    """Each non-blank line as a JSON object, with its line number (`name` names the file in messages)."""
    with open_text(path, encoding) as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(message("bad_json_line", path=name, line=number, reason=err.msg)) from None
            if not isinstance(item, dict):
                raise InputError(
                    message("bad_json_line", path=name, line=number, reason=f"found {type(item).__name__}")
                )
            yield number, item


class _Kinds:
    """The JSON types one column holds over the whole file, and the first line where it changed type."""

    def __init__(self) -> None:
        self.kinds: dict[str, int] = {}

    def add(self, value: object, line: int) -> None:
        if value is not None and value is not MISSING:
            self.kinds.setdefault(_kind(value), line)

    def arrow(self) -> pa.DataType | None:
        """One Arrow type for every value, or None when there is none."""
        kinds = set(self.kinds)
        if kinds <= {"int"} and kinds:
            return pa.int64()
        if kinds and kinds <= {"int", "float"}:
            return pa.float64()
        return {frozenset(): pa.string(), frozenset({"str"}): pa.string(), frozenset({"bool"}): pa.bool_()}.get(
            frozenset(kinds)
        )

    def change(self) -> str:
        ordered = sorted(self.kinds.items(), key=lambda item: item[1])
        return ", ".join(f"{kind} from line {line}" for kind, line in ordered)


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int" if -(2**63) <= value < 2**63 else "big integer"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    return "list" if isinstance(value, list) else type(value).__name__


def _typed(
    path: str, name: str, fmt: str, encoding: str, columns: list[str], kinds: dict[str, _Kinds], rows: int
) -> InputTable:
    types, conflicts = {}, {}
    for column in columns:
        arrow = kinds[column].arrow()
        if arrow is None:
            conflicts[column] = kinds[column].change()
        else:
            types[column] = arrow
    return InputTable(path, name, fmt, encoding, tuple(columns), rows, arrow_types=types, conflicts=conflicts)


def _scan_jsonl(path: str, name: str, fmt: str, encoding: str) -> InputTable:
    kinds: dict[str, _Kinds] = {}
    rows = 0
    for number, item in _json_lines(path, encoding, name):
        for key, value in item.items():
            kinds.setdefault(key, _Kinds()).add(value, number)
        rows += 1
    if rows == 0:
        raise InputError(message("empty_file", path=name))
    return _typed(path, name, fmt, encoding, list(kinds), kinds, rows)


def _read_jsonl(table: InputTable, chunk_size: int, start: int) -> Iterator[pd.DataFrame]:
    lines = _json_lines(table.path, table.encoding)
    _skip(lines, start)
    while batch := [item for _, (_, item) in zip(range(chunk_size), lines, strict=False)]:
        yield pd.DataFrame(
            {c: pd.Series([item.get(c, MISSING) for item in batch], dtype=object) for c in table.columns}
        )


def _scan_parquet(path: str, name: str, fmt: str, encoding: str) -> InputTable:
    schema = pq.read_schema(path)
    rows = pq.ParquetFile(path).metadata.num_rows
    columns = tuple(schema.names)
    return InputTable(path, name, fmt, encoding, columns, rows, arrow_types={f.name: f.type for f in schema})


def _read_parquet(table: InputTable, chunk_size: int, start: int) -> Iterator[pd.DataFrame]:
    file = pq.ParquetFile(table.path)
    first, offset = 0, 0
    while first < file.num_row_groups and offset + file.metadata.row_group(first).num_rows <= start:
        offset += file.metadata.row_group(first).num_rows
        first += 1
    batches = file.iter_batches(batch_size=chunk_size, row_groups=range(first, file.num_row_groups))
    for batch in _rebatched(batches, start - offset, chunk_size):
        batch.validate(full=True)  # invalid UTF-8 in a string column is refused here, not when a cell is read
        # Integers with nulls stay Python integers (pandas would make them floats and round 2**53 + 1).
        yield batch.to_pandas(integer_object_nulls=True)


def _rebatched(batches: Iterator[pa.RecordBatch], skip: int, size: int) -> Iterator[pa.RecordBatch]:
    """`batches` without their first `skip` rows, cut again into batches of `size` rows (the last may be shorter)."""
    if skip == 0:
        yield from batches
        return
    pending: list[pa.RecordBatch] = []
    held = 0
    for batch in batches:
        if skip >= batch.num_rows:
            skip -= batch.num_rows
            continue
        pending.append(batch.slice(skip))
        held += batch.num_rows - skip
        skip = 0
        while held >= size:
            joined = pa.Table.from_batches(pending).combine_chunks()
            yield joined.slice(0, size).to_batches()[0]
            rest = joined.slice(size)
            pending, held = rest.to_batches(), rest.num_rows
    if held:
        yield pa.Table.from_batches(pending).combine_chunks().to_batches()[0]


def _skip(records: Iterator[Any], count: int) -> None:
    """Advance `records` past its first `count` items."""
    for _ in zip(range(count), records, strict=False):
        pass


def _sheet_rows(path: str, *, scanning: bool = False) -> Iterator[tuple[int, list[object]]]:
    """Each row of the first sheet with its row number, up to the last row that holds a value; when `scanning`, a
    warning names the other sheets that hold values (they are not read)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException):
        raise ValueError("it is not an Excel .xlsx workbook") from None
    try:
        others = [sheet.title for sheet in book.worksheets[1:] if scanning and _holds_values(sheet)]
        if others:
            warnings.warn(
                message("other_sheets", path=path, sheet=book.worksheets[0].title, others=others), stacklevel=2
            )
        blank: list[tuple[int, list[object]]] = []
        for number, row in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
            blank.append((number, list(row)))
            if any(value is not None for value in row):
                yield from blank
                blank = []
    finally:
        book.close()


def _holds_values(sheet: Any) -> bool:
    return any(value is not None for row in sheet.iter_rows(values_only=True) for value in row)


def _scan_xlsx(path: str, name: str, fmt: str, encoding: str) -> InputTable:
    rows = _sheet_rows(path, scanning=True)
    first = next(rows, None)
    if first is None:
        raise InputError(message("empty_file", path=name))
    header = [str(v) if v is not None else "" for v in first[1]]
    while header and header[-1] == "":
        header.pop()
    kinds = {c: _Kinds() for c in header}
    count = 0
    for number, row in rows:
        if any(v is not None for v in row[len(header) :]):
            width = max(i for i, v in enumerate(row) if v is not None) + 1
            raise InputError(message("ragged_row", path=name, line=number, found=width, expected=len(header)))
        for column, value in zip(header, row, strict=False):
            kinds[column].add(value, number)
        count += 1
    return _typed(path, name, fmt, encoding, header, kinds, count)


def _read_xlsx(table: InputTable, chunk_size: int, start: int) -> Iterator[pd.DataFrame]:
    width = len(table.columns)
    rows = _sheet_rows(table.path)
    next(rows)
    _skip(rows, start)
    while batch := [(row + [None] * width)[:width] for _, (_, row) in zip(range(chunk_size), rows, strict=False)]:
        yield pd.DataFrame(batch, columns=list(table.columns), dtype=object)


def _scan_text(path: str, name: str, fmt: str, encoding: str) -> InputTable:
    with open_text(path, encoding) as stream:
        rows = sum(1 for _ in stream)
    if rows == 0:
        raise InputError(message("empty_file", path=name))
    return InputTable(path, name, fmt, encoding, (TEXT_FILE_COLUMN,), rows, arrow_types={TEXT_FILE_COLUMN: pa.string()})


def _read_text(table: InputTable, chunk_size: int, start: int) -> Iterator[pd.DataFrame]:
    with open_text(table.path, table.encoding) as stream:
        lines = (line.rstrip("\r\n") for line in stream)
        _skip(lines, start)
        while batch := [line for _, line in zip(range(chunk_size), lines, strict=False)]:
            yield pd.DataFrame({TEXT_FILE_COLUMN: pd.Series(batch, dtype=object)})


_SCANNERS = {
    "csv": _scan_delimited,
    "tsv": _scan_delimited,
    "jsonl": _scan_jsonl,
    "parquet": _scan_parquet,
    "xlsx": _scan_xlsx,
    "txt": _scan_text,
}
_READERS = {
    "csv": _read_delimited,
    "tsv": _read_delimited,
    "jsonl": _read_jsonl,
    "parquet": _read_parquet,
    "xlsx": _read_xlsx,
    "txt": _read_text,
}


# ---------------------------------------------------------------- output paths


def check_output(path: str | Path, *, inputs: Sequence[str | Path] = ()) -> None:
    """Refuse, before any work, an output path that is an input, a folder, or in a folder that is missing or
    cannot be written."""
    target = Path(path)
    if str(path) == STDIO:
        return
    for source in inputs:
        if str(source) != STDIO and target.exists() and Path(source).exists() and os.path.samefile(target, source):
            raise InputError(message("output_is_input", path=path))
    if target.is_dir():
        raise InputError(message("output_is_folder", path=path))
    folder = target.parent
    if not folder.is_dir():
        raise InputError(message("no_output_folder", path=path, folder=folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(message("output_not_writable", path=path, folder=folder))


class _AtomicFile:
    """A temporary file beside `target`, renamed onto it by `commit` or deleted by `discard`."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.direct = target.exists() and not target.is_file()
        """A device such as /dev/stdout is written in place: there is nothing to rename."""
        if self.direct:
            self.path = target
        else:
            # The name is cut so that prefix, random part and suffix fit any name the file system takes (255 bytes).
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:64]}.", suffix=".partial")
            os.close(handle)
            self.path = Path(temporary)

    def commit(self) -> None:
        if not self.direct:
            os.chmod(self.path, 0o666 & ~_umask())
            os.replace(self.path, self.target)

    def discard(self) -> None:
        if not self.direct:
            _remove(str(self.path))


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path beside `path` to write to; renamed to `path` when the block ends without an error, deleted
    otherwise, so an interrupted or failed write never leaves a partial file at `path`."""
    atomic = _AtomicFile(Path(path))
    try:
        yield atomic.path
    except BaseException:
        atomic.discard()
        raise
    atomic.commit()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_text(path: str | Path, text: str) -> Path:
    """Write `text` (UTF-8) to `path` atomically."""
    with atomic_path(path) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return Path(path)


# ---------------------------------------------------------------- writing


def _list_columns(chunk: pd.DataFrame, declared: Sequence[str]) -> list[str]:
    """Columns holding lists: those declared as lists, and any other whose cells are lists."""
    return [
        c
        for c in chunk.columns
        if c in declared or (chunk[c].dtype == object and chunk[c].map(lambda v: isinstance(v, list)).any())
    ]


def _is_null(value: object) -> bool:
    return value is None or value is MISSING or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def neutralise_formula(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, made inert with a leading apostrophe (numbers such as
    '-3' are left alone)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _is_number(value):
        return "'" + value
    return value


def _spreadsheet_cells(
    chunk: pd.DataFrame, declared: Sequence[str], rounded: Sequence[str], *, safe: bool
) -> pd.DataFrame:
    """CSV, TSV and Excel cells: lists ';'-joined, formulas neutralised when `safe`, absent JSON keys empty; float
    columns other than the measurements become Python floats, so that only the measurements take the writer's
    4-decimal format and every other value comes out exactly as it came in."""
    out = chunk.copy()
    lists = set(_list_columns(chunk, declared))
    for name in out.columns:
        column = out[name]
        if name in lists:
            column = column.map(lambda v: LIST_SEPARATOR.join(map(str, v)) if isinstance(v, list) else v)
        elif pd.api.types.is_float_dtype(column.dtype) and name not in rounded:
            column = column.astype(object)
        if column.dtype == object:
            column = column.mask(column.isin([MISSING]), None)
        if (column.dtype == object or pd.api.types.is_string_dtype(column.dtype)) and safe:
            risky = column.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_STARTS)).astype(bool)
            if risky.any():
                column = column.mask(risky, column[risky].map(neutralise_formula))
        out[name] = column
    return out


def _json_value(value: object, *, exact: bool = False) -> object:
    """`value` as JSON; with `exact` (a cell read from JSON, kept as it came) a NaN stays NaN, else it is null."""
    if exact and isinstance(value, float) and math.isnan(value):
        return value
    if _is_null(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return [_json_value(v) for v in value.tolist()]
    if isinstance(value, (pd.Timestamp, pd.Timedelta)):
        return value.isoformat()
    return value


def _json_lines_of(chunk: pd.DataFrame, rounded: Sequence[str]) -> str:
    columns = list(chunk.columns)
    values = [
        chunk[c].round(4) if c in rounded and pd.api.types.is_float_dtype(chunk[c].dtype) else chunk[c] for c in columns
    ]
    # Cells kept as Python values (object columns other than the measurements) pass through exactly: NaN stays NaN.
    exact = [c not in rounded and chunk[c].dtype == object for c in columns]
    lines = []
    for row in zip(*(v.tolist() for v in values), strict=True):
        record = {
            c: _json_value(v, exact=keep) for c, v, keep in zip(columns, row, exact, strict=True) if v is not MISSING
        }
        line = json.dumps(record, ensure_ascii=False, default=str)
        if not line.isascii() and holds_surrogate(line):  # a lone surrogate (valid in JSON) is kept as an escape
            line = json.dumps(record, default=str)
        lines.append(line + "\n")
    return "".join(lines)


def holds_surrogate(text: str) -> bool:
    """Whether `text` holds a lone surrogate (U+D800 to U+DFFF): JSON can carry one, but it is no character, so no
    UTF-8 file, tokenizer or Arrow column can hold it."""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


_DECLARED_ARROW = {"float": pa.float64(), "str": pa.string(), "int": pa.int64(), "bool": pa.bool_()}


class TableWriter:
    """Write DataFrame chunks to one CSV, TSV, JSONL, Parquet or Excel file (or stdout), atomically.

    Parameters
    ----------
    path, fmt : where and in which format (see `TABLE_FORMATS`).
    list_columns : columns written as lists (Parquet, JSONL) or ';'-joined text (CSV, TSV, Excel) in every chunk.
    rounded : float columns written with 4 decimals (the measurements); every other column is written exactly.
    types : the Arrow type of columns whose type a first chunk may not show (Parquet keeps it for every chunk).
    spreadsheet_safe : for a file made to be opened in a spreadsheet and shared (redact's output): a CSV or TSV text
        cell starting with =, +, -, @, a tab or a carriage return gets a leading apostrophe, so a spreadsheet shows
        it instead of running it. Off by default: a research table's cells come out exactly as they went in. Excel
        cells are written as text either way, which no spreadsheet runs.

    The rows reach `path` only when the writer closes after a complete run; after an error nothing is there.
    """

    def __init__(
        self,
        path: str,
        fmt: str,
        *,
        list_columns: Sequence[str] = (),
        rounded: Sequence[str] = (),
        types: dict[str, pa.DataType] | None = None,
        spreadsheet_safe: bool = False,
    ) -> None:
        if fmt == "txt":
            raise InputError(message("text_output"))
        if fmt not in WRITERS:
            raise InputError(message("unsupported_format", fmt=fmt, options=TABLE_FORMATS))
        self.path = path
        self.fmt = fmt
        self.list_columns = tuple(list_columns)
        self.rounded = tuple(rounded)
        self.types = dict(types or {})
        self.spreadsheet_safe = spreadsheet_safe
        self.rows = 0
        """Rows written so far."""
        self._atomic: _AtomicFile | None = None
        self.replaced: list[tuple[int, str]] = []
        """Excel cells (row, column) whose characters an Excel sheet cannot hold were replaced by U+FFFD."""
        self._format = WRITERS[fmt](self)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()

    def destination(self) -> Path | None:
        """The temporary file being written (None for stdout)."""
        if self.path == STDIO:
            return None
        if self._atomic is None:
            self._atomic = _AtomicFile(Path(self.path))
        return self._atomic.path

    def write(self, chunk: pd.DataFrame) -> None:
        """Append `chunk` to the output."""
        self._format.write(chunk)
        self.rows += len(chunk)

    def close(self) -> None:
        """Finish the output and move it into place (stdout is flushed, not closed)."""
        try:
            self._format.finish()
            if self.replaced:
                where = ", ".join(f"row {row} '{column}'" for row, column in self.replaced[:5])
                more = f" and {len(self.replaced) - 5:,} more" if len(self.replaced) > 5 else ""
                warnings.warn(
                    message("excel_replaced", path=self.path, n=len(self.replaced), where=where + more), stacklevel=2
                )
            self.destination()
        except BaseException:
            self.abort()
            raise
        if self._atomic is not None:
            self._atomic.commit()
            self._atomic = None

    def abort(self) -> None:
        """Stop writing and leave nothing at the output path."""
        with contextlib.suppress(Exception):
            self._format.abort()
        if self._atomic is not None:
            self._atomic.discard()
            self._atomic = None


class _FormatWriter(Protocol):
    """How one format writes the chunks of a `TableWriter`: created with it, then `write` per chunk (before the
    writer counts its rows), `finish` once on success, `abort` once on failure."""

    def write(self, chunk: pd.DataFrame) -> None: ...

    def finish(self) -> None: ...

    def abort(self) -> None: ...


class _TextWriter:
    """A text file (or stdout), opened on the first chunk; a subclass writes the chunks."""

    def __init__(self, out: TableWriter) -> None:
        self.out = out
        self._stream: IO[str] | None = None

    def stream(self) -> IO[str]:
        if self._stream is None:
            # Kept open across write() calls and closed in finish(): a context manager cannot span them.
            target = self.out.destination()
            # A lone surrogate (possible in JSON, impossible in UTF-8) is written as its \\u escape, not dropped.
            self._stream = (
                sys.stdout
                if target is None
                else open(target, "w", encoding="utf-8", newline="", errors="backslashreplace")  # noqa: SIM115
            )
        return self._stream

    def finish(self) -> None:
        if self._stream is sys.stdout:
            self._stream.flush()
        elif self._stream is not None:
            self._stream.close()
        self._stream = None

    def abort(self) -> None:
        if self._stream is not None and self._stream is not sys.stdout:
            self._stream.close()
        self._stream = None


class _DelimitedWriter(_TextWriter):
    """CSV or TSV: RFC 4180 quoting, lists joined with ';', measurements to four decimals."""

    def __init__(self, out: TableWriter, separator: str) -> None:
        super().__init__(out)
        self.separator = separator

    def write(self, chunk: pd.DataFrame) -> None:
        out = self.out
        _spreadsheet_cells(chunk, out.list_columns, out.rounded, safe=out.spreadsheet_safe).to_csv(
            self.stream(),
            sep=self.separator,
            index=False,
            header=out.rows == 0,
            float_format="%.4f",
            # RFC 4180 line ends: a cell holding a lone carriage return is then quoted, not split.
            lineterminator="\r\n",
        )


class _JsonLinesWriter(_TextWriter):
    """One JSON object per row."""

    def write(self, chunk: pd.DataFrame) -> None:
        self.stream().write(_json_lines_of(chunk, self.out.rounded))


class _ParquetWriter:
    """Parquet with the schema of the first chunk, the declared types and the input's own types kept."""

    def __init__(self, out: TableWriter) -> None:
        self.out = out
        self._parquet: pq.ParquetWriter | None = None

    def schema(self, chunk: pd.DataFrame) -> pa.Schema:
        from .schema import declared_dtype

        fields = []
        lists = set(_list_columns(chunk, self.out.list_columns))
        inferred = pa.Schema.from_pandas(_arrow_ready(chunk), preserve_index=False)
        for name in chunk.columns:
            declared = declared_dtype(name)
            if name in self.out.types:
                kind = self.out.types[name]
            elif name in lists:
                kind = pa.list_(pa.string())
            elif declared in _DECLARED_ARROW:
                kind = _DECLARED_ARROW[declared]
            else:
                kind = inferred.field(name).type
            fields.append(pa.field(name, kind))
        return pa.schema(fields)

    def write(self, chunk: pd.DataFrame) -> None:
        out = self.out
        for name in chunk.columns:
            if chunk[name].dtype == object:
                rows = [i for i, v in enumerate(chunk[name].tolist()) if isinstance(v, str) and holds_surrogate(v)]
                if rows:
                    row = out.rows + rows[0] + 1
                    raise InputError(message("surrogate_in_parquet", path=out.path, row=row, column=name))
        if self._parquet is None:
            destination = out.destination()
            sink: Any = sys.stdout.buffer if destination is None else str(destination)
            self._parquet = pq.ParquetWriter(sink, self.schema(chunk))
        arrays = []
        for field_ in self._parquet.schema:
            values = chunk[field_.name]
            if pa.types.is_list(field_.type):
                arrays.append(pa.array([_as_list(v) for v in values], field_.type))
            else:
                arrays.append(pa.Array.from_pandas(_arrow_ready_column(values)).cast(field_.type))
        self._parquet.write_table(pa.Table.from_arrays(arrays, schema=self._parquet.schema))

    def finish(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
        self._parquet = None

    def abort(self) -> None:
        self.finish()


class _ExcelWriter:
    """One .xlsx sheet, every text cell typed as text; characters a sheet cannot hold become U+FFFD (and the
    writer says where)."""

    def __init__(self, out: TableWriter) -> None:
        self.out = out
        self._book: Any = None
        self._sheet: Any = None

    def write(self, chunk: pd.DataFrame) -> None:
        out = self.out
        if out.rows + len(chunk) > XLSX_MAX_ROWS:
            raise InputError(message("too_many_rows", path=out.path, limit=XLSX_MAX_ROWS))
        if self._book is None:
            from openpyxl import Workbook

            self._book = Workbook(write_only=True)
            self._sheet = self._book.create_sheet()
            self._sheet.append([_excel_value(c) for c in chunk.columns])
        cells = _spreadsheet_cells(chunk, out.list_columns, out.rounded, safe=False)
        names = list(map(str, cells.columns))
        for number, row in enumerate(zip(*(cells[c].tolist() for c in cells.columns), strict=True), out.rows + 1):
            for name, value in zip(names, row, strict=True):
                if isinstance(value, str) and len(value) > XLSX_MAX_CELL:
                    raise InputError(
                        message("cell_too_long", path=out.path, row=number, column=name, length=len(value))
                    )
                if isinstance(value, str) and _EXCEL_ILLEGAL.search(value):
                    out.replaced.append((number, name))
            self._sheet.append([self._cell(v) for v in row])

    def _cell(self, value: object) -> object:
        """A text cell typed as text: openpyxl would store '=1+1' as a formula, which Excel then runs."""
        from openpyxl.cell import WriteOnlyCell

        value = _excel_value(value)
        if not isinstance(value, str) or not value.startswith("="):
            return value
        cell = WriteOnlyCell(self._sheet, value)
        cell.data_type = "s"
        return cell

    def finish(self) -> None:
        if self._book is None:
            self.write(pd.DataFrame())
        destination = self.out.destination()
        self._book.save(destination if destination is not None else sys.stdout.buffer)
        self._book = self._sheet = None

    def abort(self) -> None:
        if self._sheet is not None:
            self._sheet.close()
        self._book = self._sheet = None


WRITERS: dict[str, Callable[[TableWriter], _FormatWriter]] = {
    "csv": lambda out: _DelimitedWriter(out, ","),
    "tsv": lambda out: _DelimitedWriter(out, "\t"),
    "jsonl": _JsonLinesWriter,
    "parquet": _ParquetWriter,
    "xlsx": _ExcelWriter,
}
"""The writer of each output format (`TABLE_FORMATS`): a new format is one class and one entry here."""


def _as_list(value: object) -> list[Any] | None:
    if isinstance(value, np.ndarray):
        return list(value.tolist())
    return value if isinstance(value, list) else None


def _arrow_ready_column(values: pd.Series) -> pd.Series:
    if values.dtype == object:
        # Built from a list, not with .map: pandas would infer floats for integers beside a null (2**53 + 1 rounds).
        return pd.Series([None if v is MISSING else v for v in values.tolist()], index=values.index, dtype=object)
    return values


def _arrow_ready(chunk: pd.DataFrame) -> pd.DataFrame:
    return chunk.apply(_arrow_ready_column) if len(chunk.columns) else chunk


_EXCEL_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0, and so an .xlsx sheet, cannot hold: control characters, lone surrogates, U+FFFE, U+FFFF."""


def _excel_value(value: object) -> object:
    """A value openpyxl stores as given: characters Excel cannot hold become U+FFFD."""
    if _is_null(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, str):
        return _EXCEL_ILLEGAL.sub("\ufffd", value)
    if isinstance(value, (int, float, bool)):
        return value
    return str(value)


OUTPUT_SUFFIXES = {**EXTENSIONS, ".html": "html", ".htm": "html", ".json": "json", ".png": "png"}
"""Every output a command writes, by file extension: tables, the HTML report, the fitted parameters, a figure."""


def check_output_file(
    output: Path | None, inputs: list[str], what: str, formats: tuple[str, ...], default: str | None = None
) -> str | None:
    """The format of an output file (`default` for a name without extension), refused before any work when its
    name ends in an extension of none of `formats` or it cannot be written there."""
    if output is None:
        return None
    fmt = OUTPUT_SUFFIXES.get(output.suffix.lower()) if output.suffix else default
    if fmt not in formats:
        options = [suffix for suffix, f in OUTPUT_SUFFIXES.items() if f in formats]
        raise InputError(message("unsupported_output", what=what, path=output, options=options))
    check_output(output, inputs=inputs)
    return fmt
