"""Tables as JSON: rows as objects, missing values as null, measurements to four decimals (as the CLI writes)."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd


def table_json(frame: pd.DataFrame) -> dict[str, Any]:
    """`{"columns": [...], "rows": [{...}, ...]}` for `frame` (its index is left out)."""
    return {"columns": [str(c) for c in frame.columns], "rows": json.loads(table_rows_json(frame))}


def table_rows_json(frame: pd.DataFrame) -> str:
    """The rows of `frame` as a JSON array of objects (NaN as null, floats to four decimals)."""
    rows: str = frame.to_json(orient="records", double_precision=4, default_handler=str)
    return rows
