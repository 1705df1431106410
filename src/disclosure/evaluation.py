"""Agreement between model scores and human codes, in the units used to judge a coding instrument."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, cohen_kappa_score, f1_score, roc_auc_score


@dataclass(frozen=True)
class Agreement:
    """How well one probability column agrees with one column of human 0/1 codes."""

    column: str
    n: int
    prevalence: float
    threshold: float
    accuracy: float
    macro_f1: float
    auroc: float
    kappa: float
    ece: float

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def expected_calibration_error(y_true: np.ndarray, probability: np.ndarray, bins: int = 10) -> float:
    """Mean |observed rate − mean predicted probability| over equal-width probability bins, weighted by bin size."""
    y_true, probability = np.asarray(y_true, float), np.asarray(probability, float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(probability, edges[1:-1]), 0, bins - 1)
    error = 0.0
    for b in range(bins):
        inside = which == b
        if inside.any():
            error += inside.mean() * abs(y_true[inside].mean() - probability[inside].mean())
    return float(error)


def reliability_curve(y_true: np.ndarray, probability: np.ndarray, bins: int = 10) -> list[tuple[float, float, int]]:
    """(mean predicted, observed rate, count) per non-empty bin: the points of a reliability diagram."""
    y_true, probability = np.asarray(y_true, float), np.asarray(probability, float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(probability, edges[1:-1]), 0, bins - 1)
    return [
        (float(probability[which == b].mean()), float(y_true[which == b].mean()), int((which == b).sum()))
        for b in range(bins)
        if (which == b).any()
    ]


def agreement(column: str, y_true: np.ndarray, probability: np.ndarray, threshold: float = 0.5) -> Agreement:
    """Accuracy, macro-F1 and Cohen's κ at `threshold`; AUROC and calibration error from the probabilities."""
    y_true = np.asarray(y_true).astype(int)
    probability = np.asarray(probability, float)
    decided = (probability >= threshold).astype(int)
    both_classes = len(np.unique(y_true)) == 2
    return Agreement(
        column=column,
        n=len(y_true),
        prevalence=float(y_true.mean()) if len(y_true) else float("nan"),
        threshold=float(threshold),
        accuracy=float(accuracy_score(y_true, decided)),
        macro_f1=float(f1_score(y_true, decided, average="macro", zero_division=0)),
        auroc=float(roc_auc_score(y_true, probability)) if both_classes else float("nan"),
        kappa=float(cohen_kappa_score(y_true, decided)) if both_classes else float("nan"),
        ece=expected_calibration_error(y_true, probability),
    )


def reliability_figure(curves: dict[str, list[tuple[float, float, int]]]) -> Any:
    """A reliability diagram (observed rate against mean predicted probability), one line per column."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(5, 5))
    axes.plot([0, 1], [0, 1], color="#999", linestyle="--", linewidth=1, label="perfect calibration")
    for column, points in curves.items():
        predicted, observed, _ = zip(*points) if points else ((), (), ())
        axes.plot(predicted, observed, marker="o", label=column)
    axes.set(xlabel="mean predicted probability", ylabel="observed share coded 1", xlim=(0, 1), ylim=(0, 1))
    axes.set_title("Reliability diagram")
    axes.legend(loc="upper left", fontsize=8)
    return figure
