"""Fit `PRIVACY_AREA_WEIGHTS`: per audience, how often a coded mention of each sensitive area is a deep disclosure.

    python coding/privacy_weights.py

On the coded corpus's train split only (the gold split is never read for fitting): for each audience and each
breadth area it counts as sensitive, the weight is the share of items coded with that area whose depth is
intermediate or core (>= 2) - the maximum-likelihood weight of a noisy-OR model of "a deep disclosure in an area
this audience should not hear about" given one area. Areas the audience does not count weigh 0. Prints the dict
to paste into codebook.py (tests/measure/test_privacy.py checks the two agree).
"""

from __future__ import annotations

from pathlib import Path

from disclosure.constants import CATEGORIES
from disclosure.instrument.coded_corpus import GOLD, coded_corpus
from disclosure.measure.codebook import AUDIENCES

DATA = Path(__file__).resolve().parents[1] / "data" / "coded"


def fitted_weights() -> dict[str, dict[str, float]]:
    corpus = coded_corpus(DATA / "items.csv", DATA / "adjudicated.csv")
    train = corpus[corpus["split"] != GOLD]
    deep = train["depth"] >= 2
    weights = {}
    for name, audience in AUDIENCES.items():
        weights[name] = {}
        for area in CATEGORIES:
            if area not in audience.sensitive_areas:
                continue
            coded = train["categories"].map(lambda areas, a=area: a in areas)
            weights[name][area] = round(float(deep[coded].mean()), 2) if coded.any() else 0.0
    return weights


if __name__ == "__main__":
    print(fitted_weights())
