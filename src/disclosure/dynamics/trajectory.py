"""Penetration trajectories: how depth and breadth unfold over a sequence of turns (Altman & Taylor, 1973)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..measure.codebook import LAYER_CUTS

DEEP = LAYER_CUTS[1]
"""Depth from which a disclosure is at least intermediate (the cut between peripheral and intermediate)."""


def penetration_slope(depth: np.ndarray) -> float:
    """Depth gained per unit of log(1 + turn index): positive when exchanges deepen, fast at first then slower.

    Social Penetration Theory predicts rapid early penetration that levels off, so depth is regressed on the
    logarithm of elapsed turns rather than on turns. NaN with fewer than three turns.
    """
    depth = np.asarray(depth, dtype=float)
    if len(depth) < 3:
        return float("nan")
    x = np.log1p(np.arange(len(depth), dtype=float))
    x = x - x.mean()
    return float(x @ (depth - depth.mean()) / (x @ x))


def breadth_before_depth(opened: Sequence[frozenset[str]], depth: np.ndarray) -> bool | None:
    """Whether new areas open, on the median, earlier than deep disclosures happen.

    `opened[i]` holds the areas disclosed at turn i. None when no area was disclosed or nothing went deep.
    """
    seen: set[str] = set()
    first_mentions: list[int] = []
    for i, turn_areas in enumerate(opened):
        first_mentions += [i] * len(turn_areas - seen)
        seen |= turn_areas
    deep = np.flatnonzero(np.asarray(depth, dtype=float) >= DEEP)
    if not first_mentions or not len(deep):
        return None
    return bool(np.median(first_mentions) < np.median(deep))


def collapse_runs(sequence: Sequence[str]) -> list[str]:
    """`sequence` with immediate repeats removed: the shifts a reader follows."""
    return [item for i, item in enumerate(sequence) if i == 0 or item != sequence[i - 1]]
