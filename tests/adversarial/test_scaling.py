"""Linear time: the clustered estimator gives statsmodels' answers from array sums, and `conversations` and `compare`
on 10,000 conversations finish in seconds, not minutes."""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from disclosure.dynamics.estimation import exchangeable_gee
from disclosure.dynamics.pipeline import compare, conversations
from disclosure.dynamics.trajectory import _gap, breadth_lead


@pytest.mark.parametrize("seed", range(12))
def test_the_exchangeable_gee_matches_statsmodels(seed: int) -> None:
    sm = pytest.importorskip("statsmodels.api")
    rng = np.random.default_rng(seed)
    clusters = int(rng.integers(5, 120))
    sizes = np.ones(clusters, dtype=int) if seed % 4 == 0 else rng.integers(1, 25, clusters)
    groups = np.repeat(np.arange(clusters), sizes)
    rng.shuffle(groups)
    n = len(groups)
    exog = np.column_stack([np.ones(n), rng.integers(0, 2, n), rng.normal(size=n)]).astype(float)
    y = exog @ [0.5, 1.0, -0.3] + rng.normal(size=clusters)[groups] + rng.normal(size=n)
    if seed % 3 == 0:
        y = (y > 0.5).astype(float)
    codes = pd.factorize(groups)[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = sm.GEE(
            y, exog, groups=codes, cov_struct=sm.cov_struct.Exchangeable(), family=sm.families.Gaussian()
        ).fit(cov_type="bias_reduced")
    params, covariance = exchangeable_gee(y, exog, codes)
    np.testing.assert_allclose(params, reference.params, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(covariance, reference.cov_robust_bc, rtol=1e-8, atol=1e-14)


def test_the_gee_of_a_few_long_clusters_needs_no_cluster_sized_matrix() -> None:
    rng = np.random.default_rng(0)
    n = 400_000  # four clusters of 100,000: a 100,000 x 100,000 matrix per cluster would not fit in memory
    exog = np.column_stack([np.ones(n), rng.normal(size=n)])
    params, _ = exchangeable_gee(exog @ [1.0, 2.0] + rng.normal(size=n), exog, np.repeat(np.arange(4), n // 4))
    assert abs(params[1] - 2.0) < 0.01


def test_the_breadth_lead_of_every_shuffle_at_once_equals_shuffle_by_shuffle() -> None:
    rng = np.random.default_rng(3)
    areas = ["work", "health", "family", "money"]
    opened = [frozenset(a for a in areas if rng.uniform() < 0.3) for _ in range(30)]
    depth = rng.uniform(0, 3, 30)
    lead = breadth_lead(opened, depth)
    shuffles = np.random.default_rng(30)
    orders = [shuffles.permutation(30) for _ in range(100)]
    expected = _gap(opened, depth) - np.mean([_gap([opened[i] for i in o], depth[o]) for o in orders])
    assert lead == pytest.approx(expected, abs=1e-12)


def _corpus(conversations_n: int) -> pd.DataFrame:
    rng = np.random.default_rng(conversations_n)
    rows = conversations_n * 4
    conversation = np.repeat(np.arange(conversations_n), 4)
    side = np.tile([0, 1, 0, 1], conversations_n)
    disclosure = rng.uniform(size=rows)
    return pd.DataFrame(
        {
            "conversation": [f"c{c}" for c in conversation],
            "speaker": [f"s{c}_{s}" for c, s in zip(conversation, side, strict=True)],
            "text": "a text",
            "status": "ok",
            "disclosure": disclosure,
            "informational": disclosure * 0.6,
            "emotional": disclosure * 0.5,
            "emotional_support": rng.uniform(size=rows),
            "informational_support": rng.uniform(size=rows),
            "depth": rng.uniform(0, 3, rows),
            "categories": rng.choice(["", "health", "work;family", "money"], rows),
            "motivational_system": rng.choice(["none", "attachment", "caregiving"], rows),
            "gender": np.where((conversation + side) % 2 == 0, "woman", "man"),
        }
    )


@pytest.mark.slow
def test_ten_thousand_conversations_take_seconds() -> None:
    frame = _corpus(10_000)
    start = time.perf_counter()
    tables = conversations(frame)
    assert len(tables.conversations) == 10_000
    start_compare = time.perf_counter()
    result = compare(frame, "gender")
    assert set(result.groups["group"]) == {"man", "woman"}
    assert start_compare - start < 60 and time.perf_counter() - start_compare < 60


def test_a_report_without_a_role_column_draws_all_speakers_as_one_role_not_one_onion_each() -> None:
    from disclosure.reports.figures import ALL_SPEAKERS, onion

    turns = pd.DataFrame({"role": [f"speaker {i}" for i in range(500)], "layer": "core"})
    figure = onion(turns)
    titles = [ax.get_title() for ax in figure.axes if ax.get_title()]
    assert titles == [ALL_SPEAKERS]


@pytest.mark.slow
def test_a_report_on_ten_thousand_conversations_takes_seconds(tmp_path: Path) -> None:
    from disclosure.reports.dynamics import report

    start = time.perf_counter()
    report(_corpus(10_000), tmp_path / "report.html")
    assert time.perf_counter() - start < 120
