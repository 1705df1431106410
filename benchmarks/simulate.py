"""Benchmark the motivational-model simulation: whole-process throughput and the speed-up over a Mesa agent-based model.

Runs, side by side in one process on this machine:

1. `disclosure simulate --dyads 100000 --turns 50 -o sim.parquet` as a child process (whole process: Python start,
   imports, simulation, Parquet write), best of 3 runs, in dyad-turns per second (target >= 1,000,000).
2. The same model written as a Mesa agent-based model (`MesaDisclosure`: one `Person` agent per person, each speaker
   deciding by the package's own `decision.utilities`) against our vectorised `simulate_table`, on the same size.
3. A distribution check: the two implementations, with different random streams, must give the same distributions
   (per-dyad disclosure rate and mean depth, final trust), judged by two-sample Kolmogorov-Smirnov tests.

Benchmark-only requirement (not a dependency of the package or its tests): `pip install -e ".[bench]"` (Mesa;
measured with 3.3.1).

Usage: `python benchmarks/simulate.py [--mesa-dyads 2000] [--turns 50]`; results go to docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import mesa
import numpy as np
import pandas as pd
from scipy import stats

from disclosure.model import Parameters
from disclosure.model.decision import OPTION_DEPTH, choose, utilities
from disclosure.model.simulation import simulate_table


class Person(mesa.Agent):  # type: ignore[misc]
    """One person in one dyad, holding the same state as a column of the vectorised simulation."""

    def __init__(self, model: MesaDisclosure, dyad: int, seat: int) -> None:
        super().__init__(model)
        params = model.params
        self.dyad, self.seat = dyad, seat
        self.man = bool(model.rng.random() < params.share_men)
        mean, spread = params.responsiveness, params.responsiveness_concentration
        self.responsiveness = float(model.rng.beta(mean * spread, (1 - mean) * spread))
        self.trust = params.initial_trust
        self.last_depth = 0
        self.partner: Person | None = None

    def speak(self) -> None:
        """Choose by the decision rule, receive the partner's response, update trust; record the turn."""
        assert self.partner is not None
        params = self.model.params
        u = utilities(np.array([self.trust]), np.array([self.partner.last_depth]), np.array([self.man]), params)
        option = int(choose(u, np.array([self.model.rng.random()]))[0])
        depth = int(OPTION_DEPTH[option])
        answer = float(self.model.rng.random() < self.partner.responsiveness)
        self.model.records.append((self.dyad, self.model.turn, self.seat, depth, self.trust, answer))
        self.trust += params.learning_rate * (depth / 3.0) * (answer - self.trust)
        self.last_depth = depth


class MesaDisclosure(mesa.Model):  # type: ignore[misc]
    """The peers setting of `disclosure.model.simulation` as a Mesa agent-based model."""

    def __init__(self, dyads: int, params: Parameters, seed: int) -> None:
        super().__init__(seed=seed)
        self.params = params
        self.turn = 0
        self.records: list[tuple[int, int, int, int, float, float]] = []
        for dyad in range(dyads):
            first, second = Person(self, dyad, 0), Person(self, dyad, 1)
            first.partner, second.partner = second, first

    def step(self) -> None:
        self.agents.select(lambda person: person.seat == self.turn % 2).do("speak")
        self.turn += 1

    def table(self) -> pd.DataFrame:
        return pd.DataFrame(self.records, columns=["dyad", "turn", "speaker", "depth", "trust", "partner_response"])


def whole_process(dyads: int, turns: int, repeats: int = 3) -> tuple[float, float]:
    """Best wall time and its CPU time (user + system) of the `disclosure simulate` command."""
    best = (float("inf"), 0.0)
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(repeats):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(
                [
                    "disclosure",
                    "simulate",
                    "--dyads",
                    str(dyads),
                    "--turns",
                    str(turns),
                    "-o",
                    str(Path(folder) / "sim.parquet"),
                ],
                check=True,
                capture_output=True,
            )
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            best = min(best, (wall, cpu))
    return best


def distributions(ours: pd.DataFrame, theirs: pd.DataFrame, turns: int) -> dict[str, float]:
    """Two-sample tests that the implementations draw from the same distributions.

    Turns of one dyad depend on each other, so the tests compare independent units: per-dyad summaries and the
    final trust of each person. Pooled depth shares are printed for reading, not tested.
    """

    def per_dyad(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.assign(disclosed=frame["depth"] > 0).groupby("dyad")[["disclosed", "depth"]].mean()

    a, b = per_dyad(ours), per_dyad(theirs)
    last = turns - 1
    result = {
        "per-dyad disclosure rate KS p": float(stats.ks_2samp(a["disclosed"], b["disclosed"]).pvalue),
        "per-dyad mean depth KS p": float(stats.ks_2samp(a["depth"], b["depth"]).pvalue),
        "final trust KS p": float(
            stats.ks_2samp(
                ours.loc[ours["turn"] >= last - 1, "trust"], theirs.loc[theirs["turn"] >= last - 1, "trust"]
            ).pvalue
        ),
    }
    for name, frame in (("ours", ours), ("Mesa", theirs)):
        shares = np.bincount(frame["depth"].to_numpy(int), minlength=4) / len(frame)
        result.update({f"{name} share at depth {d}": float(share) for d, share in enumerate(shares)})
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dyads", type=int, default=100_000)
    parser.add_argument("--mesa-dyads", type=int, default=2000)
    parser.add_argument("--turns", type=int, default=50)
    args = parser.parse_args()
    params = Parameters()
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; Python "
        f"{platform.python_version()}; mesa {mesa.__version__}; {time.strftime('%Y-%m-%d')}"
    )

    wall, cpu = whole_process(args.dyads, args.turns)
    rows = args.dyads * args.turns
    print(
        f"whole process `disclosure simulate --dyads {args.dyads} --turns {args.turns}`: {wall:.2f} s wall "
        f"({cpu:.2f} s CPU) = {rows / wall:,.0f} dyad-turns/s wall, {rows / cpu:,.0f} per CPU-second"
    )

    size = args.mesa_dyads * args.turns
    start = time.perf_counter()
    ours = simulate_table(args.mesa_dyads, args.turns, params, seed=1).to_pandas()
    ours_s = time.perf_counter() - start
    start = time.perf_counter()
    model = MesaDisclosure(args.mesa_dyads, params, seed=2)
    for _ in range(args.turns):
        model.step()
    mesa_s = time.perf_counter() - start
    theirs = model.table()
    print(
        f"{args.mesa_dyads} dyads x {args.turns} turns in-process: vectorised {ours_s:.3f} s "
        f"({size / ours_s:,.0f}/s), Mesa {mesa_s:.2f} s ({size / mesa_s:,.0f}/s): speed-up {mesa_s / ours_s:,.0f}x"
    )
    for name, value in distributions(ours, theirs, args.turns).items():
        print(f"  {name}: {value:.4f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
