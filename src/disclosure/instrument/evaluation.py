"""Agreement between model scores and human codes, in the units used to judge a coding instrument."""

from __future__ import annotations

import warnings
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd
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
        predicted, observed, _ = zip(*points, strict=True) if points else ((), (), ())
        axes.plot(predicted, observed, marker="o", label=column)
    axes.set(xlabel="mean predicted probability", ylabel="observed share coded 1", xlim=(0, 1), ylim=(0, 1))
    axes.set_title("Reliability diagram")
    axes.legend(loc="upper left", fontsize=8)
    return figure


def krippendorff_alpha(
    first: np.ndarray | pd.Series, second: np.ndarray | pd.Series, *, level: str = "nominal"
) -> float:
    """Krippendorff's alpha for two coders who coded every unit (Krippendorff 2004): 1 − observed / expected
    disagreement.

    `level` is 'nominal' (disagreement 0/1) or 'interval' (squared difference).
    """
    first, second = np.asarray(first), np.asarray(second)
    pooled = np.concatenate([first, second])

    def disagreement(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        if level == "interval":
            return np.asarray((np.asarray(a, float) - np.asarray(b, float)) ** 2)
        return np.asarray(a != b, dtype=float)

    observed = float(np.mean(disagreement(first, second)))
    if level == "interval":
        values = pooled.astype(float)
        n = len(values)
        expected = float(2 * n * np.sum((values - values.mean()) ** 2) / (n * (n - 1)))
    else:
        _, counts = np.unique(pooled, return_counts=True)
        n = counts.sum()
        expected = float(1.0 - np.sum(counts * (counts - 1)) / (n * (n - 1)))
    return 1.0 - observed / expected if expected > 0 else float("nan")


def _theory_statistics(reference: pd.DataFrame, other: pd.DataFrame, helper: np.ndarray) -> dict[str, float]:
    """Agreement of `other` with `reference` (both in the coded corpus's columns) on every theory column."""
    from scipy.stats import spearmanr
    from sklearn.metrics import precision_score

    from ..constants import CATEGORIES, LAYERS
    from ..measure.heads import layer_of

    ref_layer, other_layer = layer_of(reference["depth"].to_numpy(float)), layer_of(other["depth"].to_numpy(float))
    truth = np.array([[a in row for a in CATEGORIES] for row in reference["categories"]], dtype=bool)
    found = np.array([[a in row for a in CATEGORIES] for row in other["categories"]], dtype=bool)
    present = truth.sum(axis=0) >= 5
    truth, found = truth.astype(int), found.astype(int)
    stats = {
        "depth_spearman": float(spearmanr(reference["depth"], other["depth"]).statistic),
        "depth_alpha": krippendorff_alpha(reference["depth"], other["depth"], level="interval"),
        "layer_weighted_kappa": float(
            cohen_kappa_score(ref_layer, other_layer, labels=list(LAYERS), weights="quadratic")
        ),
        "valence_spearman": float(spearmanr(reference["valence"], other["valence"]).statistic),
        "valence_alpha": krippendorff_alpha(reference["valence"], other["valence"], level="interval"),
        "categories_macro_f1": float(
            np.mean([f1_score(truth[:, j], found[:, j], zero_division=0) for j in np.flatnonzero(present)])
            if present.any()
            else np.nan
        ),
        "categories_min_precision": float(
            np.min([precision_score(truth[:, j], found[:, j], zero_division=0) for j in np.flatnonzero(present)])
            if present.any()
            else np.nan
        ),
        "motive_kappa": float(cohen_kappa_score(reference["motive"], other["motive"])),
        "motive_alpha": krippendorff_alpha(reference["motive"].to_numpy(), other["motive"].to_numpy()),
        "system_kappa": float(cohen_kappa_score(reference["system"], other["system"])),
        "system_alpha": krippendorff_alpha(reference["system"].to_numpy(), other["system"].to_numpy()),
        "immediacy_kappa": float(cohen_kappa_score(reference["immediacy"], other["immediacy"])),
    }
    disclosed_helpers = helper & (ref_layer != LAYERS[0])
    stats["immediacy_accuracy_helpers"] = (
        float(
            np.mean(
                reference["immediacy"].to_numpy()[disclosed_helpers] == other["immediacy"].to_numpy()[disclosed_helpers]
            )
        )
        if disclosed_helpers.any()
        else float("nan")
    )
    if "disclosure" in other:
        stats["disclosure_auroc"] = float(roc_auc_score(ref_layer != LAYERS[0], other["disclosure"]))
    else:
        stats["disclosure_kappa"] = float(cohen_kappa_score(ref_layer != LAYERS[0], other_layer != LAYERS[0]))
    return stats


def theory_agreement(
    reference: pd.DataFrame,
    other: pd.DataFrame,
    *,
    helper: np.ndarray | None = None,
    bootstrap: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Per theory column, the agreement of `other` with `reference` and its 95% bootstrap interval (items resampled).

    Both tables hold the coded corpus's columns (depth, categories, valence, motive, system, immediacy), one row per
    item in the same order; `other` may add a `disclosure` probability (then its AUROC is reported). `helper` marks
    the helpers' (counsellors', supporters') turns, for the accuracy of immediacy on helper disclosures.
    """
    reference, other = reference.reset_index(drop=True), other.reset_index(drop=True)
    helper = np.zeros(len(reference), bool) if helper is None else np.asarray(helper, bool)
    point = _theory_statistics(reference, other, helper)
    rng = np.random.default_rng(seed)
    draws = []
    for _ in range(bootstrap):
        rows = rng.integers(0, len(reference), len(reference))
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            draws.append(_theory_statistics(reference.iloc[rows], other.iloc[rows], helper[rows]))
    spread = pd.DataFrame(draws)
    return pd.DataFrame(
        {
            "value": pd.Series(point),
            "low": spread.quantile(0.025),
            "high": spread.quantile(0.975),
        }
    ).assign(n=len(reference))
