"""`compare` on hostile group columns: values that name no group are left out (never a group, never the reference),
and a column with thousands of groups is refused at once instead of running for hours."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from disclosure import InputError
from disclosure.dynamics.columns import ConversationColumns
from disclosure.dynamics.compare import MAX_GROUPS, compare_groups
from tests.dynamics.planted_conversations import utterance

COLUMNS = ConversationColumns(conversation="conversation", speaker="speaker")


def _speakers(groups: list[object], speakers: int = 40) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    rows = []
    for s in range(speakers):
        for _ in range(10):
            row = utterance(f"c{s // 2}", f"s{s}", float(rng.uniform(0, 3)))
            rows.append({**row, "group": groups[s % len(groups)]})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("missing", ["", "  ", None, np.nan, "null", "NULL", "NA", "n/a", "None", "nan"])
def test_a_cell_that_names_no_group_is_left_out_and_never_the_reference(missing: object) -> None:
    result = compare_groups(_speakers(["man", "woman", missing]), COLUMNS, "group")
    assert set(result.groups["group"]) == {"man", "woman"}
    assert set(result.groups["reference"]) == {"man"}
    assert any("with no value in 'group'" in line and "were left out" in line for line in result.summary)


def test_a_comparison_with_every_cell_filled_says_nothing_was_left_out() -> None:
    result = compare_groups(_speakers(["man", "woman"]), COLUMNS, "group")
    assert not any("left out" in line for line in result.summary)


def test_only_one_real_group_beside_missing_values_is_refused() -> None:
    with pytest.raises(InputError, match="only one group"):
        compare_groups(_speakers(["man", ""]), COLUMNS, "group")


def test_ten_thousand_groups_are_refused_in_seconds() -> None:
    frame = _speakers(["x"], speakers=2)
    many = pd.concat(
        [frame.assign(group=f"g{i}", speaker=f"s{i}", conversation=f"c{i}") for i in range(10_000)], ignore_index=True
    )
    start = time.perf_counter()
    with pytest.raises(InputError, match=f"10,000 groups; a comparison takes at most {MAX_GROUPS}"):
        compare_groups(many, COLUMNS, "group")
    assert time.perf_counter() - start < 30
