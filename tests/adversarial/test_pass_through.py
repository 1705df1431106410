"""Values that must come out as they went in (or be refused with the valid range): big integers beside a null in
Parquet, JSON's NaN, Infinity, nested objects and booleans, list/struct/decimal Parquet columns; a workbook's other
sheets named; a simulation too large for memory refused; a long but valid output name accepted."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from disclosure import Analyzer, InputError
from disclosure.io import TableWriter, open_table
from disclosure.measure.redaction import redact_frame
from disclosure.model.simulation import MAX_DYAD_TURNS, simulate_table

BIG = 2**53 + 1
"""9007199254740993: the first integer a float64 cannot hold."""


@pytest.fixture(scope="module")
def fast() -> Analyzer:
    return Analyzer("fast", theory=False)


def _parquet(path: Path) -> None:
    pq.write_table(
        pa.table(
            {
                "text": ["I am sad.", "ok", "fine"],
                "big": pa.array([BIG, None, 3], pa.int64()),
                "items": pa.array([[1, 2], None, []], pa.list_(pa.int64())),
                "record": pa.array([{"a": 1}, None, {"a": 2}], pa.struct([("a", pa.int64())])),
                "amount": pa.array([Decimal("1.10"), None, Decimal("2.25")], pa.decimal128(5, 2)),
            }
        ),
        path,
    )


@pytest.mark.parametrize("step", ["analyze", "redact"])
def test_parquet_columns_pass_through_with_their_types_and_values(tmp_path: Path, step: str, fast: Analyzer) -> None:
    _parquet(tmp_path / "in.parquet")
    table = open_table(tmp_path / "in.parquet")
    out = tmp_path / "out.parquet"
    with TableWriter(str(out), "parquet", types=table.arrow_types) as writer:
        for chunk in table.chunks():
            writer.write(fast.analyze(chunk) if step == "analyze" else redact_frame(chunk, text_column="text"))
    back, before = pq.read_table(out), pq.read_table(tmp_path / "in.parquet")
    for name in ("big", "items", "record", "amount"):
        assert back.schema.field(name).type == before.schema.field(name).type
        assert back.column(name).to_pylist() == before.column(name).to_pylist()
    assert back.column("big").to_pylist()[0] == BIG


LINES = [
    '{"text": "I am sad.", "x": NaN, "y": Infinity, "n": {"a": [1, {"b": true}]}, "b": true, "big": 9007199254740993}',
    '{"text": "ok", "x": 1.5, "y": -Infinity, "n": null, "b": false, "big": 1}',
]


@pytest.mark.parametrize("step", ["analyze", "redact"])
def test_jsonl_nan_infinity_nested_objects_and_booleans_pass_through(tmp_path: Path, step: str, fast: Analyzer) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with TableWriter(str(out), "jsonl") as writer:
        for chunk in open_table(source).chunks():
            writer.write(fast.analyze(chunk) if step == "analyze" else redact_frame(chunk, text_column="text"))
    written = out.read_text(encoding="utf-8").splitlines()
    for line, original in zip(written, LINES, strict=True):
        assert line.startswith(original[:-1])
    first = json.loads(written[0])
    assert first["n"] == {"a": [1, {"b": True}]} and first["b"] is True and first["big"] == BIG


def test_a_workbook_with_values_on_other_sheets_says_which_sheet_is_read(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "first"
    book.active.append(["text"])
    book.active.append(["I am sad."])
    book.create_sheet("second").append(["text", "more rows here"])
    book.create_sheet("empty")
    book.save(tmp_path / "book.xlsx")
    with pytest.warns(UserWarning, match=r"only the first, 'first', is read; second are not"):
        table = open_table(tmp_path / "book.xlsx")
    assert table.frame()["text"].tolist() == ["I am sad."]


def test_a_simulation_larger_than_memory_is_refused_with_the_limit() -> None:
    with pytest.raises(InputError, match=f"'dyads' x turns must be at most {MAX_DYAD_TURNS:,}"):
        simulate_table(1_000_000_000, 50)


def test_a_240_character_output_name_is_accepted(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("text\nI am sad.\n", encoding="utf-8")
    output = tmp_path / ("a" * 236 + ".csv")
    done = subprocess.run(
        [sys.executable, "-m", "disclosure", "analyze", str(source), "-o", str(output), "--model", "fast", "-q"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert output.read_text(encoding="utf-8").startswith("text,status")
