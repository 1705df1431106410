"""`Detector`: what every tier shares — the scikit-learn contract, calibrated scoring, and its model directory.

A tier is one subclass in one file, registered by the `kind` its `config.json` names (see `detectors.register`). It
supplies the network (`_logits_and_vectors`), the training (`fit`) and its weight files (`_write_weights`,
`_read_weights`); calibration, decisions, the fitted check and `config.json` are here, once.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.exceptions import NotFittedError as _SklearnNotFitted
from sklearn.utils.validation import check_is_fitted
from typing_extensions import Self

from ...constants import SUPPORTED_LANGUAGES
from ...errors import InputError, ModelError, message
from ...schema import DETECTOR_LABELS
from ..base_encoder import BASE_ENCODER
from ..calibration import calibrate, coherent_probabilities
from ..model_files import Hyperparameter, read_config, restore_calibration, write_config

DEVICES = ("cpu", "cuda")
"""Where a detector's network runs: `cuda` needs ONNX Runtime's GPU build (the `gpu` extra) and an NVIDIA GPU."""


class NotFittedError(ModelError, _SklearnNotFitted):  # type: ignore[misc]
    """A detector was asked to score before it was trained or loaded (scikit-learn's `NotFittedError` too)."""


class Detector(BaseEstimator, ABC):  # type: ignore[misc]
    """Score utterances for the five detector labels; subclasses are the model tiers.

    Learned state ends in `_`: `temperature_`, `offset_` and `thresholds_` (one per label) and whatever the tier's
    network needs. Scoring begins with `check_is_fitted`.
    """

    kind: ClassVar[str]
    """The `kind` in `config.json` that this class loads."""
    files: ClassVar[tuple[str, ...]]
    """The files a model directory of this kind needs for scoring."""
    optional_files: ClassVar[tuple[str, ...]] = ()
    """Files it may also hold (for example the weights an ONNX graph is exported from)."""
    hyperparameters: ClassVar[dict[str, Hyperparameter]]
    """Type and range of each constructor argument, checked when `config.json` is read."""
    labels: tuple[str, ...] = DETECTOR_LABELS
    languages: ClassVar[tuple[str, ...]] = SUPPORTED_LANGUAGES
    """The languages (ISO 639 codes) whose rows this tier scores; rows in others are refused unless forced."""
    base_encoder: ClassVar[str] = BASE_ENCODER
    """The pretrained encoder the tier was built on, named in `config.json`."""

    # ------------------------------------------------------- what a tier supplies
    def fit(
        self, texts: Sequence[str], y: np.ndarray, *, teacher: Detector | None = None, verbose: bool = False
    ) -> Self:
        """Train on `texts` with `y`, a 0/1 matrix with one column per label in `labels` order (a tier that only
        scores shipped weights may leave this out)."""
        raise NotImplementedError(f"{type(self).__name__} models cannot be trained here, only loaded")

    @abstractmethod
    def _logits_and_vectors(
        self, texts: Sequence[str], batch_size: int, vectors: bool
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Uncalibrated scores (n, labels) and, when `vectors`, the sentence vectors (n, dim)."""
        raise NotImplementedError

    @abstractmethod
    def _write_weights(self, path: Path) -> None:
        raise NotImplementedError

    @abstractmethod
    def _read_weights(self, path: Path, device: str) -> None:
        raise NotImplementedError

    # ------------------------------------------------------------------ scoring
    def check_is_fitted(self) -> None:
        """Raise `NotFittedError` (a `ModelError`) unless the detector was trained or loaded."""
        try:
            check_is_fitted(self, "thresholds_")
        except _SklearnNotFitted:
            raise NotFittedError(message("not_fitted", name=type(self).__name__)) from None

    def decision_function(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        """Uncalibrated scores (logits), shape (len(texts), len(labels)); `recalibrate` reads these."""
        self.check_is_fitted()
        return self._logits_and_vectors(texts, batch_size, vectors=False)[0]

    def embed_and_score(self, texts: Sequence[str], *, batch_size: int = 64) -> tuple[np.ndarray, np.ndarray]:
        """One pass: sentence vectors (n, dim) and calibrated probabilities (n, labels).

        The vectors let later measures (depth, categories, ...) reuse the detector instead of running a second encoder.
        """
        self.check_is_fitted()
        logits, vectors = self._logits_and_vectors(texts, batch_size, vectors=True)
        assert vectors is not None  # asked for above
        return vectors, self._calibrated(logits)

    def embed_in_context(
        self, texts: Sequence[str], previous: Sequence[str], *, batch_size: int = 64
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """`embed_and_score` of `texts`, and the sentence vectors of their previous turns (`previous`, one per text,
        '' where there is none: a row of zeros).

        Each distinct text is encoded once, so in a conversation, where a turn's previous turn is the row above it,
        the context costs almost nothing; a row's vectors do not depend on the other rows encoded with it.
        """
        if not any(previous):
            vectors, probabilities = self.embed_and_score(texts, batch_size=batch_size)
            return vectors, probabilities, np.zeros_like(vectors)
        distinct = list(dict.fromkeys([*texts, *(p for p in previous if p)]))
        row = {text: i for i, text in enumerate(distinct)}
        vectors, probabilities = self.embed_and_score(distinct, batch_size=batch_size)
        own = [row[t] for t in texts]
        context = np.zeros((len(texts), vectors.shape[1]), dtype=vectors.dtype)
        answered = [i for i, p in enumerate(previous) if p]
        context[answered] = vectors[[row[previous[i]] for i in answered]]
        return vectors[own], probabilities[own], context

    def predict_proba(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        """Calibrated probabilities, shape (len(texts), len(labels)), columns in `labels` order."""
        return self._calibrated(self.decision_function(texts, batch_size=batch_size))

    def predict(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        """0/1 decisions at each label's shipped threshold."""
        return (self.predict_proba(texts, batch_size=batch_size) >= self.thresholds_).astype(int)

    def _calibrated(self, logits: np.ndarray) -> np.ndarray:
        return coherent_probabilities(logits, self.temperature_, self.offset_, self.labels)

    def _calibrate(self, dev_texts: Sequence[str], dev_y: np.ndarray) -> None:
        """Each label's temperature and threshold, chosen on a development split (neutral ones without one)."""
        self.offset_ = np.zeros(len(self.labels))
        self.temperature_ = np.ones(len(self.labels))
        self.thresholds_ = np.full(len(self.labels), 0.5)
        if len(dev_texts):
            logits = self._logits_and_vectors(dev_texts, 64, vectors=False)[0]
            self.temperature_, self.thresholds_ = calibrate(logits, dev_y)

    def _check_targets(self, texts: Sequence[str], y: np.ndarray) -> np.ndarray:
        y = np.asarray(y, dtype=np.float32)
        if y.shape != (len(texts), len(self.labels)):
            raise ValueError(f"y must have shape ({len(texts)}, {len(self.labels)}), got {y.shape}")
        return y

    # -------------------------------------------------------------- persistence
    def save(self, directory: str | Path) -> Path:
        """Write the model directory: the tier's weight files and `config.json` (kind, hyperparameters, calibration)."""
        self.check_is_fitted()
        path = Path(directory)
        path.mkdir(parents=True, exist_ok=True)
        self._write_weights(path)
        write_config(path, self.kind, self, base_encoder=self.base_encoder)
        return path

    @classmethod
    def load(cls, directory: str | Path, *, device: str = "cpu") -> Self:
        """Load a model directory written by `save`, checking every file before it is used; `device`: see `DEVICES`."""
        path = Path(directory)
        config = read_config(
            path,
            kind=cls.kind,
            labels=cls.labels,
            files=cls.files,
            optional=cls.optional_files,
            hyperparameters=cls.hyperparameters,
        )
        detector = cls(**config["hyperparameters"])
        detector._read_weights(path, check_device(device))
        restore_calibration(detector, config)
        return detector

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.requires_fit = True
        return tags


def check_device(device: object) -> str:
    """`device` if it is one of `DEVICES`, else an error listing them."""
    if device not in DEVICES:
        raise InputError(message("unknown_device", device=device, options=DEVICES))
    return str(device)
