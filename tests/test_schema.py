"""The data model is the single source of truth for output columns and their documentation."""

from __future__ import annotations

from typer.testing import CliRunner

from disclosure.cli import app
from disclosure.schema import COLUMNS, TABLES, to_markdown

from .conftest import REPO

DOCS = REPO / "docs" / "columns.md"


def test_docs_columns_md_is_generated_from_the_schema() -> None:
    assert DOCS.read_text(encoding="utf-8") == to_markdown(), "regenerate: disclosure columns > docs/columns.md"


def test_columns_command_prints_the_reference() -> None:
    assert CliRunner().invoke(app, ["columns"]).stdout == to_markdown()


def test_every_column_is_fully_declared_and_names_are_unique() -> None:
    for columns in TABLES.values():
        names = [c.name for c in columns]
        assert len(names) == len(set(names))
        for col in columns:
            assert col.name and col.dtype and col.range and len(col.meaning) > 20, col


def test_utterance_table_starts_with_status_language_and_the_five_detector_probabilities() -> None:
    assert [c.name for c in COLUMNS[:7]] == [
        "status",
        "language",
        "disclosure",
        "informational",
        "emotional",
        "emotional_support",
        "informational_support",
    ]


def test_every_table_the_commands_write_is_declared_column_for_column() -> None:
    import numpy as np

    from disclosure.dynamics.estimation import Effect
    from disclosure.dynamics.pipeline import compare, conversations
    from disclosure.model import simulate
    from disclosure.schema import EFFECT_COLUMNS, GROUP_COLUMNS, SIMULATION_COLUMNS, TURN_COLUMNS

    from .dynamics.planted_conversations import reciprocity_corpus

    names = {table: [c.name for c in columns] for table, columns in TABLES.items()}
    assert set(map(tuple, names.values())) >= {
        tuple(c.name for c in t) for t in (EFFECT_COLUMNS, GROUP_COLUMNS, SIMULATION_COLUMNS, TURN_COLUMNS)
    }
    table = reciprocity_corpus(0.5, conversations=6, exchanges=5)
    table["gender"] = np.where(table["speaker"] == "a", "woman", "man")
    tables = conversations(table)
    assert list(tables.effects.columns) == [c.name for c in EFFECT_COLUMNS] == list(Effect.__dataclass_fields__)
    assert list(tables.turns.columns) == [c.name for c in TURN_COLUMNS]
    assert list(compare(table, "gender").groups.columns) == [c.name for c in GROUP_COLUMNS]
    assert list(simulate(3, 4).columns) == [c.name for c in SIMULATION_COLUMNS]
    assert "## Simulation table" in to_markdown() and "`partner_response`" in to_markdown()
