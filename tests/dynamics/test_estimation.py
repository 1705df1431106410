"""Clustered estimates are honest about how many conversations stand behind them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from disclosure.dynamics.compare import AS_MUCH
from disclosure.dynamics.estimation import gee


def _null_effect_in_clusters(clusters: int, rng: np.random.Generator, per_cluster: int = 20) -> pd.DataFrame:
    """Conversations whose own slopes of y on x scatter around 0: no effect on average, but large between
    conversations, which is exactly what an uncorrected sandwich error underestimates when conversations are few."""
    frames = []
    for c in range(clusters):
        x = rng.normal(0, 1) + rng.normal(0, 0.5, per_cluster)
        y = rng.normal(0, 1) + rng.normal(0, 0.5) * x + rng.normal(0, 0.5, per_cluster)
        frames.append(pd.DataFrame({"x": x, "y": y, "conversation": f"c{c}"}))
    return pd.concat(frames, ignore_index=True)


def _estimate(data: pd.DataFrame) -> pd.Series:
    (effect,) = gee(data, effect="e", outcome="y", terms=["x"], clusters="conversation", describe="{ci}")
    return pd.Series(effect.as_dict())


def test_with_12_conversations_the_95_percent_interval_covers_a_null_effect_about_95_percent_of_the_time() -> None:
    """The uncorrected sandwich interval covered 0 in only 86% of these corpora."""
    rng = np.random.default_rng(0)
    effects = [_estimate(_null_effect_in_clusters(12, rng)) for _ in range(200)]
    covered = np.mean([e["ci_low"] <= 0 <= e["ci_high"] for e in effects])
    assert 0.92 <= covered <= 0.98
    assert np.mean([e["p_value"] < 0.05 for e in effects]) <= 0.08


def test_below_10_conversations_there_is_an_estimate_but_no_interval_or_p_value() -> None:
    effect = _estimate(_null_effect_in_clusters(6, np.random.default_rng(1)))
    assert np.isfinite(effect["estimate"])
    assert np.isnan(effect["ci_low"]) and np.isnan(effect["ci_high"]) and np.isnan(effect["p_value"])
    assert effect["summary"].startswith("not enough conversations to judge it")
    assert "only 6 conversations" in effect["note"]


def test_from_10_to_19_conversations_the_interval_comes_with_a_warning() -> None:
    effect = _estimate(_null_effect_in_clusters(15, np.random.default_rng(2)))
    assert effect["ci_low"] < effect["estimate"] < effect["ci_high"]
    assert "Only 15 conversations" in effect["summary"] and "rough" in effect["summary"]


def test_from_20_conversations_the_interval_comes_without_a_warning() -> None:
    effect = _estimate(_null_effect_in_clusters(20, np.random.default_rng(3)))
    assert effect["summary"].startswith("95% CI") and "conversations" not in effect["summary"]
    assert effect["note"] == ""


def test_a_comparative_says_more_or_less_with_the_unsigned_size_and_as_much_for_what_rounds_to_zero() -> None:
    assert AS_MUCH.words(0.6924) == "0.692 more than"
    assert AS_MUCH.words(-0.6924) == "0.692 less than"
    assert AS_MUCH.words(-0.0004) == AS_MUCH.words(0.0) == "as much as"
