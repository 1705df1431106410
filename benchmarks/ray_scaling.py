"""Scaling of `--engine ray` on this machine: one worker against two, per model tier, and memory per worker.

Usage::

    python benchmarks/ray_scaling.py --scaling fast:2000000,balanced:200000 --per-core default:20000 \
        --memory fast:250000,fast:1000000 --pairs 2 --dynamics 50000,200000

Needs the Ray extra (`pip install -e ".[ray]"`). Input: CL-Aff train sentences from ../shared when present (else the
bundled test sample), cycled to each size and written as Parquet shards of 125,000 rows (fewer rows: 8 shards) in
a temporary folder. Every measurement is a separate process that starts Ray with as many CPUs as workers, then
times `analyze_corpus(..., engine="ray")` into a fresh output folder: actors starting and loading the model are
included, Ray's own start-up is not (it is reported apart); Ray's workers run at normal priority (see
`WORKER_PRIORITY`). The detector columns only (`theory=False`, as
`--detector-only`), as the throughput benchmark measures them. One worker and two workers are run in turn
(1, 2, 1, 2, ...) so that their ratio holds when the shared machine's load drifts; the load average is printed
before and after. Peak memory per worker is the largest resident set of each actor process, sampled every 0.2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[1]
CLAFF = REPO.parent / "shared" / "data" / "claff-offmychest" / "train.csv"
SAMPLE = REPO / "tests" / "data" / "claff_test_sample.csv"
SHARD_ROWS = 125_000
WORKER_PRIORITY = {"RAY_worker_niceness": "0"}
"""Ray starts its workers at nice 15 by default: on a machine shared with other people's jobs they would get the
leftovers and the ratio would measure the others' load. Here they run at the job's own priority."""


def write_corpus(folder: Path, rows: int) -> Path:
    """`rows` sentences (with a post id) as Parquet shards in `folder`."""
    if CLAFF.is_file():
        texts = pd.read_csv(CLAFF, usecols=["full_text"], dtype=str, keep_default_na=False)["full_text"]
    else:
        texts = pd.read_csv(SAMPLE, usecols=["text"], dtype=str, keep_default_na=False)["text"]
    shard_rows = min(SHARD_ROWS, -(-rows // 8))
    folder.mkdir(parents=True)
    for start in range(0, rows, shard_rows):
        n = min(shard_rows, rows - start)
        cycled = texts.iloc[[(start + i) % len(texts) for i in range(n)]].tolist()
        table = pa.table({"post": pa.array(range(start, start + n), pa.int64()), "text": pa.array(cycled)})
        pq.write_table(table, folder / f"posts-{start // shard_rows:04d}.parquet")
    return folder


def _sample_workers(peaks: dict[int, int], stop: threading.Event) -> None:
    import psutil

    while not stop.is_set():
        for process in psutil.Process().children(recursive=True):  # this run's Ray only, not another's
            try:
                if "MapWorker" in " ".join(process.cmdline()):
                    peaks[process.pid] = max(peaks.get(process.pid, 0), process.memory_info().rss)
            except psutil.Error:
                continue
        stop.wait(0.2)


def measure(corpus: Path, model: str, workers: int) -> dict[str, Any]:
    """One run in this process: Ray on `workers` CPUs, the corpus scored into a temporary folder."""
    import ray

    from disclosure.engines.corpus import analyze_corpus

    began = time.perf_counter()
    ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False, object_store_memory=256 * 1024**2)
    ray_start = time.perf_counter() - began
    peaks: dict[int, int] = {}
    stop = threading.Event()
    sampler = threading.Thread(target=_sample_workers, args=(peaks, stop), daemon=True)
    sampler.start()
    finished: list[tuple[float, int]] = []
    with tempfile.TemporaryDirectory(prefix="ray-scaling-") as out:
        began = time.perf_counter()
        manifest = analyze_corpus(
            corpus,
            out,
            engine="ray",
            workers=workers,
            model=model,
            theory=False,
            on_part=lambda part: finished.append((time.perf_counter(), part.rows_out)),
        )
        seconds = time.perf_counter() - began
        written = sum(part.stat().st_size for part in manifest.output_files())
    stop.set()
    sampler.join()
    ray.shutdown()
    rows = int(manifest.as_json()["totals"]["rows_out"])
    # Steady state: the rows of every part but the first `workers` to finish, over the time after those finished
    # (actor start-up and model loading, paid once per worker, left out).
    settled, later = finished[workers - 1][0], finished[workers:]
    return {
        "model": model,
        "workers": workers,
        "rows": rows,
        "seconds": round(seconds, 2),
        "sentences_per_s": round(rows / seconds, 1),
        "steady_sentences_per_s": round(sum(n for _, n in later) / (finished[-1][0] - settled), 1),
        "first_parts_s": round(settled - began, 2),
        "ray_start_s": round(ray_start, 2),
        "job_cpu_s": round(time.process_time(), 1),
        "output_bytes_per_row": round(written / rows),
        "peak_rss_per_worker_mib": sorted(round(v / 2**20) for v in peaks.values()),
    }


def gather_dynamics(rows: int) -> dict[str, Any]:
    """What `conversations --engine ray` does after scoring, in one process: the conversation tables of `rows`
    measured utterances (conversations of 40 turns between two speakers, scores drawn at random, seed 0)."""
    from disclosure.dynamics.pipeline import conversation_columns, conversation_tables

    rng = np.random.default_rng(0)
    conversation = np.arange(rows) // 40
    frame = pd.DataFrame(
        {
            "conversation": [f"c{c}" for c in conversation],
            "speaker": [f"s{c}-{i % 2}" for i, c in enumerate(conversation)],
            "text": ["I have been drinking more since I lost my job."] * rows,
        }
    )
    measured = frame.assign(
        status="ok",
        depth=rng.uniform(0, 3, rows),
        **{
            name: rng.uniform(0, 1, rows)
            for name in ("disclosure", "informational", "emotional", "emotional_support", "informational_support")
        },
    )
    began = time.perf_counter()
    conversation_tables(frame, measured, conversation_columns(False))
    seconds = time.perf_counter() - began
    return {
        "rows": rows,
        "seconds": round(seconds, 2),
        "utterances_per_s": round(rows / seconds),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def run_one(corpus: Path, model: str, workers: int) -> dict[str, Any]:
    """`measure` in a fresh process, so no run inherits another's Ray or warm caches."""
    done = subprocess.run(
        [sys.executable, __file__, "--measure", str(corpus), model, str(workers)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1", **WORKER_PRIORITY},
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    print(json.dumps(result), file=sys.stderr, flush=True)
    return result


def _sizes(spec: str) -> list[tuple[str, int]]:
    return [(item.split(":")[0], int(item.split(":")[1])) for item in spec.split(",") if item]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scaling", default="fast:2000000,balanced:200000", help="MODEL:ROWS run with 1 and 2 workers")
    parser.add_argument("--per-core", default="default:20000", help="MODEL:ROWS run with 1 worker only")
    parser.add_argument("--memory", default="fast:250000,fast:1000000", help="MODEL:ROWS run with 2 workers only")
    parser.add_argument("--pairs", type=int, default=2, help="1-worker/2-worker pairs per scaling size")
    parser.add_argument("--dynamics", default="", help="ROWS,ROWS: the conversation tables built in one process")
    parser.add_argument("--measure", nargs=3, metavar=("CORPUS", "MODEL", "WORKERS"), help=argparse.SUPPRESS)
    parser.add_argument("--measure-dynamics", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        corpus, model, workers = args.measure
        print(json.dumps(measure(Path(corpus), model, int(workers))))
        return
    if args.measure_dynamics:
        print(json.dumps(gather_dynamics(args.measure_dynamics)))
        return
    print(
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {date.today()}; "
        f"load before: {os.getloadavg()}"
    )
    lines = [
        "| model | rows | workers | rate | sentences/s (each run) | median | 2 / 1 workers (pair by pair) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    memory = []
    with tempfile.TemporaryDirectory(prefix="ray-corpus-") as scratch:
        corpora: dict[int, Path] = {}

        def corpus(rows: int) -> Path:
            if rows not in corpora:
                corpora[rows] = write_corpus(Path(scratch) / f"rows-{rows}", rows)
            return corpora[rows]

        for model, rows in _sizes(args.scaling):
            runs = [(run_one(corpus(rows), model, 1), run_one(corpus(rows), model, 2)) for _ in range(args.pairs)]
            for key, what in (("sentences_per_s", "end to end"), ("steady_sentences_per_s", "steady state")):
                ratios = [float(two[key]) / float(one[key]) for one, two in runs]
                for workers in (1, 2):
                    rates = [float(pair[workers - 1][key]) for pair in runs]
                    ratio = ", ".join(f"{r:.2f}" for r in ratios) + f" (median {statistics.median(ratios):.2f})"
                    lines.append(
                        f"| {model} | {rows:,} | {workers} | {what} | {', '.join(f'{r:,.0f}' for r in rates)} | "
                        f"{statistics.median(rates):,.0f} | {ratio if workers == 2 else ''} |"
                    )
            memory.append((model, rows, runs[-1][1]["peak_rss_per_worker_mib"]))
        for model, rows in _sizes(args.per_core):
            one = run_one(corpus(rows), model, 1)
            for key, what in (("sentences_per_s", "end to end"), ("steady_sentences_per_s", "steady state")):
                rate = float(one[key])
                lines.append(f"| {model} | {rows:,} | 1 | {what} | {rate:,.0f} | {rate:,.0f} | |")
        for model, rows in _sizes(args.memory):
            memory.append((model, rows, run_one(corpus(rows), model, 2)["peak_rss_per_worker_mib"]))
    print("\n".join(lines))
    print("\n| model | rows | peak RSS per worker (MiB), 2 workers |\n| --- | --- | --- |")
    for model, rows, peaks in sorted(memory, key=lambda m: (m[0], m[1])):
        print(f"| {model} | {rows:,} | {', '.join(map(str, peaks))} |")
    for rows in [int(n) for n in args.dynamics.split(",") if n]:
        done = subprocess.run(
            [sys.executable, __file__, "--measure-dynamics", str(rows)], capture_output=True, text=True, check=True
        )
        print("conversation tables in one process:", done.stdout.strip().splitlines()[-1])
    print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
