"""`disclosure redact` and `disclosure explain` from the command line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from disclosure import Analyzer
from disclosure.cli import app


def test_redact_rewrites_the_text_column_of_a_file_and_keeps_every_row(tmp_path: Path) -> None:
    source = tmp_path / "posts.csv"
    pd.DataFrame(
        {"id": ["1", "2"], "text": ["I live in Leeds, email me at sam@example.org", "I love pizza"]}
    ).to_csv(source, index=False)
    result = CliRunner().invoke(app, ["redact", str(source), "-o", str(tmp_path / "clean.csv")])
    assert result.exit_code == 0, result.output
    clean = pd.read_csv(tmp_path / "clean.csv", dtype=str)
    assert clean["text"].tolist() == ["I live in [LOCATION], email me at [EMAIL]", "I love pizza"]
    assert clean["id"].tolist() == ["1", "2"]


def test_redact_names_the_missing_column(tmp_path: Path) -> None:
    source = tmp_path / "posts.csv"
    pd.DataFrame({"body": ["hi"]}).to_csv(source, index=False)
    result = CliRunner().invoke(app, ["redact", str(source), "--text-column", "text"])
    assert result.exit_code == 2
    assert "No column 'text'" in result.output and "body" in result.output


def test_explain_shows_every_measure_with_its_evidence(analyzer: Analyzer) -> None:
    from disclosure import explain

    report = explain("I'm Sarah from Leeds and I was diagnosed with bipolar disorder.", analyzer)
    for heading in ("Depth:", "Breadth", "Valence:", "Motive:", "Motivational system:", "Privacy risk:"):
        assert heading in report
    assert '"Leeds" is a location' in report and "[HEALTH CONDITION]" in report
