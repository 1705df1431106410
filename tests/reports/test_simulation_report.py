"""The simulation page draws trajectories a reader can follow in either setting."""

from __future__ import annotations

import numpy as np

from disclosure import simulate
from disclosure.model.summary import by_turn
from disclosure.reports.simulation_page import penetration


def _direction_changes(values: np.ndarray) -> int:
    return int((np.diff(np.sign(np.diff(values))) != 0).sum())


def test_the_helping_trajectory_follows_the_client_not_a_saw_tooth_of_alternating_roles() -> None:
    frame = simulate(2000, 30, seed=0, setting="helping")
    per_turn = by_turn(frame)["mean_depth"].to_numpy()
    assert _direction_changes(per_turn) == len(per_turn) - 2  # the saw-tooth: every step turns around
    drawn = penetration(frame, "helping")
    assert len(drawn) == 15
    assert _direction_changes(drawn["mean_depth"].to_numpy()) < len(drawn) // 2
    assert drawn["mean_depth"].iloc[-1] > drawn["mean_depth"].iloc[0]  # the client deepens over the exchanges
