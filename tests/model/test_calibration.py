"""The model reproduces the published effects (targets, sources and tolerances live in calibration.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from disclosure.model import Parameters
from disclosure.model.calibration import CHECKS, Check, money_forgone


@pytest.mark.parametrize("check", CHECKS, ids=[c.__name__.removeprefix("check_") for c in CHECKS])
def test_default_parameters_reproduce_the_published_effect(check: Callable[[Parameters, int], Check]) -> None:
    result = check(Parameters(), 0)
    assert result.passed, f"{result.name}: {result.claim} Wanted {result.tolerance}; got {result.observed}."


def test_without_intrinsic_value_nobody_pays_to_talk_about_themselves() -> None:
    assert money_forgone(0.0, Parameters().money) < 0.17


def test_a_model_without_trust_dynamics_fails_the_penetration_target() -> None:
    from disclosure.model.calibration import check_penetration

    assert not check_penetration(Parameters(learning_rate=0.0), 0).passed
