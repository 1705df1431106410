"""Tables as JSON: rows as objects, missing values as null, measurements to four decimals (as the CLI writes)."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd


def table_json(frame: pd.DataFrame) -> dict[str, Any]:
    """`{"columns": [...], "rows": [{...}, ...]}` for `frame` (its index is left out)."""
    rows = json.loads(frame.to_json(orient="records", double_precision=4, default_handler=str))
    return {"columns": [str(c) for c in frame.columns], "rows": rows}
