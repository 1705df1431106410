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


def test_the_report_shows_every_published_target_beside_the_models_value_at_the_simulated_parameters() -> None:
    import html

    from disclosure.model import Parameters
    from disclosure.model.calibration import TARGETS, TARGETS_READING, targets
    from disclosure.reports.simulation_page import simulation_report

    params = Parameters(vulnerability=1.0)
    page = simulation_report(simulate(50, 10, params, seed=0), params, seed=0, setting="peers")
    section = page[page.index("Published effects at these parameters") :]
    assert html.escape(TARGETS_READING) in section
    at_params, at_defaults = targets(params).set_index("target"), targets().set_index("target")
    for target in TARGETS:
        row = section[section.index(f"<td>{html.escape(target.name)}</td>") :].split("</tr>")[0]
        assert f"<td>{html.escape(target.meaning)}</td>" in row and f"{target.published:.3f}" in row
        assert f"{at_params.loc[target.name, 'model']:.3f}" in row
    assert not np.allclose(at_params["model"], at_defaults["model"])  # computed at the simulated parameters
    assert "<td>no</td>" in section  # with a third of the vulnerability, people post more than Ma et al. saw
