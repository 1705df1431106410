"""Penetration trajectories: how depth and breadth unfold over a sequence of turns (Altman & Taylor, 1973)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from ..constants import LAYER_CUTS

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


def breadth_lead(opened: Sequence[frozenset[str]], depth: np.ndarray, *, permutations: int = 100) -> float:
    """How much earlier new areas open than deep disclosures happen, beyond what chance ordering gives.

    `opened[i]` holds the areas disclosed at turn i. The gap is the median position of deep turns minus the
    median position of first mentions of an area, as shares of the conversation. First mentions come early in
    any order (an area can only be new once), so the gap expected when the same turns are shuffled (seeded,
    `permutations` times) is subtracted: positive means breadth opened before depth more than chance would.
    NaN when no area was disclosed or nothing went deep.
    """
    depth = np.asarray(depth, dtype=float)
    observed = _gap(opened, depth)
    if np.isnan(observed):
        return float("nan")
    # Every shuffle at once: turn i moves to position[p, i] in shuffle p, so an area is first mentioned at the
    # smallest position among the turns that open it, and the deep turns sit at their positions.
    position = np.argsort(_shuffles(len(depth), permutations), axis=1)
    names = sorted(frozenset().union(*opened))
    first = np.column_stack(
        [position[:, [i for i, turn in enumerate(opened) if name in turn]].min(axis=1) for name in names]
    )
    deep = position[:, np.flatnonzero(depth >= DEEP)]
    chance = (np.median(deep, axis=1) - np.median(first, axis=1)) / len(depth)
    return float(observed - np.mean(chance))


@lru_cache(maxsize=256)
def _shuffles(turns: int, permutations: int) -> np.ndarray:
    """`permutations` seeded orders of `turns` turns, one per row (the seed is the length: the same conversation
    always gets the same chance baseline)."""
    rng = np.random.default_rng(turns)
    orders = np.array([rng.permutation(turns) for _ in range(permutations)]).reshape(permutations, turns)
    orders.setflags(write=False)
    return orders


def _gap(opened: Sequence[frozenset[str]], depth: np.ndarray) -> float:
    seen: set[str] = set()
    first_mentions: list[int] = []
    for i, turn_areas in enumerate(opened):
        first_mentions += [i] * len(turn_areas - seen)
        seen |= turn_areas
    deep = np.flatnonzero(depth >= DEEP)
    if not first_mentions or not len(deep):
        return float("nan")
    return float((np.median(deep) - np.median(first_mentions)) / len(depth))


def collapse_runs(sequence: Sequence[str]) -> list[str]:
    """`sequence` with immediate repeats removed: the shifts a reader follows."""
    return [item for i, item in enumerate(sequence) if i == 0 or item != sequence[i - 1]]
