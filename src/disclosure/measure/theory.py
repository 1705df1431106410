"""`TheoryMeasure`: the theory columns (depth, breadth, valence, motive, motivational system, immediacy, privacy risk).

It plugs into `Analyzer.measures`. The heads ship inside each model directory (`theory_heads.*`, trained on the coded
corpus by `disclosure train-theory`); they read the detector's own sentence vectors and probabilities, so no
second encoder runs per utterance.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..schema import THEORY_COLUMNS
from .heads import TheoryHeads, theory_features
from .privacy import check_audience, find_identifiers, privacy_risk


class TheoryMeasure:
    """The theory-level measures of one model (a `Measure`: see `disclosure.analyzer.Measure`).

    Parameters
    ----------
    directory : Path
        The model directory whose `theory_heads.*` files hold the trained heads.
    audience : str
        Who the utterances are meant for ("public", "community", "friends", "professional"): `privacy_risk` and
        `risk_reasons` are written for them.
    """

    def __init__(self, directory: str | Path, *, audience: str = "public") -> None:
        check_audience(audience)
        self.heads = TheoryHeads.load(directory)
        self.audience = audience

    def __call__(
        self, texts: Sequence[str], embeddings: np.ndarray, detector: pd.DataFrame, previous: np.ndarray | None = None
    ) -> pd.DataFrame:
        """The theory columns for `texts`, given the detector's vectors and probabilities for them and the vectors
        of their previous turns (zero rows where there is none; None: no text has one)."""
        if not len(texts):
            return pd.DataFrame(columns=[c.name for c in THEORY_COLUMNS])
        theory = self.heads.predict(theory_features(texts, embeddings, detector.to_numpy(), previous))
        areas = theory[["categories", *(c for c in theory.columns if c.startswith("category_"))]]
        found = find_identifiers(texts, audience=self.audience)
        return pd.concat([theory, privacy_risk(found, areas, audience=self.audience)], axis=1)
