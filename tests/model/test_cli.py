"""`disclosure simulate` and `disclosure fit` on the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from disclosure import simulate
from disclosure.cli import app
from disclosure.model import to_utterances

runner = CliRunner()


def test_simulate_writes_parquet_and_an_html_summary(tmp_path: Path) -> None:
    out, page = tmp_path / "sim.parquet", tmp_path / "sim.html"
    result = runner.invoke(
        app,
        [
            "simulate",
            "--dyads",
            "40",
            "--turns",
            "10",
            "--param",
            "initial_trust=0.1",
            "--seed",
            "3",
            "-o",
            str(out),
            "--report",
            str(page),
        ],
    )
    assert result.exit_code == 0, result.output
    assert pq.read_metadata(out).num_rows == 400
    text = page.read_text(encoding="utf-8")
    assert "Motivational model simulation" in text and "initial_trust=0.1" in text and "data:image/png" in text


@pytest.mark.slow
def test_simulate_with_the_same_seed_writes_identical_files_in_separate_processes(tmp_path: Path) -> None:
    """Two runs, each its own Python process with a different hash seed, write the same bytes."""
    for seed, name in enumerate(("a.parquet", "b.parquet")):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "disclosure",
                "simulate",
                "--dyads",
                "50",
                "--turns",
                "6",
                "--seed",
                "9",
                "-o",
                str(tmp_path / name),
            ],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        )
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()


def test_a_bad_parameter_is_one_line_on_stderr_and_exit_status_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["simulate", "--param", "trust=1", "-o", str(tmp_path / "x.parquet")])
    assert result.exit_code == 2
    assert "No model parameter 'trust'" in result.output


def test_fit_writes_estimates_as_json(tmp_path: Path) -> None:
    table = tmp_path / "utterances.csv"
    to_utterances(simulate(80, 20, seed=2)).rename(columns={"conversation": "dialog"}).to_csv(table, index=False)
    out = tmp_path / "params.json"
    result = runner.invoke(
        app, ["fit", str(table), "-o", str(out), "--conversation-column", "dialog", "--turn-column", "turn"]
    )
    assert result.exit_code == 0, result.output
    body = json.loads(out.read_text())
    assert body["speaker_turns"] == 1600 and "belonging" in body["standard_errors"]
    assert f"not identified by these conversations: {', '.join(body['not_identified']) or 'none'}" in result.output
    assert all(reason in result.output for reason in body["not_identified"].values())


def test_simulating_does_not_load_the_text_models() -> None:
    """Keeps `disclosure simulate` fast: torch is for scoring text only."""
    code = "import sys, disclosure.cli, disclosure.model; sys.exit('torch' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
