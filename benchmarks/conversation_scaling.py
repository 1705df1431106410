"""Scaling: `conversations` and `compare` over 10^2 to 10^5 conversations, to show the slope (docs/benchmarks.md).

    python benchmarks/conversation_scaling.py --model fast [--sizes 100 1000 10000 100000] [--compare-up-to 10000]

A pool of sentences is scored once with `--model`; each corpus is then that many two-speaker conversations of
`--turns` utterances drawn from the pool (seeded), already measured, so the times are those of the dynamics
(`conversations`) and of the group comparison (`compare --by gender`, two groups), not of scoring again. Peak
memory is the process's resident high-water mark after each size.
"""

from __future__ import annotations

import argparse
import platform
import resource
import time

import numpy as np
import pandas as pd

from disclosure.analyzer import Analyzer
from disclosure.dynamics.pipeline import compare, conversations

POOL = [
    "I was diagnosed with diabetes last year.",
    "The bus is late again.",
    "I feel so alone since my divorce.",
    "That sounds really hard, I'm here for you.",
    "What did you have for lunch?",
    "My father drinks and I have never told anyone.",
    "I love hiking on weekends with my dog.",
    "Have you tried talking to a counsellor about it?",
    "I'm scared I will fail my exams and disappoint my mum.",
    "Thanks, that helps a lot.",
]


def corpus(scored: pd.DataFrame, conversations_n: int, turns: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = scored.iloc[rng.integers(len(scored), size=conversations_n * turns)].reset_index(drop=True)
    conversation = np.repeat(np.arange(conversations_n), turns)
    side = np.tile(np.arange(turns) % 2, conversations_n)
    return rows.assign(
        conversation=[f"c{c}" for c in conversation],
        speaker=[f"s{c}_{s}" for c, s in zip(conversation, side, strict=True)],
        gender=np.where((conversation + side) % 2 == 0, "woman", "man"),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="fast")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000, 10_000, 100_000])
    parser.add_argument("--turns", type=int, default=2)
    parser.add_argument("--compare-up-to", type=int, default=100_000)
    args = parser.parse_args()
    scored = Analyzer(args.model).analyze(POOL)
    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}; python {platform.python_version()}")
    print(f"{'conversations':>13} {'utterances':>10} {'conversations s':>15} {'compare s':>9} {'peak RSS MiB':>12}")
    for n in args.sizes:
        frame = corpus(scored, n, args.turns, seed=n)
        start = time.perf_counter()
        conversations(frame, model=args.model)
        dynamics_s = time.perf_counter() - start
        compare_s = float("nan")
        if n <= args.compare_up_to:
            start = time.perf_counter()
            compare(frame, "gender", model=args.model)
            compare_s = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{n:>13,} {len(frame):>10,} {dynamics_s:>15.2f} {compare_s:>9.2f} {peak:>12,.0f}")


if __name__ == "__main__":
    main()
