"""Rebuild the shipped theory heads: the coded training split plus the training parts of three human-rated sets.

    python training/theory_heads.py --models default,balanced,fast,multilingual \
        --annomi ../shared/data/annomi/AnnoMI-simple.csv

Writes `theory_heads.{json,safetensors}` into each shipped model's directory (deterministic: the same inputs give the
same bytes). The rated examples (training/rated_sets.py; never the held-out 30% that benchmarks/human_ratings.py
reports on):

* GoEmotions comments in the positive or negative group -> valence +0.6 / -0.6;
* SAD stressors -> their category's area present (1), the other life-domain areas absent (0);
* question intimacy -> topic intimacy (crowd score rescaled to [0, 1]).

Texts that are gold items of the coded corpus (wave 2 drew some from GoEmotions and SAD) are left out.

`--rated-csv PATH` also writes the table, for `disclosure train-theory --rated PATH`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd
import rated_sets

from disclosure.instrument.theory_training import train_theory

REPO = Path(__file__).resolve().parents[1]
LIFE_DOMAINS = ("work_study", "money", "physical_health", "relationships")
"""Areas that SAD's categories separate cleanly: a stressor in one is coded absent from the others."""


def rated_table(root: Path = rated_sets.SHARED) -> pd.DataFrame:
    """The training parts of the three sets as rated examples (columns text, kind, target, area)."""
    comments = rated_sets.goemotions_valence(root).query("~held_out")
    valence = pd.DataFrame(
        {"text": comments["text"], "kind": "valence", "target": comments["valence"].map(rated_sets.VALENCE_TARGET)}
    )
    stressors = rated_sets.sad_stressors(root).query("~held_out")
    areas = []
    for text, own in zip(stressors["text"], stressors["areas"], strict=True):
        primary = own[0]
        areas.append({"text": text, "kind": "area", "target": 1.0, "area": primary})
        areas += [{"text": text, "kind": "area", "target": 0.0, "area": a} for a in LIFE_DOMAINS if a not in own]
    questions = rated_sets.question_intimacy(root).query("~held_out")
    intimacy = pd.DataFrame(
        {"text": questions["text"], "kind": "intimacy", "target": (questions["intimacy"].clip(-1, 1) + 1) / 2}
    )
    table = pd.concat([valence, pd.DataFrame(areas), intimacy], ignore_index=True)
    table = table[~table["text"].map(normalised).isin(coded_gold_texts())]
    return table.assign(area=table["area"].fillna(""))[["text", "kind", "target", "area"]]


def normalised(text: object) -> str:
    return " ".join(str(text).split()).lower()


def coded_gold_texts() -> set[str]:
    """The texts of the coded corpus's gold items: some come from these sets (GoEmotions, SAD), and gold items
    must not enter training by any door."""
    items = pd.read_csv(REPO / "data" / "coded" / "items.csv", dtype=str, keep_default_na=False)
    return set(items.loc[items["split"] == "gold", "text"].map(normalised))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="default,balanced,fast,multilingual", help="multilingual needs its extra")
    parser.add_argument("--annomi", type=Path, required=True, help="AnnoMI-simple.csv (the AnnoMI items' texts)")
    parser.add_argument("--rated-csv", type=Path, help="also write the rated examples here")
    args = parser.parse_args()
    table = rated_table()
    if args.rated_csv:
        table.to_csv(args.rated_csv, index=False)
    print(table["kind"].value_counts().to_string())
    coded = REPO / "data" / "coded"
    for model in args.models.split(","):
        written = train_theory(
            model, items=coded / "items.csv", codes=coded / "adjudicated.csv", annomi=args.annomi, rated=table
        )
        print(f"{model}: heads written to {written}")


if __name__ == "__main__":
    main()
