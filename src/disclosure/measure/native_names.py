"""Names models: the spaCy pipelines built for a language other than English that find its persons, places and
organisations, and whether each is installed.

Only pipelines that install from PyPI as wheels, for the spaCy this package uses, under a licence that lets anyone
use them (commercially too), are listed; docs/privacy.md says which languages have none and why. The recognizers
run them (`recognizers.detect`); `redaction` says which rows they searched.
"""

from __future__ import annotations

import importlib.util
from functools import cache

NAMES_MODELS: dict[str, str] = {
    "fr": "fr_core_news_sm",  # Explosion's 3.8.0 wheel, LGPL-LR, trained on WikiNER
}
"""The package of each language's names model (by `language.identify`'s code); each comes with the `multilingual`
extra (`schema.REDACTION_NAMES_MODEL_MISSING` says so). Spanish, Portuguese, German, Italian and Chinese have none:
no wheel for spaCy 3.8 on PyPI (Spanish's, for spaCy 3.1, cannot install beside it), and Italian's pipeline is
licensed for non-commercial use only."""

NATIVE_CATEGORIES = {"PER": "PERSON", "PERSON": "PERSON", "LOC": "LOCATION", "GPE": "LOCATION", "ORG": "ORGANIZATION"}
"""A names model's labels, as the English pipeline's categories (WikiNER's PER/LOC/ORG, OntoNotes' PERSON/GPE/ORG).
MISC (nationalities, events, titles of works) names nobody and no place, and is left out."""


def names_model(language: str | None) -> str | None:
    """The package of the names model built for `language`, or None where there is none."""
    return NAMES_MODELS.get(language or "")


@cache
def installed(package: str) -> bool:
    """Whether a names model's `package` can be imported here (found without importing it, so nothing loads;
    looked up once per process, not once per text)."""
    return importlib.util.find_spec(package) is not None
