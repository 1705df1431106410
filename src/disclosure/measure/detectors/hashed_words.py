"""The fast tier: a linear model over hashed words and word pairs, for corpora of millions of posts.

No transformer and no tokenizer objects run at inference: `word_hashing` turns a batch of texts into a sparse matrix
of hashed words and adjacent word pairs with array arithmetic, and one logistic regression per label reads it.
Its sentence vector, needed only for the theory measures, is a static one (`static_vectors`), loaded on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np
import scipy.sparse as sp
from safetensors.numpy import load_file, save_file

from ..calibration import hold_out, training_targets
from ..model_files import Hyperparameter, check_finite, check_shapes, tensor_shapes
from ..static_vectors import StaticVectors
from ..word_hashing import hashed_features
from .base import Detector
from .registry import register

WEIGHTS_FILE = "hashed_words.safetensors"


@register
class HashedWordsDetector(Detector):
    """Score utterances like `DisclosureDetector`, about a hundred times faster and somewhat less accurately.

    Parameters
    ----------
    C : float
        Inverse strength of the L2 penalty of each label's logistic regression.
    bits : int
        Words and word pairs are each hashed into `2**bits` columns.
    dev_fraction : float
        Share of the training texts held out to choose each label's temperature and threshold.
    random_state : int
        Seed of the development split.
    """

    kind = "hashed_words"
    files = (WEIGHTS_FILE,)
    hyperparameters: ClassVar[dict[str, Hyperparameter]] = {
        "C": (float, 1e-12, 1e12),
        "bits": (int, 1, 26),  # 2 * 2**26 rows of five fp16 weights is 640 MiB
        "dev_fraction": (float, 0.0, 1.0),
        "random_state": (int, 0, 2**32 - 1),
    }

    def __init__(self, *, C: float = 2.0, bits: int = 18, dev_fraction: float = 0.1, random_state: int = 0) -> None:
        self.C = C
        self.bits = bits
        self.dev_fraction = dev_fraction
        self.random_state = random_state

    def fit(
        self, texts: Sequence[str], y: np.ndarray, *, teacher: Detector | None = None, verbose: bool = False
    ) -> HashedWordsDetector:
        """Fit one logistic regression per label; with a `teacher`, on its probabilities blended with the labels."""
        from sklearn.linear_model import LogisticRegression

        y = self._check_targets(texts, y)
        dev, train = hold_out(np.random.default_rng(self.random_state), len(texts), self.dev_fraction)
        taught = teacher.predict_proba([texts[i] for i in train]) if teacher is not None else None
        targets = training_targets(y[train], taught)
        features = hashed_features([texts[i] for i in train], self.bits)
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
        self._calibrate([texts[i] for i in dev], y[dev])
        return self

    def _logits_and_vectors(
        self, texts: Sequence[str], batch_size: int, vectors: bool
    ) -> tuple[np.ndarray, np.ndarray | None]:
        logits = np.asarray(hashed_features(texts, self.bits) @ self.weights_ + self.bias_)
        if not vectors:
            return logits, None
        # The theory measures' sentence vector: a static one (mean input embedding of the word pieces).
        if not hasattr(self, "static_vectors_"):
            self.static_vectors_ = StaticVectors()
        return logits, self.static_vectors_(texts)

    def _write_weights(self, path: Path) -> None:
        save_file(
            {"weights": np.ascontiguousarray(self.weights_, dtype=np.float16), "bias": self.bias_},
            str(path / WEIGHTS_FILE),
        )

    def _read_weights(self, path: Path, device: str) -> None:
        # A linear model over a sparse matrix: it runs on the CPU whatever the device.
        n_labels = len(self.labels)  # one weight per hashed word and per hashed word pair, per label
        check_shapes(
            path, tensor_shapes(path, WEIGHTS_FILE), {"weights": (2 * 2**self.bits, n_labels), "bias": (n_labels,)}
        )
        tensors = load_file(str(path / WEIGHTS_FILE))
        check_finite(path, WEIGHTS_FILE, {name: bool(np.isfinite(t).all()) for name, t in tensors.items()})
        self.weights_ = tensors["weights"].astype(np.float32)
        self.bias_ = tensors["bias"]
