"""Explanation: every column of one utterance's scored row, with the words and examples behind it, in plain
language; each registered measure explains its own columns."""

from __future__ import annotations

import re

import pandas as pd

from ..errors import InputError, message
from ..io import holds_surrogate
from ..schema import (
    DETECTOR_LABELS,
    SCORED_STATUSES,
    STATUS_FORCED_LANGUAGE,
    STATUS_NO_LANGUAGE,
    STATUS_UNSUPPORTED_LANGUAGE,
)
from .registry import registered


def check_explainable(text: object) -> None:
    """Refuse, with the reason, a text that cannot be explained: no text, or a lone surrogate (no text at all)."""
    if not isinstance(text, str) or not text.strip():
        raise InputError(message("nothing_to_explain"))
    if holds_surrogate(text):
        raise InputError(message("invalid_text"))


def explain_row(text: str, row: pd.Series) -> str:
    """A plain-language report of `row`, the utterance `text` as already scored: the detector's probabilities,
    then every registered measure whose columns the row holds."""
    check_explainable(text)
    if row["status"] in (STATUS_UNSUPPORTED_LANGUAGE, STATUS_NO_LANGUAGE):
        raise InputError.about(
            "any_language", "unscored_language_to_explain", status=row["status"], language=row["language"]
        )
    if row["status"] not in SCORED_STATUSES:
        raise InputError(message("nothing_to_explain"))
    lines = [f"Utterance: {text}", ""]
    if row["status"] == STATUS_FORCED_LANGUAGE:
        lines += [
            f"Language: '{row['language']}'. The measures were validated on English only: read these as rough.",
            "",
        ]
    lines += ["Self-disclosure detector (probabilities, 0-1):"]
    lines += [f"  {name:<22} {row[name]:.2f}" for name in DETECTOR_LABELS]
    for measure in registered():
        if all(column.name in row for column in measure.columns):
            lines += measure.explain(text, row)
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", "\n".join(lines))


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters other than tab and newline: shown as \\xNN, so a text cannot move a terminal's cursor, recolour
it or retitle its window when its explanation is printed."""
