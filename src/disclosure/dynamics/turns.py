"""Conversation input: validate a measured utterance table and collapse it into ordered speaker turns.

A *turn* is a run of consecutive scored utterances by one speaker in one conversation. Every dynamic
measure (responses, reciprocity, trajectories, the helper monitor) is computed over turns, so a speaker
who splits one thought over three lines is answered once, as in the conversation itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..constants import DISCLOSURE_THRESHOLD, LAYER_CUTS, LAYERS, MOTIVES, NO_SYSTEM
from ..errors import InputError, message
from ..schema import DETECTOR_LABELS, SCORED_STATUSES
from .columns import ConversationColumns

MEASURED: tuple[str, ...] = ("status", *DETECTOR_LABELS)
"""Columns an utterance table must hold before dynamics can be computed (added by `Analyzer.annotate`)."""


@dataclass(frozen=True)
class Turns:
    """The validated conversation: utterance rows in conversation order, their turns, and notes for a person."""

    utterances: pd.DataFrame
    """One row per input row (input index kept), with canonical columns; `turn` is NaN for unscored rows."""
    turns: pd.DataFrame
    """One row per turn, ordered by conversation then position."""
    notes: dict[str, str]
    """Conversation id -> why some of its measures are empty or how its order was decided."""


def provisional_depth(measured: pd.DataFrame) -> pd.Series:
    """Depth on the 0-3 layer scale from the detector alone, used only while no `depth` column is measured.

    Emotional disclosure is treated as more intimate than informational (Laurenceau, Feldman Barrett &
    Pietromonaco, 1998): a certain informational disclosure sits at 1.5, a certain emotional one at 3.
    """
    disclosure = measured["disclosure"].astype(float)
    emotional = measured["emotional"].astype(float)
    return 3.0 * disclosure * (1.0 + emotional) / 2.0


def areas(cell: object) -> frozenset[str]:
    """The breadth areas in one `categories` cell: a list, or text joined by ';' or ',' as read from CSV."""
    if isinstance(cell, str):
        items = cell.replace(",", ";").split(";")
    elif isinstance(cell, (list, tuple, set, frozenset, np.ndarray)):
        items = [str(item) for item in cell]
    else:
        items = []
    return frozenset(item.strip() for item in items if item.strip())


def active_systems(systems: Iterable[object]) -> list[str]:
    """The motivational systems actually activated, in order ('none' and missing values left out)."""
    return [s for s in systems if isinstance(s, str) and s not in ("", NO_SYSTEM)]


def depth_layer(depth: pd.Series) -> pd.Series:
    """The layer name for each depth, cut as the theory measure cuts it (NaN stays missing)."""
    values = depth.to_numpy(float)
    names = np.array(LAYERS, dtype=object)[np.searchsorted(LAYER_CUTS, np.nan_to_num(values), side="right")]
    return pd.Series(np.where(np.isnan(values), None, names), index=depth.index, dtype=object)


def validate(frame: pd.DataFrame, columns: ConversationColumns, *, source: str) -> None:
    """Raise `InputError` when the table cannot be read as conversations."""
    present = list(map(str, frame.columns))
    for name in columns.required():
        if name not in frame.columns:
            raise InputError(message("unknown_column", column=name, source=source, columns=present))
    for spec in columns.response:
        if "=" not in spec or not spec.partition("=")[2]:
            raise InputError(message("bad_response_spec", spec=spec))
    missing = frame[columns.conversation].isna() | (frame[columns.conversation].astype(str).str.strip() == "")
    if missing.any():
        rows = [int(i) + 1 for i in np.flatnonzero(missing.to_numpy())[:5]]
        raise InputError(message("no_conversation_id", column=columns.conversation, rows=rows, n=int(missing.sum())))


def previous_texts(frame: pd.DataFrame, columns: ConversationColumns) -> pd.Series:
    """Each row's previous utterance in its conversation (in the order `build_turns` uses), '' for a first one.

    The measures read an utterance with it, so that a bare "yes" or "me too" is coded as the answer it is.
    """
    ordered = conversation_order(frame, columns)
    text = frame[columns.text].loc[ordered.index]
    return text.groupby(ordered["conversation"], sort=False).shift(1).reindex(frame.index).fillna("")


def conversation_order(
    frame: pd.DataFrame, columns: ConversationColumns, notes: dict[str, str] | None = None
) -> pd.DataFrame:
    """Who spoke where of every row, the rows in conversation order: the one order every reader of turns uses
    (`build_turns`, `previous_texts`, `model.fit`).

    Columns: `conversation` and `speaker` (as text, trimmed), `position` (the turn column, a number or a time, else
    the file order) and `file_order`; rows sorted by conversation, then position, then file order. `notes` receives,
    per conversation, how its order was decided when the file did not already hold it.
    """
    keys = pd.DataFrame(
        {
            "conversation": frame[columns.conversation].astype(str).str.strip(),
            "speaker": frame[columns.speaker].astype(str).str.strip(),
            "position": _order(frame, columns, {} if notes is None else notes),
            "file_order": np.arange(len(frame)),
        },
        index=frame.index,
    )
    return keys.sort_values(["conversation", "position", "file_order"], kind="stable")


def scored_rows(frame: pd.DataFrame) -> pd.Series:
    """Which rows hold scores: by `status` where the table has it, else where `disclosure` is a number."""
    if "status" in frame.columns:
        return frame["status"].astype(str).isin(SCORED_STATUSES)
    return pd.to_numeric(frame["disclosure"], errors="coerce").notna()


def turn_ids(ordered: pd.DataFrame, scored: pd.Series) -> pd.Series:
    """The turn of each scored row of `ordered` (`conversation_order`'s frame), numbered 1, 2, ... across the table;
    NaN for an unscored row, which neither starts nor breaks a turn."""
    mask = scored.loc[ordered.index].to_numpy(bool)
    kept = ordered[mask]
    starts = turn_starts(kept["conversation"].to_numpy(), kept["speaker"].to_numpy())
    return pd.Series(np.cumsum(starts), index=kept.index, dtype=float).reindex(ordered.index)


def _order(frame: pd.DataFrame, columns: ConversationColumns, notes: dict[str, str]) -> pd.Series:
    """A sortable position per row: the turn column (number or timestamp) if given, else file order."""
    if columns.turn is None:
        return pd.Series(np.arange(len(frame), dtype=float), index=frame.index)
    raw = frame[columns.turn].astype(str).str.strip()
    position = _as_position(raw)
    if position.isna().any():
        unreadable = [v for v in dict.fromkeys(raw) if _as_position(pd.Series([v])).isna().all()]
        examples = unreadable[:3] or list(dict.fromkeys(raw))[:3]  # else: numbers and times mixed
        raise InputError.about("turn_column", "bad_turn_values", column=columns.turn, examples=examples)
    conversation = frame[columns.conversation].astype(str)
    steps = position - position.groupby(conversation, sort=False).shift()
    backwards = (steps < 0).groupby(conversation, sort=False).any()
    repeated = (steps == 0).groupby(conversation, sort=False).any()
    for conv in conversation.unique():
        if backwards[conv]:
            notes[conv] = f"rows were out of order in the file; ordered by '{columns.turn}'"
        elif repeated[conv]:
            notes[conv] = f"some rows share a '{columns.turn}' value; those keep their file order"
    return position.astype(float)


def _as_position(raw: pd.Series) -> pd.Series:
    """Turn numbers, or else clock times / timestamps in seconds; NaN where the whole column cannot agree."""
    numbers = pd.to_numeric(raw, errors="coerce")
    if numbers.notna().all():
        return numbers.astype(float)
    times = pd.to_timedelta(raw, errors="coerce")
    if times.notna().all():
        return times.dt.total_seconds()
    stamps = pd.to_datetime(raw, errors="coerce", format="mixed")
    if stamps.notna().all():
        return (stamps - pd.Timestamp(0)).dt.total_seconds()
    return numbers.astype(float)


def build_turns(measured: pd.DataFrame, columns: ConversationColumns, *, source: str = "the table") -> Turns:
    """Validate `measured` (an utterance table with the detector columns) and collapse it into turns."""
    validate(measured, columns, source=source)
    lacking = [c for c in MEASURED if c not in measured.columns]
    if lacking:
        raise InputError(message("not_measured", columns=lacking, source=source))
    notes: dict[str, str] = {}
    ordered = conversation_order(measured, columns, notes)
    speaker = ordered["speaker"]
    role = (measured[columns.role].astype(str).str.strip() if columns.role else speaker).str.lower()
    helpers = {r.lower() for r in columns.helper_roles}
    has_depth = "depth" in measured.columns
    depth = measured["depth"].astype(float) if has_depth else provisional_depth(measured)
    support = measured[["emotional_support", "informational_support"]].astype(float).max(axis=1)
    rows = ordered.assign(
        role=role,
        helper=role.isin(helpers),
        scored=scored_rows(measured),
        text=measured[columns.text].where(measured[columns.text].map(lambda v: isinstance(v, str)), ""),
        disclosure=measured["disclosure"].astype(float),
        emotional=measured["emotional"].astype(float),
        depth=depth,
        support=support,
    )
    motives = ("motive", *(f"motive_{m}" for m in MOTIVES))
    for optional in ("layer", "valence", *motives, "motivational_system", "immediacy", "categories"):
        if optional in measured.columns:
            rows[optional] = measured[optional]
    for spec in columns.response:
        name, _, value = spec.partition("=")
        rows[f"response:{spec}"] = measured[name].astype(str).str.strip().str.lower() == value.strip().lower()
    rows["disclosed"] = rows["disclosure"] >= DISCLOSURE_THRESHOLD
    rows["turn_id"] = turn_ids(ordered, rows["scored"])
    scored = rows[rows["scored"]]
    speakers = scored.groupby("conversation", sort=False)["speaker"].nunique()
    for conv in rows["conversation"].unique():
        if conv not in speakers.index:
            notes[str(conv)] = "no utterance could be scored (all empty or not text)"
        elif speakers[conv] < 2:
            notes[str(conv)] = "only one speaker: replies, reciprocity and the helper monitor need two"
    return Turns(utterances=rows, turns=_collapse(rows[rows["scored"]], columns.response), notes=notes)


def turn_starts(conversation: np.ndarray, speaker: np.ndarray) -> np.ndarray:
    """For utterances in conversation order: True where a turn begins (a run of consecutive utterances by one
    speaker in one conversation)."""
    starts = np.ones(len(conversation), dtype=bool)
    starts[1:] = (conversation[1:] != conversation[:-1]) | (speaker[1:] != speaker[:-1])
    return starts


def _collapse(scored: pd.DataFrame, response: Sequence[str]) -> pd.DataFrame:
    """One row per turn: its deepest utterance, strongest support and whether any utterance disclosed."""
    aggregations: dict[str, tuple[str, str]] = {
        "conversation": ("conversation", "first"),
        "speaker": ("speaker", "first"),
        "role": ("role", "first"),
        "helper": ("helper", "first"),
        "depth": ("depth", "max"),
        "support": ("support", "max"),
        "disclosed": ("disclosed", "any"),
        "n_utterances": ("depth", "size"),
    }
    aggregations.update({f"response:{spec}": (f"response:{spec}", "any") for spec in response})
    turns = scored.groupby("turn_id", sort=True).agg(**aggregations)
    turns["index_in_conversation"] = turns.groupby("conversation", sort=False).cumcount()
    return turns.reset_index()
