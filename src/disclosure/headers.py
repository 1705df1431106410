"""An input's format and column names, found with the standard library alone.

Every command checks its input here first, so a missing file or a misnamed column is refused before pandas, NumPy,
PyArrow or a model is imported (`require_input`); `io` reads the tables themselves and checks them whole.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO

from .errors import InputError, message

FORMATS: tuple[str, ...] = ("csv", "tsv", "jsonl", "parquet", "xlsx", "txt")
TABLE_FORMATS: tuple[str, ...] = ("csv", "tsv", "jsonl", "parquet", "xlsx")
"""The formats that can hold a scored table (plain text cannot)."""
EXTENSIONS: dict[str, str] = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".xlsx": "xlsx",
    ".txt": "txt",
    ".text": "txt",
}
STDIO = "-"
DEFAULT_ENCODING = "utf-8-sig"
"""UTF-8, with or without the byte-order mark Excel writes."""
CSV_DELIMITERS = (",", ";", "\t")
"""Delimiters recognised in a .csv file (Excel writes ';' where the decimal mark is a comma)."""
HEADED_FORMATS = ("csv", "tsv")
"""The formats whose first record names every column. A JSON-lines file has no header (its columns are the keys of
all its lines), and Parquet and Excel need their libraries to be read, so their columns are checked by `io`."""


def detect_format(path: str, fmt: str | None, *, default: str | None = None, parameter: str = "input_format") -> str:
    """Return the table format for `path`: `fmt` when given, else the extension's, else `default`; `parameter` is
    the argument a caller names the format with."""
    if fmt is not None:
        if fmt.lower() not in FORMATS:
            raise InputError(message("unsupported_format", fmt=fmt, options=FORMATS))
        return fmt.lower()
    found = EXTENSIONS.get(Path(path).suffix.lower()) if path != STDIO else None
    if found is not None:
        return found
    if default is not None:
        return default
    raise InputError.about(parameter, "unknown_format", path=path, options=FORMATS)


def require_file(path: str | Path) -> None:
    """Raise `InputError` when there is no file at `path`."""
    if not Path(path).is_file():
        raise InputError(message("missing_file", path=path))


def require_columns(columns: Iterable[object], names: Sequence[str], source: str) -> None:
    """Raise `InputError` naming the columns that exist when one of `names` is not among `columns`."""
    columns = list(columns)
    for name in names:
        if name not in columns:
            raise InputError(message("unknown_column", column=name, source=source, columns=list(map(str, columns))))


def require_input(
    path: str, fmt: str | None = None, *, columns: Sequence[str] = (), encoding: str = DEFAULT_ENCODING
) -> None:
    """Refuse, from the first line alone, a missing file or a CSV or TSV file whose header lacks one of `columns`.

    Standard input is left for `io.open_table` (reading it here would consume it), and so is whatever the first
    line cannot settle: other formats, a format not given by `fmt` or the extension, and text that cannot be read
    in `encoding` (whose message says where the first undecodable byte is).
    """
    if path == STDIO:
        return
    require_file(path)
    chosen = fmt.lower() if fmt is not None else EXTENSIONS.get(Path(path).suffix.lower())
    if not columns or chosen not in HEADED_FORMATS:
        return
    try:
        delimiter = "\t" if chosen == "tsv" else sniff_delimiter(path, encoding)
        header = next(records(path, encoding, delimiter), None)
    except (UnicodeDecodeError, LookupError, OSError, csv.Error):
        return
    if header is not None:
        require_columns(header[1], columns, f"'{path}'")


def open_text(path: str, encoding: str) -> IO[str]:
    """`path` opened as text in `encoding`, refusing undecodable bytes, line endings kept for the CSV reader."""
    return open(path, encoding=encoding, errors="strict", newline="")


def sniff_delimiter(path: str, encoding: str) -> str:
    """The delimiter that splits the header line into the most columns (',' when none splits it)."""
    with open_text(path, encoding) as stream:
        header = stream.readline()
    fields = {d: len(next(csv.reader([header], delimiter=d), [])) for d in CSV_DELIMITERS}
    return max(CSV_DELIMITERS, key=lambda d: (fields[d], d == ","))


def records(path: str, encoding: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank record of a delimited file with the line it ends on (the first is the header)."""
    csv.field_size_limit(sys.maxsize)
    with open_text(path, encoding) as stream:
        reader = csv.reader(stream, delimiter=delimiter, strict=False)
        for record in reader:
            if record:
                yield reader.line_num, record
