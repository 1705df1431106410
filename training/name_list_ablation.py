"""What the name lists add to the informal-text recognizer, measured on the recipe's held-out part of WNUT-17 train.

    OMP_NUM_THREADS=1 python training/name_list_ablation.py [--c 0.1]            # with the lists
    OMP_NUM_THREADS=1 python training/name_list_ablation.py --without-lists      # without them

Fits the recipe of `training/informal_entities.py` on its training part only (WNUT-17 train less the held-out
sixth, plus informal_train.txt) and prints, per threshold, each kind's word recall and the word precision of all
kinds on the held-out sixth plus informal_dev.txt (each sentence also in lower case, as in the recipe). WNUT-17 dev
and informal_test.txt are never read.
"""

from __future__ import annotations

import argparse

import informal_entities as recipe  # this folder: scripts run from it find each other
import numpy as np

from disclosure.measure.informal_entities import LABELS, NameLists, WordVectors, name_lists

THRESHOLDS = (0.05, 0.075, 0.1, 0.15, 0.25)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--c", type=float, default=0.1)
    parser.add_argument("--without-lists", action="store_true", help="the same recipe with empty name lists")
    args = parser.parse_args()
    names = NameLists(frozenset(), frozenset()) if args.without_lists else name_lists()
    train, held = recipe.read_wnut(recipe.WNUT)
    train += recipe.read_own(recipe.OWN / "informal_train.txt")
    held += recipe.read_own(recipe.OWN / "informal_dev.txt")
    vocabulary = sorted({w.lower() for words, _ in [*train, *held] for w in words})
    vectors = WordVectors(*recipe.embedding_projection(vocabulary))
    x_train, y_train = recipe.design(recipe.with_lower_case(train), vectors, names)
    x_held, y_held = recipe.design(recipe.with_lower_case(held), vectors, names)
    model = recipe.fit(x_train, y_train, args.c)
    entity = 1.0 - model.predict_proba(x_held)[:, list(model.classes_).index(0)]
    for threshold in THRESHOLDS:
        predicted = entity >= threshold
        row = [f"threshold {threshold}"]
        for kind in ("PERSON", "LOCATION", "ORGANIZATION"):
            gold = np.isin(y_held, [LABELS.index(f"B-{kind}"), LABELS.index(f"I-{kind}")])
            row.append(f"{kind.lower()} recall {(predicted & gold).sum() / gold.sum():.3f}")
        correct = (predicted & (y_held != 0)).sum()
        row.append(f"precision {correct / max(predicted.sum(), 1):.3f}")
        print("  ".join(row))


if __name__ == "__main__":
    main()
