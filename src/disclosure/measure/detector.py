"""The disclosure detector: a multi-task fine-tune of MiniLM that scores the five detector columns.

`DisclosureDetector` follows the scikit-learn estimator contract (keyword-only hyperparameters,
`fit` returns self, learned state ends in `_`, `predict_proba` checks it was fitted), so it drops into
model-selection code. `save`/`load` write a small model directory: the parameters it fine-tuned in fp16,
the per-label temperature and decision threshold chosen on a development split, and a config.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file, save_file
from sklearn.base import BaseEstimator

from ..errors import ModelError, message
from ..schema import DETECTOR_LABELS
from .calibration import calibrate, coherent_probabilities, hold_out, training_targets
from .encoder import MeanPooledEncoder, length_sorted_batches, load_tokenizer, padded_batch, word_piece_ids
from .model_files import (
    Hyperparameter,
    check_finite,
    check_shapes,
    read_config,
    restore_calibration,
    tensor_shapes,
    write_config,
)

KIND = "transformer"
WEIGHTS_FILE = "detector.safetensors"
_FROZEN_PREFIX = "encoder.bert.embeddings."
HYPERPARAMETERS: dict[str, Hyperparameter] = {
    "layers": (int, 1, 6),  # MiniLM has six transformer layers
    "epochs": (int, 1, 1000),
    "learning_rate": (float, 0.0, 1.0),
    "batch_size": (int, 1, 1 << 20),
    "max_length": (int, 1, 512),  # MiniLM's position embeddings
    "dev_fraction": (float, 0.0, 1.0),
    "quantize": (bool, 0, 1),
    "random_state": (int, 0, 2**32 - 1),
}


class _Network(torch.nn.Module):
    def __init__(self, layers: int, n_labels: int) -> None:
        super().__init__()
        self.encoder = MeanPooledEncoder(layers)
        self.head = torch.nn.Linear(self.encoder.dim, n_labels)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        logits: torch.Tensor = self.head(self.encoder(input_ids, attention_mask))
        return logits


class DisclosureDetector(BaseEstimator):  # type: ignore[misc]
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
        Run the transformer's linear layers in int8 at inference (about 2-3x faster on CPU, slightly less
        accurate); temperatures and thresholds are chosen on the quantised network.
    random_state : int
        Seed for the split, the initialisation and the batch order (training is deterministic).
    """

    labels: tuple[str, ...] = DETECTOR_LABELS

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
        self,
        texts: Sequence[str],
        y: np.ndarray,
        *,
        teacher: DisclosureDetector | None = None,
        verbose: bool = False,
    ) -> DisclosureDetector:
        """Fine-tune on `texts` with `y`, a 0/1 matrix with one column per label in `labels` order.

        With a `teacher` (a larger trained detector), the training targets are the mean of the human labels
        and the teacher's probabilities (knowledge distillation); temperatures and thresholds are still chosen
        against the human labels of the development split.
        """
        y = np.asarray(y, dtype=np.float32)
        if y.shape != (len(texts), len(self.labels)):
            raise ValueError(f"y must have shape ({len(texts)}, {len(self.labels)}), got {y.shape}")
        rng = np.random.default_rng(self.random_state)
        torch.manual_seed(self.random_state)
        dev, train = hold_out(rng, len(texts), self.dev_fraction)
        self.tokenizer_ = load_tokenizer()
        self.network_ = _Network(self.layers, len(self.labels))
        for name, param in self.network_.named_parameters():
            param.requires_grad = not name.startswith(_FROZEN_PREFIX)
        targets = np.zeros_like(y)
        taught = teacher.predict_proba([texts[i] for i in train]) if teacher is not None else None
        targets[train] = training_targets(y[train], taught)
        self._train(texts, targets, train, rng, verbose)
        self._round_to_half_precision()
        self._prepare_inference()
        self.temperature_ = np.ones(len(self.labels))
        self.offset_ = np.zeros(len(self.labels))
        self.thresholds_ = np.full(len(self.labels), 0.5)
        if len(dev):
            logits = self.decision_function([texts[i] for i in dev])
            self.temperature_, self.thresholds_ = calibrate(logits, y[dev])
        return self

    def _train(
        self, texts: Sequence[str], y: np.ndarray, train: np.ndarray, rng: np.random.Generator, verbose: bool
    ) -> None:
        network = self.network_
        params = [p for p in network.parameters() if p.requires_grad]
        optimiser = torch.optim.AdamW(params, lr=self.learning_rate, weight_decay=0.01)
        steps = self.epochs * math.ceil(len(train) / self.batch_size)
        warmup = max(1, steps // 10)
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimiser, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup)))
        )
        loss_fn = torch.nn.BCEWithLogitsLoss()
        encoded = word_piece_ids(self.tokenizer_, [texts[i] for i in train], self.max_length)
        targets = torch.from_numpy(y[train])
        network.train()
        for epoch in range(self.epochs):
            shuffled = rng.permutation(len(train))
            total = 0.0
            for start in range(0, len(shuffled), self.batch_size):
                rows = shuffled[start : start + self.batch_size]
                batch = padded_batch([encoded[i] for i in rows])
                loss = loss_fn(network(batch["input_ids"], batch["attention_mask"]), targets[rows])
                optimiser.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(params, 1.0)
                optimiser.step()
                schedule.step()
                total += loss.item() * len(rows)
            if verbose:
                print(f"epoch {epoch + 1}/{self.epochs}: training loss {total / len(train):.4f}", flush=True)
        network.eval()

    def _round_to_half_precision(self) -> None:
        # The shipped weights are fp16; calibrate on exactly the weights that will be shipped.
        with torch.no_grad():
            for name, param in self.network_.named_parameters():
                if not name.startswith(_FROZEN_PREFIX):
                    param.copy_(param.half().float())

    def _prepare_inference(self) -> None:
        """Set `runtime_`, the network used for scoring: `network_` itself, or an int8 copy of it."""
        self.network_.eval()
        self.runtime_ = self.network_
        if self.quantize:
            # The frozen input embeddings are not quantised: lend them to the int8 copy instead of copying them.
            bert = self.network_.encoder.bert
            embeddings, bert.embeddings = bert.embeddings, torch.nn.Identity()  # type: ignore[assignment]
            with warnings.catch_warnings():
                # Eager dynamic quantisation is deprecated in favour of torchao, which is not on this stack;
                # it remains the simplest int8 path for a BERT encoder on CPU.
                warnings.simplefilter("ignore")
                self.runtime_ = torch.ao.quantization.quantize_dynamic(  # type: ignore[no-untyped-call]
                    self.network_, {torch.nn.Linear}, torch.qint8
                )
            bert.embeddings = self.runtime_.encoder.bert.embeddings = embeddings

    # --------------------------------------------------------------- inference
    def _forward(self, texts: Sequence[str], batch_size: int = 64) -> tuple[np.ndarray, np.ndarray]:
        pooled = np.zeros((len(texts), self.network_.encoder.dim), dtype=np.float32)
        logits = np.zeros((len(texts), len(self.labels)), dtype=np.float32)
        with torch.inference_mode():
            for positions, batch in length_sorted_batches(self.tokenizer_, texts, batch_size, self.max_length):
                vectors = self.runtime_.encoder(batch["input_ids"], batch["attention_mask"])
                pooled[positions] = vectors.numpy()
                logits[positions] = self.runtime_.head(vectors).numpy()
        return pooled, logits

    def decision_function(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        """Uncalibrated scores (logits), shape (len(texts), len(labels)); `recalibrate` reads these."""
        self._check_fitted()
        return self._forward(texts, batch_size)[1]

    def _check_fitted(self) -> None:
        if not hasattr(self, "network_"):
            raise ModelError(message("not_fitted", name=type(self).__name__))

    def embed_and_score(self, texts: Sequence[str], *, batch_size: int = 64) -> tuple[np.ndarray, np.ndarray]:
        """One pass: sentence vectors (n, dim) from the fine-tuned encoder and calibrated probabilities (n, labels).

        The vectors let later measures (depth, categories, ...) reuse the encoder instead of running a second one.
        """
        self._check_fitted()
        if not len(texts):
            return np.zeros((0, self.network_.encoder.dim), np.float32), np.zeros((0, len(self.labels)))
        pooled, logits = self._forward(texts, batch_size)
        return pooled, coherent_probabilities(logits, self.temperature_, self.offset_, self.labels)

    def predict_proba(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        """Calibrated probabilities, shape (len(texts), len(labels)), columns in `labels` order."""
        return self.embed_and_score(texts, batch_size=batch_size)[1]

    def predict(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        """0/1 decisions at each label's shipped threshold."""
        return (self.predict_proba(texts, batch_size=batch_size) >= self.thresholds_).astype(int)

    # ------------------------------------------------------------ persistence
    def save(self, directory: str | Path) -> Path:
        """Write the model directory: `detector.safetensors` (fp16) and `config.json`."""
        self._check_fitted()
        path = Path(directory)
        path.mkdir(parents=True, exist_ok=True)
        tensors = {
            name: tensor.half().contiguous()
            for name, tensor in self.network_.state_dict().items()
            if not name.startswith(_FROZEN_PREFIX)
        }
        save_file(tensors, str(path / WEIGHTS_FILE))
        write_config(path, KIND, self)
        return path

    @classmethod
    def load(cls, directory: str | Path) -> DisclosureDetector:
        """Load a model directory written by `save`."""
        path = Path(directory)
        config = read_config(
            path, kind=KIND, labels=cls.labels, weights=WEIGHTS_FILE, hyperparameters=HYPERPARAMETERS
        )
        shapes = tensor_shapes(path, WEIGHTS_FILE)
        detector = cls(**config["hyperparameters"])
        detector.tokenizer_ = load_tokenizer()
        detector.network_ = _Network(detector.layers, len(cls.labels))
        expected = {
            name: tuple(tensor.shape)
            for name, tensor in detector.network_.state_dict().items()
            if not name.startswith(_FROZEN_PREFIX)
        }
        check_shapes(path, shapes, expected)
        state = {k: v.float() for k, v in load_file(str(path / WEIGHTS_FILE)).items()}
        check_finite(path, WEIGHTS_FILE, {name: bool(torch.isfinite(t).all()) for name, t in state.items()})
        detector.network_.load_state_dict(state, strict=False)
        detector._prepare_inference()
        restore_calibration(detector, config)
        return detector
