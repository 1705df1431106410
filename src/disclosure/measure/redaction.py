"""Redaction: rewrite utterances with every risky span replaced, in one of three modes.

- `placeholder`: a typed placeholder ("[NAME]", "[LOCATION]"); punctuation and spacing around it are kept.
- `pseudonym`: the same entity gets the same placeholder ("[PERSON_4821]") in every text of one call, so a
  conversation or file stays readable. The number is read off a keyed hash (HMAC-SHA256) of the normalised entity
  with a secret salt: the same salt gives the same placeholder in every file, a different salt a different one, and
  without the salt nothing in the output can be turned back into the name.
- `abstract`: a less specific wording that keeps the meaning (see `abstraction`).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import warnings
from collections.abc import Sequence
from typing import NamedTuple

import pandas as pd

from ..constants import NO_LANGUAGE, SUPPORTED_LANGUAGES, UNDETERMINED_LANGUAGE
from ..errors import InputError, message
from ..io import collision_free, holds_surrogate, require_columns
from ..schema import (
    REDACTION_ALL,
    REDACTION_COLUMN_NAMES,
    REDACTION_NAMES_MODEL_MISSING,
    REDACTION_NOT_TEXT,
    REDACTION_OWN_NAMES_MODEL,
    REDACTION_TO_CHECK,
    REDACTION_UNSUPPORTED_LANGUAGE,
)
from .codebook import IDENTIFIERS
from .language import identify
from .native_names import installed, names_model
from .privacy import PrivacySpan, check_audience, find_identifiers, with_other_mentions

MODES = ("placeholder", "pseudonym", "abstract")


class Pseudonyms:
    """Numbered placeholders keyed by an HMAC of each entity with a secret salt: the same entity, the same placeholder.

    The number is read off the HMAC ("[PERSON_4821]"), so the same salt gives the same placeholder in every file
    (people stay linkable across a corpus redacted with one salt) and different salts give different ones; without the
    salt the number says nothing about the entity. Two entities of one kind whose numbers meet in one run are told
    apart by taking the next free number.

    Parameters
    ----------
    salt : str or None
        The secret key. Give the same salt to get the same placeholders across runs; None draws a random salt
        for this run only (`random_salt` is then True).
    """

    def __init__(self, salt: str | None = None) -> None:
        self.random_salt = salt is None
        self._key = (secrets.token_hex(32) if salt is None else salt).encode()
        self._numbers: dict[tuple[str, bytes], int] = {}
        self._taken: set[tuple[str, int]] = set()

    def __call__(self, span: PrivacySpan) -> str:
        """The placeholder of `span`'s entity ("[PERSON_4821]"), a four-digit number drawn from its HMAC."""
        normalised = " ".join(span.text.casefold().split())
        digest = hmac.new(self._key, f"{span.category}\x00{normalised}".encode(), hashlib.sha256).digest()
        key = (span.category, digest)
        if key not in self._numbers:
            number = _FIRST_NUMBER + int.from_bytes(digest[:8], "big") % _NUMBERS
            while (span.category, number) in self._taken:
                number = _FIRST_NUMBER + (number - _FIRST_NUMBER + 1) % _NUMBERS
            self._taken.add((span.category, number))
            self._numbers[key] = number
        return f"[{span.category}_{self._numbers[key]}]"


_FIRST_NUMBER, _NUMBERS = 1000, 9000
"""Pseudonym numbers are four digits (1000-9999)."""


def redact_text(
    text: str, spans: Sequence[PrivacySpan], *, mode: str = "placeholder", pseudonyms: Pseudonyms | None = None
) -> str:
    """`text` with each span replaced as `mode` says (`pseudonyms` numbers entities in `pseudonym` mode)."""
    _check_mode(mode)
    namer = pseudonyms or Pseudonyms()
    pieces, cursor = [], 0
    for span in sorted(spans, key=lambda s: s.start):
        if mode == "pseudonym":
            new = namer(span)
        elif mode == "abstract" and span.abstraction is not None:
            new = span.abstraction
        else:
            new = IDENTIFIERS[span.category].placeholder
        before = text[cursor : span.start]
        if new[:1].islower() and re.search(r"(?:^|[.!?]\s+)$", text[: span.start]):
            new = new[0].upper() + new[1:]
        if not new:  # a name dropped after the role it plays: "my sister Priya moved" -> "my sister moved"
            before = re.sub(r",? $", "", before)
        pieces += [before, new]
        cursor = span.end
    return "".join(pieces) + text[cursor:]


class Redacted(NamedTuple):
    """One text as `redactions` rewrote it, the language it was read as, and which recognisers searched it and
    whether they were built for that language (`schema.REDACTION_COLUMNS`)."""

    text: str
    language: str | None
    redaction: str


def redactions(
    texts: Sequence[str], *, mode: str = "placeholder", audience: str = "public", pseudonyms: Pseudonyms | None = None
) -> list[Redacted]:
    """Every text with the spans that are risky for `audience` rewritten (see `redact`), with its `language` and
    its `redaction` (`coverage`). Every recogniser searches every text, and a text in a language with a names
    model (`native_names`: French) is also searched by it; in another language than English they may miss names,
    places and sensitive topics, and `redaction` says so."""
    _check_mode(mode)
    namer = pseudonyms or Pseudonyms()
    languages = languages_of(texts)
    found = with_other_mentions(texts, find_identifiers(texts, audience=audience, limit=None, languages=languages))
    return [
        Redacted(redact_text(text, spans, mode=mode, pseudonyms=namer), language, coverage(language))
        for text, spans, language in zip(texts, found, languages, strict=True)
    ]


def languages_of(texts: Sequence[str]) -> list[str | None]:
    """Each text's language (`language.identify`; None for a blank text, which has none)."""
    readable = [i for i, text in enumerate(texts) if text.strip()]
    languages: list[str | None] = [None] * len(texts)
    for i, language in zip(readable, identify([texts[i] for i in readable]), strict=True):
        languages[i] = language
    return languages


def recognisers_built_for(language: str | None) -> bool:
    """Whether the recognizers were built for text in `language`: English, undetermined ("ok", a name), blank, or
    none (emoji, code). Elsewhere they still run, since searching more can only find more (spaCy's English model
    finds "María" and "Sevilla" in Spanish), but names, places and sensitive topics may be missed."""
    return language in (None, UNDETERMINED_LANGUAGE, NO_LANGUAGE, *SUPPORTED_LANGUAGES)


def coverage(language: str | None) -> str:
    """Which recognisers searched a text in `language`, as the `redaction` column says it: all of them in a
    language they were built for (`recognisers_built_for`); elsewhere also the language's names model where it has
    an installed one, and where its model is missing, which extra installs it."""
    if recognisers_built_for(language):
        return REDACTION_ALL
    package = names_model(language)
    if package is None:
        return REDACTION_UNSUPPORTED_LANGUAGE
    return REDACTION_OWN_NAMES_MODEL if installed(package) else REDACTION_NAMES_MODEL_MISSING


def redact(
    texts: Sequence[str], *, mode: str = "placeholder", audience: str = "public", salt: str | None = None
) -> list[str]:
    """Every text with the spans that are risky for `audience` rewritten.

    A text in a language other than English is searched by the same recognisers, which were built for English and
    may miss its names, places and sensitive topics (a French text's names, places and organisations are also
    searched by a French model, where the `multilingual` extra installed it); a `UserWarning` says how many such
    texts there were. `redactions` and `redact_frame` say which, one by one.

    Parameters
    ----------
    texts : sequence of str
        The utterances, read as one document: a name found in one is also replaced where another mentions it.
        The whole of every text is read (in windows, so the cost is linear in its length): a
        redaction that skipped the end of a long text would pass on what it holds.
    mode : str
        "placeholder" ([NAME]), "pseudonym" ([PERSON_4821], the same entity the same number across all `texts`) or
        "abstract" (a less specific wording: "Bristol" -> "England").
    audience : str
        Who will read them: "public", "community", "friends" or "professional".
    salt : str or None
        The secret key of `pseudonym` mode; None draws a random one for this call.
    """
    done = redactions(texts, mode=mode, audience=audience, pseudonyms=Pseudonyms(salt))
    unsupported = [r for r in done if r.redaction in REDACTION_TO_CHECK]
    if unsupported:
        languages = sorted({str(r.language) for r in unsupported})
        warnings.warn(
            message("partial_redaction", count=len(unsupported), total=len(done), languages=languages), stacklevel=2
        )
    return [r.text for r in done]


def redact_frame(
    frame: pd.DataFrame,
    *,
    text_column: str,
    source: str = "the table",
    mode: str = "placeholder",
    audience: str = "public",
    pseudonyms: Pseudonyms | None = None,
) -> pd.DataFrame:
    """A copy of `frame` whose `text_column` is redacted, with a `language` and a `redaction` column after the
    input's (renamed where the input uses those names): each row's language and which recognisers searched it
    (`coverage`). Cells that hold no text (or a lone surrogate, which is no text) are left as they are.

    Pass one `Pseudonyms` to every chunk of a file so an entity keeps its placeholder across the whole file.
    """
    require_columns(frame.columns, [text_column], source)
    _check_mode(mode)
    out = frame.copy()
    cells = out[text_column].tolist()
    rows = [i for i, cell in enumerate(cells) if isinstance(cell, str) and not holds_surrogate(cell)]
    languages: list[str | None] = [None] * len(cells)
    coverage = [REDACTION_NOT_TEXT] * len(cells)
    done = redactions([cells[i] for i in rows], mode=mode, audience=audience, pseudonyms=pseudonyms)
    for i, redacted in zip(rows, done, strict=True):
        cells[i], languages[i], coverage[i] = redacted
    out[text_column] = pd.Series(cells, index=out.index, dtype=object)
    names = collision_free(out.columns, REDACTION_COLUMN_NAMES)
    added = pd.DataFrame({"language": languages, "redaction": coverage}, index=out.index, dtype=object)
    return pd.concat([out, added.rename(columns=names)], axis=1)


def check_options(*, mode: str, audience: str) -> None:
    """Raise `InputError`, listing the choices, unless `mode` and `audience` are known."""
    _check_mode(mode)
    check_audience(audience)


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise InputError(message("unknown_redaction_mode", mode=mode, options=list(MODES)))
