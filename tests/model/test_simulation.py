"""The vectorised simulation: table shape and types, determinism, settings, and the utterance-table view."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from disclosure import InputError, simulate
from disclosure.model import Parameters, to_utterances
from disclosure.model.simulation import COLUMNS, simulate_table


def test_one_row_per_dyad_turn_in_dyad_then_turn_order() -> None:
    frame = simulate(30, 8, seed=1)
    assert list(frame.columns) == list(COLUMNS)
    assert len(frame) == 240
    assert frame["dyad"].tolist() == np.repeat(np.arange(30), 8).tolist()
    assert frame["turn"].tolist() == np.tile(np.arange(8), 30).tolist()
    assert frame["speaker"].tolist()[:4] == [0, 1, 0, 1]


def test_columns_are_consistent_with_each_other() -> None:
    frame = simulate(200, 20, seed=2)
    assert (frame["disclosed"] == (frame["depth"] > 0)).all()
    assert (frame["valence"].ne(0) == frame["disclosed"]).all()
    assert (
        frame["layer"].astype(str)
        == frame["depth"].map(dict(enumerate(["none", "peripheral", "intermediate", "core"])))
    ).all()
    assert frame["trust"].between(0, 1).all()
    assert set(frame["partner_response"].unique()) <= {0.0, 1.0}


def test_the_table_uses_compact_types() -> None:
    schema = simulate_table(5, 4).schema
    assert str(schema.field("turn").type) == "int16"
    assert str(schema.field("depth").type) == "int8"
    assert str(schema.field("layer").type) == "dictionary<values=string, indices=int8, ordered=0>"


def test_the_same_seed_gives_an_identical_table_and_another_seed_does_not() -> None:
    first = simulate_table(300, 30, seed=7, setting="helping")
    assert first.equals(simulate_table(300, 30, seed=7, setting="helping"))
    assert not first.equals(simulate_table(300, 30, seed=8, setting="helping"))


def test_trust_only_changes_after_the_speakers_own_disclosures() -> None:
    frame = simulate(100, 12, seed=3)
    own = frame.groupby(["dyad", "speaker"])
    changed = own["trust"].diff().abs().gt(1e-6)
    spoke_deep = own["depth"].shift(1).gt(0)
    assert not (changed & ~spoke_deep).any()


@pytest.mark.parametrize(("option", "value"), [("dyads", 0), ("turns", -1)])
def test_sizes_below_one_are_refused(option: str, value: int) -> None:
    sizes = {"dyads": 5, "turns": 5, option: value}
    with pytest.raises(InputError, match=f"'{option}' must be a whole number of at least 1"):
        simulate(sizes["dyads"], sizes["turns"])


def test_an_unknown_setting_lists_the_settings() -> None:
    with pytest.raises(InputError, match="peers, helping"):
        simulate(5, 5, setting="therapy")


def test_helper_centred_disclosure_leaves_client_disclosures_unanswered() -> None:
    params = Parameters(helper_disclosure_rate=1.0, helper_centred=1.0)
    frame = simulate(50, 10, params, setting="helping")
    client, helper = frame[frame["speaker"] == 0], frame[frame["speaker"] == 1]
    assert (client["partner_response"] == 0).all()
    assert (helper["depth"] == 1).all()


def test_the_utterance_view_has_the_columns_fit_reads() -> None:
    table = to_utterances(simulate(10, 6, seed=4))
    expected = {"conversation", "speaker", "text", "disclosure", "depth", "layer", "valence", "reply_support"}
    assert expected <= set(table.columns)
    assert isinstance(table, pd.DataFrame) and len(table) == 60
