"""Nothing leaves the machine: the README's commands run whole with every network connection refused."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

GUARD = """
import socket, sys

def refuse(*args, **kwargs):
    raise SystemExit(f"network connection attempted: {args[1:] or args}")

def guarded_connect(self, *args):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        refuse(self, *args)
    return original_connect(self, *args)

original_connect = socket.socket.connect
socket.socket.connect = guarded_connect
socket.socket.connect_ex = guarded_connect
socket.create_connection = refuse
socket.getaddrinfo = refuse
from disclosure.cli import main
sys.argv = ["disclosure", *sys.argv[1:]]
main()
"""

TURNS = pd.DataFrame(
    {
        "session": ["s1"] * 4 + ["s2"] * 4,
        "speaker": ["ana", "tom", "ana", "tom", "ben", "eve", "ben", "eve"],
        "role": ["client", "therapist"] * 4,
        "text": [
            "I was diagnosed with depression last year and I live in Leeds.",
            "That sounds hard. How are you coping?",
            "Badly. My sister Sarah doesn't know. Email me at ana@example.com.",
            "I went through something similar once.",
            "My exams start on Monday and I feel sick with worry.",
            "What worries you most?",
            "",
            "I can hear how much this matters to you.",
        ],
    }
)


def _unshare_works() -> bool:
    unshare = shutil.which("unshare")
    return (
        unshare is not None
        and subprocess.run([unshare, "-n", "true"], capture_output=True, check=False).returncode == 0
    )


@pytest.mark.slow
def test_analyze_conversations_report_and_redact_run_with_networking_denied(tmp_path: Path) -> None:
    source = tmp_path / "turns.csv"
    TURNS.to_csv(source, index=False)
    # A socket guard in the process, and no network interface at all where the system allows it.
    isolate = ["unshare", "-n"] if _unshare_works() else []
    columns = ["--conversation-column", "session", "--role-column", "role"]
    commands = [
        ["analyze", str(source), "-o", str(tmp_path / "scored.csv")],
        ["conversations", str(source), *columns, "--out-dir", str(tmp_path / "out")],
        ["report", str(tmp_path / "scored.csv"), *columns, "-o", str(tmp_path / "report.html")],
        ["redact", str(source), "-o", str(tmp_path / "shareable.csv")],
    ]
    for command in commands:
        done = subprocess.run(
            [*isolate, sys.executable, "-c", GUARD, *command], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, (command[0], done.stderr[-2000:])
    assert len(pd.read_csv(tmp_path / "scored.csv")) == len(TURNS)
    assert len(pd.read_csv(tmp_path / "out" / "utterances.csv")) == len(TURNS)
    assert (tmp_path / "report.html").stat().st_size > 0
    assert "ana@example.com" not in (tmp_path / "shareable.csv").read_text(encoding="utf-8")
