"""Per-label temperature and decision threshold, chosen on held-out training data and shipped with a model."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import f1_score

_TEMPERATURES = np.round(np.arange(0.5, 3.01, 0.05), 2)
_THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.01), 2)


def calibrate(logits: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per label: the temperature minimising log-loss, then the threshold maximising macro-F1, on held-out data."""
    temperatures, thresholds = [], []
    for j in range(y.shape[1]):
        z, t = logits[:, j].astype(np.float64), y[:, j]
        best_t = float(min(_TEMPERATURES, key=lambda temperature: _log_loss(z, t, temperature)))
        p = 1.0 / (1.0 + np.exp(-z / best_t))
        scores = [f1_score(t, p >= c, average="macro", zero_division=0) for c in _THRESHOLDS]
        temperatures.append(best_t)
        thresholds.append(float(_THRESHOLDS[int(np.argmax(scores))]))
    return np.asarray(temperatures), np.asarray(thresholds)


def _log_loss(logits: np.ndarray, truth: np.ndarray, temperature: float) -> float:
    p = np.clip(1.0 / (1.0 + np.exp(-logits / temperature)), 1e-7, 1 - 1e-7)
    return float(-np.mean(truth * np.log(p) + (1 - truth) * np.log(1 - p)))


def hold_out(rng: np.random.Generator, n: int, fraction: float) -> tuple[np.ndarray, np.ndarray]:
    """A random split of `n` training rows into (development, training) positions."""
    order = rng.permutation(n)
    n_dev = round(n * fraction)
    return order[:n_dev], order[n_dev:]


def training_targets(labels: np.ndarray, teacher_probabilities: np.ndarray | None) -> np.ndarray:
    """Human labels, or with a teacher their mean with its probabilities (knowledge distillation)."""
    labels = np.asarray(labels, dtype=np.float32)
    if teacher_probabilities is None:
        return labels
    return np.asarray(0.5 * labels + 0.5 * teacher_probabilities, dtype=np.float32)
