"""Redaction: rewrite utterances with every identifying or special-category span replaced.

Three modes: `placeholder` (a typed placeholder such as "[LOCATION]"), `pseudonym` (the same element gets the same
placeholder throughout, e.g. "[NAME_3fa94c]", keyed by a secret salt so it cannot be reversed) and `abstract` (a less
specific wording that keeps the meaning, "Leeds" -> "a city", else the placeholder).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence

import pandas as pd

from ..errors import InputError, message
from ..io import require_columns
from .codebook import IDENTIFIERS
from .privacy import AUDIENCES, Finding, PrivacySpan, find_identifiers, privacy_spans

MODES: tuple[str, ...] = ("placeholder", "pseudonym", "abstract")


def redact_text(text: str, findings: Sequence[Finding]) -> str:
    """`text` with each finding replaced by its placeholder ("[LOCATION]", "[HEALTH CONDITION]", ...)."""
    return _rewrite(text, [(f.start, f.end, IDENTIFIERS[f.entity].placeholder) for f in findings])


def _rewrite(text: str, replacements: Sequence[tuple[int, int, str]]) -> str:
    pieces, cursor = [], 0
    for start, end, new in sorted(replacements):
        pieces += [text[cursor:start], new]
        cursor = end
    return "".join(pieces) + text[cursor:]


def redact(
    texts: Sequence[str], *, mode: str = "placeholder", audience: str = "public", salt: str | bytes | None = None
) -> list[str]:
    """Every text with the spans that are risky for `audience` rewritten as `mode` says (see the module docstring).

    `salt` keys the pseudonyms: the same salt gives the same pseudonyms across calls; without one a random salt is
    drawn, so pseudonyms agree within this call only. The whole of every text is read (in windows, so the cost is
    linear in its length): a redaction that skipped the end of a long text would pass on what it holds.
    """
    if mode not in MODES:
        raise InputError(message("unknown_redaction_mode", mode=mode, options=MODES))
    if audience not in AUDIENCES:
        raise InputError(message("unknown_audience", audience=audience, options=AUDIENCES))
    if mode == "placeholder" and audience == "public":
        return [redact_text(text, found) for text, found in zip(texts, find_identifiers(texts, limit=None))]
    key = salt.encode() if isinstance(salt, str) else salt if salt is not None else secrets.token_bytes(16)
    return [
        _rewrite(text, [(s.start, s.end, _replacement(s, mode, key)) for s in privacy_spans(text, audience=audience)])
        for text in texts
    ]


def _replacement(span: PrivacySpan, mode: str, key: bytes) -> str:
    placeholder = IDENTIFIERS[span.category].placeholder
    if mode == "abstract":
        return span.abstraction or placeholder
    if mode == "pseudonym":
        element = f"{span.category}\x00{span.text.casefold()}".encode()
        return f"{placeholder[:-1].replace(' ', '_')}_{hmac.new(key, element, hashlib.sha256).hexdigest()[:6]}]"
    return placeholder


def redact_frame(frame: pd.DataFrame, *, text_column: str, source: str = "the table") -> pd.DataFrame:
    """A copy of `frame` whose `text_column` is redacted; cells that hold no text are left as they are."""
    require_columns(frame.columns, [text_column], source)
    out = frame.copy()
    cells = out[text_column].tolist()
    rows = [i for i, cell in enumerate(cells) if isinstance(cell, str)]
    for i, clean in zip(rows, redact([cells[i] for i in rows])):
        cells[i] = clean
    out[text_column] = cells
    return out
