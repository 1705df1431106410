"""The measures that run after the detector, registered by name: each declares the columns it adds, how it loads
from a model directory and how it explains its columns for one scored row.

A new measure is one module (the measure, its `schema.Column`s and its explanation) plus one `register` call;
`Analyzer` runs every registered measure and `explain` reads every registered explanation, neither naming any.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd

from ..errors import InputError, message
from ..schema import DETECTOR_COLUMNS, LANGUAGE, STATUS, THEORY_COLUMNS, Column


class Measure(Protocol):
    """A per-utterance measure after the detector: it adds the columns it was registered with.

    It receives the scorable texts, the detector's sentence vectors for them (one row per text), the
    detector's probabilities (a DataFrame with `DETECTOR_LABELS` columns) and the sentence vectors of each text's
    previous turn (a row of zeros where there is none), and returns a DataFrame with one row per text, in the same
    order, holding only its own columns.
    """

    def __call__(
        self, texts: Sequence[str], embeddings: np.ndarray, detector: pd.DataFrame, previous: np.ndarray | None = None
    ) -> pd.DataFrame: ...


Explanation = Callable[[str, pd.Series], list[str]]
"""Plain-language lines for one utterance from its row as already scored (the text is given for the evidence)."""


@dataclass(frozen=True)
class RegisteredMeasure:
    """A measure, the columns it adds (in output order), how it loads and how it explains itself."""

    name: str
    columns: tuple[Column, ...]
    load: Callable[[Path], Measure]
    """Build the measure from a model directory (called once per `Analyzer`)."""
    explain: Explanation


MEASURES: dict[str, RegisteredMeasure] = {}
"""Every registered measure by name, in the order their columns are written."""


def register(measure: RegisteredMeasure) -> RegisteredMeasure:
    """Add `measure` after those registered before it; a name or column already taken is refused."""
    written = (STATUS, LANGUAGE, *DETECTOR_COLUMNS)
    taken = {c.name for c in written} | {c.name for m in MEASURES.values() for c in m.columns}
    clashes = [c.name for c in measure.columns if c.name in taken]
    if measure.name in MEASURES or clashes:
        raise InputError(message("measure_taken", name=measure.name, columns=clashes or ["(none)"]))
    MEASURES[measure.name] = measure
    return measure


def registered() -> tuple[RegisteredMeasure, ...]:
    """Every registered measure, in the order their columns are written."""
    return tuple(MEASURES.values())


def measure_columns() -> tuple[Column, ...]:
    """The columns of every registered measure, in output order."""
    return tuple(c for m in registered() for c in m.columns)


def _load_theory(directory: Path) -> Measure:
    # Imported on use: the theory layer (scikit-learn, Presidio) loads only when its columns are asked for.
    from .theory import TheoryMeasure

    return TheoryMeasure(directory)


def _explain_theory(text: str, row: pd.Series) -> list[str]:
    from .theory import explain_theory

    return explain_theory(text, row)


register(RegisteredMeasure("theory", THEORY_COLUMNS, _load_theory, _explain_theory))
