"""The trainable detector: scikit-learn contract, training, persistence, accuracy floor and transfer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.metrics import f1_score, roc_auc_score
from typer.testing import CliRunner

from disclosure import Analyzer, DisclosureDetector, ModelError
from disclosure.analyzer import load_detector
from disclosure.cli import app
from disclosure.measure.detectors.hashed_words import HashedWordsDetector

from ..conftest import FIXTURES, REPO

SAMPLE = FIXTURES / "claff_test_sample.csv"
CHAT = FIXTURES / "support_chat_turns.csv"


def test_hyperparameters_are_stored_unchanged_and_clone_works() -> None:
    detector = DisclosureDetector(layers=2, epochs=1, learning_rate=1e-4)
    assert detector.get_params()["layers"] == 2
    assert clone(detector).get_params() == detector.get_params()


def test_an_unfitted_detector_says_it_must_be_trained_first() -> None:
    with pytest.raises(ModelError, match="has not been trained yet"):
        DisclosureDetector().predict_proba(["hello"])


@pytest.mark.slow
@pytest.mark.training
def test_fit_save_load_round_trip_reproduces_probabilities(tmp_path: Path) -> None:
    texts = ["I feel sad.", "I am a nurse.", "Good luck!", "Try therapy.", "It rains.", "I love you all."] * 4
    labels = np.array(
        [[1, 0, 1, 0, 0], [1, 1, 0, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0], [1, 0, 1, 0, 0]] * 4
    )
    detector = DisclosureDetector(layers=1, epochs=1, batch_size=8, dev_fraction=0.25).fit(texts, labels)
    assert detector.thresholds_.shape == (5,) and (detector.temperature_ > 0).all()
    saved = detector.save(tmp_path / "model")
    assert (saved / "detector.safetensors").stat().st_size < 10_000_000, "only fine-tuned layers are stored"
    assert (saved / "detector.onnx").is_file(), "the graph that scores is saved beside them"
    reloaded = DisclosureDetector.load(saved)
    np.testing.assert_allclose(reloaded.predict_proba(texts[:6]), detector.predict_proba(texts[:6]), atol=1e-6)


@pytest.mark.slow
@pytest.mark.training
def test_training_is_deterministic_for_a_seed_and_changes_with_it() -> None:
    texts = ["I feel sad.", "I am a nurse.", "Good luck!", "Try therapy.", "It rains.", "I love you all."] * 4
    labels = np.array(
        [[1, 0, 1, 0, 0], [1, 1, 0, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0], [1, 0, 1, 0, 0]] * 4
    )

    def trained(seed: int) -> np.ndarray:
        detector = DisclosureDetector(layers=1, epochs=1, batch_size=8, dev_fraction=0.25, random_state=seed)
        return np.asarray(detector.fit(texts, labels).decision_function(texts[:6]))

    first = trained(0)
    np.testing.assert_array_equal(trained(0), first)
    assert not np.array_equal(trained(1), first)


def test_loading_an_incomplete_model_directory_explains_what_is_missing(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelError, match=r"detector.onnx is missing"):
        DisclosureDetector.load(tmp_path)


@pytest.mark.parametrize("model", ["default", "balanced", "fast"])
def test_every_file_of_a_shipped_model_is_small(model: str) -> None:
    directory = REPO / "src" / "disclosure" / "models" / model
    assert max(f.stat().st_size for f in directory.iterdir()) < 30 * 2**20


@pytest.mark.slow
@pytest.mark.parametrize(("model", "floor"), [("balanced", 0.72), ("fast", 0.68)])
def test_faster_tiers_keep_their_accuracy_at_their_shipped_thresholds(model: str, floor: float) -> None:
    sample = pd.read_csv(SAMPLE)
    tier = Analyzer(model, theory=False)
    scored = tier.analyze(sample)
    thresholds = dict(zip(tier.detector.labels, tier.detector.thresholds_, strict=True))
    for ours, field in [("emotional", "Emotional_disclosure"), ("informational", "Information_disclosure")]:
        f1 = f1_score(sample[field], scored[ours] >= thresholds[ours], average="macro")
        assert f1 >= floor, f"{model} {ours}: macro-F1 {f1:.3f} fell below {floor}"
    assert list(scored.columns[-7:]) == ["status", "language", *tier.detector.labels]


@pytest.mark.parametrize("model", ["balanced", "fast"])
def test_disclosure_is_never_less_likely_than_either_kind_of_disclosure(model: str) -> None:
    """`disclosure` is informational or emotional disclosure; each label calibrated alone put it below
    `informational` or `emotional` in 24 (fast) and 49 (balanced) of these 400 sentences."""
    detector = load_detector(model)
    scores = pd.DataFrame(detector.predict_proba(pd.read_csv(SAMPLE)["text"].tolist()), columns=list(detector.labels))
    assert (scores["disclosure"] >= scores[["informational", "emotional"]].max(axis=1)).all()


def test_hashed_words_detector_fit_save_load_round_trip(tmp_path: Path) -> None:
    texts = ["I feel sad.", "I am a nurse.", "Good luck!", "Try therapy.", "It rains.", "I love you all."] * 4
    labels = np.array(
        [[1, 0, 1, 0, 0], [1, 1, 0, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0], [1, 0, 1, 0, 0]] * 4
    )
    detector = HashedWordsDetector(bits=10, dev_fraction=0.25).fit(texts, labels)
    reloaded = HashedWordsDetector.load(detector.save(tmp_path / "fast"))
    np.testing.assert_allclose(reloaded.predict_proba(texts[:6]), detector.predict_proba(texts[:6]), atol=1e-6)
    vectors, _ = reloaded.embed_and_score(["I feel sad.", ""])
    assert vectors.shape == (2, 384) and not vectors[1].any()


@pytest.mark.slow
def test_accuracy_floor_on_the_committed_claff_test_sample(analyzer: Analyzer) -> None:
    # 400 random test sentences; the full test split is reported in docs/model-card.md.
    sample = pd.read_csv(SAMPLE)
    scored = analyzer.analyze(sample)
    for ours, field, floor in [
        ("emotional", "Emotional_disclosure", 0.72),
        ("informational", "Information_disclosure", 0.70),
        ("emotional_support", "Emo_support", 0.75),
        ("informational_support", "Info_support", 0.70),
    ]:
        f1 = f1_score(sample[field], scored[ours] >= 0.5, average="macro")
        assert f1 >= floor, f"{ours}: macro-F1 {f1:.3f} fell below {floor}"


def test_scores_transfer_to_support_chat_turns_it_never_saw(analyzer: Analyzer) -> None:
    chat = pd.read_csv(CHAT)
    scored = analyzer.analyze(chat)
    assert roc_auc_score(chat["discloses"], scored["disclosure"]) >= 0.85
    helper = chat["role"] == "helper"
    assert roc_auc_score(chat.loc[helper, "discloses"], scored.loc[helper, "disclosure"]) >= 0.85


def test_the_fast_tier_also_ranks_support_chat_turns_it_never_saw() -> None:
    chat = pd.read_csv(CHAT)
    scored = Analyzer("fast", theory=False).analyze(chat)
    assert roc_auc_score(chat["discloses"], scored["disclosure"]) >= 0.85


@pytest.mark.slow
def test_evaluate_reports_the_agreement_statistics(tmp_path: Path) -> None:
    report = tmp_path / "agreement.json"
    result = CliRunner().invoke(
        app,
        [
            "evaluate",
            str(SAMPLE),
            "--label",
            "emotional=Emotional_disclosure",
            "--label",
            "informational=Information_disclosure",
            "--json",
            str(report),
            "--plot",
            str(tmp_path / "reliability.png"),
        ],
    )
    assert result.exit_code == 0, result.stderr
    for heading in ("accuracy", "macro_f1", "auroc", "kappa", "ece"):
        assert heading in result.stdout
    rows = pd.read_json(report)
    assert rows["column"].tolist() == ["emotional", "informational"]
    assert rows["n"].tolist() == [400, 400]
    assert rows["auroc"].between(0.75, 1).all()
    assert (tmp_path / "reliability.png").read_bytes()[:4] == b"\x89PNG"


def test_evaluate_explains_how_to_write_a_label(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["evaluate", str(SAMPLE), "--label", "Emotional_disclosure"])
    assert result.exit_code == 2
    assert "Labels are given as COLUMN=FIELD" in result.stderr


@pytest.mark.slow
def test_the_fast_tier_scores_without_loading_torch() -> None:
    code = (
        "import sys; from disclosure import Analyzer; "
        "Analyzer('fast', theory=False).analyze(['I feel alone.']); sys.exit('torch' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.slow
def test_full_analysis_never_imports_hugging_face_transformers() -> None:
    # Our encoder is plain PyTorch and Presidio's optional transformers engine is hidden: about 2 s saved per start.
    code = (
        "import sys; from disclosure import Analyzer; "
        "Analyzer('default').analyze(['Write to jo@example.com, I live in Leeds.']); "
        "sys.exit('transformers' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
