"""The fast tier: a linear model over MiniLM word pieces and adjacent pairs, for corpora of millions of posts.

No transformer runs at inference. A text becomes the multiset of its word pieces (MiniLM's WordPiece vocabulary)
and of its adjacent piece pairs (hashed into a fixed number of buckets), scaled by 1/sqrt(count); one logistic
regression per label reads it. Its sentence vector, for the theory measures, is the mean of the base encoder's
input embeddings of its pieces (a static embedding, loaded from the packaged base model, never copied).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from safetensors import safe_open
from safetensors.numpy import load_file, save_file
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from tokenizers import Tokenizer

from ..errors import ModelError, message
from ..schema import DETECTOR_LABELS
from .base_encoder import base_encoder_path
from .calibration import calibrate, hold_out, training_targets
from .model_files import read_config, restore_calibration, write_config

KIND = "wordpieces"
WEIGHTS_FILE = "wordpieces.safetensors"
_PAIR_MULTIPLIER = 1_000_003


def _tokenizer() -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(base_encoder_path() / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def _piece_embeddings() -> np.ndarray:
    with safe_open(str(base_encoder_path() / "model.safetensors"), "np") as weights:
        return np.asarray(weights.get_tensor("embeddings.word_embeddings.weight"), dtype=np.float32)


class WordPieceDetector(BaseEstimator):  # type: ignore[misc]
    """Score utterances like `DisclosureDetector`, about a hundred times faster and somewhat less accurately.

    Parameters
    ----------
    C : float
        Inverse strength of the L2 penalty of each label's logistic regression.
    buckets : int
        Hash buckets for adjacent word-piece pairs.
    dev_fraction : float
        Share of the training texts held out to choose each label's temperature and threshold.
    random_state : int
        Seed of the development split.
    """

    labels: tuple[str, ...] = DETECTOR_LABELS

    def __init__(self, *, C: float = 2.0, buckets: int = 2**18, dev_fraction: float = 0.1, random_state: int = 0) -> None:
        self.C = C
        self.buckets = buckets
        self.dev_fraction = dev_fraction
        self.random_state = random_state

    # ----------------------------------------------------------------- features
    def _pieces(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Flat word-piece ids of all texts and the number of pieces per text."""
        encodings = self.tokenizer_.encode_batch(list(texts), add_special_tokens=False)
        ids = [encoding.ids for encoding in encodings]
        lengths = np.fromiter((len(x) for x in ids), dtype=np.int64, count=len(ids))
        flat = np.fromiter((i for x in ids for i in x), dtype=np.int64, count=int(lengths.sum()))
        return flat, lengths

    def _features(self, flat: np.ndarray, lengths: np.ndarray) -> sp.csr_matrix:
        vocabulary = self.vocabulary_size_
        ends = np.cumsum(lengths)
        has_next = np.ones(len(flat), dtype=bool)
        has_next[ends[lengths > 0] - 1] = False
        following = np.append(flat[1:], 0)
        pairs = vocabulary + (flat[has_next] * _PAIR_MULTIPLIER + following[has_next]) % self.buckets
        rows = np.arange(len(lengths))
        row_of = np.concatenate([np.repeat(rows, lengths), np.repeat(rows, np.maximum(lengths - 1, 0))])
        scale = 1.0 / np.sqrt(np.maximum(2 * lengths - 1, 1))
        return sp.csr_matrix(
            (scale[row_of].astype(np.float32), (row_of, np.concatenate([flat, pairs]))),
            shape=(len(lengths), vocabulary + self.buckets),
        )

    # ----------------------------------------------------------------- training
    def fit(
        self, texts: Sequence[str], y: np.ndarray, *, teacher: Any | None = None, verbose: bool = False
    ) -> WordPieceDetector:
        """Fit one logistic regression per label; with a `teacher`, on its probabilities blended with the labels."""
        y = np.asarray(y, dtype=np.float32)
        if y.shape != (len(texts), len(self.labels)):
            raise ValueError(f"y must have shape ({len(texts)}, {len(self.labels)}), got {y.shape}")
        self._load_resources()
        dev, train = hold_out(np.random.default_rng(self.random_state), len(texts), self.dev_fraction)
        taught = teacher.predict_proba([texts[i] for i in train]) if teacher is not None else None
        targets = training_targets(y[train], taught)
        features = self._features(*self._pieces([texts[i] for i in train]))
        # Soft targets: each text enters once as a positive and once as a negative, weighted by its target.
        doubled = sp.vstack([features, features]).tocsr()
        outcome = np.r_[np.ones(len(train)), np.zeros(len(train))]
        weights, bias = [], []
        for j, label in enumerate(self.labels):
            model = LogisticRegression(C=self.C, max_iter=3000)
            model.fit(doubled, outcome, sample_weight=np.r_[targets[:, j], 1.0 - targets[:, j]])
            weights.append(model.coef_[0])
            bias.append(model.intercept_[0])
            if verbose:
                print(f"fitted {label}", flush=True)
        # Shipped in fp16: calibrate on exactly the weights that will be shipped.
        self.weights_ = np.asarray(weights, dtype=np.float16).T.astype(np.float32)
        self.bias_ = np.asarray(bias, dtype=np.float32)
        self.temperature_ = np.ones(len(self.labels))
        self.thresholds_ = np.full(len(self.labels), 0.5)
        if len(dev):
            self.temperature_, self.thresholds_ = calibrate(self._logits([texts[i] for i in dev]), y[dev])
        return self

    def _load_resources(self) -> None:
        self.tokenizer_ = _tokenizer()
        self.piece_vectors_ = _piece_embeddings()
        self.vocabulary_size_ = int(self.piece_vectors_.shape[0])

    # ---------------------------------------------------------------- inference
    def _logits(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self._features(*self._pieces(texts)) @ self.weights_ + self.bias_)

    def _check_fitted(self) -> None:
        if not hasattr(self, "weights_"):
            raise ModelError(message("not_fitted", name=type(self).__name__))

    def _probabilities(self, flat: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        logits = np.asarray(self._features(flat, lengths) @ self.weights_ + self.bias_)
        return np.asarray(1.0 / (1.0 + np.exp(-logits / self.temperature_)), dtype=np.float64)

    def _vectors(self, flat: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        sums = np.zeros((len(lengths), self.piece_vectors_.shape[1]), dtype=np.float32)
        nonempty = lengths > 0
        if nonempty.any():
            sums[nonempty] = np.add.reduceat(self.piece_vectors_[flat], starts[nonempty], axis=0)
        return np.asarray(sums / np.maximum(lengths, 1)[:, None], dtype=np.float32)

    def embed_and_score(self, texts: Sequence[str], *, batch_size: int = 64) -> tuple[np.ndarray, np.ndarray]:
        """Static sentence vectors (mean input embedding of the pieces) and calibrated probabilities."""
        self._check_fitted()
        flat, lengths = self._pieces(texts)
        return self._vectors(flat, lengths), self._probabilities(flat, lengths)

    def predict_proba(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        """Calibrated probabilities, shape (len(texts), len(labels)), columns in `labels` order."""
        self._check_fitted()
        return self._probabilities(*self._pieces(texts))

    def predict(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        """0/1 decisions at each label's shipped threshold."""
        return (self.predict_proba(texts) >= self.thresholds_).astype(int)

    # -------------------------------------------------------------- persistence
    def save(self, directory: str | Path) -> Path:
        """Write `wordpieces.safetensors` (fp16 weights) and `config.json`."""
        self._check_fitted()
        path = Path(directory)
        path.mkdir(parents=True, exist_ok=True)
        save_file(
            {"weights": np.ascontiguousarray(self.weights_, dtype=np.float16), "bias": self.bias_},
            str(path / WEIGHTS_FILE),
        )
        write_config(path, KIND, self)
        return path

    @classmethod
    def load(cls, directory: str | Path) -> WordPieceDetector:
        """Load a model directory written by `save`."""
        path = Path(directory)
        config = read_config(path, labels=cls.labels, weights=WEIGHTS_FILE)
        detector = cls(**config["hyperparameters"])
        detector._load_resources()
        tensors = load_file(str(path / WEIGHTS_FILE))
        detector.weights_ = tensors["weights"].astype(np.float32)
        detector.bias_ = tensors["bias"]
        restore_calibration(detector, config)
        return detector
