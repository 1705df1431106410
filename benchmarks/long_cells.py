"""Very long cells: `disclosure analyze` (theory columns on) and `disclosure redact` on a file whose one cell is 5 MB.

    python benchmarks/long_cells.py --megabytes 5 --model default

The cell is prose with names, street addresses, phone numbers and e-mail addresses, repeated to the size asked for;
a second file of two short rows gives the start-up cost (Python imports and model loading) of the same command.
Each command is one separate process; wall time and peak RSS come from the child's resource usage.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

PROSE = (
    "I told my sister about the diagnosis last week, and honestly I felt relieved. My name is Anna Berg and I live "
    "at 12 Elm Street. We talked for hours about work, money, and the fear I have of being alone. Call me at "
    "555-123-4567 or write to anna@example.org. "
)


def write_cells(path: Path, cells: list[str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "text"])
        writer.writerows([str(i), cell] for i, cell in enumerate(cells))
    return path


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited with {child.returncode}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--model", default="default")
    args = parser.parse_args()
    size = int(args.megabytes * 1_000_000)
    long_text = (PROSE * (size // len(PROSE) + 1))[:size]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        long_file = write_cells(work / "long.csv", [long_text, "A short one."])
        short_file = write_cells(work / "short.csv", ["I told my sister.", "A short one."])
        cli = [sys.executable, "-m", "disclosure"]
        commands = {
            f"analyze --model {args.model}": [*cli, "analyze", "--model", args.model, "-q"],
            "redact": [*cli, "redact"],
        }
        print(f"{platform.machine()}, Python {platform.python_version()}, {date.today()}; cell of {size:,} characters")
        print("| command | two short rows (s) | with the long cell (s) | peak RSS, long (MiB) |")
        print("|---|---|---|---|")
        for name, command in commands.items():
            short, _ = timed([*command, str(short_file), "-o", str(work / "short_out.csv")])
            long, peak = timed([*command, str(long_file), "-o", str(work / "long_out.csv")])
            print(f"| `disclosure {name}` | {short:.1f} | {long:.1f} | {peak:,.0f} |")


if __name__ == "__main__":
    main()
