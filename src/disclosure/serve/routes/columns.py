"""`/columns`: every column the tool writes, with its type, range, meaning and source, from `schema.py`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ...schema import TABLES

router = APIRouter(tags=["columns"])


@router.get("/columns")
async def columns() -> dict[str, Any]:
    """Each output table and its columns, in the order docs/columns.md lists them, so a page can explain every
    number it shows."""
    return {
        "tables": [
            {
                "title": title,
                "columns": [
                    {
                        "name": c.name,
                        "dtype": c.dtype,
                        "range": c.range,
                        "meaning": c.meaning,
                        "source": c.source,
                    }
                    for c in table
                ],
            }
            for title, table in TABLES.items()
        ]
    }
