"""The HTML summary page of one simulation: trajectories by layer, who disclosed what, the published effects at
these parameters, every parameter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from .. import io
from ..constants import LAYERS
from ..model.calibration import TARGET_COLUMNS, TARGETS_READING, targets
from ..model.parameters import Parameters, describe
from ..model.summary import by_group, by_turn
from .page import Section, render_page

CLIENT = 0
"""The speaker who follows the decision rule in the `helping` setting (speaker 1 is the helper)."""


def trajectory_figure(trajectory: pd.DataFrame, title: str = "", *, x_label: str = "turn") -> Any:
    """Two panels: share of turns at each layer (stacked), and mean depth with mean trust, by turn (or exchange)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .figures import LAYER_COLOURS, ROLE_COLOURS  # imported here: matplotlib loads only when a page is drawn

    figure, (layers, depth) = plt.subplots(1, 2, figsize=(10, 3.6))
    turns = trajectory["turn"]
    layers.stackplot(
        turns,
        *(trajectory[layer] for layer in LAYERS[1:]),
        labels=list(LAYERS[1:]),
        colors=[LAYER_COLOURS[layer] for layer in LAYERS[1:]],
    )
    layers.set(xlabel=x_label, ylabel="share of turns", title="Disclosure by layer")
    layers.legend(loc="upper left", fontsize=8)
    depth.plot(turns, trajectory["mean_depth"], color=LAYER_COLOURS["core"], label="mean depth (0-3)")
    depth.plot(turns, trajectory["trust"] * 3, color=ROLE_COLOURS[1], linestyle="--", label="trust (x3)")
    depth.set(xlabel=x_label, ylabel="depth", title="Depth follows trust")
    depth.legend(loc="upper left", fontsize=8)
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return figure


TIME_AXIS = {"peers": "turn", "helping": "exchange"}
"""What the trajectory's x axis counts in each setting."""


def penetration(frame: pd.DataFrame, setting: str) -> pd.DataFrame:
    """The trajectory the report draws: per turn, or in the `helping` setting per exchange over the client's turns.

    There turns alternate client and helper, who decide by different rules, so means per turn are a saw-tooth; the
    client's own turns, one per exchange, are the trajectory the setting is about.
    """
    if setting != "helping":
        return by_turn(frame)
    client = frame[frame["speaker"] == CLIENT]
    return by_turn(client.assign(turn=client["turn"] // 2))


def simulation_report(frame: pd.DataFrame, params: Parameters, *, seed: int, setting: str) -> str:
    """The HTML summary page of one simulation."""
    dyads, turns = frame["dyad"].nunique(), frame["turn"].nunique()
    trajectory = penetration(frame, setting)
    if setting == "helping":
        caption = f"The client's turns, one per exchange of two turns ({dyads:,} dyads; shares and means, no interval)"
    else:
        caption = f"Social penetration over turns ({dyads:,} dyads, both speakers; shares and means, no interval)"
    overall = by_group(frame)
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
            figures=((trajectory_figure(trajectory, x_label=TIME_AXIS[setting]), caption),),
        ),
        Section("Who disclosed what", tables=((overall, "Share of turns (valence among all turns)"),)),
        calibration_section(params),
        Section(
            "Parameters",
            paragraphs=(
                f"Setting: {setting}; seed {seed}. "
                + (
                    "Changed from the defaults: " + ", ".join(f"{k}={v:g}" for k, v in changed.items()) + "."
                    if changed
                    else "All parameters at their defaults."
                ),
            ),
            tables=((pd.DataFrame(describe()).assign(value=list(params.as_dict().values())), "Every parameter"),),
        ),
    ]
    return render_page(
        "Motivational model simulation",
        f"{dyads:,} dyads x {turns} turns = {len(frame):,} dyad-turns.",
        sections,
        terms={**TARGET_COLUMNS, **SIMULATION_TERMS},
    )


def calibration_section(params: Parameters) -> Section:
    """The published numbers the model is calibrated to, beside the model's values at `params`."""
    table = targets(params).assign(met=lambda t: t["met"].map({True: "yes", False: "no"}))
    return Section(
        "Published effects at these parameters",
        paragraphs=(TARGETS_READING,),
        tables=((table, "Every calibration target with a published number (docs/model.md, section 4.1)"),),
    )


SIMULATION_TERMS = {
    "group": "Whose turns the row summarises: everyone, then the simulated men and women.",
    "disclosure rate": "Share of the group's turns in which the speaker disclosed (0-1).",
    "positive": "Share of all the group's turns that disclosed something positive (valence above 0).",
    "negative": "Share of all the group's turns that disclosed something negative (valence below 0).",
    "mean depth": "Mean depth of the group's turns, 0 (nothing disclosed) to 3 (core), non-disclosures counted as 0.",
    "name": "The parameter, as `--param NAME=VALUE` and the What if sliders spell it.",
    "meaning": "What the parameter does in the decision rule (docs/model.md).",
    "source": "Where a parameter's default comes from; in the calibration table, the study that reports the number.",
    "default": "Its default value.",
    "value": "The value this simulation used.",
}
"""What the simulation page's own table headers mean."""


def write_simulation_report(
    path: str | Path, simulated: pd.DataFrame, params: Parameters, *, seed: int, setting: str
) -> Path:
    """Write the summary page of the `simulated` table to `path` (it appears only once complete)."""
    io.write_text(path, simulation_report(simulated, params, seed=seed, setting=setting))
    return Path(path)
