"""Words and adjacent word pairs of many texts, hashed into feature columns with array arithmetic.

The fast tier reads millions of texts; a tokenizer that builds a Python object per word would be its bottleneck.
Here a whole batch is one byte array: texts are joined, lower-cased and UTF-8 encoded once, every byte is classed
(word character, punctuation, space, text boundary), and each word's polynomial hash is read off prefix sums —
no per-word Python objects. A word is a run of letters, digits, apostrophes and non-ASCII characters (so "don't"
and "naïve" stay whole); each other printable ASCII character (".", "!", "?", ...) is a word of its own.

The result is a sparse matrix with one row per text: one column per hashed word (`2**bits` columns) and one per
hashed pair of adjacent words (another `2**bits`), each entry scaled by 1/sqrt(number of entries in the row).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

_BASE = 1_099_511_628_211  # FNV-1a 64-bit prime: odd, so invertible modulo 2**64
_BASE_INVERSE = pow(_BASE, -1, 2**64)
_BASE_U64, _BASE_INVERSE_U64 = np.uint64(_BASE), np.uint64(_BASE_INVERSE)
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the top bits of h * _MIX are well spread
_PAIR = np.uint64(0xC2B2AE3D27D4EB4F)
_BOUNDARY = "\x00"
_MAX_CHARACTERS = 1 << 19
"""Texts are hashed in slices of at most this many characters, so the per-byte arrays stay a few MiB."""

_SPACE, _WORD, _PUNCTUATION, _TEXT_BOUNDARY = 0, 1, 2, 3
_BYTE_CLASS = np.zeros(256, dtype=np.int8)
_BYTE_CLASS[33:127] = _PUNCTUATION
_BYTE_CLASS[np.frombuffer(b"abcdefghijklmnopqrstuvwxyz0123456789'", dtype=np.uint8)] = _WORD
_BYTE_CLASS[128:] = _WORD  # bytes of non-ASCII characters
_BYTE_CLASS[0] = _TEXT_BOUNDARY


class _Powers:
    """BASE**k and BASE**-k modulo 2**64 for k < n, grown on demand and kept for the next batch."""

    def __init__(self) -> None:
        self.up = np.ones(1, dtype=np.uint64)
        self.down = np.ones(1, dtype=np.uint64)

    def first(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        if len(self.up) < n:
            size = max(n, 2 * len(self.up))
            self.up = np.cumprod(np.full(size, _BASE, dtype=np.uint64), dtype=np.uint64) * _BASE_INVERSE_U64
            self.down = np.cumprod(np.full(size, _BASE_INVERSE, dtype=np.uint64), dtype=np.uint64) * _BASE_U64
        return self.up[:n], self.down[:n]


_POWERS = _Powers()


def word_hashes(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The 64-bit hash of every word of every text, in reading order, and the index of the text it comes from."""
    joined = _BOUNDARY.join(texts)
    if joined.count(_BOUNDARY) != max(len(texts) - 1, 0):
        joined = _BOUNDARY.join(text.replace(_BOUNDARY, " ") for text in texts)
    data = np.frombuffer(joined.lower().encode("utf-8", "surrogatepass"), dtype=np.uint8)
    classes = _BYTE_CLASS[data]
    word = classes == _WORD
    punctuation = classes == _PUNCTUATION
    starts = np.flatnonzero((word & ~np.r_[False, word[:-1]]) | punctuation)
    ends = np.flatnonzero((word & ~np.r_[word[1:], False]) | punctuation) + 1
    up, down = _POWERS.first(len(data) + 1)
    with np.errstate(over="ignore"):
        prefix = np.r_[np.uint64(0), np.cumsum(data.astype(np.uint64) * up[:-1], dtype=np.uint64)]
        hashes = (prefix[ends] - prefix[starts]) * down[starts]
    text_of = np.cumsum(classes == _TEXT_BOUNDARY)[starts]
    return hashes, text_of.astype(np.int64)


def hashed_features(texts: Sequence[str], bits: int) -> sp.csr_matrix:
    """Rows: texts. Columns: `2**bits` hashed words, then `2**bits` hashed adjacent pairs. Entries 1/sqrt(row size)."""
    parts, start, size = [], 0, 0
    for end, text in enumerate(texts):
        size += len(text) + 1
        if size > _MAX_CHARACTERS:
            parts.append(_features(texts[start : end + 1], bits))
            start, size = end + 1, 0
    if start < len(texts) or not parts:
        parts.append(_features(texts[start:], bits))
    return parts[0] if len(parts) == 1 else sp.vstack(parts, format="csr")


def _features(texts: Sequence[str], bits: int) -> sp.csr_matrix:
    hashes, text_of = word_hashes(texts)
    shift = np.uint64(64 - bits)
    paired = np.zeros(len(hashes), dtype=bool)
    paired[:-1] = text_of[1:] == text_of[:-1]
    with np.errstate(over="ignore"):
        words = (hashes * _MIX) >> shift
        pairs = ((hashes[:-1] * _PAIR + hashes[1:]) * _MIX >> shift) + np.uint64(1 << bits)
    # Each word, then (if it has a successor in the same text) the pair it starts: entries come out grouped by text.
    columns = np.empty(2 * len(hashes), dtype=np.int64)
    columns[0::2] = words
    columns[1::2][: len(pairs)] = pairs
    keep = np.ones(2 * len(hashes), dtype=bool)
    keep[1::2] = paired
    columns = columns[keep]
    per_text = np.bincount(text_of, minlength=len(texts)) * 2 - np.bincount(text_of[~paired], minlength=len(texts))
    scale = (1.0 / np.sqrt(np.maximum(per_text, 1))).astype(np.float32)
    indptr = np.r_[0, np.cumsum(per_text)]
    return sp.csr_matrix((np.repeat(scale, per_text), columns, indptr), shape=(len(texts), 2 << bits))
