"""Per-label calibration: a temperature, an offset and a decision threshold, shipped with a model.

At training time the temperature is chosen on held-out training data (the offset stays 0). `recalibrate` refits
temperature and offset together (Platt scaling) and the threshold on a labelled sample of the user's own corpus,
where the prevalence of disclosure or the coders' reading of it differs from the training data.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.metrics import f1_score

DISCLOSURE_KINDS = ("informational", "emotional")
"""The two kinds of self-disclosure; `disclosure` is either of them."""
_TEMPERATURES = np.round(np.arange(0.5, 3.01, 0.05), 2)
_THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.01), 2)


def probabilities(logits: np.ndarray, temperature: np.ndarray | float, offset: np.ndarray | float) -> np.ndarray:
    """Calibrated probabilities: sigmoid(logit / temperature + offset), label by label (without overflow on the
    huge logits of a very long text)."""
    return np.asarray(expit(logits / temperature + offset), dtype=np.float64)


def coherent_probabilities(
    logits: np.ndarray, temperature: np.ndarray, offset: np.ndarray, labels: Sequence[str]
) -> np.ndarray:
    """Every label's calibrated probability, with `disclosure` raised to at least `informational` and `emotional`.

    `disclosure` means informational or emotional disclosure, so it can never be less likely than either kind; each
    label is calibrated on its own, though, and a recalibrated kind (or rounding in a shipped one) can overtake it.
    """
    scores = probabilities(logits, temperature, offset)
    either = scores[:, [labels.index(kind) for kind in DISCLOSURE_KINDS]].max(axis=1)
    column = labels.index("disclosure")
    scores[:, column] = np.maximum(scores[:, column], either)
    return scores


def calibrate(logits: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per label: the temperature minimising log-loss, then the threshold maximising macro-F1, on held-out data."""
    temperatures, thresholds = [], []
    for j in range(y.shape[1]):
        z, t = logits[:, j].astype(np.float64), y[:, j]
        best_t = float(min(_TEMPERATURES, key=lambda temperature: _log_loss(z / temperature, t)))
        temperatures.append(best_t)
        thresholds.append(best_threshold(1.0 / (1.0 + np.exp(-z / best_t)), t))
    return np.asarray(temperatures), np.asarray(thresholds)


def platt(logits: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    """Temperature and offset minimising the log-loss of sigmoid(logit / temperature + offset) (Platt scaling)."""
    z, t = np.asarray(logits, dtype=np.float64), np.asarray(truth, dtype=np.float64)
    fitted = minimize(lambda w: _log_loss(w[0] * z + w[1], t), x0=np.array([1.0, 0.0]), method="Nelder-Mead")
    slope, offset = (float(v) for v in fitted.x)
    return 1.0 / max(slope, 1e-3), offset


def best_threshold(probability: np.ndarray, truth: np.ndarray) -> float:
    """The threshold (0.05 to 0.95, step 0.01) with the highest macro-F1 against `truth`."""
    scores = [f1_score(truth, probability >= c, average="macro", zero_division=0) for c in _THRESHOLDS]
    return float(_THRESHOLDS[int(np.argmax(scores))])


def _log_loss(scaled_logits: np.ndarray, truth: np.ndarray) -> float:
    p = np.clip(1.0 / (1.0 + np.exp(-scaled_logits)), 1e-7, 1 - 1e-7)
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
