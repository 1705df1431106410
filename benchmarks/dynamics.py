"""Throughput: conversation dynamics against `analyze` on the same AnnoMI utterances (docs/benchmarks.md).

    python benchmarks/dynamics.py --model default [--repeats 3]

Times `Analyzer.annotate` (detector and measures) once, then the dynamics alone (turns, replies, speaker and
conversation tables, the helper monitor and the GEE effects) on the measured table, best of --repeats.
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path

from annomi import ANNOMI, annomi_columns, read_annomi

from disclosure.analyzer import Analyzer
from disclosure.dynamics.pipeline import measure_conversations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="default")
    parser.add_argument("--data", type=Path, default=ANNOMI)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    frame = read_annomi(args.data)
    columns = annomi_columns(("main_therapist_behaviour=reflection",))
    analyzer = Analyzer(args.model)
    start = time.perf_counter()
    measured = analyzer.annotate(frame, text_column=columns.text, source="AnnoMI")
    analyze_s = time.perf_counter() - start
    timings = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        measure_conversations(measured, columns)
        timings.append(time.perf_counter() - start)
    dynamics_s = min(timings)
    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}; python {platform.python_version()}")
    print(f"utterances: {len(frame):,} in {frame['transcript_id'].nunique()} conversations")
    print(f"analyze:  {analyze_s:7.2f} s  ({len(frame) / analyze_s:,.0f} utterances/s)")
    print(f"dynamics: {dynamics_s:7.2f} s  (best of {args.repeats}; {len(frame) / dynamics_s:,.0f} utterances/s)")
    print(f"dynamics adds {100 * dynamics_s / analyze_s:.1f}% to analyze (target: under 20%)")


if __name__ == "__main__":
    main()
