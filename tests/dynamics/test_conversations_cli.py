"""`disclosure conversations` and `disclosure compare` on already-measured files (no model needed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from disclosure.cli import app

from .planted_conversations import CLIENT_FOCUSED, helper_conversation, reinforcement_corpus


def _measured_file(tmp_path: Path) -> Path:
    table = pd.concat(
        [
            reinforcement_corpus(1.0, conversations=12, exchanges=8),
            helper_conversation("h", CLIENT_FOCUSED, helper_depth=1.0, client_after=2.0),
        ],
        ignore_index=True,
    )
    path = tmp_path / "measured.csv"
    table.to_csv(path, index=False)
    return path


def test_conversations_writes_the_four_tables_and_prints_the_effects(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["conversations", str(_measured_file(tmp_path)), "--out-dir", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    assert "95% CI" in result.output
    for name in ("utterances", "speakers", "conversations", "effects"):
        assert (tmp_path / "out" / f"{name}.csv").is_file()
    utterances = pd.read_csv(tmp_path / "out" / "utterances.csv")
    assert len(utterances) == 12 * 16 + 18


@pytest.mark.slow
def test_the_same_input_gives_byte_identical_tables_in_separate_processes(tmp_path: Path) -> None:
    """Two runs, each its own Python process with a different hash seed, write the same bytes."""
    source = _measured_file(tmp_path)
    for seed, out in enumerate(("a", "b")):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "disclosure",
                "conversations",
                str(source),
                "--out-dir",
                str(tmp_path / out),
                "--format",
                "parquet",
            ],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        )
        assert done.returncode == 0, done.stderr
    for name in ("utterances", "speakers", "conversations", "effects"):
        assert (tmp_path / "a" / f"{name}.parquet").read_bytes() == (tmp_path / "b" / f"{name}.parquet").read_bytes()


def test_a_wrong_column_exits_with_a_one_line_message(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "conversations",
            str(_measured_file(tmp_path)),
            "--out-dir",
            str(tmp_path),
            "--speaker-column",
            "who",
        ],
    )
    assert result.exit_code == 2
    assert "No column 'who'" in result.output and "Traceback" not in result.output


def test_compare_prints_group_differences_with_intervals(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["compare", str(_measured_file(tmp_path)), "--by", "speaker", "-o", str(tmp_path / "groups.csv")]
    )
    assert result.exit_code == 0, result.output
    assert "disclosure_rate: speaker = therapist differs from client" in result.output
    assert set(pd.read_csv(tmp_path / "groups.csv")["outcome"]) == {"disclosure_rate", "depth"}


def test_report_writes_one_html_file_with_inline_figures(tmp_path: Path) -> None:
    output = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", str(_measured_file(tmp_path)), "-o", str(output), "--by", "speaker"])
    assert result.exit_code == 0, result.output
    page = output.read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,') >= 6 and "Groups by speaker" in page
