"""`TheoryMeasure`: the theory columns (depth, breadth, valence, motive, motivational system, privacy risk).

It plugs into `Analyzer.measures`. At load time it encodes the shipped anchor utterances once with the same
detector and fits the theory heads on them, so it works with any detector that has `embed_and_score` and
never runs a second encoder per utterance.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from typing import Protocol

import numpy as np
import pandas as pd

from ..schema import THEORY_COLUMNS
from .heads import TheoryHeads, theory_features, unit_rows
from .privacy import find_identifiers, privacy_risk

ANCHORS_FILE = "anchors.csv"


class Embedder(Protocol):
    """What the theory layer needs from a detector: sentence vectors and probabilities in one pass."""

    def embed_and_score(
        self, texts: Sequence[str], *, batch_size: int = 64
    ) -> tuple[np.ndarray, np.ndarray]: ...


def load_anchors() -> pd.DataFrame:
    """The shipped labelled anchors: text, depth, categories (lists), valence, motive, system."""
    with resources.files(__package__).joinpath("data", ANCHORS_FILE).open(encoding="utf-8") as stream:
        anchors = pd.read_csv(stream, dtype={"text": str, "categories": str}, keep_default_na=False)
    anchors["categories"] = anchors["categories"].map(lambda cell: [a for a in cell.split(";") if a])
    return anchors


class TheoryMeasure:
    """The theory-level measures for one detector (a `Measure`: see `disclosure.analyzer.Measure`).

    Parameters
    ----------
    detector : Embedder
        The loaded detector whose sentence vectors the measures read.
    anchors : DataFrame, optional
        Labelled utterances to fit the heads on (default: the shipped anchors, see `load_anchors`).
    heads : TheoryHeads, optional
        Unfitted heads with chosen hyperparameters (default: `TheoryHeads()`).
    """

    def __init__(
        self, detector: Embedder, *, anchors: pd.DataFrame | None = None, heads: TheoryHeads | None = None
    ) -> None:
        anchors = load_anchors() if anchors is None else anchors
        texts = anchors["text"].tolist()
        vectors, probabilities = detector.embed_and_score(texts)
        self.anchors = anchors
        self.anchor_vectors = unit_rows(vectors)
        self.heads = (heads if heads is not None else TheoryHeads()).fit(
            theory_features(texts, vectors, probabilities), anchors
        )

    def __call__(self, texts: Sequence[str], embeddings: np.ndarray, detector: pd.DataFrame) -> pd.DataFrame:
        """The theory columns for `texts`, given the detector's vectors and probabilities for them."""
        if not len(texts):
            return pd.DataFrame(columns=[c.name for c in THEORY_COLUMNS])
        theory = self.heads.predict(theory_features(texts, embeddings, detector.to_numpy()))
        areas = theory[[c for c in theory.columns if c.startswith("category_")]]
        return pd.concat([theory, privacy_risk(find_identifiers(texts), areas)], axis=1)

    def nearest_anchors(self, embedding: np.ndarray, k: int = 3) -> pd.DataFrame:
        """The `k` labelled anchors closest in meaning to one utterance's vector, with their cosine similarity."""
        similarity = self.anchor_vectors @ unit_rows(embedding[None, :])[0]
        order = np.argsort(-similarity, kind="stable")[:k]
        return self.anchors.iloc[order].assign(similarity=similarity[order].round(3))
