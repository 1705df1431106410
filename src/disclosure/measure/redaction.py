"""Redaction: rewrite utterances with every identifying or special-category span replaced by a typed placeholder."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..io import require_columns
from .codebook import IDENTIFIERS
from .privacy import Finding, find_identifiers


def redact_text(text: str, findings: Sequence[Finding]) -> str:
    """`text` with each finding replaced by its placeholder ("[LOCATION]", "[HEALTH CONDITION]", ...)."""
    pieces, cursor = [], 0
    for finding in sorted(findings, key=lambda f: f.start):
        pieces += [text[cursor : finding.start], IDENTIFIERS[finding.entity].placeholder]
        cursor = finding.end
    return "".join(pieces) + text[cursor:]


def redact(texts: Sequence[str]) -> list[str]:
    """Every text with its identifying and special-category spans replaced by typed placeholders.

    The whole of every text is read (in windows, so the cost is linear in its length): a redaction that skipped
    the end of a long text would pass on what it holds.
    """
    return [redact_text(text, found) for text, found in zip(texts, find_identifiers(texts, limit=None))]


def redact_frame(frame: pd.DataFrame, *, text_column: str, source: str = "the table") -> pd.DataFrame:
    """A copy of `frame` whose `text_column` is redacted; cells that hold no text are left as they are."""
    require_columns(frame.columns, [text_column], source)
    out = frame.copy()
    cells = out[text_column].tolist()
    rows = [i for i, cell in enumerate(cells) if isinstance(cell, str)]
    for i, clean in zip(rows, redact([cells[i] for i in rows])):
        cells[i] = clean
    out[text_column] = cells
    return out
