"""A small corpus of shards in three formats, planted with cells that cannot be scored."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

SAMPLE = Path(__file__).parents[1] / "data" / "claff_test_sample.csv"


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
