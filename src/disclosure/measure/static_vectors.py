"""Static sentence vectors: the mean of the base encoder's input embeddings of a text's word pieces.

The fast tier runs no transformer, but the theory measures read a sentence vector in the base encoder's space.
This is the cheapest one there: MiniLM's WordPiece tokenizer and its input-embedding table (read from the packaged
base model, never copied), averaged over the pieces of each text.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from safetensors import safe_open
from tokenizers import Tokenizer

from .base_encoder import base_encoder_path


class StaticVectors:
    """Mean input embedding of each text's word pieces (384 dimensions for all-MiniLM-L6-v2)."""

    def __init__(self) -> None:
        directory = base_encoder_path()
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        with safe_open(str(directory / "model.safetensors"), "np") as weights:
            self.pieces = np.asarray(weights.get_tensor("embeddings.word_embeddings.weight"), dtype=np.float32)

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
