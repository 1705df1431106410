"""The README's commands run as one chain on one raw file: conversations, then compare, report and fit on its output."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from disclosure.cli import app

CLIENT_LINES = (
    "I have been drinking more since I lost my job.",
    "My sister does not talk to me anymore and I feel so alone.",
    "The weather was fine today.",
    "I was diagnosed with depression last year and I am scared.",
)
HELPER_LINES = ("I felt that way too once, when my father died.", "Mm-hmm.", "What is that like for you?")


def _turns(path: Path, *, extra: dict[str, str] | None = None) -> Path:
    """Raw turns as the README's example names them: 16 sessions, a client and a counsellor, gender per session."""
    rng = np.random.default_rng(0)
    rows = []
    for session in range(16):
        for turn in range(12):
            client = turn % 2 == 0
            lines = CLIENT_LINES if client else HELPER_LINES
            rows.append(
                {
                    "session": f"s{session:02d}",
                    "speaker": f"client{session}" if client else f"counsellor{session % 4}",
                    "role": "client" if client else "counsellor",
                    "gender": "woman" if session % 2 else "man",
                    "text": " ".join(rng.choice(lines, size=2)),
                    **(extra or {}),
                }
            )
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.slow
def test_the_readme_chain_runs_on_one_file(tmp_path: Path) -> None:
    turns, out = _turns(tmp_path / "turns.csv"), tmp_path / "out"
    session = ("--conversation-column", "session")
    _run(
        "conversations",
        str(turns),
        *session,
        "--speaker-column",
        "speaker",
        "--role-column",
        "role",
        "--out-dir",
        str(out),
        "--model",
        "fast",
    )
    utterances = out / "utterances.csv"
    assert len(pd.read_csv(utterances)) == 16 * 12
    assert "gender" in _run("compare", str(utterances), *session, "--by", "gender", "--valence")
    _run("report", str(utterances), *session, "--role-column", "role", "-o", str(tmp_path / "report.html"))
    assert (tmp_path / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    _run("fit", str(utterances), *session, "-o", str(tmp_path / "params.json"))
    assert (tmp_path / "params.json").is_file()


def test_an_input_column_called_status_passes_through_conversations(tmp_path: Path) -> None:
    turns = _turns(tmp_path / "turns.csv", extra={"status": "married"})
    output = _run(
        "conversations",
        str(turns),
        "--conversation-column",
        "session",
        "--role-column",
        "role",
        "--out-dir",
        str(tmp_path / "out"),
        "--model",
        "fast",
    )
    utterances = pd.read_csv(tmp_path / "out" / "utterances.csv")
    assert (utterances["status"] == "married").all()
    measured = [c for c in utterances.columns if c.startswith("status") and c != "status"]
    assert len(measured) == 1 and set(utterances[measured[0]]) == {"ok"}
    assert measured[0] in output
