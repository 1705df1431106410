"""The decision rule: utilities of the seven options and the logit choice between them."""

from __future__ import annotations

import numpy as np
import pytest

from disclosure.model import Parameters
from disclosure.model.decision import (
    OPTION_DEPTH,
    OPTION_VALENCE,
    choice_probabilities,
    choose,
    depth_utility,
    linear_utilities,
    option_index,
    utilities,
)


def test_option_index_recovers_depth_and_valence() -> None:
    options = option_index(OPTION_DEPTH, OPTION_VALENCE)
    assert options.tolist() == list(range(7))


def test_the_fast_linear_form_equals_the_full_utilities() -> None:
    rng = np.random.default_rng(1)
    trust, partner, man = rng.random(50), rng.integers(0, 4, 50), rng.integers(0, 2, 50)
    params = Parameters(need=0.8, audience=3, future_contact=0.4)
    base, per_trust, per_partner, per_man = linear_utilities(params)
    fast = base + trust[:, None] * per_trust + partner[:, None] * per_partner + man[:, None] * per_man
    np.testing.assert_allclose(fast, utilities(trust, partner, man, params), atol=1e-12)


def test_not_disclosing_is_worth_the_value_of_other_talk() -> None:
    u = utilities(np.array([0.5]), np.array([0]), np.array([0]), Parameters(other_talk=1.3))
    assert u[0, 0] == 1.3


def test_trust_makes_core_disclosure_more_likely_and_distrust_less() -> None:
    p = choice_probabilities(utilities(np.array([0.0, 1.0]), np.zeros(2), np.zeros(2), Parameters()))
    core = p[:, OPTION_DEPTH == 3].sum(axis=1)
    assert core[1] > 5 * core[0]


def test_men_pay_more_for_negative_news_only() -> None:
    u = utilities(np.full(2, 0.5), np.zeros(2), np.array([0, 1]), Parameters())
    negative = OPTION_VALENCE < 0
    np.testing.assert_allclose(u[1, ~negative], u[0, ~negative])
    np.testing.assert_allclose(u[0, negative] - u[1, negative], Parameters().negativity_cost_men)


def test_choices_follow_the_logit_probabilities() -> None:
    rng = np.random.default_rng(0)
    u = np.tile(np.log([0.5, 0.2, 0.1, 0.1, 0.05, 0.03, 0.02]), (200_000, 1))
    counts = np.bincount(choose(u, rng.random(len(u))), minlength=7) / len(u)
    np.testing.assert_allclose(counts, [0.5, 0.2, 0.1, 0.1, 0.05, 0.03, 0.02], atol=0.005)


def test_the_utility_at_any_depth_agrees_with_the_options_at_the_layers() -> None:
    params = Parameters(need=0.8, audience=3, identifiability=0.4, future_contact=0.6)
    trust = 0.3
    options = utilities(np.array([trust]), np.array([0]), np.array([1]), params)[0]
    for option in range(1, 7):
        at_depth = depth_utility(np.array([OPTION_DEPTH[option] / 3]), trust, OPTION_VALENCE[option] < 0, 1.0, params)[
            0
        ]
        assert at_depth + params.reflection + params.sharing == pytest.approx(options[option], abs=1e-12)


def test_an_anonymous_speaker_bears_no_vulnerability() -> None:
    anonymous = Parameters(identifiability=0.0)
    assert (
        depth_utility(np.array([1.0]), 0.0, False, 0.0, anonymous)[0]
        == depth_utility(np.array([1.0]), 0.0, False, 0.0, anonymous.replace(vulnerability=50.0))[0]
    )
