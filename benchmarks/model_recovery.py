"""Parameter recovery for `disclosure fit`: simulate with known parameters, fit, and count how often the 95% profile
intervals cover the truth, over a grid of true values and data sizes.

For each true parameter set and data size (dyads x turns) it simulates `--repeats` data sets (seeds 0, 1, ...),
writes them in the utterance format (`to_utterances`, gender included), fits them, and records for every parameter
whether it was identified, whether its interval covers the true value, and the interval's width. Coverage is counted
over identified parameters only (the others have no estimate; how often each size leaves them unidentified is its
own column).

Usage (about 6 minutes on one core): `python benchmarks/model_recovery.py [--repeats 6]`; prints Markdown tables
for docs/model.md and docs/benchmarks.md and writes the per-fit rows to --out (CSV) when given.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from disclosure.model import Parameters, fit, simulate, to_utterances
from disclosure.model.fit import fitted_values

TRUTHS = {
    "defaults": Parameters(),
    "warmer, slower": Parameters(
        belonging=1.5, reciprocity=1.0, vulnerability=3.0, support_seeking=1.0, initial_trust=0.3, learning_rate=0.6
    ),
}
"""The calibrated defaults, and the non-default set the recovery test of tests/model/test_fit.py uses."""
SIZES = ((100, 20), (300, 30))
"""Dyads x turns: 2,000 and 9,000 speaker turns."""


def recovery(repeats: int) -> pd.DataFrame:
    """One row per (truth, size, seed, parameter): identified, covered, interval width, seconds per fit."""
    rows = []
    for truth_name, truth in TRUTHS.items():
        for dyads, turns in SIZES:
            for seed in range(repeats):
                utterances = to_utterances(simulate(dyads, turns, truth, seed=seed))
                start = time.perf_counter()
                result = fit(utterances, turn_column="turn", gender_column="gender", fixed=truth)
                seconds = time.perf_counter() - start
                true_values = fitted_values(truth)
                for name, (low, high) in result.intervals.items():
                    value = true_values[name]
                    rows.append(
                        {
                            "truth": truth_name,
                            "dyads": dyads,
                            "turns": turns,
                            "seed": seed,
                            "parameter": name,
                            "identified": name not in result.not_identified,
                            "covered": low <= value <= high,
                            "width": high - low,
                            "seconds": seconds,
                        }
                    )
    return pd.DataFrame(rows)


def summary(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Coverage by truth and size, and by parameter (identified fits only), with the share left unidentified."""
    identified = rows[rows["identified"]]
    by_size = identified.groupby(["truth", "dyads", "turns"]).agg(
        intervals=("covered", "size"), coverage=("covered", "mean"), median_width=("width", "median")
    )
    by_size["unidentified_share"] = 1 - rows.groupby(["truth", "dyads", "turns"])["identified"].mean()
    by_size["seconds_per_fit"] = rows.groupby(["truth", "dyads", "turns"])["seconds"].mean()
    by_parameter = rows.groupby(["parameter", "dyads", "turns"]).agg(identified=("identified", "mean"))
    by_parameter["coverage"] = identified.groupby(["parameter", "dyads", "turns"])["covered"].mean()
    by_parameter["median_width"] = identified.groupby(["parameter", "dyads", "turns"])["width"].median()
    return by_size.reset_index(), by_parameter.reset_index()


def markdown(frame: pd.DataFrame) -> str:
    """A frame as a Markdown table, numbers to three decimals."""
    cells = [[f"{v:.3f}" if isinstance(v, float) else str(v) for v in row] for row in frame.itertuples(index=False)]
    lines = [list(map(str, frame.columns)), ["---"] * len(frame.columns), *cells]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=6)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    start = time.perf_counter()
    rows = recovery(args.repeats)
    by_size, by_parameter = summary(rows)
    if args.out:
        rows.to_csv(args.out, index=False)
    identified = rows[rows["identified"]]
    print(
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.machine()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}; {time.perf_counter() - start:.0f} s; "
        f"overall coverage where identified {identified['covered'].mean():.3f} "
        f"({identified['covered'].sum()}/{len(identified)} intervals)\n"
    )
    print(markdown(by_size))
    print()
    print(markdown(by_parameter))


if __name__ == "__main__":
    main()
