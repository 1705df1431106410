"""Privacy: the identifying and sensitive spans of utterances, explained for an audience, and the risk they carry.

`privacy_spans` is what a person about to post sees: each span with its category, a confidence, a plain reason
written for the audience they have in mind, and the less specific wording `abstract` mode would use. The
recognizers are in `recognizers`; the audiences and weights in `codebook`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import regex

from ..errors import InputError, message
from ..schema import PRIVACY_SCAN_LIMIT
from .abstraction import abstraction
from .codebook import AUDIENCES, IDENTIFIERS, PRIVACY_AREA_WEIGHTS, SPECIAL_CATEGORIES
from .recognizers import detect

_CRISIS_SUPPORT = (
    " If you are having these thoughts, please talk to someone you trust or a crisis line (in the UK and Ireland, "
    "Samaritans on 116 123; in the US, 988)."
)


@dataclass(frozen=True)
class PrivacySpan:
    """One identifying or sensitive span of a text.

    Attributes
    ----------
    start, end : int
        Character offsets: the span is `text[start:end]` of the text it was found in.
    text : str
        The words themselves.
    category : str
        What it is: PERSON, LOCATION, DATE_OF_BIRTH, EMAIL_ADDRESS, HEALTH_CONDITION, ... (see docs/privacy.md).
    confidence : float
        How likely the span is what `category` says, in [0, 1].
    reason : str
        Why it is risky for the chosen audience, in plain words.
    abstraction : str or None
        What `redact(mode="abstract")` writes in its place; None where only a placeholder will do.
    """

    start: int
    end: int
    text: str
    category: str
    confidence: float
    reason: str
    abstraction: str | None


def check_audience(audience: str) -> None:
    """Raise `InputError` listing the audiences unless `audience` is one of them."""
    if audience not in AUDIENCES:
        raise InputError(message("unknown_audience", audience=audience, options=list(AUDIENCES)))


def reason(category: str, audience: str) -> str:
    """Why a span of `category` is risky when `audience` reads it."""
    who = AUDIENCES[audience]
    sensitive = category in SPECIAL_CATEGORIES or category == "MONEY"
    text = f"{IDENTIFIERS[category].reason}: {who.sensitive if sensitive else who.identifying}."
    return text + _CRISIS_SUPPORT if category == "MENTAL_HEALTH_CRISIS" else text


def find_identifiers(
    texts: Sequence[str],
    *,
    audience: str = "public",
    min_confidence: float = 0.0,
    limit: int | None = PRIVACY_SCAN_LIMIT,
    languages: Sequence[str | None] | None = None,
) -> list[list[PrivacySpan]]:
    """The spans of each text that are risky for `audience`, in reading order, without overlaps.

    Only the first `limit` characters of each text are read (None: all of it); the cost is linear in what is
    read. Categories that do not matter to `audience` (a diagnosis told to a therapist) and spans less confident
    than `min_confidence` are left out. `languages`, one per text, adds the names model of a text's language where
    one is installed (`recognizers.detect`).
    """
    check_audience(audience)
    if not 0.0 <= min_confidence <= 1.0:
        raise InputError(message("bad_min_confidence", value=min_confidence))
    scale = AUDIENCES[audience].scale
    found = []
    for text, detections in zip(texts, detect(texts, limit=limit, languages=languages), strict=False):
        found.append(
            [
                PrivacySpan(
                    d.start,
                    d.end,
                    text[d.start : d.end],
                    d.category,
                    d.confidence,
                    reason(d.category, audience),
                    abstraction(text, d.start, d.end, d.category),
                )
                for d in detections
                if d.confidence >= min_confidence and scale.get(d.category, 1.0) > 0
            ]
        )
    return found


_NAMED = ("PERSON", "LOCATION", "EMPLOYER", "ORGANIZATION")


def with_other_mentions(texts: Sequence[str], found: Sequence[Sequence[PrivacySpan]]) -> list[list[PrivacySpan]]:
    """`found` plus every other whole-word mention, in any of `texts`, of a name, place or organisation found
    somewhere among them ("Priya called" is caught once "my sister Priya" was): a document is redacted as a whole.
    """
    named: dict[str, PrivacySpan] = {}
    for spans in found:
        for span in spans:
            if span.category in _NAMED and len(span.text) >= 3:
                named.setdefault(span.text, span)
    if not named:
        return [list(spans) for spans in found]
    pattern = regex.compile(
        r"(?<!\w)(?:" + "|".join(map(regex.escape, sorted(named, key=len, reverse=True))) + r")(?!\w)"
    )
    out = []
    for text, spans in zip(texts, found, strict=False):
        taken = [(s.start, s.end) for s in spans]
        extra = [
            PrivacySpan(
                m.start(),
                m.end(),
                m.group(),
                first.category,
                round(first.confidence * 0.9, 2),
                first.reason,
                abstraction(text, m.start(), m.end(), first.category),
            )
            for m in pattern.finditer(text)
            if not any(a < m.end() and m.start() < b for a, b in taken)
            for first in (named[m.group()],)
        ]
        out.append(sorted([*spans, *extra], key=lambda s: s.start))
    return out


def privacy_spans(text: str, *, audience: str = "public", min_confidence: float = 0.0) -> list[PrivacySpan]:
    """The identifying and sensitive spans of one text (all of it), explained for `audience`.

    Parameters
    ----------
    text : str
        The text someone is about to share.
    audience : str
        Who will read it: "public", "community", "friends" or "professional".
    min_confidence : float
        Leave out spans less confident than this (0 to 1).
    """
    if not isinstance(text, str):
        raise InputError(message("not_text_input", got=type(text).__name__))
    return find_identifiers([text], audience=audience, min_confidence=min_confidence, limit=None)[0]


def privacy_risk(
    findings: Sequence[Sequence[PrivacySpan]], categories: pd.DataFrame | Mapping[str, Any], *, audience: str = "public"
) -> pd.DataFrame:
    """`privacy_risk` and `risk_reasons` per utterance from its spans and its `category_<area>` probabilities.

    Each distinct category of span and each sensitive area is an independent risk: risk = 1 - prod(1 - w), a
    span's weight scaled for `audience`, an area's fitted for `audience` (`PRIVACY_AREA_WEIGHTS`) and multiplied
    by the area's probability, so identifiers and sensitive topics compound. With a `categories` column (the
    areas the utterance is coded with), an area is named as a topic exactly when it is listed there, so the two
    columns agree; without it, when its probability is 0.5 or more. `categories` is a table, or its columns by
    name.
    """
    check_audience(audience)
    scale, areas = AUDIENCES[audience].scale, PRIVACY_AREA_WEIGHTS[audience]
    order = list(IDENTIFIERS)
    coded = list(categories["categories"]) if "categories" in categories else None
    probabilities = {area: np.asarray(categories[f"category_{area}"], dtype=float) for area in areas}
    risks, reasons = [], []
    for i, spans in enumerate(findings):
        kinds = sorted({f.category for f in spans}, key=order.index)
        survive = float(np.prod([1.0 - IDENTIFIERS[k].weight * scale.get(k, 1.0) for k in kinds]))
        named = [IDENTIFIERS[k].reason for k in kinds]
        probability = {area: float(probabilities[area][i]) for area in areas}
        shares = {area: weight * probability[area] for area, weight in areas.items()}
        for share in shares.values():
            survive *= 1.0 - share
        risk = round(1.0 - survive, 4)
        listed = coded[i] if coded is not None else None
        likely = {
            area
            for area, weight in areas.items()
            if weight > 0 and (area in listed if isinstance(listed, list) else probability[area] >= 0.5)
        }
        named += _area_reasons(shares, likely, unexplained=not named and risk >= RISK_NEEDS_REASON)
        risks.append(risk)
        reasons.append(named)
    return pd.DataFrame({"privacy_risk": risks, "risk_reasons": reasons})


RISK_NEEDS_REASON = 0.2
"""A `privacy_risk` at least this high always names a reason: several areas each somewhat likely can add up to it
with no single one likely, and a number with no reason cannot be acted on."""
AREA_NAMED = 0.1
"""An area that alone adds at least this much risk (weight x probability) is named, as a possible topic when it is
less likely than not."""


def _area_reasons(shares: dict[str, float], likely: set[str], *, unexplained: bool) -> list[str]:
    """The sensitive areas behind a risk: 'X topic' where the area is `likely`, 'possibly X topic' where it is not
    but adds `AREA_NAMED` or more; when a risk of `RISK_NEEDS_REASON` or more would still go unexplained, the area
    that adds most."""
    named = []
    for area, share in shares.items():
        name = area.replace("_", " ")
        if area in likely:
            named.append(f"{name} topic")
        elif share >= AREA_NAMED:
            named.append(f"possibly {name} topic")
    if not named and unexplained and shares:
        area = max(shares, key=lambda a: shares[a])
        named.append(f"possibly {area.replace('_', ' ')} topic")
    return named
