"""Draw native-language items for the multilingual validation set (issue #26) and deal them into blind batches.

    python coding/sample_native.py --mint MINT/train.csv --out SESSIONS

The items are tweets written in their own language, from the training file of MINT, the Multilingual INTimacy
analysis dataset of SemEval 2023 Task 9 (Pei et al. 2023): tweets rated by people for intimacy, 1 to 5. Per
language (English, Spanish, French, Portuguese, Italian, Chinese) the draw takes the same number of tweets from each
fifth of the intimacy scale, so that the set spans small talk to intimate disclosure. English is coded the same way
so that the other languages can be read beside tweets in the tool's own language.

MINT states no licence for copying its text, so `data/native/items.csv` keeps ids only: `mint:` and the first twelve
hex digits of the SHA-1 of the tweet's text, which the benchmarks look up in the user's own copy of the file
(`disclosure.instrument.native_items`). The crowd's intimacy ratings are read from that copy too. Every item is
gold: this set is never trained on or chosen on; it is touched only to report.

Under --out, one file per coding pass and batch, in that pass's own shuffled order, as for the coded corpus.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "coding"))
from sample_items import batch_text  # noqa: E402

from disclosure.instrument.native_items import MINT_LANGUAGES, read_mint  # noqa: E402

SEED = 20261207
PER_LANGUAGE = 100
INTIMACY_BINS = (1.0, 1.5, 2.0, 2.5, 3.2, 5.01)
"""Edges of the five intimacy bands the draw takes equally from (MINT's scale runs from 1 to 5)."""
BATCHES = 3
"""Batches per pass."""
LANGUAGE_NAMES = {code: name for name, code in MINT_LANGUAGES.items()}


def draw(mint: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """`PER_LANGUAGE` tweets per language, the same number from each intimacy band."""
    per_band = PER_LANGUAGE // (len(INTIMACY_BINS) - 1)
    band = pd.cut(mint["intimacy"], INTIMACY_BINS, right=False, labels=False)
    parts = [
        mint[(mint["language"] == language) & (band == k)].sample(n=per_band, random_state=rng.integers(2**31))
        for language in MINT_LANGUAGES.values()
        for k in range(len(INTIMACY_BINS) - 1)
    ]
    return pd.concat(parts).reset_index()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mint", type=Path, required=True, help="MINT's train.csv (text, label, language)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(SEED)
    drawn = draw(read_mint(args.mint), rng)
    drawn = drawn.assign(setting="tweet, in " + drawn["language"].map(LANGUAGE_NAMES), context="", text=drawn["text"])
    stored = drawn.assign(source="mint", split="gold", wave="native1")[["item", "source", "language", "split", "wave"]]
    target = ROOT / "data" / "native" / "items.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    stored.to_csv(target, index=False)
    for coding_pass in (1, 2):
        order = drawn.sample(frac=1.0, random_state=rng.integers(2**31))
        bounds = np.linspace(0, len(order), BATCHES + 1).astype(int)
        for k, (start, stop) in enumerate(itertools.pairwise(bounds), start=1):
            path = args.out / "items" / f"pass{coding_pass}_batch{k}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(batch_text(order.iloc[start:stop]), encoding="utf-8")
    print(drawn.groupby("language").size())


if __name__ == "__main__":
    main()
