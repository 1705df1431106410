"""MiniLM's WordPiece tokenizer, shipped inside the package, and batches of word-piece ids sorted by length.

The tokenizer file (`models/minilm/tokenizer.json`, all-MiniLM-L6-v2's own) is read by `tokenizers`; batches are NumPy
arrays, which ONNX Runtime reads directly and training wraps as tensors, so scoring imports no torch.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

BASE_FILES = Path(__file__).resolve().parents[1] / "models" / "minilm"
"""The base encoder's tokenizer and input-embedding table, shipped with the package (Apache-2.0, see its README)."""
TOKENIZER_FILE = BASE_FILES / "tokenizer.json"


def load_tokenizer() -> Tokenizer:
    """The base encoder's WordPiece tokenizer ([CLS] and [SEP] added, no padding)."""
    tokenizer = Tokenizer.from_file(str(TOKENIZER_FILE))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


def word_piece_ids(tokenizer: Tokenizer, texts: Sequence[str], max_length: int) -> list[list[int]]:
    """Each text's word-piece ids, [CLS] and [SEP] included, truncated to `max_length`.

    The tokenizer is changed only when its truncation differs: a change while another thread encodes with it
    would fail ("Already borrowed"), and the server encodes on one thread while the model thread explains."""
    if (tokenizer.truncation or {}).get("max_length") != max_length:
        tokenizer.enable_truncation(max_length=max_length)
    return [encoding.ids for encoding in tokenizer.encode_batch(list(texts))]


def padded_batch(ids: Sequence[Sequence[int]]) -> dict[str, np.ndarray]:
    """`input_ids` right-padded with [PAD] (id 0) to the longest text, and the `attention_mask` marking real pieces."""
    width = max((len(x) for x in ids), default=0)
    input_ids = np.zeros((len(ids), width), dtype=np.int64)
    attention_mask = np.zeros((len(ids), width), dtype=np.int64)
    for row, pieces in enumerate(ids):
        input_ids[row, : len(pieces)] = pieces
        attention_mask[row, : len(pieces)] = 1
    return {"input_ids": input_ids, "attention_mask": attention_mask}


def length_sorted_batches(
    tokenizer: Tokenizer,
    texts: Sequence[str],
    batch_size: int,
    max_length: int,
    tokens_per_batch: int | None = None,
) -> Iterator[tuple[np.ndarray, dict[str, np.ndarray]]]:
    """Yield (original positions, padded batch) with texts of similar length together (less padding).

    A batch holds at most `batch_size` texts and at most `tokens_per_batch` padded word pieces (default
    `batch_size` × 32), so long texts come in smaller batches and peak memory stays low whatever the input.
    """
    budget = tokens_per_batch if tokens_per_batch is not None else batch_size * 32
    ids = word_piece_ids(tokenizer, texts, max_length)
    order = np.argsort([len(x) for x in ids], kind="stable")
    start = 0
    while start < len(order):
        size = min(batch_size, len(order) - start)
        longest = len(ids[order[start + size - 1]])
        size = max(1, min(size, budget // max(longest, 1)))
        positions = order[start : start + size]
        yield positions, padded_batch([ids[i] for i in positions])
        start += size
