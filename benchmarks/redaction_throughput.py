"""Redaction throughput: start-up (loading the recognizers) timed apart from utterances per second.

    python benchmarks/redaction_throughput.py --n 2000

Input: CL-Aff test sentences from ../shared when present, else the theory development set (cycled to --n).
Reports wall-clock utterances/s and utterances per CPU-second of this process (the machine is shared: the second
figure is what one unloaded core gives) and the load average during the run.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from datetime import date
from pathlib import Path

import pandas as pd

from disclosure import redact

REPO = Path(__file__).resolve().parents[1]
CLAFF_TEST = REPO.parent / "shared" / "data" / "claff-offmychest" / "test.csv"
DEVSET = REPO / "tests" / "data" / "theory_devset.csv"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    if CLAFF_TEST.is_file():
        texts = pd.read_csv(CLAFF_TEST)["full_text"].astype(str).tolist()
    else:
        texts = [t for t in pd.read_csv(DEVSET, keep_default_na=False)["text"] if t]
    texts = [texts[i % len(texts)] for i in range(args.n)]
    start = time.perf_counter()
    redact(["Warm-up: my sister Priya lives in Leeds, call 07911 123456."])
    startup = time.perf_counter() - start
    print(f"date {date.today()}  machine {platform.machine()}  n={len(texts)}")
    print(f"start-up (spaCy recognizer, Presidio, gazetteer): {startup:.1f} s")
    for mode in ("placeholder", "pseudonym", "abstract"):
        start, cpu = time.perf_counter(), time.process_time()
        redact(texts, mode=mode, salt="benchmark")
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(
            f"{mode:<12} {len(texts) / elapsed:7.1f} utterances/s wall  {len(texts) / cpu:7.1f} per CPU-second  "
            f"(load average {os.getloadavg()[0]:.1f})"
        )


if __name__ == "__main__":
    main()
