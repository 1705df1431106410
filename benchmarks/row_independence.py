"""How much a row's scores move with the rows scored beside it: the same texts in reverse order, and one at a time.

    python benchmarks/row_independence.py --n 200 --models default,balanced,fast

Every output column, every model: the largest absolute difference of a numeric cell, and how many cells (numeric
beyond 1e-4, or any other value not equal) differ, between scoring the texts in order at batch size 64 and (a) in
reverse order, (b) at batch size 1. Input: the first N CL-Aff train sentences (../shared), else the bundled example.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from disclosure import Analyzer

REPO = Path(__file__).resolve().parents[1]
CLAFF_TRAIN = REPO.parent / "shared" / "data" / "claff-offmychest" / "train.csv"
TOLERANCE = 1e-4
SHOWN = ("disclosure", "depth", "privacy_risk")


def texts(n: int) -> list[str]:
    if CLAFF_TRAIN.is_file():
        return pd.read_csv(CLAFF_TRAIN)["full_text"].astype(str).tolist()[:n]
    return pd.read_csv(REPO / "examples" / "utterances.csv")["text"].dropna().astype(str).tolist()[:n]


def differences(reference: pd.DataFrame, other: pd.DataFrame) -> tuple[dict[str, float], int]:
    """The largest difference in each numeric column, and the number of cells that differ."""
    largest, cells = {}, 0
    for column in reference.columns:
        a, b = reference[column], other[column]
        if pd.api.types.is_numeric_dtype(a):
            gap = np.abs(a.to_numpy(dtype=float) - b.to_numpy(dtype=float))
            cells += int((gap > TOLERANCE * (1 + 1e-6)).sum())  # one unit in the 4th decimal of a rounded column
            largest[column] = float(np.nanmax(gap, initial=0.0))
        else:
            cells += int(sum(x != y for x, y in zip(a.astype(str), b.astype(str), strict=True)))
    return largest, cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--models", default="default,balanced,fast")
    args = parser.parse_args()
    sample = texts(args.n)
    shown_header = " | ".join(SHOWN)
    print(f"| model | against in order, batch 64 | largest difference (column) | {shown_header} | cells differing |")
    print("|---|---|---|" + "---|" * len(SHOWN) + "---|")
    for model in args.models.split(","):
        analyzer = Analyzer(model, batch_size=64)
        in_order = analyzer.measure(sample)
        reverse = analyzer.measure(sample[::-1]).iloc[::-1].reset_index(drop=True)
        one_by_one = Analyzer(model, batch_size=1).measure(sample)
        for name, other in (("reverse order", reverse), ("batch size 1", one_by_one)):
            largest, cells = differences(in_order, other)
            column = max(largest, key=lambda c: largest[c])
            shown = " | ".join(f"{largest[c]:.2g}" if c in largest else "-" for c in SHOWN)
            print(f"| {model} | {name} | {largest[column]:.2g} ({column}) | {shown} | {cells:,} of {in_order.size:,} |")


if __name__ == "__main__":
    main()
