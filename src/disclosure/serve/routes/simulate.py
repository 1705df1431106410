"""`/simulate`: the motivational model's penetration trajectories for a set of parameters, with the published
effects the model is calibrated to at those parameters (the What if view)."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
from fastapi import APIRouter

from ...model.calibration import TARGETS_READING, targets
from ...model.parameters import Parameters, describe
from ...model.simulation import simulate as simulate_dyads
from ..contracts import SimulateIn, SimulateOut
from ..tables import table_json

router = APIRouter(prefix="/simulate", tags=["model"])

EXAMPLE_DYADS = 5


@router.get("/parameters")
def parameters() -> dict[str, Any]:
    """Every parameter: name, group, default, meaning, source, and its valid range (null where unbounded)."""
    ranges = {f.name: f.metadata["range"] for f in dataclasses.fields(Parameters)}
    return {
        "parameters": [
            {**row, "low": _finite(ranges[row["name"]][0]), "high": _finite(ranges[row["name"]][1])}
            for row in describe()
        ]
    }


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


@router.post("", response_model=SimulateOut)
def simulate(body: SimulateIn) -> dict[str, Any]:
    """Simulate `dyads` relationships for `turns` turns; the mean trajectory per turn, a few single dyads, and every
    published calibration target beside the model's value at these parameters."""
    params = Parameters().replace(**body.params)
    table = simulate_dyads(body.dyads, body.turns, params, seed=body.seed, setting=body.setting)
    by_turn = table.groupby("turn", sort=True)
    depth = table["depth"].to_numpy()
    return {
        "turn": by_turn.size().index.astype(int).tolist(),
        "mean_depth": _rounded(by_turn["depth"].mean()),
        "disclosed_share": _rounded(by_turn["disclosed"].mean()),
        "core_share": _rounded((table.assign(core=depth == 3)).groupby("turn", sort=True)["core"].mean()),
        "mean_trust": _rounded(by_turn["trust"].mean()),
        "examples": depth.reshape(body.dyads, body.turns)[:EXAMPLE_DYADS].astype(int).tolist(),
        "targets": table_json(targets(params))["rows"],
        "targets_reading": TARGETS_READING,
    }


def _rounded(series: Any) -> list[float]:
    return [round(float(v), 4) for v in np.asarray(series, dtype=float)]
