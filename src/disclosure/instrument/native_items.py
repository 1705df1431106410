"""The native-language validation set: tweets written in six languages, coded blind, checked against people's ratings.

`data/native/items.csv` lists the items (id, source, language, split) and `data/native/adjudicated.csv` their codes.
The tweets come from MINT, the Multilingual INTimacy analysis dataset of SemEval 2023 Task 9 (Pei et al. 2023), whose
release states no licence for copying, so only ids are stored (`mint:` and the first twelve hex digits of the SHA-1
of the text). Their text, and the intimacy people rated them with, are read from the user's own copy of MINT's
`train.csv`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .coded_corpus import read_codes

MINT_LANGUAGES = {
    "English": "en",
    "Spanish": "es",
    "French": "fr",
    "Portuguese": "pt",
    "Italian": "it",
    "Chinese": "zh",
}
"""MINT's language names and their ISO 639-1 codes (the languages its training file rates)."""


def mint_id(text: str) -> str:
    """A tweet's item id: `mint:` and the first twelve hex digits of the SHA-1 of its text (UTF-8)."""
    return "mint:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def read_mint(path: str | Path) -> pd.DataFrame:
    """MINT's training file as a table indexed by item id: `text`, `language` (ISO 639-1) and `intimacy` (the
    crowd's mean rating, 1 to 5). Tweets of other languages and repeated texts are left out."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"No MINT file at {path}: give the path of MINT's train.csv (columns text, label, language).")
    table = pd.read_csv(path, dtype={"text": str, "language": str}, keep_default_na=False)
    missing = {"text", "label", "language"} - set(table.columns)
    if missing:
        raise InputError(
            f"{path} is not MINT's train.csv: it lacks the column(s) {', '.join(sorted(missing))} "
            "(expected text, label, language)."
        )
    table = table[table["language"].isin(MINT_LANGUAGES)].drop_duplicates("text", keep=False)
    return pd.DataFrame(
        {
            "text": table["text"].to_numpy(),
            "language": table["language"].map(MINT_LANGUAGES).to_numpy(),
            "intimacy": pd.to_numeric(table["label"], errors="raise").to_numpy(),
        },
        index=pd.Index(table["text"].map(mint_id), name="item"),
    )


def native_items(items: str | Path, codes: str | Path, mint: str | Path) -> pd.DataFrame:
    """The stored items with their text and people's intimacy rating from `mint`, and their adjudicated codes."""
    stored = pd.read_csv(items, dtype=str, keep_default_na=False).set_index("item")
    texts = read_mint(mint)
    absent = stored.index.difference(texts.index)
    if len(absent):
        raise InputError(
            f"{len(absent)} of the {len(stored)} native items are not in {mint} (e.g. {absent[0]}): "
            "is it MINT's train.csv as released for SemEval 2023 Task 9?"
        )
    coded = read_codes(codes)
    return stored.join(texts[["text", "intimacy"]]).join(coded, how="inner")
