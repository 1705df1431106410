"""Throughput of the theory layer against the detector alone, in one process on the same input.

    python benchmarks/theory_overhead.py --model default --n 2000

Input: CL-Aff test sentences from ../shared when present, else the development set's own texts (cycled to --n).
Each configuration is timed twice, alternating, and the faster run is kept (the machine is shared and noisy).
"""

from __future__ import annotations

import argparse
import platform
import time
from datetime import date
from pathlib import Path

import pandas as pd

from disclosure import Analyzer
from disclosure.measure.detectors.runtime import cpu_threads
from disclosure.measure.privacy import find_identifiers
from disclosure.measure.recognizers import _PRECHECK, _may_name_something

REPO = Path(__file__).resolve().parents[1]
CLAFF_TEST = REPO.parent / "shared" / "data" / "claff-offmychest" / "test.csv"
DEVSET = REPO / "tests" / "data" / "theory_devset.csv"


def sentences(n: int) -> list[str]:
    if CLAFF_TEST.is_file():
        texts = pd.read_csv(CLAFF_TEST)["full_text"].astype(str).tolist()
    else:
        texts = [t for t in pd.read_csv(DEVSET, keep_default_na=False)["text"] if t]
    return [texts[i % len(texts)] for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="default")
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    texts = sentences(args.n)
    start = time.perf_counter()
    analyzer = Analyzer(args.model)
    load = time.perf_counter() - start
    runs = {
        "detector alone": lambda: analyzer.detector.embed_and_score(texts, batch_size=analyzer.batch_size),
        "detector + theory layer": lambda: analyzer.analyze(texts),
    }
    timings: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(2):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            timings[name].append(time.perf_counter() - start)
    start = time.perf_counter()
    find_identifiers(texts)
    privacy = time.perf_counter() - start
    fired = sum(1 for t in texts if _PRECHECK.search(t) or _may_name_something(t)) / len(texts)
    named = sum(1 for t in texts if _may_name_something(t)) / len(texts)
    base, full = min(timings["detector alone"]), min(timings["detector + theory layer"])
    print(f"date {date.today()}  machine {platform.machine()} {cpu_threads()} threads  n={len(texts)}")
    print(f"model load incl. the theory heads: {load:.1f} s")
    print(f"detector alone:          {len(texts) / base:7.1f} utterances/s")
    print(f"detector + theory layer: {len(texts) / full:7.1f} utterances/s  (throughput ratio {base / full:.3f})")
    print(
        f"privacy alone: {1000 * privacy / len(texts):.2f} ms/utterance; Presidio ran on {fired:.0%}, "
        f"the entity recognizer on {named:.0%}"
    )


if __name__ == "__main__":
    main()
