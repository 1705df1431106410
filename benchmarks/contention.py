"""Speed beside a CPU-bound neighbour: a model's in-process rate alone and beside busy processes, per thread count.

    python benchmarks/contention.py --model default --threads 1,auto --neighbours 0,1 --seconds 15 --pairs 2

Each measurement is a fresh process scoring CL-Aff train sentences (../shared; else the development set) with
`Analyzer.analyze` in chunks of `--chunk` rows (default the CLI's, `io.CHUNK_ROWS`; every column unless
`--detector-only`) for `--seconds` after loading the model and one warm-up chunk.

- `--threads`: ONNX Runtime's threads (`OMP_NUM_THREADS`; `auto` leaves it unset, so the package chooses, as a
  user's run does).
- `--neighbours`: how many CPU-bound processes (a Python busy loop each) run beside it, started before the model
  loads and stopped after.

The conditions run in turn, `--pairs` times, so the machine's drift falls on all of them alike. Reported per
condition: the median rate and its ratio to the rate with one ONNX Runtime thread alone. With every column, calls
of more than `analyzer.PIPELINE_ROWS` overlap the encoder and the measures, so even one thread uses two cores;
`--chunk 256` gives the single-core rate (issue #22: beside one neighbour the package's own settings keep >= 0.8
of it).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from disclosure.io import CHUNK_ROWS

REPO = Path(__file__).resolve().parents[1]
CLAFF_TRAIN = REPO.parent / "shared" / "data" / "claff-offmychest" / "train.csv"
DEVSET = REPO / "tests" / "data" / "theory_devset.csv"

SCORE = """
import json, sys, time
from disclosure import Analyzer
model, seconds, theory, chunk = sys.argv[1], float(sys.argv[2]), sys.argv[3] == "1", int(sys.argv[4])
texts = json.load(sys.stdin)
analyzer = Analyzer(model, theory=theory)
analyzer.analyze(texts[:chunk])
done, start = 0, time.perf_counter()
while time.perf_counter() - start < seconds:
    analyzer.analyze([texts[(done + i) % len(texts)] for i in range(chunk)])
    done += chunk
print(json.dumps({"rate": done / (time.perf_counter() - start)}))
"""

BUSY = "while True: pass"


def sentences() -> list[str]:
    if CLAFF_TRAIN.is_file():
        return pd.read_csv(CLAFF_TRAIN)["full_text"].astype(str).tolist()[:4000]
    return [t for t in pd.read_csv(DEVSET, keep_default_na=False)["text"] if t]


def rate(
    model: str, threads: str, neighbours: int, seconds: float, theory: bool, chunk: int, texts: list[str]
) -> float:
    env = dict(os.environ)
    env.pop("OMP_NUM_THREADS", None)
    if threads != "auto":
        env["OMP_NUM_THREADS"] = threads
    busy = [subprocess.Popen([sys.executable, "-c", BUSY]) for _ in range(neighbours)]
    try:
        done = subprocess.run(
            [sys.executable, "-c", SCORE, model, str(seconds), "1" if theory else "0", str(chunk)],
            input=json.dumps(texts),
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
    finally:
        for process in busy:
            process.kill()
            process.wait()
    found: float = json.loads(done.stdout.strip().splitlines()[-1])["rate"]
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="default")
    parser.add_argument("--threads", default="1,auto", help="ONNX Runtime threads to try; auto: the package's choice")
    parser.add_argument("--neighbours", default="0,1", help="CPU-bound processes beside it, comma-separated")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--pairs", type=int, default=2, help="rounds over every condition, in turn")
    parser.add_argument("--detector-only", action="store_true")
    parser.add_argument("--chunk", type=int, default=CHUNK_ROWS, help="rows per analyze call")
    args = parser.parse_args()
    texts = sentences()
    conditions = [(t, int(n)) for n in args.neighbours.split(",") for t in args.threads.split(",")]
    rates: dict[tuple[str, int], list[float]] = {c: [] for c in conditions}
    load_before = os.getloadavg()[0]
    for _ in range(args.pairs):
        for threads, neighbours in conditions:
            found = rate(args.model, threads, neighbours, args.seconds, not args.detector_only, args.chunk, texts)
            rates[(threads, neighbours)].append(found)
            print(json.dumps({"threads": threads, "neighbours": neighbours, "rate": found}), file=sys.stderr)
    medians = {c: float(np.median(r)) for c, r in rates.items()}
    single = [medians[c] for c in conditions if c[0] == "1" and c[1] == 0]
    best = max(single) if single else float("nan")
    print(
        f"# {date.today()} {platform.machine()} {os.cpu_count()} CPUs, Python {platform.python_version()}, model "
        f"{args.model}{' detector only' if args.detector_only else ', every column'}, chunks of {args.chunk}, "
        f"{args.seconds:g} s each, "
        f"{args.pairs} rounds, load average {load_before:.1f} before and {os.getloadavg()[0]:.1f} after"
    )
    print("| threads | CPU-bound neighbours | sentences/s (each round) | median | / best single thread alone |")
    print("|---|---|---|---|---|")
    for (threads, neighbours), found in rates.items():
        each = ", ".join(f"{r:.0f}" for r in found)
        median = medians[(threads, neighbours)]
        print(f"| {threads} | {neighbours} | {each} | {median:.0f} | {median / best:.2f} |")


if __name__ == "__main__":
    main()
