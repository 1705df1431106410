"""Summaries of a simulated table: per-turn penetration trajectories and who disclosed what."""

from __future__ import annotations

import pandas as pd

from ..constants import LAYERS


def by_turn(frame: pd.DataFrame) -> pd.DataFrame:
    """Per turn: share of turns disclosing, mean depth, share at each layer, mean trust, mean partner response."""
    grouped = frame.groupby("turn", sort=True)
    table = pd.DataFrame(
        {
            "disclosure_rate": grouped["disclosed"].mean(),
            "mean_depth": grouped["depth"].mean(),
            "trust": grouped["trust"].mean(),
            "partner_response": grouped["partner_response"].mean(),
        }
    )
    shares = pd.crosstab(frame["turn"], frame["depth"], normalize="index")
    for depth, layer in enumerate(LAYERS[1:], start=1):
        table[layer] = shares[depth] if depth in shares.columns else 0.0
    return table.reset_index()


def by_group(frame: pd.DataFrame) -> pd.DataFrame:
    """Share of turns disclosing, positive and negative, and mean depth: for everyone, then men and women."""
    rows = [("everyone", frame), *(("men" if man else "women", part) for man, part in frame.groupby("man"))]
    return pd.DataFrame(
        [
            {
                "group": group,
                "disclosure rate": part["disclosed"].mean(),
                "positive": (part["valence"] > 0).mean(),
                "negative": (part["valence"] < 0).mean(),
                "mean depth": part["depth"].mean(),
            }
            for group, part in rows
        ]
    )
