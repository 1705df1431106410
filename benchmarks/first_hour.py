"""How long the README's first hour takes: its example commands, read from the README and run as written.

    python benchmarks/first_hour.py

Runs each command of the README's "first hour" block (the installed `disclosure` console script, a fresh process
each, the shipped default model unless the README names another) in a temporary folder holding a copy of examples/,
and prints the wall and CPU seconds of each and of all together.
"""

from __future__ import annotations

import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def first_hour_commands(readme: Path = REPO / "README.md") -> list[list[str]]:
    """The commands of the README's code block that follows the words "A first hour"."""
    text = readme.read_text(encoding="utf-8")
    block = re.search(r"A first hour.*?```bash\n(.*?)```", text, flags=re.DOTALL)
    if block is None:
        raise SystemExit("README.md has no 'A first hour' code block")
    return [shlex.split(line) for line in block[1].splitlines() if line.startswith("disclosure ")]


def timed(command: list[str], folder: Path) -> tuple[float, float]:
    """Wall and CPU (user + system, the process and its children) seconds of one command, which must succeed."""
    script = shutil.which("disclosure") or str(Path(sys.executable).with_name("disclosure"))
    before = os.times()
    start = time.perf_counter()
    subprocess.run([script, *command[1:]], cwd=folder, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = os.times()
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def main() -> None:
    commands = first_hour_commands()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        shutil.copytree(REPO / "examples", folder / "examples")
        print(
            f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores "
            f"(load {os.getloadavg()[0]:.1f}), Python {platform.python_version()}, {date.today()}"
        )
        print("| command | wall s | CPU s |\n|---|---|---|")
        total_wall = total_cpu = 0.0
        for command in commands:
            wall, cpu = timed(command, folder)
            total_wall, total_cpu = total_wall + wall, total_cpu + cpu
            print(f"| `{' '.join(command[:2])} …` | {wall:.1f} | {cpu:.1f} |")
        print(f"| all {len(commands)} | {total_wall:.1f} | {total_cpu:.1f} |")


if __name__ == "__main__":
    main()
