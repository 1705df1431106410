"""The detector tiers behind one interface: ONNX Runtime scoring, the export that makes it, devices, the registry."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import NotFittedError as SklearnNotFitted

from disclosure import Analyzer, InputError, ModelError
from disclosure.measure.detectors import (
    SHIPPED_MODELS_DIR,
    Detector,
    NotFittedError,
    kinds,
    load_detector,
)
from disclosure.measure.detectors.transformer import DisclosureDetector, export_onnx
from disclosure.measure.theory import TheoryMeasure

FIXTURES = Path(__file__).parents[1] / "data"
TEXTS = ["I feel sad.", "I am a nurse.", "Good luck!", "Try therapy.", "It rains.", "I love you all."] * 4
LABELS = np.array(
    [[1, 0, 1, 0, 0], [1, 1, 0, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0], [1, 0, 1, 0, 0]] * 4
)
PROBES = [
    "I was diagnosed with diabetes last year and I am scared.",
    "The bus is late again.",
    "You are not alone; please talk to someone you trust.",
    "My husband left me and I have not told anyone, not even my sister.",
    "ok",
    "Try calling the helpline, they helped me a lot when I lost my job and could not pay rent. " * 6,
]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-layer fp32 transformer trained for one epoch, with the shipped default's theory heads beside it."""
    pytest.importorskip("torch")
    directory = tmp_path_factory.mktemp("tiny") / "model"
    DisclosureDetector(layers=1, epochs=1, batch_size=8, dev_fraction=0.25).fit(TEXTS, LABELS).save(directory)
    for name in ("theory_heads.json", "theory_heads.safetensors"):
        shutil.copy(SHIPPED_MODELS_DIR / "default" / name, directory / name)
    return directory


def _torch_scores(directory: Path, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """PyTorch's logits and sentence vectors from the model's safetensors weights (the reference)."""
    from disclosure.measure.detectors.network import load_network, network_scores

    config = json.loads((directory / "config.json").read_text(encoding="utf-8"))["hyperparameters"]
    network = load_network(directory / "detector.safetensors", config["layers"], 5)
    return network_scores(network, texts, config["max_length"])


@pytest.mark.training
def test_onnx_probabilities_and_theory_columns_match_pytorch(tiny_model: Path) -> None:
    detector = load_detector(tiny_model)
    logits, vectors = _torch_scores(tiny_model, PROBES)
    onnx_vectors, onnx_probabilities = detector.embed_and_score(PROBES)
    np.testing.assert_allclose(onnx_probabilities, detector._calibrated(logits), atol=1e-3)
    np.testing.assert_allclose(onnx_vectors, vectors, atol=1e-3)
    theory = TheoryMeasure(tiny_model)
    frame = pd.DataFrame(onnx_probabilities, columns=list(detector.labels))
    ours = theory(PROBES, onnx_vectors, frame)
    reference = theory(PROBES, vectors, pd.DataFrame(detector._calibrated(logits), columns=list(detector.labels)))
    numeric = ours.select_dtypes("number").columns
    np.testing.assert_allclose(ours[numeric], reference[numeric], atol=2e-3)
    other = [c for c in ours.columns if c not in numeric]
    assert ours[other].astype(str).equals(reference[other].astype(str))


@pytest.mark.training
def test_export_is_deterministic_and_reproduces_the_saved_graph(tiny_model: Path, tmp_path: Path) -> None:
    copy = Path(shutil.copytree(tiny_model, tmp_path / "copy"))
    saved = (copy / "detector.onnx").read_bytes()
    first = export_onnx(copy).read_bytes()
    assert export_onnx(copy).read_bytes() == first == saved


@pytest.mark.training
def test_a_graph_left_behind_by_new_weights_is_refused_until_exported_again(tiny_model: Path, tmp_path: Path) -> None:
    from safetensors.numpy import load_file, save_file

    copy = Path(shutil.copytree(tiny_model, tmp_path / "retrained"))
    weights = load_file(str(copy / "detector.safetensors"))
    weights["head.bias"] = weights["head.bias"] + np.float16(1.0)
    save_file(weights, str(copy / "detector.safetensors"))
    with pytest.raises(ModelError, match=r"exported from other weights .*disclosure export-onnx"):
        load_detector(copy)
    export_onnx(copy)
    shifted = load_detector(copy).decision_function(PROBES[:2])
    np.testing.assert_allclose(shifted, load_detector(tiny_model).decision_function(PROBES[:2]) + 1.0, atol=2e-3)


@pytest.mark.training
@pytest.mark.slow
@pytest.mark.parametrize("model", ["default", "balanced"])
def test_shipped_int8_graphs_decide_as_their_pytorch_weights_do(model: str) -> None:
    """The shipped graphs are int8; on the committed CL-Aff sample they keep PyTorch fp32's decisions and theory."""
    texts = pd.read_csv(FIXTURES / "claff_test_sample.csv")["text"].astype(str).tolist()
    directory = SHIPPED_MODELS_DIR / model
    detector = load_detector(directory)
    logits, vectors = _torch_scores(directory, texts)
    onnx_vectors, probabilities = detector.embed_and_score(texts)
    reference = detector._calibrated(logits)
    assert np.abs(probabilities - reference).mean() < 0.02
    agree = ((probabilities >= detector.thresholds_) == (reference >= detector.thresholds_)).mean(axis=0)
    assert (agree >= 0.95).all(), agree
    theory = TheoryMeasure(directory)
    ours = theory(texts, onnx_vectors, pd.DataFrame(probabilities, columns=list(detector.labels)))
    theirs = theory(texts, vectors, pd.DataFrame(reference, columns=list(detector.labels)))
    assert (ours["layer"] == theirs["layer"]).mean() >= 0.9
    assert np.abs(ours["depth"] - theirs["depth"]).mean() < 0.05


@pytest.mark.parametrize("model", ["default", "balanced"])
def test_a_shipped_graph_scores_each_text_as_it_scores_it_alone(model: str) -> None:
    """One activation scale per row: the texts beside a text, and their padding, leave its logits and vector alone
    (the per-batch scales of `quantize_dynamic` moved `default`'s probabilities by up to 0.1)."""
    detector = load_detector(model)
    together = detector._logits_and_vectors(PROBES, 64, vectors=True)
    alone = [detector._logits_and_vectors([text], 1, vectors=True) for text in PROBES]
    for found, expected in zip(together, zip(*alone, strict=True), strict=True):
        assert np.abs(found - np.concatenate(expected)).max() < 1e-5


def test_import_and_analyze_never_import_torch() -> None:
    code = (
        "import disclosure, sys; disclosure.analyze(['I was diagnosed last year.']); "
        "disclosure.analyze(['I feel alone.'], model='balanced'); sys.exit('torch' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_an_unknown_device_lists_the_devices() -> None:
    with pytest.raises(InputError, match=r"Unknown device 'gpu'. Choose one of: cpu, cuda"):
        Analyzer("balanced", device="gpu")


def test_cuda_without_the_gpu_build_says_how_to_install_it() -> None:
    import onnxruntime

    if "CUDAExecutionProvider" in onnxruntime.get_available_providers():
        pytest.skip("ONNX Runtime's GPU build is installed here")
    with pytest.raises(ModelError, match=r"needs ONNX Runtime's GPU build.*pip install -e '\.\[gpu\]'.*device='cpu'"):
        Analyzer("balanced", theory=False, device="cuda")


def test_the_cli_refuses_cuda_in_one_line_without_a_gpu_build(tmp_path: Path) -> None:
    import onnxruntime
    from typer.testing import CliRunner

    from disclosure.cli import app

    if "CUDAExecutionProvider" in onnxruntime.get_available_providers():
        pytest.skip("ONNX Runtime's GPU build is installed here")
    (tmp_path / "in.csv").write_text("text\nI lost my job.\n", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            "analyze",
            str(tmp_path / "in.csv"),
            "-o",
            str(tmp_path / "out.csv"),
            "--model",
            "balanced",
            "--device",
            "cuda",
        ],
    )
    assert result.exit_code == 2 and "GPU build" in result.output and "Traceback" not in result.output


def test_training_without_the_train_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    with pytest.raises(ModelError, match=r"pip install -e '\.\[train\]' in the disclosure source folder"):
        DisclosureDetector(layers=1).fit(TEXTS, LABELS)


def test_a_graph_that_is_not_onnx_is_refused(tmp_path: Path) -> None:
    copy = Path(shutil.copytree(SHIPPED_MODELS_DIR / "balanced", tmp_path / "balanced"))
    (copy / "detector.onnx").write_bytes(b"not a graph")
    with pytest.raises(ModelError, match="is not an ONNX graph that ONNX Runtime can run"):
        load_detector(copy)


def test_an_unfitted_detector_raises_scikit_learns_not_fitted_error_too() -> None:
    for tier in (DisclosureDetector, load_detector("fast").__class__):
        with pytest.raises(NotFittedError, match="has not been trained yet") as caught:
            tier().predict_proba(["hello"])
        assert isinstance(caught.value, SklearnNotFitted) and isinstance(caught.value, ModelError)


class _Constant(Detector):
    """A test tier: the same logits for every text, from a one-line weights file."""

    kind = "constant"
    files = ("constant.json",)
    hyperparameters: ClassVar[dict[str, tuple[type, float, float]]] = {"value": (float, -10.0, 10.0)}

    def __init__(self, *, value: float = 0.0) -> None:
        self.value = value

    def _logits_and_vectors(
        self, texts: Sequence[str], batch_size: int, vectors: bool
    ) -> tuple[np.ndarray, np.ndarray | None]:
        logits = np.full((len(texts), len(self.labels)), self.value)
        return logits, np.ones((len(texts), 384), np.float32) if vectors else None

    def _write_weights(self, path: Path) -> None:
        (path / "constant.json").write_text("{}", encoding="utf-8")

    def _read_weights(self, path: Path, device: str) -> None:
        pass


def test_a_new_tier_is_one_class_registered_by_its_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from disclosure.measure.detectors.registry import _REGISTRY

    monkeypatch.setitem(_REGISTRY, "constant", _Constant)
    tier = _Constant(value=2.0)
    tier._calibrate([], np.zeros((0, 5)))
    tier.save(tmp_path / "constant")
    assert "constant" in kinds()
    scored = Analyzer(tmp_path / "constant", theory=False).analyze(["one", "two"])
    np.testing.assert_allclose(scored["emotional"], 1 / (1 + np.exp(-2.0)))


@pytest.mark.training
def test_the_shipped_tokenizer_and_word_embeddings_are_the_base_encoders() -> None:
    from safetensors import safe_open

    from disclosure.measure.base_encoder import base_encoder_path
    from disclosure.measure.static_vectors import EMBEDDINGS_FILE
    from disclosure.measure.word_pieces import TOKENIZER_FILE

    base = base_encoder_path()
    assert TOKENIZER_FILE.read_bytes() == (base / "tokenizer.json").read_bytes()
    with safe_open(str(base / "model.safetensors"), "np") as weights, safe_open(str(EMBEDDINGS_FILE), "np") as ours:
        expected = weights.get_tensor("embeddings.word_embeddings.weight")
        np.testing.assert_allclose(ours.get_tensor("word_embeddings"), expected, rtol=1e-3, atol=1e-4)
