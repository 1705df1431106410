"""Theory heads: small calibrated models that read depth, breadth, valence, motive, system and immediacy off one
encoder pass.

They are trained on the coded corpus (docs/coded-corpus.md) from the detector's own sentence vectors, its five
probabilities, the cue-word counts and VADER's valence, so no second encoder runs. Each classifier's probabilities
are calibrated (one temperature per head) and each area's threshold chosen on out-of-fold predictions of the
training split; the gold split never enters.

People's ratings from outside the coded corpus (`RatedExamples`: valence, breadth areas, topic intimacy) can join
the coded items in training, so the heads learn what raters agree on from many more texts than were coded. Topic
intimacy drives a head of its own: a non-disclosure's depth (below the first layer cut) then says how intimate its
topic is, so that questions and remarks are ranked as people rank them without leaving layer `none`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from safetensors.numpy import load_file, save_file
from scipy.optimize import minimize_scalar
from scipy.special import expit
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import StratifiedKFold
from threadpoolctl import threadpool_limits

from ..constants import CATEGORIES, IMMEDIACY, LAYER_CUTS, LAYERS, MOTIVES, NO_MOTIVE, NO_SYSTEM, SYSTEMS
from ..errors import ModelError, message
from .cues import cue_counts
from .model_files import THEORY_HEADS_FILES

HEADS_CONFIG, HEADS_WEIGHTS = THEORY_HEADS_FILES
SYSTEM_CLASSES: tuple[str, ...] = (*SYSTEMS, NO_SYSTEM)
DISCLOSED_IMMEDIACY: tuple[str, ...] = IMMEDIACY[:2]
RATED_KINDS: tuple[str, ...] = ("valence", "area", "intimacy")
"""What a rated example can teach: valence in [-1, 1], one area present (1) or absent (0), topic intimacy in [0, 1]."""
REGRESSIONS: tuple[str, ...] = ("valence", "intimacy")
"""The heads that are ridge regressions (the others are logistic classifiers)."""
MIN_PRECISION = 0.6
"""Each area's threshold is the one with the best out-of-fold F1 among those whose precision reaches this."""


@lru_cache(maxsize=1)
def _vader() -> object:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


VADER_WINDOW = 5_000
"""VADER reads at most this many characters of a text: its cost grows with the square of the length, and a
sentence-level sentiment lexicon has nothing to add past the first few paragraphs."""


def vader_valence(texts: Sequence[str]) -> np.ndarray:
    """VADER's compound sentiment per text (its first `VADER_WINDOW` characters), in [-1, 1] (Hutto & Gilbert 2014)."""
    analyzer = _vader()
    return np.asarray(
        [analyzer.polarity_scores(t[:VADER_WINDOW])["compound"] for t in texts],  # type: ignore[attr-defined]
        dtype=np.float64,
    )


def theory_features(
    texts: Sequence[str], embeddings: np.ndarray, probabilities: np.ndarray, previous: np.ndarray | None = None
) -> np.ndarray:
    """One row per text: the unit-length sentence vector, the detector's probabilities, the context (the unit-length
    vector of the turn before it and whether there was one), cue counts, VADER valence.

    `previous` holds the sentence vector of each text's previous turn, a row of zeros where there is none (the
    default for every row): "yes" after "Have you ever hurt yourself?" is read with the question, as coders read it.
    """
    lexical = [cue_counts(texts), vader_valence(texts)[:, None]]
    context = np.zeros_like(embeddings, dtype=np.float64) if previous is None else unit_rows(previous)
    answered = np.linalg.norm(context, axis=1, keepdims=True) > 0
    own = [unit_rows(embeddings), np.asarray(probabilities, np.float64)]
    return np.hstack([*own, context, answered.astype(np.float64), *lexical])


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    """Each row scaled to unit length (zero rows stay zero), so dot products are cosine similarities."""
    vectors = np.asarray(vectors, dtype=np.float64)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.asarray(vectors / np.where(norms > 0, norms, 1.0), dtype=np.float64)


def layer_of(depth: np.ndarray) -> np.ndarray:
    """The onion layer name for each continuous depth (cut halfway between the graded codes 0-3)."""
    return np.asarray(LAYERS, dtype=object)[np.searchsorted(np.asarray(LAYER_CUTS), depth, side="right")]


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return np.asarray(exp / exp.sum(axis=1, keepdims=True))


def _log_odds(model: LogisticRegression, Z: np.ndarray) -> np.ndarray:
    """Per-class scores (n, classes); a binary model's single score becomes the pair (0, score).

    The arithmetic of scikit-learn's `decision_function`, without its per-call input checks (the features are
    built here): those checks cost more than the product itself on a small batch."""
    scores = Z @ np.asarray(model.coef_).T + model.intercept_
    return np.hstack([np.zeros_like(scores), scores]) if scores.shape[1] == 1 else np.asarray(scores)


def _regressed(model: Ridge, Z: np.ndarray) -> np.ndarray:
    """A ridge regression's predictions (scikit-learn's `predict` arithmetic, without its per-call checks)."""
    return np.asarray(Z @ model.coef_ + model.intercept_, dtype=np.float64)


def _temperature(logits: np.ndarray, target: np.ndarray) -> float:
    """The temperature that minimises the log loss of softmax(logits / T) on held-out rows (Guo et al. 2017)."""

    def loss(log_t: float) -> float:
        proba = _softmax(logits / np.exp(log_t))
        return float(-np.mean(np.log(np.clip(proba[np.arange(len(target)), target], 1e-12, None))))

    return float(np.exp(minimize_scalar(loss, bounds=(-3.0, 3.0), method="bounded").x))


def _threshold(proba: np.ndarray, truth: np.ndarray) -> float:
    """The area threshold with the best F1 whose precision reaches `MIN_PRECISION` (else the most precise)."""
    best, best_key = 0.5, (-1.0, -1.0)
    for t in np.arange(0.1, 0.91, 0.02):
        chosen = proba >= t
        tp = float(np.sum(chosen & truth))
        precision = tp / max(chosen.sum(), 1)
        recall = tp / max(truth.sum(), 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-12)
        key = (float(precision >= MIN_PRECISION), f1 if precision >= MIN_PRECISION else precision)
        if key > best_key:
            best, best_key = float(t), key
    return round(best, 2)


@dataclass(frozen=True)
class RatedExamples:
    """Human ratings of texts outside the coded corpus, as feature rows (see `theory_features`) and their targets.

    `kind[i]` says what row i teaches (one of `RATED_KINDS`); `target[i]` is its value; `area[i]` names the area for
    kind 'area' (empty otherwise). Make one from a table with `rated_examples`.
    """

    features: np.ndarray
    kind: np.ndarray
    target: np.ndarray
    area: np.ndarray

    def of(self, kind: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The feature rows, targets and area names of one kind."""
        rows = self.kind == kind
        return self.features[rows], self.target[rows], self.area[rows]


def rated_examples(table: pd.DataFrame, features: np.ndarray) -> RatedExamples:
    """Validate a table of ratings (columns kind, target, area) and pair it with its feature rows."""
    missing = {"kind", "target", "area"} - set(table.columns)
    if missing:
        raise ModelError(f"The rated examples lack the column(s) {', '.join(sorted(missing))}.")
    kind = table["kind"].astype(str).to_numpy()
    unknown = sorted(set(kind) - set(RATED_KINDS))
    if unknown:
        raise ModelError(f"Unknown rated kind(s) {', '.join(unknown)}; the kinds are {', '.join(RATED_KINDS)}.")
    area = table["area"].fillna("").astype(str).to_numpy()
    bad_area = sorted(set(area[kind == "area"]) - set(CATEGORIES))
    if bad_area:
        raise ModelError(f"Unknown area(s) {', '.join(bad_area)}; the areas are {', '.join(CATEGORIES)}.")
    target = pd.to_numeric(table["target"], errors="coerce").to_numpy(np.float64)
    bounds = {"valence": (-1.0, 1.0), "area": (0.0, 1.0), "intimacy": (0.0, 1.0)}
    for name, (low, high) in bounds.items():
        values = target[kind == name]
        if np.isnan(values).any() or (values < low).any() or (values > high).any():
            raise ModelError(f"Rated {name} targets must be numbers in [{low:g}, {high:g}].")
    if len(features) != len(table):
        raise ModelError(f"{len(table)} rated examples but {len(features)} feature rows.")
    return RatedExamples(np.asarray(features, np.float64), kind, target, area)


class TheoryHeads(BaseEstimator):  # type: ignore[misc]
    """Depth, valence, breadth, motive, motivational-system and immediacy heads over theory features.

    Parameters
    ----------
    C : float
        Inverse penalty of the logistic heads (depth classes, areas, motive, system, immediacy).
    alpha : float
        Ridge penalty of the valence regression.
    lexical_weight : float
        How much the cue counts and VADER weigh against each sentence-vector dimension once all features are
        standardised (1 = equal).
    n_lexical : int
        How many trailing feature columns are lexical (cue counts and VADER).
    class_weight : str or None
        'balanced' weighs the motive, system and immediacy classes inversely to their frequency, so rare codes
        (closeness, immediate disclosures) are not drowned by the common ones; None weighs every item alike.
    rated_weight : float
        Weight of one rated example (`RatedExamples`) against one coded item in the heads it trains.
    intimacy_share : float
        Share of a non-disclosure's depth (below the first layer cut) given by its topic's intimacy, where the
        heads were trained with intimacy ratings; the rest comes from how close it came to being a disclosure.
    folds : int
        Out-of-fold rounds used to calibrate each head and choose each area's threshold.
    random_state : int
        Seed of the fold split (training is deterministic).
    """

    def __init__(
        self,
        *,
        C: float = 0.02,
        alpha: float = 300.0,
        lexical_weight: float = 1.0,
        n_lexical: int = len(CATEGORIES) + 1,
        class_weight: str | None = None,
        rated_weight: float = 0.3,
        intimacy_share: float = 0.75,
        folds: int = 5,
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.alpha = alpha
        self.lexical_weight = lexical_weight
        self.n_lexical = n_lexical
        self.class_weight = class_weight
        self.rated_weight = rated_weight
        self.intimacy_share = intimacy_share
        self.folds = folds
        self.random_state = random_state

    # ---------------------------------------------------------------- fitting
    def _scaled(self, X: np.ndarray) -> np.ndarray:
        return np.asarray((np.asarray(X, dtype=np.float64) - self.mean_) / self.scale_, dtype=np.float64)

    def _classifier(self, class_weight: str | None = None) -> LogisticRegression:
        return LogisticRegression(C=self.C, class_weight=class_weight, max_iter=3000)

    def _fit_models(self, Z: np.ndarray, codes: pd.DataFrame, rated: RatedExamples | None) -> dict[str, Any]:
        """Every head fitted on rows `Z` with `codes` (columns depth, valence, categories, motive, system,
        immediacy), and on the rated examples (scaled features) where there are some."""
        disclosed = (codes["depth"].to_numpy(float) >= LAYER_CUTS[0]) & (codes["motive"] != NO_MOTIVE).to_numpy()
        areas = np.array([[a in row for a in CATEGORIES] for row in codes["categories"]], dtype=bool)
        models: dict[str, Any] = {
            "depth": self._classifier().fit(Z, np.rint(codes["depth"].to_numpy(float)).astype(int)),
            "valence": Ridge(alpha=self.alpha).fit(
                *self._with_rated(Z[disclosed], codes["valence"].to_numpy(float)[disclosed], rated, "valence")
            ),
            "areas": [self._area_model(Z, areas[:, j], rated, area) for j, area in enumerate(CATEGORIES)],
            "motive": self._classifier(self.class_weight).fit(Z[disclosed], codes["motive"].to_numpy()[disclosed]),
            "system": self._classifier(self.class_weight).fit(Z, codes["system"].to_numpy()),
            "immediacy": self._classifier(self.class_weight).fit(
                Z[disclosed], codes["immediacy"].to_numpy()[disclosed]
            ),
        }
        if rated is not None and (rated.kind == "intimacy").any():
            rows, target, _ = rated.of("intimacy")
            models["intimacy"] = Ridge(alpha=self.alpha).fit(rows, target)
        return models

    def _with_rated(
        self, Z: np.ndarray, y: np.ndarray, rated: RatedExamples | None, kind: str, area: str = ""
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Coded rows and targets with the rated examples of `kind` (and `area`) appended, and their weights."""
        weight = np.ones(len(Z))
        if rated is None:
            return Z, y, weight
        rows, target, names = rated.of(kind)
        if area:
            rows, target = rows[names == area], target[names == area]
        return (
            np.vstack([Z, rows]),
            np.concatenate([np.asarray(y, np.float64), target]),
            np.concatenate([weight, np.full(len(rows), self.rated_weight)]),
        )

    def _area_model(
        self, Z: np.ndarray, present: np.ndarray, rated: RatedExamples | None, area: str
    ) -> LogisticRegression | None:
        rows, target, weight = self._with_rated(Z, present, rated, "area", area)
        labels = target >= 0.5
        return self._classifier().fit(rows, labels, sample_weight=weight) if labels.any() and not labels.all() else None

    def fit(self, X: np.ndarray, codes: pd.DataFrame, rated: RatedExamples | None = None) -> TheoryHeads:
        """Fit on feature rows `X` (see `theory_features`) and their codes (one row each, as `coded_corpus` gives),
        with people's ratings of other texts (`rated`) where there are some.

        Calibration and area thresholds are chosen on the coded items' out-of-fold predictions only; the rated
        examples join every training fold."""
        X = np.asarray(X, dtype=np.float64)
        self.mean_ = X.mean(axis=0)
        spread = X.std(axis=0)
        self.scale_ = np.where(spread > 0, spread, 1.0)
        self.scale_[-self.n_lexical :] /= self.lexical_weight
        Z = self._scaled(X)
        codes = codes.reset_index(drop=True)
        if rated is not None:
            rated = RatedExamples(self._scaled(rated.features), rated.kind, rated.target, rated.area)
        # Small problems: one BLAS thread each is many times faster than threads competing for two cores.
        with threadpool_limits(1):
            held_out = self._out_of_fold(Z, codes, rated)
            self.models_ = self._fit_models(Z, codes, rated)
        self._calibrate(held_out, codes)
        return self

    def _out_of_fold(self, Z: np.ndarray, codes: pd.DataFrame, rated: RatedExamples | None) -> dict[str, np.ndarray]:
        """Uncalibrated scores of every head for every row, each from models that did not see the row."""
        strata = np.rint(codes["depth"].to_numpy(float)).astype(int)
        out: dict[str, np.ndarray] = {}
        splitter = StratifiedKFold(n_splits=self.folds, shuffle=True, random_state=self.random_state)
        for train, test in splitter.split(Z, strata):
            models = self._fit_models(Z[train], codes.iloc[train], rated)
            for name, scores in self._scores(models, Z[test]).items():
                out.setdefault(name, np.zeros((len(Z), scores.shape[1])))[test] = scores
        return out

    def _scores(self, models: dict[str, Any], Z: np.ndarray) -> dict[str, np.ndarray]:
        """Each head's uncalibrated per-class scores, classes in the codebook's order."""
        return {
            "depth": _ordered(models["depth"], _log_odds(models["depth"], Z), range(len(LAYERS))),
            "areas": np.column_stack(
                [_log_odds(m, Z)[:, 1] if m is not None else np.full(len(Z), -30.0) for m in models["areas"]]
            ),
            "motive": _ordered(models["motive"], _log_odds(models["motive"], Z), MOTIVES),
            "system": _ordered(models["system"], _log_odds(models["system"], Z), SYSTEM_CLASSES),
            "immediacy": _ordered(models["immediacy"], _log_odds(models["immediacy"], Z), DISCLOSED_IMMEDIACY),
        }

    def _calibrate(self, held_out: dict[str, np.ndarray], codes: pd.DataFrame) -> None:
        disclosed = (codes["depth"].to_numpy(float) >= LAYER_CUTS[0]) & (codes["motive"] != NO_MOTIVE).to_numpy()
        targets = {
            "depth": np.rint(codes["depth"].to_numpy(float)).astype(int),
            "motive": np.array([MOTIVES.index(m) if m in MOTIVES else 0 for m in codes["motive"]]),
            "system": np.array([SYSTEM_CLASSES.index(s) for s in codes["system"]]),
            "immediacy": np.array(
                [DISCLOSED_IMMEDIACY.index(i) if d else 0 for i, d in zip(codes["immediacy"], disclosed, strict=True)]
            ),
        }
        everyone = np.ones(len(codes), dtype=bool)
        rows = {"depth": everyone, "system": everyone, "motive": disclosed, "immediacy": disclosed}
        self.temperatures_ = {
            name: _temperature(held_out[name][rows[name]], target[rows[name]]) for name, target in targets.items()
        }
        # The expected depth of a calibrated classifier shrinks towards the middle (few items are core). A monotone,
        # piecewise-linear map sends the held-out expected depths at which the coded layers' shares are reached
        # onto the layer cuts, so the ranking is kept and each layer is as common as in the codes.
        expected = _softmax(held_out["depth"] / self.temperatures_["depth"]) @ np.arange(len(LAYERS), dtype=np.float64)
        shares = np.cumsum(np.bincount(targets["depth"], minlength=len(LAYERS)))[:-1] / len(expected)
        cuts = np.maximum.accumulate(np.clip(np.quantile(expected, shares), 1e-3, len(LAYERS) - 1 - 1e-3))
        cuts = cuts + np.arange(len(cuts)) * 1e-4
        self.depth_knots_ = np.array([[0.0, *cuts, len(LAYERS) - 1.0], [0.0, *LAYER_CUTS, len(LAYERS) - 1.0]])
        areas = np.array([[a in row for a in CATEGORIES] for row in codes["categories"]], dtype=bool)
        self.area_temperatures_ = np.array(
            [
                _temperature(np.column_stack([np.zeros(len(areas)), held_out["areas"][:, j]]), areas[:, j].astype(int))
                for j in range(len(CATEGORIES))
            ]
        )
        area_proba = 1.0 / (1.0 + np.exp(-held_out["areas"] / self.area_temperatures_))
        self.area_thresholds_ = np.array([_threshold(area_proba[:, j], areas[:, j]) for j in range(len(CATEGORIES))])

    # ------------------------------------------------------------- prediction
    def probabilities(self, X: np.ndarray) -> dict[str, np.ndarray]:
        """Calibrated probabilities per head: depth classes, areas, motive, system and immediacy (classes in order)."""
        if not hasattr(self, "models_"):
            raise ModelError(message("not_fitted", name=type(self).__name__))
        if np.shape(X)[1] != len(self.mean_):
            raise ModelError(message("heads_features", expected=len(self.mean_), got=np.shape(X)[1]))
        Z = self._scaled(X)
        scores = self._scores(self.models_, Z)
        out = {name: _softmax(scores[name] / t) for name, t in self.temperatures_.items()}
        out["areas"] = expit(scores["areas"] / self.area_temperatures_)  # no overflow on extreme scores
        out["valence"] = np.clip(_regressed(self.models_["valence"], Z), -1.0, 1.0)[:, None]
        if "intimacy" in self.models_:
            out["intimacy"] = np.clip(_regressed(self.models_["intimacy"], Z), 0.0, 1.0)[:, None]
        return out

    def predict(self, X: np.ndarray) -> pd.DataFrame:
        """The theory columns (depth ... immediacy, without privacy) for feature rows `X`."""
        return pd.DataFrame(self.predict_columns(X))

    def predict_columns(self, X: np.ndarray) -> dict[str, Any]:
        """`predict`'s columns by name, before they become a table (a caller adding columns builds it once)."""
        p = self.probabilities(X)
        depth = np.interp(p["depth"] @ np.arange(len(LAYERS), dtype=np.float64), *self.depth_knots_)
        if "intimacy" in p:
            # Below the first cut, half the depth is the topic's rated intimacy: the layer stays `none`.
            outside = depth < LAYER_CUTS[0]
            share = self.intimacy_share
            blended = (1 - share) * depth + share * LAYER_CUTS[0] * p["intimacy"][:, 0]
            depth = np.where(outside, np.minimum(blended, np.nextafter(LAYER_CUTS[0], 0.0)), depth)
        layer = layer_of(depth)
        disclosed = layer != LAYERS[0]
        # Columns are gathered first and the table is built once: adding them one by one to a DataFrame costs
        # more than the heads' arithmetic on a small batch.
        out: dict[str, Any] = {"depth": depth.round(4), "layer": layer}
        chosen = (p["areas"] >= self.area_thresholds_) & disclosed[:, None]
        out["categories"] = [[a for a, keep in zip(CATEGORIES, row, strict=True) if keep] for row in chosen]
        for j, area in enumerate(CATEGORIES):
            out[f"category_{area}"] = p["areas"][:, j].round(4)
        # The expected coded valence: coders give a non-disclosure 0, so the disclosure's valence is weighed by the
        # probability that there is one (a clear feeling keeps its sign and most of its size in a borderline turn).
        out["valence"] = (p["valence"][:, 0] * (1.0 - p["depth"][:, 0])).round(4)
        out["motive"] = np.where(disclosed, np.asarray(MOTIVES, dtype=object)[p["motive"].argmax(axis=1)], NO_MOTIVE)
        out["motive_confidence"] = np.where(disclosed, p["motive"].max(axis=1), p["depth"][:, 0]).round(4)
        for j, name in enumerate(MOTIVES):
            out[f"motive_{name}"] = p["motive"][:, j].round(4)
        out["motivational_system"] = np.asarray(SYSTEM_CLASSES, dtype=object)[p["system"].argmax(axis=1)]
        out["motivational_system_confidence"] = p["system"].max(axis=1).round(4)
        for j, name in enumerate(SYSTEMS):
            out[f"system_{name}"] = p["system"][:, j].round(4)
        out["immediacy"] = np.where(
            disclosed, np.asarray(DISCLOSED_IMMEDIACY, dtype=object)[p["immediacy"].argmax(axis=1)], IMMEDIACY[-1]
        )
        return out

    # ------------------------------------------------------------ persistence
    def save(self, directory: str | Path, *, trained_on: Sequence[str] = ()) -> None:
        """Write `theory_heads.safetensors` and `theory_heads.json` (with the ids of the items trained on)."""
        if not hasattr(self, "models_"):
            raise ModelError(message("not_fitted", name=type(self).__name__))
        path = Path(directory)
        tensors = {
            "mean": self.mean_,
            "scale": self.scale_,
            "area_temperatures": self.area_temperatures_,
            "area_thresholds": self.area_thresholds_,
            "depth_knots": self.depth_knots_,
        }
        classes: dict[str, list[Any]] = {}
        for name in ("depth", "motive", "system", "immediacy", "valence", "intimacy"):
            if name not in self.models_:
                continue
            model = self.models_[name]
            tensors[f"{name}.coef"] = np.atleast_2d(model.coef_)
            tensors[f"{name}.intercept"] = np.atleast_1d(model.intercept_)
            if name not in REGRESSIONS:
                classes[name] = [c.item() if hasattr(c, "item") else c for c in model.classes_]
        present = [j for j, m in enumerate(self.models_["areas"]) if m is not None]
        tensors["areas.coef"] = np.vstack([self.models_["areas"][j].coef_ for j in present])
        tensors["areas.intercept"] = np.concatenate([self.models_["areas"][j].intercept_ for j in present])
        save_file({k: np.ascontiguousarray(v, dtype=np.float32) for k, v in tensors.items()}, str(path / HEADS_WEIGHTS))
        config = {
            "hyperparameters": self.get_params(),
            "classes": classes,
            "areas": [CATEGORIES[j] for j in present],
            "temperatures": self.temperatures_,
            "trained_on": sorted(trained_on),
        }
        (path / HEADS_CONFIG).write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: str | Path) -> TheoryHeads:
        """Load the heads a model directory ships (written by `save`)."""
        path = Path(directory)
        if not (path / HEADS_CONFIG).is_file() or not (path / HEADS_WEIGHTS).is_file():
            raise ModelError(
                message("incomplete_model", path=path, reason=f"{HEADS_CONFIG} or {HEADS_WEIGHTS} is missing.")
            )
        config = json.loads((path / HEADS_CONFIG).read_text(encoding="utf-8"))
        tensors = {k: v.astype(np.float64) for k, v in load_file(str(path / HEADS_WEIGHTS)).items()}
        heads = cls(**config["hyperparameters"])
        heads.mean_, heads.scale_ = tensors["mean"], tensors["scale"]
        heads.area_temperatures_, heads.area_thresholds_ = tensors["area_temperatures"], tensors["area_thresholds"]
        heads.depth_knots_ = tensors["depth_knots"]
        heads.temperatures_ = {k: float(v) for k, v in config["temperatures"].items()}
        models: dict[str, Any] = {}
        for name in ("depth", "motive", "system", "immediacy"):
            models[name] = _restored(LogisticRegression(), tensors, name, np.asarray(config["classes"][name]))
        for name in REGRESSIONS:
            if f"{name}.coef" in tensors:
                models[name] = _restored(Ridge(), tensors, name, None)
                models[name].coef_ = models[name].coef_[0]
                models[name].intercept_ = float(models[name].intercept_[0])
        areas: list[LogisticRegression | None] = [None] * len(CATEGORIES)
        for row, area in enumerate(config["areas"]):
            model = LogisticRegression()
            model.coef_ = tensors["areas.coef"][row : row + 1]
            model.intercept_ = tensors["areas.intercept"][row : row + 1]
            model.classes_ = np.array([False, True])
            areas[CATEGORIES.index(area)] = model
        models["areas"] = areas
        heads.models_ = models
        return heads


def _restored(model: Any, tensors: dict[str, np.ndarray], name: str, classes: np.ndarray | None) -> Any:
    model.coef_ = tensors[f"{name}.coef"]
    model.intercept_ = tensors[f"{name}.intercept"]
    model.n_features_in_ = model.coef_.shape[1]
    if classes is not None:
        model.classes_ = classes
    return model


def _ordered(model: LogisticRegression, scores: np.ndarray, names: Sequence[Any]) -> np.ndarray:
    """Scores re-ordered to `names`; a class absent from training gets a score far below the others."""
    out = np.full((len(scores), len(names)), -30.0)
    for j, cls in enumerate(model.classes_):
        out[:, list(names).index(cls.item() if hasattr(cls, "item") else cls)] = scores[:, j]
    return out
