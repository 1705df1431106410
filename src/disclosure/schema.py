"""Every column `disclosure` adds to a table: name, type, range, meaning and where it comes from.

This module is the single source of truth for output columns. `docs/columns.md` is generated from
it (`disclosure columns > docs/columns.md`) and a test checks that the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass

JAIDKA_2020 = (
    "Jaidka, Singh, Lu, Chhaya & Ungar (2020). A report of the CL-Aff OffMyChest shared task: "
    "modeling supportiveness and disclosure. AffCon@AAAI-20."
)


@dataclass(frozen=True)
class Column:
    """One output column: what it holds and what it means."""

    name: str
    dtype: str
    range: str
    meaning: str
    source: str = ""
    stage: str = "detector"


STATUS_OK = "ok"
STATUS_EMPTY = "empty text"
STATUS_NOT_TEXT = "not text"

STATUS = Column(
    name="status",
    dtype="str",
    range=f"'{STATUS_OK}', '{STATUS_EMPTY}', '{STATUS_NOT_TEXT}'",
    meaning="Whether the row was scored. Rows that are empty or hold no text are kept, in place, with empty scores "
    "and the reason here, so rows out always equal rows in.",
    stage="accounting",
)

DETECTOR_COLUMNS: tuple[Column, ...] = (
    Column(
        "disclosure",
        "float",
        "[0, 1]",
        "Probability that the utterance reveals something about the speaker: facts about themselves or their "
        "feelings (informational or emotional self-disclosure).",
        JAIDKA_2020,
    ),
    Column(
        "informational",
        "float",
        "[0, 1]",
        "Probability of informational (descriptive) self-disclosure: facts about the speaker such as age, job, "
        "where they live, family, health, appearance or behaviour.",
        JAIDKA_2020,
    ),
    Column(
        "emotional",
        "float",
        "[0, 1]",
        "Probability of emotional (evaluative) self-disclosure: the speaker's own feelings, mild or deep, "
        "positive or negative.",
        JAIDKA_2020,
    ),
    Column(
        "emotional_support",
        "float",
        "[0, 1]",
        "Probability that the utterance offers someone else sympathy, caring or encouragement.",
        JAIDKA_2020,
    ),
    Column(
        "informational_support",
        "float",
        "[0, 1]",
        "Probability that the utterance offers someone else specific information, practical advice or a course "
        "of action.",
        JAIDKA_2020,
    ),
)

COLUMNS: tuple[Column, ...] = (STATUS, *DETECTOR_COLUMNS)
"""All columns `disclosure analyze` appends, in output order, after the input's own columns."""

DETECTOR_LABELS: tuple[str, ...] = tuple(c.name for c in DETECTOR_COLUMNS)


def column(name: str) -> Column:
    """Return the declared column called `name`."""
    for col in COLUMNS:
        if col.name == name:
            return col
    raise KeyError(name)


TABLES: dict[str, tuple[Column, ...]] = {
    "Utterance table (`disclosure analyze`)": COLUMNS,
}
"""Every output table and its declared columns; `docs/columns.md` renders them all, in this order."""


def to_markdown() -> str:
    """Render the column reference (the content of `docs/columns.md`)."""
    lines = [
        "# Output columns",
        "",
        "Generated from `src/disclosure/schema.py` by `disclosure columns`; do not edit by hand.",
    ]
    for title, columns in TABLES.items():
        lines += ["", f"## {title}", ""]
        if columns is COLUMNS:
            lines += ["Every input column is passed through unchanged, in input order; these columns follow it.", ""]
        lines += ["| column | type | range | meaning | source |", "|---|---|---|---|---|"]
        for col in columns:
            cells = (f"`{col.name}`", col.dtype, col.range, col.meaning, col.source or "—")
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"
