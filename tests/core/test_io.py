"""Table writing: list columns keep their type across chunks, whatever the first chunk holds."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from disclosure.io import TableWriter


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_declared_list_column_survives_a_first_chunk_without_lists(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"out.{fmt}"
    with TableWriter(str(target), fmt, list_columns=["categories"]) as writer:
        writer.write(pd.DataFrame({"text": ["", " "], "categories": [np.nan, np.nan]}))
        writer.write(pd.DataFrame({"text": ["I am ill."], "categories": [["physical_health", "feelings"]]}))
    if fmt == "parquet":
        assert list(pd.read_parquet(target)["categories"].iloc[2]) == ["physical_health", "feelings"]
    elif fmt == "csv":
        assert pd.read_csv(target)["categories"].iloc[2] == "physical_health;feelings"
    else:
        assert pd.read_json(target, lines=True)["categories"].iloc[2] == ["physical_health", "feelings"]
