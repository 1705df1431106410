"""`train`: one function picks the detector tier, fits it on CL-Aff's training split and saves it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from disclosure import InputError
from disclosure.analyzer import load_detector
from disclosure.instrument.training import new_detector, train
from disclosure.measure.detectors import kinds
from disclosure.measure.detectors.hashed_words import HashedWordsDetector
from disclosure.measure.detectors.sentence_encoder import MultilingualDetector

PLANTED = {
    "Emotional_disclosure": ("I feel so lonely and sad tonight.", "I am furious and ashamed of myself."),
    "Information_disclosure": ("I am 34 and work as a nurse in Leeds.", "My brother moved in with us last May."),
    "Emo_support": ("Sending you a big hug, you are not alone.", "That sounds so hard, I am sorry."),
    "Info_support": ("Try calling the helpline at the weekend.", "You could ask your doctor for a referral."),
}


def _claff_folder(tmp_path: Path, rows: int = 240) -> Path:
    """A train.csv in CL-Aff's layout whose labels follow the planted sentences."""
    rng = np.random.default_rng(0)
    fields = list(PLANTED)
    records = []
    for i in range(rows):
        field = fields[i % len(fields)]
        record = {"full_text": PLANTED[field][int(rng.integers(2))] + f" ({i})"}
        record.update({f: int(f == field) for f in fields})
        records.append(record)
    pd.DataFrame.from_records(records).to_csv(tmp_path / "train.csv", index=False)
    return tmp_path


def test_each_kind_gives_its_tier_and_an_unknown_kind_is_refused_by_name() -> None:
    assert isinstance(new_detector("hashed_words"), HashedWordsDetector)
    assert isinstance(new_detector("multilingual_sentence"), MultilingualDetector)
    assert set(kinds()) == {"transformer", "hashed_words", "multilingual_sentence"}
    refusal = "'kind' must be one of hashed_words, multilingual_sentence, transformer, got 'svm'"
    with pytest.raises(InputError, match=refusal):
        new_detector("svm")


@pytest.mark.slow
def test_the_fast_tier_trained_on_planted_labels_is_saved_and_loads_back(tmp_path: Path) -> None:
    detector = train(_claff_folder(tmp_path), tmp_path / "model", kind="hashed_words", seed=1)
    loaded = load_detector(tmp_path / "model")
    texts = ["I feel so lonely and sad tonight.", "Try calling the helpline at the weekend."]
    np.testing.assert_allclose(loaded.predict_proba(texts), detector.predict_proba(texts), atol=1e-2)
    emotional, advice = loaded.predict_proba(texts)
    labels = list(loaded.labels)
    assert emotional[labels.index("emotional")] > 0.5 > advice[labels.index("emotional")]
    assert advice[labels.index("informational_support")] > 0.5


def test_a_folder_without_train_csv_is_refused_before_anything_is_fitted(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"No CL-Aff training file at .*Point 'data' at the folder"):
        train(tmp_path, tmp_path / "model", kind="hashed_words")
    assert not (tmp_path / "model").exists()
