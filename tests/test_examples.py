"""The shipped examples run as the first hours of README.md and examples/README.md say, and every column
docs/columns.md lists appears in the output the docs say holds it, within its declared range; `compare`, `report`,
`fit` and `simulate` read and write what the schema declares."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from disclosure.cli import app
from disclosure.constants import MOTIVES
from disclosure.schema import (
    COLUMNS,
    CONVERSATION_COLUMNS,
    LIST_DTYPE,
    RESPONSE_COLUMNS,
    SPEAKER_COLUMNS,
    Column,
    declared_column,
)

from .conftest import REPO

EXAMPLES = REPO / "examples"
OPTIONS = ["--conversation-column", "session", "--turn-column", "turn", "--role-column", "role"]
DOCUMENTED = {
    "utterances": (*COLUMNS, *RESPONSE_COLUMNS),
    "speakers": SPEAKER_COLUMNS,
    "conversations": CONVERSATION_COLUMNS,
}
"""Each table `conversations` writes and the columns docs/columns.md documents for it."""
ONLY_WITHOUT_DEPTH = {"provisional_depth"}
"""Documented as written only when no `depth` was measured."""
FIRST_HOURS = {"README.md": r"A first hour.*?```bash\n(.*?)```", "examples/README.md": r"```bash\n(.*?)```"}
"""Each page that gives a first hour on the examples, and where its commands are."""

runner = CliRunner()


def _run(*args: str) -> str:
    done = runner.invoke(app, list(args))
    assert done.exit_code == 0, done.output
    return done.output


@pytest.fixture(scope="module")
def first_hour(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The README's first hour: `conversations` on the example conversations."""
    out = tmp_path_factory.mktemp("first-hour")
    _run("conversations", str(EXAMPLES / "conversations.csv"), *OPTIONS, "--out-dir", str(out), "-m", "fast")
    return out


def out_of_range(column: Column, values: pd.Series) -> list[object]:
    """The values of a column that its declared range rules out (ranges in prose are not checked)."""
    present = values.dropna()
    bounds = re.fullmatch(r"\[(-?[\d.]+), (-?[\d.]+)\]", column.range)
    floor = re.fullmatch(r">= (\d+)", column.range)
    if bounds:
        low, high = float(bounds[1]), float(bounds[2])
        return present[(present.astype(float) < low) | (present.astype(float) > high)].tolist()
    if floor:
        return present[present.astype(float) < float(floor[1])].tolist()
    options = [o.strip("'") for o in column.range.split(", ")]
    if not all(re.fullmatch(r"'[^']+'|[a-z_]+", o) for o in column.range.split(", ")) or len(options) < 2:
        return []
    if column.dtype == LIST_DTYPE:
        items = [item for cell in present for item in (cell.split(";") if isinstance(cell, str) else cell) if item]
        return [item for item in items if item not in options]
    return present[~present.astype(str).isin(options)].tolist()


def unexplained(page: Path) -> set[str]:
    """The table headers of a report that its closing glossary does not explain."""
    body, glossary = page.read_text(encoding="utf-8").split("What the columns mean")
    headers = set(re.findall(r"<th[^>]*>([^<]+)</th>", body))
    assert headers
    return headers - set(re.findall(r"<dt>([^<]+)</dt>", glossary))


def test_every_documented_column_is_in_the_table_the_docs_name_within_its_declared_range(first_hour: Path) -> None:
    for name, columns in DOCUMENTED.items():
        table = pd.read_csv(first_hour / f"{name}.csv", keep_default_na=False, na_values=[""])
        missing = [c.name for c in columns if c.name not in table.columns and c.name not in ONLY_WITHOUT_DEPTH]
        assert missing == [], (name, missing)
        outside = {c.name: out_of_range(c, table[c.name]) for c in columns if c.name in table.columns}
        assert {k: v for k, v in outside.items() if v} == {}, name
    utterances = pd.read_csv(first_hour / "utterances.csv")
    assert utterances["session"].nunique() == 8
    assert pd.read_csv(first_hour / "speakers.csv")["top_motive"].notna().any()


def test_the_range_check_catches_a_value_outside_each_kind_of_range() -> None:
    cases = {
        "depth": pd.Series([0.0, 3.5]),
        "layer": pd.Series(["core", "crust"]),
        "motive": pd.Series(["venting", "boredom"]),
        "categories": pd.Series(["feelings;hobbies"]),
        "turn_number": pd.Series([1, 0]),
    }
    for name, values in cases.items():
        column = declared_column(name)
        assert column is not None and len(out_of_range(column, values)) == 1, name


def test_compare_tests_every_documented_outcome_motives_included(first_hour: Path) -> None:
    groups = first_hour / "groups.csv"
    _run("compare", str(first_hour / "utterances.csv"), *OPTIONS, "--by", "role", "-o", str(groups), "-q")
    outcomes = set(pd.read_csv(groups)["outcome"])
    assert {"disclosure_rate", "depth", "breadth", *(f"motive_{m}" for m in MOTIVES)} <= outcomes


def test_the_report_explains_every_column_it_shows(first_hour: Path) -> None:
    page = first_hour / "report.html"
    _run("report", str(first_hour / "utterances.csv"), *OPTIONS, "--by", "role", "-o", str(page), "-q")
    assert unexplained(page) == set()


def test_fit_reads_the_utterance_table_conversations_writes(first_hour: Path) -> None:
    estimates = first_hour / "fit.json"
    _run(
        "fit",
        str(first_hour / "utterances.csv"),
        "--conversation-column",
        "session",
        "--turn-column",
        "turn",
        "-o",
        str(estimates),
        "-q",
    )
    result = json.loads(estimates.read_text(encoding="utf-8"))
    # Comfortably over the 50 speaker turns the fit needs: every one of the 103 turns is scored.
    assert result["conversations"] == 8 and result["speaker_turns"] == 103 and result["estimates"]


@pytest.mark.slow
@pytest.mark.parametrize("page", FIRST_HOURS)
def test_the_first_hour_runs_as_written_and_ends_with_the_fitted_model(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    block = re.search(FIRST_HOURS[page], (REPO / page).read_text(encoding="utf-8"), flags=re.DOTALL)
    assert block is not None
    lines = block[1].replace("\\\n", " ").splitlines()
    commands = [shlex.split(line, comments=True) for line in lines]
    assert {"conversations", "compare", "report", "fit"} <= {command[1] for command in commands}
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    for command in commands:
        _run(*command[1:])
    result = json.loads((tmp_path / "first-hour" / "params.json").read_text(encoding="utf-8"))
    assert result["speaker_turns"] >= 80 and result["estimates"]


def test_simulated_columns_hold_what_the_schema_declares_for_their_names(tmp_path: Path) -> None:
    table, page = tmp_path / "sim.csv", tmp_path / "sim.html"
    _run("simulate", "--dyads", "20", "--turns", "10", "-o", str(table), "--report", str(page), "-q")
    simulated = pd.read_csv(table)
    declared = [c for c in map(declared_column, simulated.columns) if c is not None]
    assert {"depth", "layer", "valence"} <= {c.name for c in declared}
    assert {c.name: out_of_range(c, simulated[c.name]) for c in declared if out_of_range(c, simulated[c.name])} == {}
    assert unexplained(page) == set()
