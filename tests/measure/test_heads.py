"""The theory heads: they recover planted signal, cannot find signal that is not there, and code non-disclosures
'none'."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

from disclosure import TheoryMeasure
from disclosure.constants import CATEGORIES, IMMEDIACY, LAYERS, MOTIVES, NO_MOTIVE
from disclosure.errors import ModelError
from disclosure.measure.heads import SYSTEM_CLASSES, TheoryHeads, rated_examples
from disclosure.schema import THEORY_COLUMNS

DIMS = 60


def _planted(n: int, seed: int) -> tuple[np.ndarray, pd.DataFrame]:
    """Codes drawn at random and features in which each code shows up in its own dimensions, plus noise."""
    rng = np.random.default_rng(seed)
    depth = rng.integers(0, 4, n)
    disclosed = depth > 0
    motive = np.where(disclosed, rng.choice(MOTIVES, n), NO_MOTIVE)
    system = rng.choice(SYSTEM_CLASSES, n)
    immediacy = np.where(disclosed, rng.choice(IMMEDIACY[:2], n), IMMEDIACY[-1])
    areas = (rng.random((n, len(CATEGORIES))) < 0.25) & disclosed[:, None]
    valence = np.where(disclosed, rng.choice([-1.0, -0.5, 0.0, 0.5, 1.0], n), 0.0)
    X = rng.normal(size=(n, DIMS))
    X[np.arange(n), depth] += 3.0
    X[disclosed, 4 + np.searchsorted(np.array(sorted(MOTIVES)), motive[disclosed])] += 3.0
    X[np.arange(n), 10 + np.array([SYSTEM_CLASSES.index(s) for s in system])] += 3.0
    X[:, 16:32] += 3.0 * areas
    X[:, 32] += 3.0 * valence
    X[:, 33] += 3.0 * (immediacy == "immediate")
    codes = pd.DataFrame(
        {
            "depth": depth.astype(float),
            "categories": [[a for a, keep in zip(CATEGORIES, row, strict=True) if keep] for row in areas],
            "valence": valence,
            "motive": motive,
            "system": system,
            "immediacy": immediacy,
        }
    )
    return X, codes


def _heads() -> TheoryHeads:
    return TheoryHeads(C=1.0, alpha=1.0, n_lexical=1, folds=3)


def test_each_head_recovers_planted_signal_on_fresh_data() -> None:
    X, codes = _planted(1500, seed=1)
    heads = _heads().fit(X, codes)
    X_new, truth = _planted(600, seed=2)
    out = heads.predict(X_new)
    assert spearmanr(out["depth"], truth["depth"]).statistic > 0.9
    disclosed = (truth["depth"] > 0).to_numpy() & (out["layer"] != "none").to_numpy()
    assert (out["motive"][disclosed] == truth["motive"][disclosed]).mean() > 0.8
    assert (out["motivational_system"] == truth["system"]).mean() > 0.8
    assert (out["immediacy"][disclosed] == truth["immediacy"][disclosed]).mean() > 0.8
    assert spearmanr(out["valence"][disclosed], truth["valence"][disclosed]).statistic > 0.8
    found = np.array([[a in row for a in CATEGORIES] for row in out["categories"]])
    coded = np.array([[a in row for a in CATEGORIES] for row in truth["categories"]])
    assert (found & coded).sum() / found.sum() > 0.8 and (found & coded).sum() / coded.sum() > 0.7


def test_heads_find_nothing_when_the_codes_are_unrelated_to_the_features() -> None:
    X, codes = _planted(1500, seed=1)
    shuffled = codes.sample(frac=1.0, random_state=0).reset_index(drop=True)
    out = _heads().fit(X, shuffled).predict(_planted(600, seed=2)[0])
    truth = _planted(600, seed=2)[1]
    assert abs(spearmanr(out["depth"], truth["depth"]).statistic) < 0.15
    assert (out["motivational_system"] == truth["system"]).mean() < 0.3


def test_nothing_disclosed_means_no_areas_motive_or_immediacy_and_little_valence() -> None:
    X, codes = _planted(1500, seed=1)
    out = _heads().fit(X, codes).predict(_planted(600, seed=3)[0])
    silent = out[out["layer"] == LAYERS[0]]
    assert len(silent) > 50
    assert (silent["motive"] == NO_MOTIVE).all() and (silent["immediacy"] == "none").all()
    assert all(areas == [] for areas in silent["categories"])
    assert silent["valence"].abs().mean() < out.loc[out["layer"] != LAYERS[0], "valence"].abs().mean() / 2
    spoken = out[out["layer"] != LAYERS[0]]
    assert (spoken["motive"] != NO_MOTIVE).all() and (spoken["immediacy"] != "none").all()


def test_confidences_are_probabilities_of_the_codes_shown() -> None:
    X, codes = _planted(1500, seed=1)
    out = _heads().fit(X, codes).predict(_planted(300, seed=4)[0])
    spoken = out["layer"] != LAYERS[0]
    motive_columns = [f"motive_{m}" for m in MOTIVES]
    assert np.allclose(out.loc[spoken, motive_columns].max(axis=1), out.loc[spoken, "motive_confidence"], atol=1e-4)
    assert out["motivational_system_confidence"].between(1 / len(SYSTEM_CLASSES), 1).all()


def test_saved_heads_load_and_give_the_same_columns_through_the_measure(tmp_path: Path) -> None:
    X, codes = _planted(800, seed=1)
    heads = _heads().fit(X, codes)
    heads.save(tmp_path, trained_on=["a", "b"])
    X_new = _planted(100, seed=5)[0]
    measure = TheoryMeasure(tmp_path)
    pd.testing.assert_frame_equal(heads.predict(X_new), measure.heads.predict(X_new), atol=1e-3, check_exact=False)
    assert list(measure([], np.zeros((0, DIMS)), pd.DataFrame()).columns) == [c.name for c in THEORY_COLUMNS]


def test_valence_is_the_disclosures_valence_weighed_by_the_probability_of_one() -> None:
    X, codes = _planted(1500, seed=1)
    heads = _heads().fit(X, codes)
    X_new = _planted(300, seed=6)[0]
    p = heads.probabilities(X_new)
    expected = (p["valence"][:, 0] * (1 - p["depth"][:, 0])).round(4)
    assert np.allclose(heads.predict(X_new)["valence"], expected, atol=1e-4)


def _rated(n: int, seed: int, kind: str, signal: int, area: str = "") -> tuple[np.ndarray, pd.DataFrame]:
    """Rated rows of one kind whose target shows up only in feature `signal` (the coded items never use it)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, DIMS))
    target = rng.choice([0.0, 1.0], n) if kind == "area" else rng.uniform(0.0, 1.0, n)
    if kind == "valence":
        target = 2 * target - 1
    X[:, signal] += 3.0 * target
    return X, pd.DataFrame({"kind": kind, "target": target, "area": area})


def test_rated_valence_teaches_valence_the_coded_items_do_not_show() -> None:
    X, codes = _planted(1500, seed=1)
    X_rated, table = _rated(3000, seed=7, kind="valence", signal=40)
    taught = _heads().fit(X, codes, rated_examples(table, X_rated))
    X_new, truth = _rated(600, seed=8, kind="valence", signal=40)
    with_ratings = taught.probabilities(X_new)["valence"][:, 0]
    without = _heads().fit(X, codes).probabilities(X_new)["valence"][:, 0]
    assert spearmanr(with_ratings, truth["target"]).statistic > 0.6
    assert abs(spearmanr(without, truth["target"]).statistic) < 0.2


def test_rated_intimacy_ranks_non_disclosures_by_topic_and_never_changes_a_layer() -> None:
    X, codes = _planted(1500, seed=1)
    X_rated, table = _rated(2000, seed=9, kind="intimacy", signal=41)
    heads = _heads().fit(X, codes, rated_examples(table, X_rated))
    X_new, truth = _rated(400, seed=10, kind="intimacy", signal=41)
    X_new[:, 0] += 4.0  # planted 'depth 0': mostly non-disclosures
    out = heads.predict(X_new)
    assert (out["layer"] == _heads().fit(X, codes).predict(X_new)["layer"]).all()
    silent = (out["layer"] == LAYERS[0]).to_numpy()
    assert silent.sum() > 200
    assert spearmanr(out["depth"][silent], truth["target"][silent]).statistic > 0.6


def test_rated_areas_teach_an_area() -> None:
    X, codes = _planted(1500, seed=1)
    X_rated, table = _rated(2000, seed=11, kind="area", signal=42, area="money")
    heads = _heads().fit(X, codes, rated_examples(table, X_rated))
    X_new, truth = _rated(400, seed=12, kind="area", signal=42, area="money")
    proba = heads.probabilities(X_new)["areas"][:, CATEGORIES.index("money")]
    assert proba[truth["target"] == 1].mean() > proba[truth["target"] == 0].mean() + 0.3


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"kind": "mood"}, "Unknown rated kind"),
        ({"kind": "area", "area": "hobbies"}, "Unknown area"),
        ({"target": 1.5}, "must be numbers in [-1, 1]"),
    ],
)
def test_rated_examples_are_checked_at_the_boundary(change: dict[str, object], said: str) -> None:
    table = pd.DataFrame({"kind": ["valence"], "target": [0.5], "area": [""]}).assign(**change)
    with pytest.raises(ModelError, match=re.escape(said)):
        rated_examples(table, np.zeros((1, DIMS)))


def test_heads_with_an_intimacy_head_save_and_load_unchanged(tmp_path: Path) -> None:
    X, codes = _planted(800, seed=1)
    X_rated, table = _rated(500, seed=13, kind="intimacy", signal=41)
    heads = _heads().fit(X, codes, rated_examples(table, X_rated))
    heads.save(tmp_path)
    X_new = _planted(100, seed=14)[0]
    pd.testing.assert_frame_equal(heads.predict(X_new), TheoryHeads.load(tmp_path).predict(X_new), atol=1e-3)
