"""A resumed run verifies what it trusts: a damaged part file is scored again, a manifest that overstates its rows
is corrected from the files, and a truncated or wrong-shaped manifest.json is a clear refusal, never a traceback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from shard_corpus import corpus_rows, parquet_bytes, shard_tables, write_shards

from disclosure.engines.corpus import analyze_corpus
from disclosure.errors import InputError


def _finished(tmp_path: Path, rows: int) -> tuple[list[Path] | Path, Path, list[bytes]]:
    shards = write_shards(tmp_path / "shards", corpus_rows(rows))
    out = tmp_path / "out"
    analyze_corpus(shards, out, model="fast", theory=False)
    return shards, out, [parquet_bytes(t) for t in shard_tables(out)]


def _cut_short(part: Path) -> None:
    part.write_bytes(part.read_bytes()[:1000])


def _change_a_value(part: Path) -> None:
    table = pq.read_table(part)
    changed = pa.array([1.0, *table.column("disclosure").to_pylist()[1:]], table.schema.field("disclosure").type)
    pq.write_table(table.set_column(table.schema.get_field_index("disclosure"), "disclosure", changed), part)


@pytest.mark.parametrize("damage", [_cut_short, _change_a_value], ids=["cut short", "a value changed"])
def test_a_damaged_part_file_is_scored_again(
    tmp_path: Path, one_chunk_parts: int, damage: Callable[[Path], None]
) -> None:
    shards, out, whole = _finished(tmp_path, 2 * one_chunk_parts + 100)
    damaged = json.loads((out / "manifest.json").read_text())["shards"][0]["parts"][0]["file"]
    damage(out / damaged)
    rescored: list[str] = []
    analyze_corpus(shards, out, model="fast", theory=False, on_part=lambda r: rescored.append(r.part.file))
    assert rescored == [damaged]
    assert [parquet_bytes(t) for t in shard_tables(out)] == whole


def test_an_inflated_rows_out_in_the_manifest_is_corrected_from_the_files(tmp_path: Path, one_chunk_parts: int) -> None:
    shards, out, _ = _finished(tmp_path, 2 * one_chunk_parts + 100)
    manifest = json.loads((out / "manifest.json").read_text())
    rows_in = manifest["totals"]["rows_in"]
    manifest["shards"][0]["parts"][0]["rows_out"] += 7
    (out / "manifest.json").write_text(json.dumps(manifest))
    finished = analyze_corpus(shards, out, model="fast", theory=False)
    assert finished.as_json()["totals"]["rows_out"] == rows_in
    assert json.loads((out / "manifest.json").read_text())["totals"]["rows_out"] == rows_in


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],
        lambda text: "[]",
        lambda text: '{"run": {}, "shards": [1, 2]}',
        lambda text: '{"shards": []}',
        lambda text: "",
    ],
    ids=["truncated", "a list", "shards of numbers", "no run", "empty"],
)
def test_a_damaged_manifest_is_refused_with_what_to_do(tmp_path: Path, damage: object) -> None:
    shards, out, _ = _finished(tmp_path, 50)
    manifest = out / "manifest.json"
    manifest.write_text(damage(manifest.read_text()))  # type: ignore[operator]
    with pytest.raises(InputError, match="is not a manifest this run can trust"):
        analyze_corpus(shards, out, model="fast", theory=False)
