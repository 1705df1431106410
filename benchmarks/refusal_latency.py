"""How long a command takes to refuse a missing file or a missing column: the whole process, as a user meets it.

    python benchmarks/refusal_latency.py --repeats 5

Each command runs as the installed `disclosure` console script in a fresh process, once on a file that does not
exist and once on a file whose text column is misnamed (`txt`); the refusal must come before any table library,
model or figure library is imported. Prints a Markdown table of the median and the slowest wall time, and the
median CPU time, per command.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path


def commands(work: Path, source: Path) -> dict[str, list[str]]:
    """Each command that reads a table, given `source`, with whatever else it needs to get as far as reading it."""
    return {
        "analyze": ["analyze", str(source)],
        "redact": ["redact", str(source)],
        "conversations": ["conversations", str(source), "--out-dir", str(work / "out")],
        "compare": ["compare", str(source), "--by", "speaker"],
        "report": ["report", str(source), "-o", str(work / "r.html")],
        "fit": ["fit", str(source), "-o", str(work / "f.json")],
        "evaluate": ["evaluate", str(source), "-l", "emotional=EMO"],
        "recalibrate": ["recalibrate", str(source), "-l", "emotional=EMO", "-o", str(work / "m")],
    }


def refusal_seconds(command: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of the process, which must refuse its input (exit status 2) with the
    expected message. CPU time is what the command costs; wall time is what a user waits, and grows with the load
    of a shared machine."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert child.stderr is not None
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 2 or not ("No file at" in stderr or "No column" in stderr):
        raise SystemExit(f"{' '.join(command)} did not refuse its input: {code} {stderr!r}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    script = shutil.which("disclosure") or str(Path(sys.executable).with_name("disclosure"))
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        wrong = work / "wrong.csv"
        wrong.write_text("id,speaker,txt\n1,a,hello\n", encoding="utf-8")
        cases = {
            "missing file": commands(work, work / "absent.csv"),
            "missing column": commands(work, wrong),
        }
        load = os.getloadavg()[0]
        print(
            f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores (load {load:.1f}), "
            f"Python {platform.python_version()}, {date.today()}; {args.repeats} runs each"
        )
        print("| command | missing file: wall, median (max) s | CPU s | missing column: wall, median (max) s | CPU s |")
        print("|---|---|---|---|---|")
        slowest = 0.0
        for name in cases["missing file"]:
            cells = []
            for case in cases.values():
                runs = [refusal_seconds([script, *case[name]]) for _ in range(args.repeats)]
                wall, cpu = [w for w, _ in runs], [c for _, c in runs]
                cells += [f"{statistics.median(wall):.2f} ({max(wall):.2f})", f"{statistics.median(cpu):.2f}"]
                slowest = max(slowest, *wall)
            print(f"| `disclosure {name}` | " + " | ".join(cells) + " |")
        print(f"\nslowest refusal of all (wall): {slowest:.2f} s")


if __name__ == "__main__":
    main()
