"""The report's figures, drawn from the dynamics tables: trajectories, the onion, breadth x depth, reciprocity,
the helper monitor and group comparisons. Every function returns a matplotlib Figure and computes nothing new."""

from __future__ import annotations

from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Circle
from matplotlib.ticker import MaxNLocator

from ..constants import LAYERS

ROLE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
"""Okabe and Ito's colour-blind-safe palette, the most distinct on white first: blue, vermilion, bluish green,
reddish purple, orange, sky blue, black and yellow."""
DEPTH_RANGE = (0.0, 3.0)
LAYER_COLOURS = {"none": "#eeeeee", "peripheral": "#cfe0f3", "intermediate": "#7fa8d8", "core": "#2c5a9a"}
BINS = 10
ONIONS_PER_ROW = 3
"""Onions drawn side by side; more roles wrap to further rows, so the labels keep their size on the page."""
ONION_INCHES = 3.4
LABEL_POINTS = 10


MAX_ROLES = 12
"""Roles drawn apart. With more (no role column was named, so each speaker is their own role) all speakers are drawn
as one: a figure per speaker would take hours for a large corpus and show nothing."""
ALL_SPEAKERS = "all speakers"


def _pooled(table: pd.DataFrame) -> pd.DataFrame:
    """`table` as drawn: its roles, or one role for everyone when there are more than `MAX_ROLES`."""
    return table if table["role"].nunique() <= MAX_ROLES else table.assign(role=ALL_SPEAKERS)


def _roles(table: pd.DataFrame) -> list[str]:
    return sorted(table["role"].unique())


def colours(n: int) -> list[Any]:
    """`n` distinct colours: the colour-blind-safe house colours first, then (past eight) as many more as there are
    roles or groups."""
    if n <= len(ROLE_COLOURS):
        return list(ROLE_COLOURS[:n])
    palette = plt.get_cmap("tab20")
    return list(ROLE_COLOURS) + [palette(i % palette.N) for i in range(n - len(ROLE_COLOURS))]


CONVERSATIONS_DRAWN = 40
"""Conversations drawn as thin lines behind the means: more would be a grey smear."""


def trajectories(turns: pd.DataFrame, *, shown: int = CONVERSATIONS_DRAWN) -> Any:
    """Depth over the course of each conversation (thin lines), and the mean per role with a 95% band."""
    fig, ax = plt.subplots(figsize=(9, 4.2))
    relative = turns["index_in_conversation"] / turns.groupby("conversation")["index_in_conversation"].transform(
        "max"
    ).clip(lower=1)
    data = _pooled(turns.assign(relative=relative))
    for conversation in list(dict.fromkeys(data["conversation"]))[:shown]:
        one = data[data["conversation"] == conversation]
        ax.plot(one["relative"], one["depth"].rolling(5, min_periods=1).mean(), color="#bbbbbb", lw=0.6, alpha=0.6)
    roles = _roles(data)
    for colour, role in zip(colours(len(roles)), roles, strict=True):
        mine = data[data["role"] == role]
        binned = mine.groupby(np.minimum((mine["relative"] * BINS).astype(int), BINS - 1))["depth"]
        mean, sem = binned.mean(), binned.sem().fillna(0)
        centres = (mean.index + 0.5) / BINS
        ax.plot(centres, mean, color=colour, lw=2.4, label=f"{role} (mean)")
        # Depth cannot leave 0-3, so neither may the band drawn around its mean.
        low, high = np.clip(mean - 1.96 * sem, *DEPTH_RANGE), np.clip(mean + 1.96 * sem, *DEPTH_RANGE)
        ax.fill_between(centres, low, high, color=colour, alpha=0.2)
    ax.set(xlabel="position in conversation (0 = start, 1 = end)", ylabel="depth (0 none - 3 core)", ylim=DEPTH_RANGE)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))  # beside the axes: it covers no data
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def onion(turns: pd.DataFrame) -> Any:
    """Share of turns in each layer, drawn as an onion per role (core at the centre)."""
    turns = _pooled(turns)
    roles = _roles(turns)
    columns = min(len(roles), ONIONS_PER_ROW)
    rows = -(-len(roles) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(ONION_INCHES * columns, ONION_INCHES * rows), squeeze=False)
    for ax in axes.flat[len(roles) :]:
        ax.axis("off")
    for ax, role in zip(axes.flat, roles, strict=False):
        shares = (
            turns.loc[turns["role"] == role, "layer"].value_counts(normalize=True).reindex(list(LAYERS), fill_value=0)
        )
        for ring, layer in enumerate(LAYERS):
            radius = len(LAYERS) - ring
            ax.add_patch(Circle((0, 0), radius, color=LAYER_COLOURS[layer], ec="white", lw=2))
            ax.text(
                0,
                radius - 0.5 if ring < len(LAYERS) - 1 else 0,
                f"{layer} {shares[layer]:.0%}",
                ha="center",
                va="center",
                fontsize=LABEL_POINTS,
                color="#222222",
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.8, "linewidth": 0},
            )
        ax.set(xlim=(-4.2, 4.2), ylim=(-4.2, 4.2), aspect="equal")
        ax.set_title(role, fontsize=LABEL_POINTS + 2)
        ax.axis("off")
    return fig


def breadth_depth(speakers: pd.DataFrame) -> Any:
    """Each speaker: breadth (or disclosure rate while breadth is not measured) against mean depth."""
    fig, ax = plt.subplots(figsize=(6, 4.2))
    x_name = "breadth" if "breadth" in speakers.columns else "disclosure_rate"
    speakers = _pooled(speakers)
    roles = _roles(speakers)
    for colour, role in zip(colours(len(roles)), roles, strict=True):
        mine = speakers[speakers["role"] == role]
        ax.scatter(mine[x_name], mine["mean_depth"], s=18, alpha=0.7, color=colour, label=role)
    ax.set(xlabel=x_name.replace("_", " "), ylabel="mean depth")
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def reciprocity(conversations: pd.DataFrame, effects: pd.DataFrame) -> Any:
    """Per-conversation reciprocity (histogram) and the corpus effects with their 95% CIs (forest plot)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8), gridspec_kw={"width_ratios": [1, 1.3]})
    values = conversations["reciprocity"].dropna()
    left.hist(values, bins=np.linspace(-1, 1, 21), color=ROLE_COLOURS[0], alpha=0.8)
    left.axvline(0, color="#555555", lw=0.8)
    left.set(xlabel="reciprocity (correlation of depth\nwith the reply's depth)", ylabel="conversations")
    left.yaxis.set_major_locator(MaxNLocator(integer=True))  # a count of conversations is whole
    shown = effects.dropna(subset=["estimate"]).reset_index(drop=True)
    y = np.arange(len(shown))[::-1]
    errors = [
        shown["standardized"] - shown["standardized_ci_low"],
        shown["standardized_ci_high"] - shown["standardized"],
    ]
    right.errorbar(shown["standardized"], y, xerr=errors, fmt="o", color=ROLE_COLOURS[1])
    right.axvline(0, color="#555555", lw=0.8)
    right.set_yticks(y, [f"{e}\n({p})" for e, p in zip(shown["effect"], shown["predictor"], strict=True)], fontsize=8)
    right.set(xlabel="standardised effect (95% CI)")
    for ax in (left, right):
        ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def monitor(helpers: pd.DataFrame) -> Any:
    """For each helper who self-disclosed: the client's depth before and after, coloured by the monitor's flag."""
    fig, ax = plt.subplots(figsize=(6, 4))
    for _, row in helpers.iterrows():
        colour = ROLE_COLOURS[1] if row["helper_centred"] else ROLE_COLOURS[2]
        ax.plot(
            [0, 1],
            [row["client_depth_before"], row["client_depth_after"]],
            color=colour,
            alpha=0.6,
            marker="o",
            ms=3,
        )
    ax.set_xticks([0, 1], ["3 client turns before", "3 client turns after"])
    ax.set(ylabel="client depth (0 none - 3 core)", ylim=DEPTH_RANGE)
    title = "Around each helper's self-disclosures\n(vermilion: helper-centred; green: client-focused)"
    ax.set_title(title, fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def groups(table: pd.DataFrame) -> Any:
    """Group means per outcome; whiskers: the 95% CI of each group's difference from the reference."""
    outcomes = list(dict.fromkeys(table["outcome"]))
    fig, axes = plt.subplots(1, len(outcomes), figsize=(3.2 * len(outcomes), 3.6), squeeze=False)
    for ax, outcome in zip(axes[0], outcomes, strict=False):
        mine = table[table["outcome"] == outcome].reset_index(drop=True)
        low = (mine["ci_low"] + mine["reference_mean"]).fillna(mine["mean"])
        high = (mine["ci_high"] + mine["reference_mean"]).fillna(mine["mean"])
        ax.bar(mine["group"], mine["mean"], color=colours(len(mine)), alpha=0.85)
        ax.errorbar(
            mine["group"],
            mine["mean"],
            yerr=[mine["mean"] - low, high - mine["mean"]],
            fmt="none",
            color="#333333",
        )
        ax.set_title(outcome.replace("_", " "), fontsize=10)
        ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig
