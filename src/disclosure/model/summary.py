"""Summaries of a simulated table: per-turn penetration trajectories, their figure, and the HTML summary page."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..constants import LAYERS
from ..reports.page import Section, render_page
from .parameters import Parameters, describe


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


def trajectory_figure(trajectory: pd.DataFrame, title: str = "") -> Any:
    """Two panels: share of turns at each layer (stacked), and mean depth with mean trust, by turn."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (layers, depth) = plt.subplots(1, 2, figsize=(10, 3.6))
    turns = trajectory["turn"]
    layers.stackplot(
        turns,
        *(trajectory[layer] for layer in LAYERS[1:]),
        labels=list(LAYERS[1:]),
        colors=("#9ecae1", "#4292c6", "#08306b"),
    )
    layers.set(xlabel="turn", ylabel="share of turns", title="Disclosure by layer")
    layers.legend(loc="upper left", fontsize=8)
    depth.plot(turns, trajectory["mean_depth"], color="#08306b", label="mean depth (0-3)")
    depth.plot(turns, trajectory["trust"] * 3, color="#e6550d", linestyle="--", label="trust (x3)")
    depth.set(xlabel="turn", ylabel="depth", title="Depth follows trust")
    depth.legend(loc="upper left", fontsize=8)
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return figure


def simulation_report(frame: pd.DataFrame, params: Parameters, *, seed: int, setting: str) -> str:
    """The HTML summary page of one simulation."""
    trajectory = by_turn(frame)
    dyads, turns = frame["dyad"].nunique(), frame["turn"].nunique()
    overall = pd.DataFrame(
        [
            {
                "group": "everyone",
                "disclosure rate": frame["disclosed"].mean(),
                "positive": (frame["valence"] > 0).mean(),
                "negative": (frame["valence"] < 0).mean(),
                "mean depth": frame["depth"].mean(),
            },
            *(
                {
                    "group": "men" if man else "women",
                    "disclosure rate": part["disclosed"].mean(),
                    "positive": (part["valence"] > 0).mean(),
                    "negative": (part["valence"] < 0).mean(),
                    "mean depth": part["depth"].mean(),
                }
                for man, part in frame.groupby("man")
            ),
        ]
    )
    changed = {k: v for k, v in params.as_dict().items() if v != getattr(Parameters(), k)}
    sections = [
        Section(
            "Trajectories",
            paragraphs=(
                (
                    "Each panel averages over all dyads. Nothing here is scripted: depth follows trust, and trust "
                    "follows the partner's responses."
                ),
            ),
            figures=((trajectory_figure(trajectory), "Social penetration over turns"),),
        ),
        Section("Who disclosed what", tables=((overall, "Share of turns (valence among all turns)"),)),
        Section(
            "Parameters",
            paragraphs=(
                f"Setting: {setting}; seed {seed}. "
                + ("Changed from the defaults: " + ", ".join(f"{k}={v:g}" for k, v in changed.items()) + "."
                   if changed else "All parameters at their defaults."),
            ),
            tables=((pd.DataFrame(describe()).assign(value=list(params.as_dict().values())), "Every parameter"),),
        ),
    ]
    return render_page(
        "Motivational model simulation",
        f"{dyads:,} dyads x {turns} turns = {len(frame):,} dyad-turns.",
        sections,
    )
