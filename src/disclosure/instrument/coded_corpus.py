"""The coded corpus: item ids, their texts and the adjudicated codes the theory heads are trained and tested on.

`data/coded/items.csv` lists every item (id, source, split, speaker role) with its text, and the previous turn the
coders saw, where the licence lets us store it (CL-Aff, GoEmotions, SAD and WNUT-17 texts; the project's own written
items and chat). AnnoMI turns are stored as ids only (`annomi:<transcript>:<utterance>`); their text and previous
turn are read from the user's copy of AnnoMI at training time.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..constants import CATEGORIES, IMMEDIACY, LAYERS, MOTIVES, NO_MOTIVE, NO_SYSTEM, SYSTEMS
from ..errors import InputError

GOLD = "gold"
"""The split no training or selection may touch."""

CODE_COLUMNS = ("depth", "categories", "valence", "motive", "system", "immediacy", "support")
SUPPORT = ("none", "emotional", "informational", "both")
VALENCES = (-1.0, -0.5, 0.0, 0.5, 1.0)


def parse_categories(cell: object) -> list[str]:
    """A coded area list ('feelings;relationships', '-' or empty for none) as a list in `CATEGORIES` order."""
    areas = {a.strip() for a in str(cell).split(";")} - {"", "-", "nan"}
    unknown = areas - set(CATEGORIES)
    if unknown:
        raise InputError(f"Unknown area(s) {sorted(unknown)} in the codes; areas are: {', '.join(CATEGORIES)}.")
    return [a for a in CATEGORIES if a in areas]


def read_codes(path: str | Path) -> pd.DataFrame:
    """One coder's (or the adjudicated) codes: a tab- or comma-separated file with `item` and `CODE_COLUMNS`.

    Codes are checked against the codebook's vocabulary; a depth of 0 forces the disclosure-only codes to
    their 'none' values, as the codebook says.
    """
    path = Path(path)
    codes = pd.read_csv(path, sep=None, engine="python", dtype=str, keep_default_na=False)
    missing = [c for c in ("item", *CODE_COLUMNS) if c not in codes.columns]
    if missing:
        raise InputError(f"{path} lacks the column(s) {', '.join(missing)}.")
    codes = codes.drop_duplicates("item", keep="first").set_index("item")
    depth = pd.to_numeric(codes["depth"], errors="raise").astype(float)
    valence = pd.to_numeric(codes["valence"], errors="raise").astype(float)
    checks = {
        "depth": depth.between(0, len(LAYERS) - 1),
        "valence": valence.between(-1, 1),
        "motive": codes["motive"].isin((*MOTIVES, NO_MOTIVE)),
        "system": codes["system"].isin((*SYSTEMS, NO_SYSTEM)),
        "immediacy": codes["immediacy"].isin(IMMEDIACY),
        "support": codes["support"].isin(SUPPORT),
    }
    for column, ok in checks.items():
        if not ok.all():
            bad = codes.index[~ok][:3].tolist()
            raise InputError(f"{path}: invalid {column} code for item(s) {', '.join(bad)}.")
    none = depth == 0
    return pd.DataFrame(
        {
            "depth": depth,
            "categories": [[] if n else parse_categories(c) for c, n in zip(codes["categories"], none, strict=True)],
            "valence": valence.where(~none, 0.0),
            "motive": codes["motive"].where(~none, NO_MOTIVE),
            "system": codes["system"],
            "immediacy": codes["immediacy"].where(~none, IMMEDIACY[-1]),
            "support": codes["support"],
        },
        index=codes.index,
    )


def read_items(items: str | Path, annomi: str | Path | None = None) -> pd.DataFrame:
    """The corpus's items with their texts and previous turns (`previous`, '' where the coders saw none; AnnoMI texts
    read from `annomi`, AnnoMI-simple.csv, when given).

    Without `annomi`, AnnoMI items are left out.
    """
    table = pd.read_csv(items, dtype=str, keep_default_na=False).set_index("item")
    if "previous" not in table.columns:
        table["previous"] = ""
    from_annomi = table["source"].str.startswith("annomi")
    if annomi is None:
        return table[~from_annomi]
    turns = pd.read_csv(annomi, dtype=str, keep_default_na=False)
    turns = turns.assign(order=pd.to_numeric(turns["utterance_id"])).sort_values(["transcript_id", "order"])
    keys = "annomi:" + turns["transcript_id"] + ":" + turns["utterance_id"]
    said = turns["utterance_text"].str.replace(r"\s+", " ", regex=True).str.strip()
    text = pd.Series(said.to_numpy(), index=keys)
    before = pd.Series(said.groupby(turns["transcript_id"]).shift(1).fillna("").to_numpy(), index=keys)
    ids = table.index[from_annomi]
    absent = ids.difference(text.index)
    if len(absent):
        raise InputError(f"{annomi} does not hold AnnoMI items {', '.join(absent[:3])}: is it AnnoMI-simple.csv?")
    table.loc[ids, "text"] = text.loc[ids].to_numpy()
    table.loc[ids, "previous"] = before.loc[ids].to_numpy()
    return table


def annomi_share(items: str | Path) -> tuple[int, int]:
    """How many of the corpus's items take their text from AnnoMI (left out without AnnoMI-simple.csv), of all."""
    sources = pd.read_csv(items, dtype=str, keep_default_na=False, usecols=["source"])["source"]
    return int(sources.str.startswith("annomi").sum()), len(sources)


def coded_corpus(items: str | Path, codes: str | Path, annomi: str | Path | None = None) -> pd.DataFrame:
    """Items joined with their codes: index item id; columns source, split, role, text and `CODE_COLUMNS`."""
    table = read_items(items, annomi)
    coded = read_codes(codes)
    return table.join(coded, how="inner")
