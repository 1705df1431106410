"""Theory heads: small models that read depth, breadth, valence, motive and motivational system off sentence vectors.

They are fitted on labelled anchor utterances (the tuning half of the theory development set) using the
detector's own sentence vectors, its five probabilities, the cue-word counts and VADER's valence; a few
hundred examples suffice because the vectors already carry the meaning, and no second encoder is run.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression, Ridge

from ..errors import ModelError, message
from .codebook import (
    CATEGORIES,
    CATEGORY_THRESHOLD,
    LAYER_CUTS,
    LAYERS,
    MOTIVES,
    NO_MOTIVE,
    NO_SYSTEM,
    SYSTEMS,
)
from .cues import cue_counts


@lru_cache(maxsize=1)
def _vader() -> object:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def vader_valence(texts: Sequence[str]) -> np.ndarray:
    """VADER's compound sentiment per text, in [-1, 1] (Hutto & Gilbert 2014)."""
    analyzer = _vader()
    return np.asarray([analyzer.polarity_scores(t)["compound"] for t in texts], dtype=np.float64)  # type: ignore[attr-defined]


def theory_features(texts: Sequence[str], embeddings: np.ndarray, probabilities: np.ndarray) -> np.ndarray:
    """One row per text: the unit-length sentence vector, the detector's probabilities, cue counts, VADER valence."""
    lexical = [cue_counts(texts), vader_valence(texts)[:, None]]
    return np.hstack([unit_rows(embeddings), np.asarray(probabilities, np.float64), *lexical])


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    """Each row scaled to unit length (zero rows stay zero), so dot products are cosine similarities."""
    vectors = np.asarray(vectors, dtype=np.float64)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.asarray(vectors / np.where(norms > 0, norms, 1.0), dtype=np.float64)


def layer_of(depth: np.ndarray) -> np.ndarray:
    """The onion layer name for each continuous depth (cut halfway between the graded codes 0-3)."""
    return np.asarray(LAYERS, dtype=object)[np.searchsorted(np.asarray(LAYER_CUTS), depth, side="right")]


class TheoryHeads(BaseEstimator):  # type: ignore[misc]
    """Depth and valence regressions and category, motive and motivational-system classifiers.

    Parameters
    ----------
    alpha : float
        Ridge penalty of the depth and valence regressions.
    C : float
        Inverse penalty of the logistic classifiers (categories, motive, system).
    lexical_weight : float
        How much the cue counts and VADER weigh against each sentence-vector dimension once all features are
        standardised (1 = equal); above 1 lets a few cue words count on small training sets.
    n_lexical : int
        How many trailing feature columns are lexical (cue counts and VADER).
    """

    def __init__(
        self, *, alpha: float = 100.0, C: float = 0.02, lexical_weight: float = 3.0, n_lexical: int = 17
    ):
        self.alpha = alpha
        self.C = C
        self.lexical_weight = lexical_weight
        self.n_lexical = n_lexical

    def _scaled(self, X: np.ndarray) -> np.ndarray:
        return np.asarray((X - self.mean_) / self.scale_, dtype=np.float64)

    def fit(self, X: np.ndarray, labels: pd.DataFrame) -> TheoryHeads:
        """Fit on features `X` and `labels` with columns depth, valence, categories (lists), motive, system."""
        X = np.asarray(X, dtype=np.float64)
        self.mean_ = X.mean(axis=0)
        spread = X.std(axis=0)
        self.scale_ = np.where(spread > 0, spread, 1.0)
        self.scale_[-self.n_lexical :] /= self.lexical_weight
        Z = self._scaled(X)
        self.depth_ = Ridge(alpha=self.alpha).fit(Z, labels["depth"].to_numpy(float))
        self.valence_ = Ridge(alpha=self.alpha).fit(Z, labels["valence"].to_numpy(float))
        self.categories_ = [
            LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000).fit(
                Z, [area in areas for areas in labels["categories"]]
            )
            for area in CATEGORIES
        ]
        disclosed = (labels["motive"] != NO_MOTIVE).to_numpy()
        self.motive_ = LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000).fit(
            Z[disclosed], labels["motive"][disclosed]
        )
        self.system_ = LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000).fit(
            Z, labels["system"]
        )
        return self

    def predict(self, X: np.ndarray) -> pd.DataFrame:
        """The theory columns (depth ... system_<name>, without privacy) for feature rows `X`."""
        if not hasattr(self, "depth_"):
            raise ModelError(message("not_fitted", name=type(self).__name__))
        Z = self._scaled(np.asarray(X, dtype=np.float64))
        depth = np.clip(self.depth_.predict(Z), 0.0, 3.0)
        layer = layer_of(depth)
        disclosed = layer != LAYERS[0]
        out = pd.DataFrame({"depth": depth.round(4), "layer": layer})
        areas = np.column_stack([head.predict_proba(Z)[:, 1] for head in self.categories_])
        out["categories"] = [
            [a for a, p in zip(CATEGORIES, row) if p >= CATEGORY_THRESHOLD] if d else []
            for row, d in zip(areas, disclosed)
        ]
        for j, area in enumerate(CATEGORIES):
            out[f"category_{area}"] = areas[:, j].round(4)
        out["valence"] = np.where(disclosed, np.clip(self.valence_.predict(Z), -1.0, 1.0), 0.0).round(4)
        motives = _aligned(self.motive_, Z, MOTIVES)
        out["motive"] = np.where(
            disclosed, np.asarray(MOTIVES, dtype=object)[motives.argmax(axis=1)], NO_MOTIVE
        )
        for j, name in enumerate(MOTIVES):
            out[f"motive_{name}"] = motives[:, j].round(4)
        systems = _aligned(self.system_, Z, (*SYSTEMS, NO_SYSTEM))
        out["motivational_system"] = np.asarray((*SYSTEMS, NO_SYSTEM), dtype=object)[systems.argmax(axis=1)]
        for j, name in enumerate(SYSTEMS):
            out[f"system_{name}"] = systems[:, j].round(4)
        return out


def _aligned(model: LogisticRegression, Z: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """Class probabilities in `names` order (a class missing from training gets probability 0)."""
    proba = model.predict_proba(Z)
    out = np.zeros((len(Z), len(names)))
    for j, cls in enumerate(model.classes_):
        out[:, list(names).index(cls)] = proba[:, j]
    return out
