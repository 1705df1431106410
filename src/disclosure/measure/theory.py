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

from ..constants import DISCLOSURE_THRESHOLD, LAYER_CUTS, SHORT_REPLY_WORDS, SUPPORT_THRESHOLD
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
        risk = privacy_risk(found, areas, audience=self.audience)
        note = pd.Series(layer_notes(texts, detector, theory), name="layer_note")
        return pd.concat([theory, note, risk], axis=1)[[c.name for c in THEORY_COLUMNS]]


def layer_notes(texts: Sequence[str], detector: pd.DataFrame, theory: pd.DataFrame) -> list[str]:
    """`layer_note` per utterance: why layer is 'none' where the detector reads a disclosure, else ''.

    The detector (trained on Reddit posts) and the depth heads (trained on the coded corpus) are separate models;
    where they disagree, the row says which reading explains it, so no reader meets two columns that contradict.
    """
    disclosure = detector["disclosure"].to_numpy(float)
    support = detector[["emotional_support", "informational_support"]].to_numpy(float).max(axis=1)
    depths, layers = theory["depth"].to_numpy(float), theory["layer"].to_numpy(object)
    notes = []
    for text, p, offered, depth, layer in zip(texts, disclosure, support, depths, layers, strict=True):
        if layer != "none" or p < DISCLOSURE_THRESHOLD:
            notes.append("")
            continue
        words = len(text.split())
        shallow = f"depth {depth:.2f} stays below {LAYER_CUTS[0]:g}"
        if offered >= SUPPORT_THRESHOLD:
            notes.append(
                f"support offered to the listener ({offered:.2f}): the feelings named are theirs, not the "
                f"speaker's; {shallow}"
            )
        elif words <= SHORT_REPLY_WORDS:
            notes.append(
                f"a reply of {words} word{'s' if words != 1 else ''}, too short to reveal the speaker: "
                f"disclosure {p:.2f} reads its tone; {shallow}"
            )
        else:
            notes.append(
                f"disclosure {p:.2f} leans to a disclosure, but nothing about the speaker's own "
                f"life is coded (a general remark, opinion or reaction): {shallow}"
            )
    return notes
