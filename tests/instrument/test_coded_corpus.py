"""The coded corpus: two blind passes and an adjudication per item, a gold split that no shipped head has seen."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from disclosure.errors import InputError
from disclosure.instrument.coded_corpus import GOLD, read_codes, read_items
from disclosure.instrument.evaluation import krippendorff_alpha
from disclosure.measure.detectors import SHIPPED_MODELS_DIR, shipped_models
from disclosure.measure.heads import HEADS_CONFIG

from ..conftest import ANNOMI, REPO

CODED = REPO / "data" / "coded"


def _items() -> pd.DataFrame:
    return pd.read_csv(CODED / "items.csv", dtype=str, keep_default_na=False).set_index("item")


def test_every_item_is_coded_by_two_passes_and_has_an_adjudicated_code() -> None:
    items = _items()
    assert len(items) >= 4000 and items.index.is_unique
    assert items["source"].nunique() >= 4
    for name in ("codes_coder1.csv", "codes_coder2.csv", "adjudicated.csv"):
        assert set(read_codes(CODED / name).index) == set(items.index)


def test_the_gold_split_holds_at_least_600_items_from_every_source() -> None:
    items = _items()
    gold = items[items["split"] == GOLD]
    assert len(gold) >= 600
    assert set(gold["source"]) == set(items["source"])


def test_annomi_items_are_stored_as_ids_without_their_text() -> None:
    items = _items()
    annomi = items[items["source"].str.startswith("annomi")]
    assert len(annomi) >= 1000 and (annomi["text"] == "").all()
    assert read_items(CODED / "items.csv").index.isin(annomi.index).sum() == 0


@pytest.mark.parametrize("model", shipped_models())
def test_the_shipped_heads_never_saw_a_gold_item(model: str) -> None:
    trained_on = set(json.loads((SHIPPED_MODELS_DIR / model / HEADS_CONFIG).read_text())["trained_on"])
    items = _items()
    assert not trained_on & set(items.index[items["split"] == GOLD])
    assert trained_on <= set(items.index[items["split"] == "train"])
    assert len(trained_on) >= 3000


def test_a_depth_of_zero_forces_the_disclosure_only_codes_to_none(tmp_path: Path) -> None:
    path = tmp_path / "codes.tsv"
    path.write_text(
        "item\tdepth\tcategories\tvalence\tmotive\tsystem\timmediacy\tsupport\n"
        "a\t0\tfeelings\t-1\tventing\tattachment\timmediate\tnone\n"
        "b\t2\tfeelings;work_study\t-0.5\tventing\tranking\tnon_immediate\tnone\n"
    )
    codes = read_codes(path)
    assert codes.loc["a", ["motive", "immediacy", "valence"]].tolist() == ["none", "none", 0.0]
    assert codes.loc["a", "categories"] == [] and codes.loc["a", "system"] == "attachment"
    assert codes.loc["b", "categories"] == ["feelings", "work_study"]


def test_an_area_outside_the_codebook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    path.write_text(
        "item,depth,categories,valence,motive,system,immediacy,support\na,2,hobbies,0,venting,none,non_immediate,none\n"
    )
    with pytest.raises(InputError, match="hobbies"):
        read_codes(path)


def test_krippendorffs_alpha_matches_a_hand_computed_case() -> None:
    # Values 0,0,1,1 / 0,0,1,0: observed disagreement 1/4, expected 1 - (5*4 + 3*2) / (8*7) = 30/56.
    assert krippendorff_alpha(np.array([0, 0, 1, 1]), np.array([0, 0, 1, 0])) == pytest.approx(1 - 0.25 / (30 / 56))
    assert krippendorff_alpha(np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.0]), level="interval") == 1.0


def _rated_table() -> pd.DataFrame | None:
    """The training parts of the human-rated sets, as the shipped heads' recipe builds them (None where absent)."""
    sys.path.insert(0, str(REPO / "training"))
    try:
        import rated_sets
        from theory_heads import rated_table
    finally:
        sys.path.remove(str(REPO / "training"))
    return rated_table() if rated_sets.available() else None


@pytest.mark.slow
@pytest.mark.skipif(not ANNOMI.is_file(), reason="needs ../shared/data/annomi (the AnnoMI items' texts)")
def test_train_theory_reproduces_the_shipped_fast_heads_byte_for_byte(tmp_path: Path) -> None:
    from disclosure.instrument.theory_training import train_theory

    rated = _rated_table()
    if rated is None:
        pytest.skip("needs the human-rated sets in ../shared/data")
    written = train_theory(
        "fast",
        items=CODED / "items.csv",
        codes=CODED / "adjudicated.csv",
        annomi=ANNOMI,
        rated=rated,
        output=tmp_path / "fast",
    )
    for name in ("theory_heads.json", "theory_heads.safetensors"):
        assert (written / name).read_bytes() == (SHIPPED_MODELS_DIR / "fast" / name).read_bytes()


def test_the_rated_training_examples_hold_no_held_out_item() -> None:
    rated = _rated_table()
    if rated is None:
        pytest.skip("needs the human-rated sets in ../shared/data")
    import rated_sets  # on sys.path while _rated_table imported it; cached in sys.modules since

    held_out = pd.concat(
        [
            rated_sets.question_intimacy().query("held_out")["text"],
            rated_sets.sad_stressors().query("held_out")["text"],
            rated_sets.goemotions_valence().query("held_out")["text"],
        ]
    )
    assert len(held_out) > 5000
    assert not set(rated["text"]) & set(held_out)
