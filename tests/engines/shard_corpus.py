"""A small corpus of shards in three formats, planted with cells that cannot be scored."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from typer.testing import CliRunner

from disclosure.cli import app

SAMPLE = Path(__file__).parents[1] / "data" / "claff_test_sample.csv"
runner = CliRunner()


def corpus_rows(n: int) -> pd.DataFrame:
    """`n` utterances from the CL-Aff sample (repeated as needed), with ids that look like numbers ('007') and
    planted cells that cannot be scored: an empty text every 97 rows and a blank one every 89."""
    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    rows = pd.concat([sample] * (n // len(sample) + 1), ignore_index=True).iloc[:n].copy()
    rows["post"] = [f"{i:07d}" for i in range(n)]
    rows.loc[rows.index % 97 == 5, "text"] = ""
    rows.loc[rows.index % 89 == 7, "text"] = "   "
    return rows[["post", "text", "Emotional_disclosure"]].reset_index(drop=True)


def write_shards(folder: Path, rows: pd.DataFrame, cuts: tuple[float, float] = (0.3, 0.6)) -> Path:
    """`rows` cut into a CSV, a JSONL and a Parquet shard (row groups of 700, not aligned with the chunks)."""
    folder.mkdir(parents=True, exist_ok=True)
    a, b = int(len(rows) * cuts[0]), int(len(rows) * cuts[1])
    rows.iloc[:a].to_csv(folder / "a.csv", index=False)
    rows.iloc[a:b].to_json(folder / "b.jsonl", orient="records", lines=True, force_ascii=False)
    pq.write_table(pa.Table.from_pandas(rows.iloc[b:], preserve_index=False), folder / "c.parquet", row_group_size=700)
    return folder


def local_engine(shard: Path, output: Path, model: str, theory: bool) -> pa.Table:
    """What `disclosure analyze SHARD -o OUTPUT.parquet` (the local engine) writes for one shard."""
    args = ["analyze", str(shard), "-o", str(output), "-m", model, "-q"] + ([] if theory else ["--detector-only"])
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    return pq.read_table(output)


def shard_tables(folder: Path) -> list[pa.Table]:
    """Each shard's parts joined, in input order, as the manifest lists them."""
    manifest = json.loads((folder / "manifest.json").read_text())
    return [pa.concat_tables([pq.read_table(folder / p["file"]) for p in s["parts"]]) for s in manifest["shards"]]


def parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return bytes(sink.getvalue().to_pybytes())


def assert_same_as_local_engine(folder: Path, shards: Path, tmp_path: Path, model: str, theory: bool) -> None:
    for shard, table in zip(sorted(shards.iterdir()), shard_tables(folder), strict=False):
        reference = local_engine(shard, tmp_path / f"local-{shard.stem}.parquet", model, theory)
        assert table.schema == reference.schema
        assert parquet_bytes(table) == parquet_bytes(reference), shard.name
