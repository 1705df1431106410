"""The multilingual tier: a frozen multilingual sentence encoder read by a small network trained on English labels.

The encoder (`multilingual_encoder`: Universal Sentence Encoder multilingual v3, the `multilingual` extra) maps a
sentence and its translations to nearby vectors; one hidden layer over that vector gives the five logits. Trained
on CL-Aff's English sentences only, the heads read other languages by that closeness (cross-lingual transfer), which
docs/languages.md measures. Only the small network ships here (`label_heads.safetensors`); the encoder's weights stay
in their package.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np
from safetensors.numpy import load_file, save_file

from ...constants import MULTILINGUAL_LANGUAGES
from ...errors import InputError, message
from ..calibration import hold_out
from ..model_files import Hyperparameter, check_finite, check_shapes, tensor_shapes
from ..multilingual_encoder import ENCODER_WIDTH, MULTILINGUAL_ENCODER, check_installed, encode
from .base import Detector
from .registry import register

WEIGHTS_FILE = "label_heads.safetensors"


@register
class MultilingualDetector(Detector):
    """Score utterances in any of `MULTILINGUAL_LANGUAGES` for the five detector labels.

    Parameters
    ----------
    hidden : int
        Width of the hidden layer (rectified linear units) between the sentence vector and the five logits.
    alpha : float
        Strength of the L2 penalty on the network's weights.
    dev_fraction : float
        Share of the training texts held out to choose each label's temperature and threshold.
    random_state : int
        Seed of the development split, the initialisation and the batch order (training is deterministic).
    """

    kind = "multilingual_sentence"
    files = (WEIGHTS_FILE,)
    languages = MULTILINGUAL_LANGUAGES
    base_encoder = MULTILINGUAL_ENCODER
    hyperparameters: ClassVar[dict[str, Hyperparameter]] = {
        "hidden": (int, 1, 4096),
        "alpha": (float, 0.0, 1e3),
        "dev_fraction": (float, 0.0, 1.0),
        "random_state": (int, 0, 2**32 - 1),
    }

    def __init__(
        self, *, hidden: int = 256, alpha: float = 0.01, dev_fraction: float = 0.1, random_state: int = 0
    ) -> None:
        self.hidden = hidden
        self.alpha = alpha
        self.dev_fraction = dev_fraction
        self.random_state = random_state

    def fit(
        self, texts: Sequence[str], y: np.ndarray, *, teacher: Detector | None = None, verbose: bool = False
    ) -> MultilingualDetector:
        """Train the network on the sentence vectors of `texts` (the encoder stays frozen); a tenth of the training
        split (`early_stopping`) decides when to stop, the held-out `dev_fraction` chooses the calibration."""
        from sklearn.neural_network import MLPClassifier

        if teacher is not None:
            raise InputError(message("no_teacher", name="multilingual model"))
        y = self._check_targets(texts, y)
        dev, train = hold_out(np.random.default_rng(self.random_state), len(texts), self.dev_fraction)
        network = MLPClassifier(
            hidden_layer_sizes=(self.hidden,),
            alpha=self.alpha,
            early_stopping=True,
            max_iter=200,
            random_state=self.random_state,
            verbose=verbose,
        ).fit(encode([texts[i] for i in train]), y[train].astype(int))
        (self.hidden_weights_, self.output_weights_) = (w.astype(np.float32) for w in network.coefs_)
        (self.hidden_bias_, self.output_bias_) = (b.astype(np.float32) for b in network.intercepts_)
        self._calibrate([texts[i] for i in dev], y[dev])
        return self

    def _logits_and_vectors(
        self, texts: Sequence[str], batch_size: int, vectors: bool
    ) -> tuple[np.ndarray, np.ndarray | None]:
        sentence = encode(texts)
        hidden = np.maximum(sentence @ self.hidden_weights_ + self.hidden_bias_, 0.0)
        logits = hidden @ self.output_weights_ + self.output_bias_
        return logits, sentence if vectors else None

    def _shapes(self) -> dict[str, tuple[int, ...]]:
        """The name and shape of every tensor in `label_heads.safetensors`, as the hyperparameters imply."""
        n_labels = len(self.labels)
        return {
            "hidden_weights": (ENCODER_WIDTH, self.hidden),
            "hidden_bias": (self.hidden,),
            "output_weights": (self.hidden, n_labels),
            "output_bias": (n_labels,),
        }

    def _write_weights(self, path: Path) -> None:
        save_file(
            {name: np.ascontiguousarray(getattr(self, f"{name}_")) for name in self._shapes()}, str(path / WEIGHTS_FILE)
        )

    def _read_weights(self, path: Path, device: str) -> None:
        # A small network over the encoder's vector, in numpy: it runs on the CPU whatever the device.
        check_installed()
        check_shapes(path, tensor_shapes(path, WEIGHTS_FILE), self._shapes())
        tensors = load_file(str(path / WEIGHTS_FILE))
        check_finite(path, WEIGHTS_FILE, {name: bool(np.isfinite(t).all()) for name, t in tensors.items()})
        for name, tensor in tensors.items():
            setattr(self, f"{name}_", tensor.astype(np.float32))
