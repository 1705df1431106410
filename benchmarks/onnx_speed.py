"""Scoring speed of the shipped transformer models: PyTorch fp32 on their weights against their ONNX graphs.

    python benchmarks/onnx_speed.py --n 600

Needs the `train` extra (PyTorch and the base encoder) for the PyTorch side. One process, the same CL-Aff train
sentences (../shared) for every row, detector only (logits and sentence vectors), 2 threads each. Reports sentences
per CPU-second besides wall time: on a shared machine CPU time is the fairer measure of the work each path does.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import torch

from disclosure.measure.detectors import SHIPPED_MODELS_DIR, load_detector
from disclosure.measure.detectors.network import load_network, network_scores

CLAFF_TRAIN = Path(__file__).resolve().parents[2] / "shared" / "data" / "claff-offmychest" / "train.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=600)
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    texts = pd.read_csv(CLAFF_TRAIN)["full_text"].astype(str).tolist()[: args.n]
    torch.set_num_threads(2)
    runs: dict[str, Callable[[], object]] = {}
    for model, layers in (("default", 6), ("balanced", 3)):
        network = load_network(SHIPPED_MODELS_DIR / model / "detector.safetensors", layers, 5)
        detector = load_detector(model)
        runs[f"{model}, PyTorch fp32"] = lambda network=network: network_scores(network, texts, 128)
        runs[f"{model}, ONNX Runtime (shipped graph)"] = lambda detector=detector: detector.embed_and_score(texts)
    print("| what | sentences per CPU-second | sentences/s (wall) |\n|---|---|---|")
    for name, run in runs.items():
        cpu, wall = [], []
        for _ in range(args.repeats):
            start_cpu, start_wall = time.process_time(), time.perf_counter()
            run()
            cpu.append(time.process_time() - start_cpu)
            wall.append(time.perf_counter() - start_wall)
        print(f"| {name} | {len(texts) / min(cpu):,.0f} | {len(texts) / min(wall):,.0f} |", flush=True)


if __name__ == "__main__":
    main()
