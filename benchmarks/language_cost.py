"""The cost of identifying each row's language in `analyze` (issue #26): the same analyzer on the same sentences with
and without it, alternated in one process (paired), and language identification alone.

    python benchmarks/language_cost.py [--n 2000] [--pairs 5] [--model default] [--detector-only]

Input: the first `--n` CL-Aff OffMyChest training sentences (../shared/data/claff-offmychest/train.csv, column
full_text; the text stays outside the repository). "Without" replaces the analyzer's `identify` by one that names
every row English, which is what `analyze` did before the language column: the rest of the run is the same code.
Each pair runs A then B, then B then A in the next pair, so drift on a shared machine falls on both; the ratio is
taken pair by pair and its median reported.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from disclosure import Analyzer
from disclosure import analyzer as analyzer_module
from disclosure.measure.language import identify

CLAFF_TRAIN = Path(__file__).resolve().parents[2] / "shared" / "data" / "claff-offmychest" / "train.csv"


def english(texts: Sequence[str]) -> list[str]:
    """What `analyze` assumed before it identified languages: every row English."""
    return ["en"] * len(texts)


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--model", default="default")
    parser.add_argument("--detector-only", action="store_true")
    args = parser.parse_args()
    texts = pd.read_csv(CLAFF_TRAIN)["full_text"].dropna().astype(str).head(args.n).tolist()
    analyzer = Analyzer(args.model, theory=not args.detector_only)

    def with_identification() -> None:
        analyzer_module.identify = identify
        analyzer.analyze(texts)

    def without_identification() -> None:
        analyzer_module.identify = english
        analyzer.analyze(texts)

    with_identification()  # warm-up: the identifier, the encoder and the recognisers load once
    without_identification()
    pairs = []
    for pair in range(args.pairs):
        order = (with_identification, without_identification)
        a, b = (timed(run) for run in (order if pair % 2 == 0 else order[::-1]))
        pairs.append((a, b) if pair % 2 == 0 else (b, a))
    analyzer_module.identify = identify
    alone = [timed(lambda: identify(texts)) for _ in range(args.pairs)]
    with_s, without_s = statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)
    ratio = statistics.median(a / b for a, b in pairs)
    languages = pd.Series(identify(texts)).value_counts()

    print(
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.machine()}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}, Python {platform.python_version()}"
    )
    print(
        f"{len(texts):,} CL-Aff train sentences, model {args.model}, "
        f"{'detector only' if args.detector_only else 'all columns'}, {args.pairs} pairs"
    )
    print(f"with language identification:    median {with_s:.2f} s ({len(texts) / with_s:.0f} sentences/s)")
    print(f"without (every row English):     median {without_s:.2f} s ({len(texts) / without_s:.0f} sentences/s)")
    print(f"with / without, paired median:   {ratio:.3f}  (pairs: {', '.join(f'{a / b:.3f}' for a, b in pairs)})")
    print(f"identification alone:            median {statistics.median(alone) * 1e6 / len(texts):.0f} µs a sentence")
    print("languages named:", ", ".join(f"{code} {count}" for code, count in languages.items()))


if __name__ == "__main__":
    main()
