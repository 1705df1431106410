"""A learned recognizer of persons, places and organisations in informal text (lower case, handles, nicknames).

A linear token classifier (multinomial logistic regression over BIO tags) on features that survive informal
writing: the word and its neighbours (hashed), its shape and affixes, whether the sentence is written in lower
case, GeoNames places, given names and surnames of many cultures (`models/names/`), and the base encoder's input
embedding of the word and of its neighbours (the table the analyzer ships in `models/minilm`, so a name the model
never saw still lands near names it did). Trained by `training/informal_entities.py` on WNUT-17's Twitter part and
this project's informal sentences; scoring is NumPy only (the weights are `models/informal_entities/weights.npz`,
see its model card).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import regex

from .abstraction import place_names

WEIGHTS_FILE = Path(__file__).resolve().parents[1] / "models" / "informal_entities" / "weights.npz"
NAMES_DIR = Path(__file__).resolve().parents[1] / "models" / "names"
_NAME_FILES = ("given_names.txt", "surnames.txt")
LABELS = ("O", "B-PERSON", "I-PERSON", "B-LOCATION", "I-LOCATION", "B-ORGANIZATION", "I-ORGANIZATION")
HASH_BITS = 18
"""Hashed sparse features: 2**18 rows of weights (one per feature bucket)."""

_TOKEN = regex.compile(r"https?://\S+|www\.\S+|[@#]?\w+(?:['\u2019]\w+)*(?:[.-]\w+)*|[^\w\s]")
_SHAPE_RUNS = regex.compile(r"(.)\1+")


class Token(NamedTuple):
    start: int
    end: int
    text: str


def tokenize(text: str) -> list[Token]:
    """Words (with inner apostrophes, hyphens and dots), handles, hashtags, web addresses and single punctuation."""
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _shape(word: str) -> str:
    """Xxxx -> Xx, McDonald -> XxXx, 2020 -> d, @priya -> @x: the casing pattern with runs collapsed."""
    mapped = "".join("X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c for c in word[:12])
    return str(_SHAPE_RUNS.sub(r"\1", mapped))


@lru_cache(maxsize=1 << 18)
def _bucket(feature: str) -> int:
    """The feature's column (a CRC-32 hash); remembered, since most features recur in every sentence."""
    return zlib.crc32(feature.encode("utf-8")) & ((1 << HASH_BITS) - 1)


class NameLists(NamedTuple):
    """Lower-cased words that are given names or surnames somewhere (`training/name_lists.py` writes them)."""

    given: frozenset[str]
    surnames: frozenset[str]


@lru_cache(maxsize=1)
def name_lists() -> NameLists:
    """The shipped name lists, read once per process."""
    given, surnames = (frozenset((NAMES_DIR / f).read_text(encoding="utf-8").split()) for f in _NAME_FILES)
    return NameLists(given, surnames)


def hashed_features(words: Sequence[str], places: frozenset[str], names: NameLists) -> list[list[int]]:
    """The hashed sparse features of each word of one sentence (the same function trains and scores).

    What depends on a word alone (and the sentence's case) or on one neighbour alone is looked up once per
    distinct word; only the features of word pairs are hashed per position."""
    lower = [w.lower() for w in words]
    letters = [w for w in words if w[:1].isalpha()]
    case = "lc" if letters and sum(w[:1].islower() for w in letters) >= 0.8 * len(letters) else "mc"
    own = [_own_features(w, case, places, names) for w in words]
    padded = ["<s2>", "<s>", *lower, "</s>", "</s2>"]
    shapes = ["<s>", *(o.shape for o in own), "</s>"]
    out = []
    for i, (low, mine) in enumerate(zip(lower, own, strict=True)):
        shape = mine.shape
        previous, following = padded[i + 1], padded[i + 3]
        feats = [
            *mine.first,
            _as_neighbour(previous)[0],
            _as_neighbour(following)[1],
            _as_neighbour(padded[i])[2],
            _as_neighbour(padded[i + 4])[3],
            _shape_as_neighbour(shapes[i])[0],
            _shape_as_neighbour(shapes[i + 2])[1],
            _bucket(f"w-1w={previous}|{low}"),
            _bucket(f"ww+1={low}|{following}"),
            _bucket(f"s-1ss+1={shapes[i]}|{shape}|{shapes[i + 2]}"),
            mine.length,
        ]
        if i == 0:
            feats.append(_bucket(f"first|{shape}"))
        if mine.gazetteer is not None:
            feats.append(mine.gazetteer)
        if i + 1 < len(words) and f"{mine.title} {words[i + 1][:1].upper()}{words[i + 1][1:].lower()}" in places:
            feats.append(_bucket("gaz2"))
        # A list's word counts apart in lower case: there the list is the only sign that a word names someone.
        feats += mine.lists
        if i > 0 and own[i - 1].given:
            feats.append(_bucket(f"given-1|{mine.surname}"))
        if i + 1 < len(words) and own[i + 1].surname:
            feats.append(_bucket(f"surname+1|{mine.given}"))
        out.append(feats)
    return out


class _Word(NamedTuple):
    """What one word contributes to its own features, whatever its neighbours."""

    shape: str
    title: str
    given: bool
    surname: bool
    first: tuple[int, ...]  # bias, the word, its shape (alone and with the case), prefix and suffixes
    length: int
    gazetteer: int | None
    lists: tuple[int, ...]  # its given-name and surname features


@lru_cache(maxsize=1 << 16)
def _own_features(word: str, case: str, places: frozenset[str], names: NameLists) -> _Word:
    low, shape = word.lower(), _shape(word)
    title = word[:1].upper() + word[1:].lower()
    given, surname = low in names.given, low in names.surnames
    first = ["bias", f"w={low}", f"s={shape}", f"sc={shape}|{case}", f"p3={low[:3]}", f"x3={low[-3:]}"]
    first.append(f"x2={low[-2:]}")
    lists = [f"given|{case}|{shape}"] * given + [f"surname|{case}|{shape}"] * surname
    return _Word(
        shape,
        title,
        given,
        surname,
        tuple(map(_bucket, first)),
        _bucket(f"len={min(len(word), 10)}"),
        _bucket(f"gaz|{case}|{shape}") if word in places or title in places else None,
        tuple(map(_bucket, lists)),
    )


@lru_cache(maxsize=1 << 16)
def _as_neighbour(low: str) -> tuple[int, int, int, int]:
    """A (lower-cased) word's features as the previous, next, second previous and second next word."""
    return _bucket(f"w-1={low}"), _bucket(f"w+1={low}"), _bucket(f"w-2={low}"), _bucket(f"w+2={low}")


@lru_cache(maxsize=1 << 12)
def _shape_as_neighbour(shape: str) -> tuple[int, int]:
    return _bucket(f"s-1={shape}"), _bucket(f"s+1={shape}")


class WordVectors:
    """Each word's mean input embedding of its word pieces (lower-cased), projected onto a few principal
    directions, beside its left and right neighbours' (zeros beyond the sentence)."""

    def __init__(self, center: np.ndarray, projection: np.ndarray) -> None:
        from .static_vectors import StaticVectors

        self._vectors = StaticVectors()
        self.center, self.projection = center, projection
        self._cache: dict[str, np.ndarray] = {}

    @property
    def dimension(self) -> int:
        return 3 * int(self.projection.shape[1])

    def __call__(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        if len(self._cache) > 200_000:
            self._cache.clear()  # a long file of new words: keep memory bounded
        new = sorted({w.lower() for words in sentences for w in words} - self._cache.keys())
        if new:
            projected = (self._vectors(new) - self.center) @ self.projection
            self._cache.update(zip(new, projected, strict=True))
        size = self.projection.shape[1]
        out = []
        for words in sentences:
            rows = np.zeros((len(words) + 2, size), dtype=np.float32)
            for i, w in enumerate(words):
                rows[i + 1] = self._cache[w.lower()]
            out.append(np.hstack([rows[1:-1], rows[:-2], rows[2:]]))
        return out


class Entity(NamedTuple):
    start: int
    end: int
    category: str
    confidence: float


class InformalEntities:
    """The shipped recognizer: `entities(texts)` lists each text's persons, places and organisations.

    Parameters
    ----------
    threshold : float
        A word is part of an entity when the model gives it at least this probability of being one (the weights
        file's tuned value by default).
    """

    def __init__(self, *, threshold: float | None = None) -> None:
        weights = np.load(WEIGHTS_FILE)
        self.sparse_ = weights["sparse"].astype(np.float32)
        self.dense_ = weights["dense"].astype(np.float32)
        self.intercept_ = weights["intercept"].astype(np.float32)
        self.threshold = float(weights["threshold"]) if threshold is None else threshold
        self._vectors = WordVectors(weights["center"].astype(np.float32), weights["projection"].astype(np.float32))

    def probabilities(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """Each sentence's (words x labels) probabilities over `LABELS`."""
        places, names = place_names(), name_lists()
        dense = self._vectors(sentences)
        out = []
        for words, vectors in zip(sentences, dense, strict=True):
            if not words:
                out.append(np.zeros((0, len(LABELS)), dtype=np.float32))
                continue
            logits = vectors @ self.dense_ + self.intercept_
            features = hashed_features(words, places, names)
            # Every word's sparse weights summed in one step: the words' feature columns side by side, cut per word.
            starts = np.cumsum([0, *(len(f) for f in features[:-1])])
            logits += np.add.reduceat(self.sparse_[np.concatenate(features)], starts, axis=0)
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            out.append(p / p.sum(axis=1, keepdims=True))
        return out

    def read(self, texts: Sequence[str]) -> list[Reading]:
        """Each text's words and their label probabilities."""
        tokens = [tokenize(t) for t in texts]
        return [
            Reading(toks, p)
            for toks, p in zip(tokens, self.probabilities([[t.text for t in ts] for ts in tokens]), strict=True)
        ]

    def entities(self, texts: Sequence[str]) -> list[list[Entity]]:
        """Each text's persons, places and organisations."""
        return [decode(reading.tokens, reading.p, self.threshold) for reading in self.read(texts)]


_KINDS = ("PERSON", "LOCATION", "ORGANIZATION")


class Reading(NamedTuple):
    """One text's words and their (words x labels) probabilities."""

    tokens: list[Token]
    p: np.ndarray

    def kinds(self, start: int, end: int) -> tuple[float, dict[str, float]]:
        """The highest probability that a word of `[start, end)` is part of an entity, and each kind's summed
        probability over those words (0 and zeros where no word lies there)."""
        rows = [i for i, t in enumerate(self.tokens) if start <= t.start < end]
        if not rows:
            return 0.0, dict.fromkeys(_KINDS, 0.0)
        p = self.p[rows]
        by_kind = (p[:, 1::2] + p[:, 2::2]).sum(axis=0)
        return float(1.0 - p[:, 0].min()), {k: float(v) for k, v in zip(_KINDS, by_kind, strict=True)}


def decode(tokens: Sequence[Token], p: np.ndarray, threshold: float) -> list[Entity]:
    """Runs of words whose probability of being an entity reaches `threshold`, typed by their likeliest kind; a
    new entity starts where a word's B- tag outweighs its I- tag or the kind changes."""
    out: list[Entity] = []
    current: list[int] = []
    kind = ""

    def close() -> None:
        if current:
            conf = float(np.mean([1.0 - p[i, 0] for i in current]))
            out.append(Entity(tokens[current[0]].start, tokens[current[-1]].end, kind, round(conf, 2)))

    for i in range(len(tokens)):
        if 1.0 - p[i, 0] < threshold or not tokens[i].text[:1].isalnum():
            close()
            current, kind = [], ""
            continue
        by_kind = {k: p[i, 1 + 2 * j] + p[i, 2 + 2 * j] for j, k in enumerate(_KINDS)}
        best = max(by_kind, key=by_kind.__getitem__)
        starts = p[i, LABELS.index(f"B-{best}")] >= p[i, LABELS.index(f"I-{best}")]
        if best != kind or (starts and current):
            close()
            current, kind = [], best
        current.append(i)
    close()
    return out


@lru_cache(maxsize=1)
def informal_entities() -> InformalEntities:
    """The shipped recognizer, loaded once per process."""
    return InformalEntities()
