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
from .privacy import find_identifiers, privacy_risk


class TheoryMeasure:
    """The theory-level measures of one model (a `Measure`: see `disclosure.analyzer.Measure`).

    Parameters
    ----------
    directory : Path
        The model directory whose `theory_heads.*` files hold the trained heads.
    """

    def __init__(self, directory: str | Path) -> None:
        self.heads = TheoryHeads.load(directory)

    def __call__(self, texts: Sequence[str], embeddings: np.ndarray, detector: pd.DataFrame) -> pd.DataFrame:
        """The theory columns for `texts`, given the detector's vectors and probabilities for them."""
        if not len(texts):
            return pd.DataFrame(columns=[c.name for c in THEORY_COLUMNS])
        theory = self.heads.predict(theory_features(texts, embeddings, detector.to_numpy()))
        areas = theory[[c for c in theory.columns if c.startswith("category_")]]
        return pd.concat([theory, privacy_risk(find_identifiers(texts), areas)], axis=1)
