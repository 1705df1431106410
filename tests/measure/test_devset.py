"""The first theory development set (codebook v1; its written items now belong to the coded corpus): size, coding,
AnnoMI rule."""

from __future__ import annotations

import pandas as pd

from disclosure.constants import CATEGORIES, MOTIVES, NO_MOTIVE, NO_SYSTEM, SYSTEMS

from ..conftest import FIXTURES

DEVSET = FIXTURES / "theory_devset.csv"


def _devset() -> pd.DataFrame:
    return pd.read_csv(DEVSET, dtype=str, keep_default_na=False)


def test_the_development_set_has_at_least_400_items_coded_twice_and_adjudicated() -> None:
    dev = _devset()
    assert len(dev) >= 400 and dev["item"].is_unique
    for field in ("depth", "categories", "valence", "motive", "system"):
        assert {f"{field}_1", f"{field}_2", field} <= set(dev.columns)
    assert set(dev["split"]) == {"tune", "test"}
    assert set(dev["motive"]) <= {*MOTIVES, NO_MOTIVE} and set(dev["system"]) <= {*SYSTEMS, NO_SYSTEM}
    areas = {a for cell in dev["categories"] for a in cell.split(";") if a}
    assert areas == set(CATEGORIES)


def test_annomi_rows_reference_the_corpus_without_copying_its_text() -> None:
    dev = _devset()
    annomi = dev[dev["source"] == "annomi"]
    assert len(annomi) >= 100
    assert (annomi["text"] == "").all()
    assert (annomi["transcript_id"] != "").all() and (annomi["utterance_id"] != "").all()
