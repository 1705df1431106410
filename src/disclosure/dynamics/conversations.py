"""Conversation measures: reciprocity, penetration, responsiveness, stalls, withdrawals, system shifts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..constants import SUPPORT_THRESHOLD
from .trajectory import DEEP, breadth_lead, collapse_runs, penetration_slope
from .turns import Turns, active_systems, areas

WITHDRAWAL_DROP = 1.0
"""A fall in depth of one whole layer in the discloser's next turn counts as depenetration."""


def conversation_table(built: Turns, paired: pd.DataFrame) -> pd.DataFrame:
    """The `conversations` table (columns declared in `schema.CONVERSATION_COLUMNS`), in first-seen order.

    Each column is taken out of its table once and each conversation reads its own slices, so the time grows with
    the rows, not with rows x conversations.
    """
    rows = built.utterances
    turn_rows = paired.groupby("conversation", sort=False).indices
    utterances = _Columns.of(rows, ("scored", "speaker", "disclosed", "depth", "categories", "motivational_system"))
    turns = _Columns.of(paired, ("depth", "reply_depth", "disclosed", "reply_support", "next_depth"))
    none = np.array([], dtype=int)
    records = [
        {
            "conversation": conversation,
            **_measure(utterances.take(positions), turns.take(turn_rows.get(conversation, none))),
            "note": built.notes.get(str(conversation), ""),
        }
        for conversation, positions in rows.groupby("conversation", sort=False).indices.items()
    ]
    table = pd.DataFrame(records)
    order = rows.sort_values("file_order").drop_duplicates("conversation")["conversation"]
    table = table.set_index("conversation").loc[order.to_numpy()].reset_index()
    for name in ("n_utterances", "n_turns", "n_speakers", "reciprocity_pairs", "stalls", "withdrawals"):
        table[name] = table[name].astype("Int64")
    table["breadth_before_depth"] = table["breadth_before_depth"].astype("boolean")
    return table


class _Columns:
    """Some columns of a table as arrays (those the table has), sliced by position without pandas' per-call cost."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.arrays = arrays

    @classmethod
    def of(cls, table: pd.DataFrame, names: tuple[str, ...]) -> _Columns:
        return cls({name: table[name].to_numpy() for name in names if name in table.columns})

    def take(self, positions: np.ndarray) -> _Columns:
        return _Columns({name: values[positions] for name, values in self.arrays.items()})

    def where(self, keep: np.ndarray) -> _Columns:
        return self.take(np.flatnonzero(keep))

    def __contains__(self, name: str) -> bool:
        return name in self.arrays

    def __getitem__(self, name: str) -> np.ndarray:
        return self.arrays[name]

    def __len__(self) -> int:
        return len(next(iter(self.arrays.values()))) if self.arrays else 0


def _measure(conv_rows: _Columns, turns: _Columns) -> dict[str, object]:
    depth = turns["depth"].astype(float)
    reply_depth = turns["reply_depth"].astype(float)
    replied = ~np.isnan(reply_depth)
    pairs = int(replied.sum())
    reciprocity = np.nan
    if pairs >= 3 and np.std(depth[replied]) > 0 and np.std(reply_depth[replied]) > 0:
        reciprocity = float(np.corrcoef(depth[replied], reply_depth[replied])[0, 1])
    support = turns["reply_support"].astype(float)
    next_depth = turns["next_depth"].astype(float)
    answered = turns["disclosed"].astype(bool) & ~np.isnan(support)
    unsupported = answered & (support < SUPPORT_THRESHOLD) & ~np.isnan(next_depth)
    stalls = unsupported & (next_depth <= depth)
    withdrawals = unsupported & (next_depth <= depth - WITHDRAWAL_DROP)
    third = max(1, len(depth) // 3)
    scored = conv_rows.where(conv_rows["scored"].astype(bool))
    speakers = sorted(set(scored["speaker"].tolist()))
    return {
        "n_utterances": len(conv_rows),
        "n_turns": len(depth),
        "n_speakers": len(speakers),
        "speakers": ";".join(speakers),
        "disclosure_rate": float(np.mean(scored["disclosed"].astype(bool))) if len(scored) else np.nan,
        "mean_depth": float(np.mean(depth)) if len(depth) else np.nan,
        "reciprocity": reciprocity,
        "reciprocity_pairs": pairs,
        "penetration_slope": penetration_slope(depth),
        "depth_first_third": float(np.mean(depth[:third])) if len(depth) else np.nan,
        "depth_last_third": float(np.mean(depth[-third:])) if len(depth) else np.nan,
        "deep_share": float(np.mean(depth >= DEEP)) if len(depth) else np.nan,
        **_breadth_first(scored),
        "responsiveness": float(np.mean(support[answered])) if answered.any() else np.nan,
        "stalls": int(stalls.sum()),
        "withdrawals": int(withdrawals.sum()),
        **_system_shifts(scored, speakers),
    }


def _breadth_first(scored: _Columns) -> dict[str, object]:
    if "categories" not in scored:
        return {"breadth_lead": np.nan, "breadth_before_depth": None}
    opened = [
        areas(cell) if disclosed else frozenset()
        for cell, disclosed in zip(scored["categories"], scored["disclosed"], strict=True)
    ]
    lead = breadth_lead(opened, scored["depth"].astype(float))
    return {"breadth_lead": lead, "breadth_before_depth": None if np.isnan(lead) else bool(lead > 0)}


def _system_shifts(scored: _Columns, speakers: list[str]) -> dict[str, object]:
    """Per speaker, the run-collapsed sequence of activated motivational systems ('none' left out)."""
    if "motivational_system" not in scored:
        return {"system_sequence": "", "system_transitions": pd.NA}
    said: dict[str, list[object]] = {speaker: [] for speaker in speakers}
    for speaker, system in zip(scored["speaker"].tolist(), scored["motivational_system"].tolist(), strict=True):
        said[speaker].append(system)
    parts, transitions = [], 0
    for speaker in speakers:
        runs = collapse_runs(active_systems(said[speaker]))
        transitions += max(0, len(runs) - 1)
        parts.append(f"{speaker}: {' > '.join(runs) if runs else '-'}")
    return {"system_sequence": " | ".join(parts), "system_transitions": transitions}
