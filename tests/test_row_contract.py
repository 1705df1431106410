"""The row contract, over generated tables in every input format: rows out = rows in, in order, every input column
passed through unchanged, and no exception but a clear `InputError` escapes.

Text is random Unicode (NUL, lone surrogates where the format can hold them, right-to-left scripts, emoji, long
cells), cells may be empty or not text, and column names repeat or collide with the measurement columns. The
cheap `fast` detector keeps the 10,500 generated cases (3 x 2,000 + 2,500 + 2,000) within CI time.
"""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure import Analyzer, InputError
from disclosure.analyzer import language_status, text_status
from disclosure.io import TableWriter, open_table
from disclosure.measure.language import identify

pytestmark = pytest.mark.slow  # thousands of generated tables

SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
SPECIAL = st.sampled_from(
    ["\x00", "\u202e", "\u05e9", "\u0627", "\U0001f62d", "\r", "\n", '"', ",", ";", "\t", "=", "\ufeff"]
)
ANY_CHAR = st.characters(codec="utf-8") | SPECIAL
SHORT = st.text(ANY_CHAR, max_size=40)
CELL = st.one_of(
    *[SHORT] * 8,
    st.sampled_from(
        ["", "   ", "=1+1", "-3", "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd", "I feel \U0001f62d"]
    ),
)
LONG_CELL = st.text(ANY_CHAR, min_size=1, max_size=3).map(lambda s: s * 30_000)
"""About 100,000 characters. Reading, scoring and writing such a cell is most of a case's cost, so a table holds at
most one, in a random place, in one table of three."""
NAMES = st.sampled_from(["text", "id", "status", "disclosure", "layer", "speaker", "ünïcode", "名前", "a b"])


@st.composite
def tables(draw: st.DrawFn, cells: st.SearchStrategy[object] = CELL) -> tuple[list[str], list[list[object]]]:
    """A header (always with a 'text' column, names possibly repeated) and 1-12 rows of cells, one of which may be
    a `LONG_CELL`."""
    names = ["text", *draw(st.lists(NAMES, max_size=3))]
    names = draw(st.permutations(names))
    rows = draw(st.lists(st.lists(cells, min_size=len(names), max_size=len(names)), min_size=1, max_size=12))
    if draw(st.integers(0, 2)) == 0:
        row, column = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, len(names) - 1))
        rows[row][column] = draw(LONG_CELL)
    return names, rows


@pytest.fixture(scope="module")
def fast() -> Analyzer:
    return Analyzer("fast", theory=False)


def write_input(path: Path, fmt: str, names: list[str], rows: list[list[object]]) -> None:
    """The input file as other programs write it (not with our own writer)."""
    if fmt in ("csv", "tsv"):
        with open(path, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t")
            writer.writerows([names, *rows])
    elif fmt == "jsonl":
        path.write_text(
            "".join(json.dumps(dict(zip(names, row, strict=True))) + "\n" for row in rows), encoding="utf-8"
        )
    elif fmt == "parquet":
        pq.write_table(
            pa.table({n: pa.array([row[i] for row in rows], pa.string()) for i, n in enumerate(names)}), path
        )


def contract(fast: Analyzer, fmt: str, names: list[str], rows: list[list[object]], out_fmt: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / f"in.{fmt}", Path(folder) / f"out.{out_fmt}"
        write_input(source, fmt, names, rows)
        try:
            table = open_table(source)
        except InputError as refused:
            assert len(set(names)) < len(names), refused  # only a repeated column name may be refused
            return
        with TableWriter(str(target), out_fmt, types=table.arrow_types) as writer:
            for chunk in fast.pipe(table.chunks(chunk_size=5), text_column="text", source=table.name):
                writer.write(chunk)
        back = open_table(target).frame()
        renamed = fast.renamed(names)
        assert len(back) == len(rows)
        expected = [_status(_as_written(row[names.index("text")], fmt)) for row in rows]
        assert back[renamed.get("status", "status")].tolist() == expected
        for i, name in enumerate(names):
            assert back[name].where(back[name].notna(), None).tolist() == [_as_written(row[i], fmt) for row in rows]


def _status(cell: object) -> str:
    """The status a cell gets from its own text alone: readable, then in a supported language."""
    status = text_status(cell)
    return language_status(status, identify([str(cell)])[0]) if status == "ok" else status


def _as_written(cell: object, fmt: str) -> object:
    """The cell as the input file states it (in JSON an escaped surrogate pair is the character it encodes)."""
    if fmt == "jsonl":
        return json.loads(json.dumps(cell))
    return "" if cell is None and fmt in ("csv", "tsv") else cell


FAST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize(("fmt", "out_fmt"), [("csv", "csv"), ("tsv", "jsonl"), ("parquet", "parquet")])
@settings(FAST, max_examples=2000)
@given(table=tables())
def test_delimited_and_parquet_tables_keep_every_row_and_cell(
    fast: Analyzer, fmt: str, out_fmt: str, table: tuple[list[str], list[list[object]]]
) -> None:
    contract(fast, fmt, *(unique(*table) if fmt == "parquet" else table), out_fmt)


def unique(names: list[str], rows: list[list[object]]) -> tuple[list[str], list[list[object]]]:
    """The first of each repeated column: JSON objects and Arrow tables built from a dict cannot repeat a name."""
    keep = [names.index(name) for name in dict.fromkeys(names)]
    return [names[i] for i in keep], [[row[i] for i in keep] for row in rows]


JSON_CELL = st.one_of(
    CELL,
    st.text(SURROGATES, min_size=1, max_size=3),
    st.none(),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
)


@settings(FAST, max_examples=2500)
@given(table=tables(JSON_CELL))
def test_jsonl_tables_with_any_json_values_keep_every_row_and_value(
    fast: Analyzer, table: tuple[list[str], list[list[object]]]
) -> None:
    contract(fast, "jsonl", *unique(*table), "jsonl")


FRAME_CELL = st.one_of(CELL, st.text(SURROGATES, max_size=3), st.none(), st.integers(), st.floats())


@settings(FAST, max_examples=2000)
@given(table=tables(FRAME_CELL))
def test_dataframes_in_memory_keep_every_row_and_cell(
    fast: Analyzer, table: tuple[list[str], list[list[object]]]
) -> None:
    names, rows = table
    frame = pd.DataFrame(rows, columns=names, dtype=object)
    try:
        out = fast.annotate(frame, text_column="text", source="the table")
    except InputError:
        assert len(set(names)) < len(names)
        return
    assert len(out) == len(frame)
    pd.testing.assert_frame_equal(out.iloc[:, : len(names)], frame)
