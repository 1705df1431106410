"""List columns (`categories`, `risk_reasons`): ';'-joined in CSV and TSV, real lists in Parquet and JSONL."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from disclosure.io import TableWriter

CHUNKS = [
    pd.DataFrame({"text": ["a", "b"], "categories": [["feelings", "money"], []]}),
    pd.DataFrame({"text": ["c"], "categories": [["religion"]]}),
]


def _write(path: Path, fmt: str) -> None:
    with TableWriter(str(path), fmt) as writer:
        for chunk in CHUNKS:
            writer.write(chunk)


def test_csv_joins_list_cells_with_semicolons(tmp_path: Path) -> None:
    _write(tmp_path / "out.csv", "csv")
    back = pd.read_csv(tmp_path / "out.csv", keep_default_na=False)
    assert back["categories"].tolist() == ["feelings;money", "", "religion"]


def test_parquet_keeps_lists_even_when_a_chunk_starts_with_an_empty_one(tmp_path: Path) -> None:
    _write(tmp_path / "out.parquet", "parquet")
    assert pq.read_table(tmp_path / "out.parquet")["categories"].to_pylist() == [
        ["feelings", "money"],
        [],
        ["religion"],
    ]


def test_jsonl_writes_lists(tmp_path: Path) -> None:
    _write(tmp_path / "out.jsonl", "jsonl")
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [r["categories"] for r in rows] == [["feelings", "money"], [], ["religion"]]


def test_the_caller_s_chunk_is_not_modified(tmp_path: Path) -> None:
    _write(tmp_path / "out.tsv", "tsv")
    assert CHUNKS[0]["categories"][0] == ["feelings", "money"]
