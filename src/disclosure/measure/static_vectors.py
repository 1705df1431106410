"""Static sentence vectors: the mean of the base encoder's input embeddings of a text's word pieces.

The fast tier runs no transformer, but the theory measures read a sentence vector in the base encoder's space.
This is the cheapest one there: MiniLM's WordPiece tokenizer and its input-embedding table (shipped in float16 in
`models/minilm`), averaged over the pieces of each text.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from safetensors.numpy import load_file

from .word_pieces import BASE_FILES, load_tokenizer

EMBEDDINGS_FILE = BASE_FILES / "word_embeddings.safetensors"


class StaticVectors:
    """Mean input embedding of each text's word pieces (384 dimensions for all-MiniLM-L6-v2)."""

    def __init__(self) -> None:
        self.tokenizer = load_tokenizer()
        self.pieces = load_file(str(EMBEDDINGS_FILE))["word_embeddings"].astype(np.float32)

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text; a text with no word piece gets a zero vector."""
        encodings = self.tokenizer.encode_batch(list(texts), add_special_tokens=False)
        ids = [encoding.ids for encoding in encodings]
        lengths = np.fromiter((len(x) for x in ids), dtype=np.int64, count=len(ids))
        flat = np.fromiter((i for x in ids for i in x), dtype=np.int64, count=int(lengths.sum()))
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        sums = np.zeros((len(lengths), self.pieces.shape[1]), dtype=np.float32)
        nonempty = lengths > 0
        if nonempty.any():
            sums[nonempty] = np.add.reduceat(self.pieces[flat], starts[nonempty], axis=0)
        return np.asarray(sums / np.maximum(lengths, 1)[:, None], dtype=np.float32)
