"""A row's scores depend on that row alone: not on the texts scored with it, their order, the batch size, or how a
table is cut into calls — for every shipped model and every output column, to 1e-4 (issue #24).

Each text is first measured alone (a call of one row); then generated tables — texts drawn with repeats, in any
order, cut into calls anywhere, scored at any batch size — must give every row those same columns. Texts of very
different lengths share batches, so padding is exercised too. The int8 graphs exported before this contract
(`DynamicQuantizeLinear`: one activation scale per batch tensor) fail it by up to 0.1 in a probability.
"""

from __future__ import annotations

import copy
import itertools

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure import Analyzer
from disclosure.measure.detectors import shipped_models

pytestmark = pytest.mark.slow  # loads every shipped model with its theory heads and scores a few hundred tables

TOLERANCE = 1e-4 * (1 + 1e-6)
"""1e-4: the theory columns are rounded to four decimals, so a difference of 1e-7 can show as one unit in the last
place (1e-4 plus the float error of writing it)."""
TEXTS = (
    "ok",
    "The bus is late again.",
    "I was diagnosed with bipolar disorder when I was twenty and I still feel ashamed of it.",
    "You are not alone, please talk to someone you trust.",
    "Try calling the helpline, they helped me a lot when I lost my job.",
    "My sister Priya lives in Leeds and works at the hospital on Elm Road; call her on 0113 496 0000.",
    "Honestly?",
    "I love making pasta from scratch on Sundays.",
    "After the divorce I moved back in with my parents, started drinking too much, and for almost a year I told "
    "nobody at work, because I was terrified that they would see me as weak, or worse, that I would lose the only "
    "thing that still made me feel like a functioning adult. My therapist says I should forgive myself.",
    "Same here, it gets better. Hang in there!",
    "I'm 34, gay, and my family doesn't know.",
    "What time does the meeting start tomorrow?",
)


@pytest.fixture(scope="module", params=shipped_models())
def scorer(request: pytest.FixtureRequest) -> Analyzer:
    """A shipped model with every column (the detector's and the theory columns)."""
    return Analyzer(request.param)


@pytest.fixture(scope="module")
def alone(scorer: Analyzer) -> pd.DataFrame:
    """Every output column of each text, measured in a call of its own."""
    return pd.concat([scorer.measure([text]) for text in TEXTS], ignore_index=True)


@settings(deadline=None, max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.integers(0, len(TEXTS) - 1), min_size=1, max_size=40),
    cuts=st.lists(st.integers(1, 39), max_size=4),
    batch_size=st.integers(1, 64),
)
def test_every_column_of_a_row_is_the_same_in_any_batching_order_and_batch_size(
    scorer: Analyzer, alone: pd.DataFrame, rows: list[int], cuts: list[int], batch_size: int
) -> None:
    in_batches = copy.copy(scorer)  # the same loaded model, another batch size
    in_batches.batch_size = batch_size
    bounds = [0, *sorted({c for c in cuts if c < len(rows)}), len(rows)]
    calls = [[TEXTS[i] for i in rows[start:end]] for start, end in itertools.pairwise(bounds)]
    measured = pd.concat([in_batches.measure(texts) for texts in calls], ignore_index=True)
    expected = alone.iloc[rows].reset_index(drop=True)
    pd.testing.assert_frame_equal(measured, expected, check_exact=False, rtol=0, atol=TOLERANCE)
