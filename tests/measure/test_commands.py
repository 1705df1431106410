"""`disclosure redact` and `disclosure explain` from the command line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from disclosure import Analyzer
from disclosure.cli import app


def test_redact_rewrites_the_text_column_of_a_file_and_keeps_every_row(tmp_path: Path) -> None:
    source = tmp_path / "posts.csv"
    pd.DataFrame({"id": ["1", "2"], "text": ["I live in Leeds, email me at sam@example.org", "I love pizza"]}).to_csv(
        source, index=False
    )
    result = CliRunner().invoke(app, ["redact", str(source), "-o", str(tmp_path / "clean.csv")])
    assert result.exit_code == 0, result.output
    clean = pd.read_csv(tmp_path / "clean.csv", dtype=str)
    assert clean["text"].tolist() == ["I live in [LOCATION], email me at [EMAIL]", "I love pizza"]
    assert clean["id"].tolist() == ["1", "2"]


def test_redact_output_is_spreadsheet_safe_unless_formulas_are_kept(tmp_path: Path) -> None:
    from disclosure.io import read_table

    source = tmp_path / "posts.csv"
    source.write_bytes(b'id,text\r\n=1,"=HYPERLINK(""http://x"")"\r\n2,"\tcmd"\r\n3,"\r+x"\r\n4,I love pizza\r\n')
    result = CliRunner().invoke(app, ["redact", str(source), "-o", str(tmp_path / "shared.csv")])
    assert result.exit_code == 0, result.output
    shared = read_table(tmp_path / "shared.csv")
    assert shared["id"].tolist() == ["'=1", "2", "3", "4"]
    assert shared["text"].tolist() == ['\'=HYPERLINK("http://x")', "'\tcmd", "'\r+x", "I love pizza"]
    result = CliRunner().invoke(app, ["redact", str(source), "-o", str(tmp_path / "raw.csv"), "--keep-formulas"])
    assert result.exit_code == 0, result.output
    raw = read_table(tmp_path / "raw.csv")["text"].tolist()
    assert raw == ['=HYPERLINK("http://x")', "\tcmd", "\r+x", "I love pizza"]


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


def test_redact_gives_one_pseudonym_per_person_across_the_file_and_says_when_the_salt_is_random(
    tmp_path: Path,
) -> None:
    source = tmp_path / "chat.csv"
    pd.DataFrame({"text": ["My sister Priya lives in Leeds.", "Then Priya moved to Leeds too."]}).to_csv(
        source, index=False
    )
    out = tmp_path / "clean.csv"
    result = CliRunner().invoke(app, ["redact", str(source), "-o", str(out), "--mode", "pseudonym"])
    assert result.exit_code == 0, result.output
    first, second = pd.read_csv(out)["text"].tolist()
    person, place = first.removeprefix("My sister ").removesuffix(".").split(" lives in ")
    assert person.startswith("[PERSON_") and place.startswith("[LOCATION_")
    assert second == f"Then {person} moved to {place} too."
    assert "random salt" in result.output


def test_redact_lists_the_modes_and_audiences_when_given_an_unknown_one(tmp_path: Path) -> None:
    source = tmp_path / "posts.csv"
    pd.DataFrame({"text": ["hi"]}).to_csv(source, index=False)
    result = CliRunner().invoke(app, ["redact", str(source), "--mode", "blur"])
    assert result.exit_code == 2 and "placeholder, pseudonym, abstract" in result.output
    result = CliRunner().invoke(app, ["redact", str(source), "--audience", "boss"])
    assert result.exit_code == 2 and "public, community, friends, professional" in result.output
