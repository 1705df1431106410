"""`conversations`: measure every utterance (unless already measured), then derive the three dynamics tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .. import io
from ..errors import InputError, message
from ..schema import COLUMNS, DETECTOR_LABELS, RESPONSE_COLUMNS
from .conversations import conversation_table
from .effects import corpus_effects
from .responses import pair_turns, utterance_responses
from .speakers import speaker_table
from .turns import DEFAULT_HELPER_ROLES, MEASURED, ConversationColumns, build_turns, depth_layer, validate

if TYPE_CHECKING:
    from ..analyzer import Analyzer
    from .compare import Comparison

RESPONSE_NAMES: tuple[str, ...] = tuple(c.name for c in RESPONSE_COLUMNS)
TABLE_NAMES: tuple[str, ...] = ("utterances", "speakers", "conversations", "effects")


@dataclass(frozen=True)
class ConversationTables:
    """The results of `conversations`: four tables and the notes a reader should see."""

    utterances: pd.DataFrame
    """Every input row in input order, with the measurement columns and the partner's reply to it."""
    speakers: pd.DataFrame
    conversations: pd.DataFrame
    effects: pd.DataFrame
    """Corpus-level reciprocity and reinforcement (one row per effect, with 95% CIs and a plain sentence)."""
    turns: pd.DataFrame
    """One row per turn with canonical names (conversation, speaker, role, helper, index_in_conversation, depth,
    layer, support, disclosed, reply_*, next_depth): what trajectories and reports are drawn from."""
    notes: dict[str, str]
    columns: ConversationColumns
    """The input columns the tables were built from."""

    def write(self, out_dir: str | Path, fmt: str = "csv") -> list[Path]:
        """Write each table as `<name>.<fmt>` (csv, tsv, jsonl or parquet) into `out_dir`; return the paths."""
        directory = Path(out_dir)
        directory.mkdir(parents=True, exist_ok=True)
        paths = []
        for name in TABLE_NAMES:
            path = directory / f"{name}.{fmt}"
            with io.TableWriter(str(path), fmt) as writer:
                writer.write(getattr(self, name))
            paths.append(path)
        return paths


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

    `frame` is never modified. Rows that cannot be scored (empty text) are kept, in place, with empty values.
    """
    validate(frame, columns, source=source)
    clashes = [c for c in RESPONSE_NAMES if c in frame.columns]
    if clashes:
        raise InputError(message("output_clash", columns=clashes, source=source))
    if is_measured(frame):
        frame = _numeric_scores(frame)
    elif analyzer is None:
        raise InputError(message("not_measured", columns=list(DETECTOR_LABELS), source=source))
    else:
        frame = analyzer.annotate(frame, text_column=columns.text, source=source)
    built = build_turns(frame, columns, source=source)
    paired = pair_turns(built.turns)
    responses = utterance_responses(built, paired)
    utterances = frame.join(responses)
    if "depth" not in frame.columns:
        utterances["provisional_depth"] = built.utterances["depth"].where(built.utterances["scored"])
    return ConversationTables(
        utterances=utterances,
        speakers=speaker_table(built),
        conversations=conversation_table(built, paired),
        effects=corpus_effects(paired),
        turns=paired.assign(layer=depth_layer(paired["depth"])),
        notes=built.notes,
        columns=columns,
    )


def read_utterances(path: str | Path, input_format: str | None = None) -> tuple[pd.DataFrame, str, bool]:
    """The utterance table at `path` (any `analyze` format, or a ConvoKit corpus directory), how to name it in
    messages, and whether it was a ConvoKit corpus."""
    from .corpus_files import is_corpus, read_corpus

    if is_corpus(path):
        return read_corpus(path), f"the ConvoKit corpus '{path}'", True
    fmt = io.detect_format(str(path), input_format, default="csv")
    frame = pd.concat(list(io.read_chunks(str(path), fmt)), ignore_index=True)
    return frame, f"'{path}'", False


def conversation_columns(
    corpus: bool,
    *,
    conversation_column: str | None = None,
    speaker_column: str | None = None,
    text_column: str | None = None,
    role_column: str | None = None,
    turn_column: str | None = None,
    helper_roles: Sequence[str] = DEFAULT_HELPER_ROLES,
    responses: Sequence[str] = (),
) -> ConversationColumns:
    """The column choices, defaulting to ConvoKit's names for a corpus and to conversation/speaker/text otherwise."""
    return ConversationColumns(
        conversation=conversation_column or ("conversation_id" if corpus else "conversation"),
        speaker=speaker_column or "speaker",
        text=text_column or "text",
        role=role_column,
        turn=turn_column,
        helper_roles=tuple(r.strip().lower() for r in helper_roles if r.strip()),
        response=tuple(responses),
    )


def load_conversations(
    data: str | Path | pd.DataFrame, input_format: str | None, options: dict[str, object]
) -> tuple[pd.DataFrame, ConversationColumns, str]:
    """The table, the resolved column choices (`options` are `conversation_columns` keywords) and its name."""
    if isinstance(data, pd.DataFrame):
        return data, conversation_columns(False, **options), "the table"  # type: ignore[arg-type]
    frame, source, corpus = read_utterances(data, input_format)
    return frame, conversation_columns(corpus, **options), source  # type: ignore[arg-type]


def analyzer_for(frame: pd.DataFrame, model: str | Path, batch_size: int = 64) -> Analyzer | None:
    """An `Analyzer` when `frame` still needs scoring, else None (the model is then never loaded)."""
    if is_measured(frame):
        return None
    from ..analyzer import Analyzer

    return Analyzer(model, batch_size=batch_size)


def conversations(
    data: str | Path | pd.DataFrame,
    *,
    conversation_column: str | None = None,
    speaker_column: str | None = None,
    text_column: str | None = None,
    role_column: str | None = None,
    turn_column: str | None = None,
    helper_roles: Sequence[str] = DEFAULT_HELPER_ROLES,
    responses: Sequence[str] = (),
    model: str | Path = "default",
    batch_size: int = 64,
    input_format: str | None = None,
) -> ConversationTables:
    """Measure conversations: a DataFrame, a file (CSV, TSV, JSONL, Parquet) or a ConvoKit corpus directory.

    Rows already measured by `analyze` are not scored again. `responses` are COLUMN=VALUE codes of a reply
    (e.g. 'main_therapist_behaviour=reflection') whose reinforcement effect is estimated besides support.
    """
    options: dict[str, object] = {
        "conversation_column": conversation_column,
        "speaker_column": speaker_column,
        "text_column": text_column,
        "role_column": role_column,
        "turn_column": turn_column,
        "helper_roles": helper_roles,
        "responses": responses,
    }
    frame, columns, source = load_conversations(data, input_format, options)
    validate(frame, columns, source=source)
    return measure_conversations(
        frame, columns, analyzer=analyzer_for(frame, model, batch_size), source=source
    )


def compare(
    data: str | Path | pd.DataFrame,
    by: str,
    *,
    valence: bool = False,
    conversation_column: str | None = None,
    speaker_column: str | None = None,
    text_column: str | None = None,
    role_column: str | None = None,
    model: str | Path = "default",
    batch_size: int = 64,
    input_format: str | None = None,
) -> Comparison:
    """Group differences in disclosure rate, depth, breadth and motives by column `by`, clustered by speaker;
    with `valence`, the group x valence interaction. See `dynamics.compare.compare_groups`."""
    from .compare import compare_groups

    options: dict[str, object] = {
        "conversation_column": conversation_column,
        "speaker_column": speaker_column,
        "text_column": text_column,
        "role_column": role_column,
    }
    frame, columns, source = load_conversations(data, input_format, options)
    validate(frame, columns, source=source)
    analyzer = analyzer_for(frame, model, batch_size)
    measured = (
        frame if analyzer is None else analyzer.annotate(frame, text_column=columns.text, source=source)
    )
    return compare_groups(measured, columns, by, valence=valence, source=source)
