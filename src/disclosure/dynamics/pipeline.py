"""`conversations`: measure every utterance (unless already measured), then derive the three dynamics tables."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from typing_extensions import Unpack

from .. import io
from ..constants import DEFAULT_BATCH_SIZE, DEFAULT_MODEL
from ..errors import InputError, message
from ..schema import COLUMNS, DETECTOR_LABELS
from .columns import ColumnOptions, ConversationColumns, ConversationOptions, check_options, conversation_columns
from .conversation_measures import conversation_table
from .corpus_files import is_corpus, read_corpus
from .effects import corpus_effects
from .responses import pair_turns, utterance_responses
from .speakers import speaker_table
from .tables import ConversationTables
from .turns import MEASURED, build_turns, depth_layer, previous_texts, validate

if TYPE_CHECKING:
    from ..analyzer import Analyzer
    from .compare import Comparison


def is_measured(frame: pd.DataFrame) -> bool:
    """Whether `frame` already holds the detector's columns (then it is not scored again)."""
    return all(name in frame.columns for name in MEASURED)


def _numeric_scores(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose score columns are numbers (files are read as text, so earlier scores come back as strings)."""
    scores = [c.name for c in COLUMNS if c.dtype == "float" and c.name in frame.columns]
    return frame.assign(**{c: pd.to_numeric(frame[c], errors="coerce") for c in scores})


def measure_conversations(
    frame: pd.DataFrame,
    columns: ConversationColumns,
    *,
    analyzer: Analyzer | None = None,
    source: str = "the table",
) -> ConversationTables:
    """Score `frame` with `analyzer` if it is not yet measured, then compute the conversation dynamics.

    `frame` is never modified and every one of its columns is kept; a column the tables add under a name the
    input already uses gets a suffix (listed in `renamed`). Rows that cannot be scored (empty text) are kept,
    in place, with empty values.
    """
    validate(frame, columns, source=source)
    measured = scored(frame, columns, analyzer=analyzer, source=source)
    added = () if measured is frame or analyzer is None else analyzer.columns
    return conversation_tables(frame, measured, columns, added=added, source=source)


def conversation_tables(
    frame: pd.DataFrame,
    measured: pd.DataFrame,
    columns: ConversationColumns,
    *,
    added: Sequence[str] = (),
    source: str = "the table",
) -> ConversationTables:
    """The tables of `frame` (the input) from `measured` (the same rows with the measurement columns under their
    own names); the `added` measurement columns are appended to the utterances (renamed where `frame` uses the
    name)."""
    built = build_turns(measured, columns, source=source)
    paired = pair_turns(built.turns)
    responses = utterance_responses(built, paired)
    if "depth" not in measured.columns:
        responses["provisional_depth"] = built.utterances["depth"].where(built.utterances["scored"])
    scores = [measured[list(added)]] if added else []
    new = pd.concat([*scores, responses], axis=1)
    renamed = io.collision_free(frame.columns, list(new.columns))
    return ConversationTables(
        utterances=frame.join(new.rename(columns=renamed)),
        speakers=speaker_table(built),
        conversations=conversation_table(built, paired),
        effects=corpus_effects(paired),
        turns=paired.assign(layer=depth_layer(paired["depth"])),
        notes=built.notes,
        columns=columns,
        renamed=renamed,
    )


def scored(
    frame: pd.DataFrame, columns: ConversationColumns, *, analyzer: Analyzer | None, source: str
) -> pd.DataFrame:
    """`frame` with the measurement columns under their own names: as it is when already measured, else scored
    by `analyzer`, with the input's columns that share a measurement's name left out (the caller keeps them).
    Each utterance is read with the utterance before it in its conversation (`previous_texts`)."""
    if is_measured(frame):
        return frame
    if analyzer is None:
        raise InputError(message("not_measured", columns=list(DETECTOR_LABELS), source=source))
    shadowed = [c for c in analyzer.columns if c in frame.columns]
    context = io.collision_free(frame.columns, ["previous_turn"]).get("previous_turn", "previous_turn")
    unscored = frame.drop(columns=shadowed).assign(**{context: previous_texts(frame, columns)})
    measured = analyzer.annotate(unscored, text_column=columns.text, source=source, context_column=context)
    return measured.drop(columns=[context])


def read_utterances(path: str | Path, input_format: str | None = None) -> tuple[pd.DataFrame, str, bool]:
    """The utterance table at `path` (any `analyze` format, or a ConvoKit corpus directory), how to name it in
    messages, and whether it was a ConvoKit corpus."""
    if is_corpus(path):
        return read_corpus(path), f"the ConvoKit corpus '{path}'", True
    table = io.open_table(path, io.detect_format(str(path), input_format, default="csv"))
    return table.frame(), table.name, False


def load_conversations(
    data: str | Path | pd.DataFrame, input_format: str | None = None, **options: Unpack[ConversationOptions]
) -> tuple[pd.DataFrame, ConversationColumns, str]:
    """The table (earlier scores as numbers), its resolved and validated column choices (`options` as for
    `conversation_columns`) and its name in messages."""
    if isinstance(data, pd.DataFrame):
        frame, source, corpus = data, "the table", False
    else:
        frame, source, corpus = read_utterances(data, input_format)
    columns = conversation_columns(corpus, **options)
    validate(frame, columns, source=source)
    return (_numeric_scores(frame) if is_measured(frame) else frame), columns, source


def analyzer_for(
    frame: pd.DataFrame, model: str | Path = DEFAULT_MODEL, batch_size: int = DEFAULT_BATCH_SIZE
) -> Analyzer | None:
    """The package's shared `Analyzer` for `model` when `frame` still needs scoring, else None (the model is then
    never loaded)."""
    if is_measured(frame):
        return None
    # Imported here: the analyzer loads scikit-learn, needed only when something is scored.
    from ..analyzer import cached_analyzer

    return cached_analyzer(model, batch_size)


def conversations(
    data: str | Path | pd.DataFrame,
    *,
    model: str | Path = DEFAULT_MODEL,
    batch_size: int = DEFAULT_BATCH_SIZE,
    input_format: str | None = None,
    **options: Unpack[ConversationOptions],
) -> ConversationTables:
    """Measure conversations: a DataFrame, a file (CSV, TSV, JSONL, Parquet) or a ConvoKit corpus directory.

    `options` name the columns (`conversation_column`, `speaker_column`, `text_column`, `role_column`,
    `turn_column`), the `helper_roles`, and the `responses`: COLUMN=VALUE codes of a reply (e.g.
    'main_therapist_behaviour=reflection') whose reinforcement effect is estimated besides support. Rows
    already measured by `analyze` are not scored again.
    """
    frame, columns, source = load_conversations(data, input_format, **options)
    return measure_conversations(frame, columns, analyzer=analyzer_for(frame, model, batch_size), source=source)


def compare(
    data: str | Path | pd.DataFrame,
    by: str,
    *,
    valence: bool = False,
    model: str | Path = DEFAULT_MODEL,
    batch_size: int = DEFAULT_BATCH_SIZE,
    input_format: str | None = None,
    **options: Unpack[ColumnOptions],
) -> Comparison:
    """Group differences in disclosure rate, depth, breadth and motives by column `by`, clustered by speaker;
    with `valence`, the group x valence interaction. `options` name the columns (`conversation_column`,
    `speaker_column`, `text_column`, `role_column`, `turn_column`). See `dynamics.compare.compare_groups`."""
    from .compare import compare_groups

    check_options(options, ColumnOptions)
    frame, columns, source = load_conversations(data, input_format, **options)
    measured = scored(frame, columns, analyzer=analyzer_for(frame, model, batch_size), source=source)
    return compare_groups(measured, columns, by, valence=valence, source=source)
