"""Fixtures for the theory measures: a tiny deterministic embedder and the shipped analyzer when it exists."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from disclosure import Analyzer


class HashingEmbedder:
    """Stands in for a detector: character-trigram hashing vectors and fixed probabilities, no model needed."""

    dim = 64

    def embed_and_score(self, texts: Sequence[str], *, batch_size: int = 64) -> tuple[np.ndarray, np.ndarray]:
        vectors = np.zeros((len(texts), self.dim))
        for i, text in enumerate(texts):
            lowered = f"  {text.lower()}  "
            for j in range(len(lowered) - 2):
                vectors[i, sum(map(ord, lowered[j : j + 3])) % self.dim] += 1.0
        return vectors, np.full((len(texts), 5), 0.5)


@pytest.fixture(scope="session")
def hashing_embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture(scope="session")
def theory_analyzer() -> Analyzer:
    """The shipped default analyzer (detector plus theory layer); the orderings below are claims about it."""
    return Analyzer()
