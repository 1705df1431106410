"""The human-rated public sets in ../shared/data, read as supervision for the theory heads and as checks of them.

Each set is cut once, by a hash of each item's text, into a *training* part and a *held-out* part (30%): by text, not
id, so a text that a set holds twice (GoEmotions does) falls on one side only. The held-out
part is never used to fit or choose anything: `benchmarks/human_ratings.py` reports on it, and the training recipe
(`training/theory_heads.py`) reads only the training part. The sets' own withheld test splits are not in ../shared
and are measured independently.

* Question intimacy (Pei & Jurgens 2020, MIT): crowd intimacy in [-1, 1] of 2,172 questions -> depth ranking.
* SAD stressors (Mauriello et al. 2021, MIT): the majority category of 4,775 stressor sentences -> breadth areas.
* GoEmotions (Demszky et al. 2020, Apache-2.0): positive / negative emotion groups of Reddit comments -> valence.

This module is a recipe's helper, not library code: the package never reads ../shared.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
HELD_OUT_SHARE = 30
"""Percent of each set (by a hash of the item id) kept out of all training and choice."""

SAD_AREAS: dict[str, tuple[str, ...]] = {
    "Work": ("work_study",),
    "School": ("work_study",),
    "Financial Problem": ("money",),
    "Health, Fatigue, or Physical Pain": ("physical_health",),
    "Family Issues": ("relationships",),
    "Social Relationships": ("relationships",),
    "Emotional Turmoil": ("feelings", "mental_health"),
    "Everyday Decision Making": ("goals", "thoughts"),
}
"""SAD's categories as the codebook's areas; a stressor counts as 'listed' when any of its areas is in `categories`.
SAD's 'Other' has no area and is left out."""

VALENCE_TARGET = {"positive": 0.6, "negative": -0.6}
"""GoEmotions' positive and negative groups as valence targets (the codebook's 'clearly positive/negative' grade)."""


def held_out(texts: pd.Series, *, salt: str) -> pd.Series:
    """True for the items of the held-out part: a fixed 30% chosen by a salted SHA-1 of the text (stripped, lower
    case), so the split depends on no model and no label."""
    return texts.astype(str).map(
        lambda t: int(hashlib.sha1(f"{salt}:{t.strip().lower()}".encode()).hexdigest()[:8], 16) % 100 < HELD_OUT_SHARE
    )


def question_intimacy(root: Path = SHARED) -> pd.DataFrame:
    """Columns id, text, intimacy (crowd mean in [-1, 1]), held_out."""
    table = pd.read_csv(root / "question-intimacy" / "questions_intimacy.csv")
    table = table[["id", "text", "intimacy"]].dropna()
    return table.assign(held_out=held_out(table["text"], salt="question-intimacy")).reset_index(drop=True)


def sad_stressors(root: Path = SHARED) -> pd.DataFrame:
    """Stressor sentences with a mapped majority category: columns id, text, category, areas (tuple), held_out."""
    table = pd.read_csv(root / "sad-stressors" / "sad_train.csv")
    table = table[(table["is_stressor"] == 1) & table["top_label"].isin(list(SAD_AREAS))]
    table = table.rename(columns={"sID": "id", "sentence": "text", "top_label": "category"})[["id", "text", "category"]]
    table = table.dropna().assign(areas=lambda t: t["category"].map(SAD_AREAS))
    return table.assign(held_out=held_out(table["text"], salt="sad")).reset_index(drop=True)


def goemotions_valence(root: Path = SHARED) -> pd.DataFrame:
    """Comments in GoEmotions' positive or negative group: columns id, text, valence, first_person, held_out."""
    table = pd.read_csv(root / "goemotions" / "goemotions_valence.csv")
    table = table[table["valence"].isin(list(VALENCE_TARGET))]
    table = table.rename(columns={"first_person_singular": "first_person"})[["id", "text", "valence", "first_person"]]
    return table.assign(held_out=held_out(table["text"], salt="goemotions")).reset_index(drop=True)


def available(root: Path = SHARED) -> bool:
    """Whether the three sets are present (they are not on every machine)."""
    return all(
        (root / path).is_file()
        for path in (
            "question-intimacy/questions_intimacy.csv",
            "sad-stressors/sad_train.csv",
            "goemotions/goemotions_valence.csv",
        )
    )
