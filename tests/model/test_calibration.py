"""The model reproduces the published effects (targets, sources and tolerances live in calibration.py)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np
import pytest

from disclosure.model import Parameters
from disclosure.model.calibration import (
    CHECKS,
    CONDITIONS,
    TARGET_COLUMNS,
    TARGETS,
    TARGETS_READING,
    Check,
    PostingSituation,
    Target,
    fit_targets,
    money_forgone,
    targets,
)


@pytest.mark.parametrize("check", CHECKS, ids=[c.__name__.removeprefix("check_") for c in CHECKS])
def test_default_parameters_reproduce_the_published_effect(check: Callable[[Parameters, int], Check]) -> None:
    result = check(Parameters(), 0)
    assert result.passed, f"{result.name}: {result.claim} Wanted {result.tolerance}; got {result.observed}."


def test_without_intrinsic_value_nobody_pays_to_talk_about_themselves() -> None:
    assert money_forgone(0.0, Parameters().money) < 0.17


def test_a_model_without_trust_dynamics_fails_the_penetration_target() -> None:
    from disclosure.model.calibration import check_penetration

    assert not check_penetration(Parameters(learning_rate=0.0), 0).passed


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_every_published_number_is_met_within_its_published_uncertainty(target: Target) -> None:
    row = targets().set_index("target").loc[target.name]
    assert abs(row["model"] - target.published) <= target.tolerance, (
        f"{target.name}: published {target.published} ± {target.tolerance:.3f} ({target.uncertainty_source}); "
        f"model {row['model']:.3f}"
    )


def test_the_calibrated_values_are_the_fit_not_set_by_hand() -> None:
    situation, money = fit_targets()
    assert situation.posting_value == pytest.approx(PostingSituation().posting_value, abs=1e-3)
    assert situation.anonymous_identifiability == pytest.approx(PostingSituation().anonymous_identifiability, abs=1e-3)
    assert situation.social_ties_trust == pytest.approx(PostingSituation().social_ties_trust, abs=1e-3)
    assert money == pytest.approx(Parameters().money, abs=1e-3)


def test_the_table_reports_value_source_residual_and_tolerance() -> None:
    table = targets()
    assert (
        list(table.columns)
        == list(TARGET_COLUMNS)
        == [
            "target",
            "meaning",
            "source",
            "published",
            "uncertainty",
            "model",
            "residual",
            "tolerance",
            "met",
        ]
    )
    assert (table["residual"] == table["model"] - table["published"]).all()
    assert table["met"].all() and len(table) == len(CONDITIONS) + 2


def test_without_anonymity_removing_vulnerability_the_model_misses_the_strangers_cell() -> None:
    """What the calibration needs: anonymity must remove the cost of exposing oneself to an untrusted audience, not
    only the privacy cost; with no vulnerability at all the anonymous / people nearby cell falls out of its band."""
    refit, _ = fit_targets(Parameters(vulnerability=0.0))
    assert not targets(Parameters(vulnerability=0.0), refit)["met"].all()


NOT_IN_THE_STUDIES = {
    "initial_trust",
    "learning_rate",
    "responsiveness",
    "responsiveness_concentration",
    "other_talk",
    "reciprocity",
    "identifiability",
    "helper_disclosure_rate",
    "helper_centred",
    "helper_depth",
}
"""The parameters `TARGETS_READING` tells a reader leave the table as it is (the helper's only act in conversations)."""


def test_the_table_moves_with_exactly_the_parameters_its_reading_does_not_exclude() -> None:
    assert "Trust at the start" in TARGETS_READING and "norm of reciprocity" in TARGETS_READING
    at_defaults = targets()["model"]
    moved = set()
    for field in dataclasses.fields(Parameters):
        value, high = field.default, field.metadata["range"][1]
        nudged = value + 0.5 if value + 0.5 <= high else value - 0.5
        if not np.allclose(targets(Parameters().replace(**{field.name: nudged}))["model"], at_defaults, atol=1e-9):
            moved.add(field.name)
    assert moved == set(Parameters().as_dict()) - NOT_IN_THE_STUDIES
