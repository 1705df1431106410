"""Cue words: find each breadth area's cue words and phrases (`codebook.CUES`) in utterances."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import regex

from ..constants import CATEGORIES
from .codebook import CUES

MAX_COUNT = 3
"""Cue counts are capped: a long post repeating one word is not three times as much about that area."""


@lru_cache(maxsize=1)
def _patterns() -> tuple[regex.Pattern[str], ...]:
    return tuple(
        regex.compile(r"\b(?:" + "|".join(regex.escape(c) for c in sorted(CUES[a], key=len, reverse=True)) + r")\b")
        for a in CATEGORIES
    )


def cue_spans(text: str) -> dict[str, list[tuple[int, int]]]:
    """For one text, each area's cue matches as (start, end) character spans (areas without matches left out)."""
    lowered = text.lower()
    found = {
        area: [m.span() for m in pattern.finditer(lowered)]
        for area, pattern in zip(CATEGORIES, _patterns(), strict=True)
    }
    return {area: spans for area, spans in found.items() if spans}


def cue_counts(texts: Sequence[str]) -> np.ndarray:
    """Matrix (texts x areas, in `CATEGORIES` order) of capped cue counts."""
    counts = np.zeros((len(texts), len(CATEGORIES)), dtype=np.float64)
    for i, text in enumerate(texts):
        lowered = text.lower()
        for j, pattern in enumerate(_patterns()):
            counts[i, j] = min(MAX_COUNT, sum(1 for _ in pattern.finditer(lowered)))
    return counts
