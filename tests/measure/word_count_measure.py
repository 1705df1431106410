"""A measure written as a newcomer would add one: this module and one `register` call, nothing else."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from disclosure.measure.registry import RegisteredMeasure
from disclosure.schema import Column

WORDS = Column("words", "int", ">= 1", "How many words the utterance has (split at white space).", stage="test")


class WordCount:
    """Counts words; needs nothing from the model directory."""

    def __call__(
        self, texts: Sequence[str], embeddings: np.ndarray, detector: pd.DataFrame, previous: np.ndarray | None = None
    ) -> pd.DataFrame:
        return pd.DataFrame({WORDS.name: [len(text.split()) for text in texts]}, dtype="Int64")


def load(directory: Path) -> WordCount:
    return WordCount()


def explain(text: str, row: pd.Series) -> list[str]:
    return ["", f"Words: {row[WORDS.name]} ({', '.join(text.split()[:3])}, ...)"]


WORD_COUNT = RegisteredMeasure("word_count", (WORDS,), load, explain)
