"""Redaction of persons, places and organisations on the recipe's held-out part of WNUT-17 train, with the
informal-text recognizer fitted without that part: where its threshold and the lower-case confidence are chosen.

    OMP_NUM_THREADS=1 python training/held_out_redaction.py --thresholds 0.1 0.075 --floors 0.25 0.15

Fits the recipe of `training/informal_entities.py` (C 0.1) on WNUT-17 train less its held-out sixth, plus
informal_train.txt, writes the weights to a temporary file, and runs the whole redaction (spaCy, Presidio, the
patterns, the recognizer) on the held-out sixth's tweets at each threshold and lower-case confidence, scored as
`benchmarks/informal_privacy_benchmark.py` scores (removed, precision). WNUT-17 dev and informal_test.txt are never
read.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import zlib
from pathlib import Path

import informal_entities as recipe  # this folder: scripts run from it find each other

from disclosure.measure import informal_entities, recognizers
from disclosure.measure.informal_entities import WordVectors, name_lists

sys.path.insert(0, str(recipe.REPO / "benchmarks"))
from informal_privacy_benchmark import WNUT_KINDS, score


def held_out_tweets(path: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(text, [(start, end, kind)]) of the tweets `recipe.read_wnut` holds out."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["split"] == "train" and zlib.crc32(row["id"].encode()) % 6 == 0:
            marked = [s for s in row["spans"] if s["wnut_type"] in WNUT_KINDS]
            items.append((row["text"], [(s["start"], s["end"], WNUT_KINDS[s["wnut_type"]]) for s in marked]))
    return items


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--thresholds", type=float, nargs="+", default=[0.1])
    parser.add_argument("--floors", type=float, nargs="+", default=[0.25], help="the lower-case confidence")
    args = parser.parse_args()
    train, held = recipe.read_wnut(recipe.WNUT)
    train += recipe.read_own(recipe.OWN / "informal_train.txt")
    held += recipe.read_own(recipe.OWN / "informal_dev.txt")  # only for the vocabulary, as in the recipe
    vocabulary = sorted({w.lower() for words, _ in [*train, *held] for w in words})
    vectors = WordVectors(*recipe.embedding_projection(vocabulary))
    x, y = recipe.design(recipe.with_lower_case(train), vectors, name_lists())
    weights = Path(tempfile.mkdtemp()) / "weights.npz"
    recipe.save(recipe.fit(x, y, 0.1), vectors, 0.1, weights)
    # The shipped recognizer is loaded once per process from WEIGHTS_FILE: point it at the held-out fit first.
    informal_entities.WEIGHTS_FILE = weights
    items = held_out_tweets(recipe.WNUT)
    for threshold, floor in itertools.product(args.thresholds, args.floors):
        informal_entities.informal_entities().threshold = threshold
        recognizers._LOWER_CASE_CONFIDENCE = floor
        counts = score(items)
        row = [f"{kind} removed {c[1] / c[0]:.3f} precision {c[3] / max(c[2], 1):.3f}" for kind, c in counts.items()]
        print(f"threshold {threshold} lower-case {floor} ({len(items)} tweets): " + "  ".join(row), flush=True)


if __name__ == "__main__":
    main()
