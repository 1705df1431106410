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
    """The `conversations` table (columns declared in `schema.CONVERSATION_COLUMNS`), in first-seen order."""
    rows = built.utterances
    records = []
    for conversation, conv_rows in rows.groupby("conversation", sort=False):
        conv_turns = paired[paired["conversation"] == conversation]
        records.append(
            {
                "conversation": conversation,
                **_measure(conv_rows, conv_turns),
                "note": built.notes.get(str(conversation), ""),
            }
        )
    table = pd.DataFrame(records)
    order = rows.sort_values("file_order").drop_duplicates("conversation")["conversation"]
    table = table.set_index("conversation").loc[order.to_numpy()].reset_index()
    for name in ("n_utterances", "n_turns", "n_speakers", "reciprocity_pairs", "stalls", "withdrawals"):
        table[name] = table[name].astype("Int64")
    table["breadth_before_depth"] = table["breadth_before_depth"].astype("boolean")
    return table


def _measure(conv_rows: pd.DataFrame, turns: pd.DataFrame) -> dict[str, object]:
    depth = turns["depth"].to_numpy(float)
    replied = turns[turns["reply_depth"].notna()]
    pairs = len(replied)
    reciprocity = np.nan
    if pairs >= 3 and replied["depth"].std() > 0 and replied["reply_depth"].std() > 0:
        reciprocity = float(np.corrcoef(replied["depth"].astype(float), replied["reply_depth"].astype(float))[0, 1])
    answered = turns[turns["disclosed"] & turns["reply_support"].notna()]
    unsupported = answered[(answered["reply_support"] < SUPPORT_THRESHOLD) & answered["next_depth"].notna()]
    stalls = unsupported["next_depth"] <= unsupported["depth"]
    withdrawals = unsupported["next_depth"] <= unsupported["depth"] - WITHDRAWAL_DROP
    third = max(1, len(depth) // 3)
    scored = conv_rows[conv_rows["scored"]]
    return {
        "n_utterances": len(conv_rows),
        "n_turns": len(turns),
        "n_speakers": int(scored["speaker"].nunique()),
        "speakers": ";".join(sorted(scored["speaker"].unique())),
        "disclosure_rate": float(scored["disclosed"].mean()) if len(scored) else np.nan,
        "mean_depth": float(np.mean(depth)) if len(depth) else np.nan,
        "reciprocity": reciprocity,
        "reciprocity_pairs": pairs,
        "penetration_slope": penetration_slope(depth),
        "depth_first_third": float(np.mean(depth[:third])) if len(depth) else np.nan,
        "depth_last_third": float(np.mean(depth[-third:])) if len(depth) else np.nan,
        "deep_share": float(np.mean(depth >= DEEP)) if len(depth) else np.nan,
        **_breadth_first(scored),
        "responsiveness": float(answered["reply_support"].mean()) if len(answered) else np.nan,
        "stalls": int(stalls.sum()),
        "withdrawals": int(withdrawals.sum()),
        **_system_shifts(scored),
    }


def _breadth_first(scored: pd.DataFrame) -> dict[str, object]:
    if "categories" not in scored.columns:
        return {"breadth_lead": np.nan, "breadth_before_depth": None}
    opened = [
        areas(cell) if disclosed else frozenset()
        for cell, disclosed in zip(scored["categories"], scored["disclosed"], strict=True)
    ]
    lead = breadth_lead(opened, scored["depth"].to_numpy(float))
    return {"breadth_lead": lead, "breadth_before_depth": None if np.isnan(lead) else bool(lead > 0)}


def _system_shifts(scored: pd.DataFrame) -> dict[str, object]:
    """Per speaker, the run-collapsed sequence of activated motivational systems ('none' left out)."""
    if "motivational_system" not in scored.columns:
        return {"system_sequence": "", "system_transitions": pd.NA}
    parts, transitions = [], 0
    for speaker, mine in scored.groupby("speaker", sort=True):
        active = active_systems(mine["motivational_system"])
        runs = collapse_runs(active)
        transitions += max(0, len(runs) - 1)
        parts.append(f"{speaker}: {' > '.join(runs) if runs else '-'}")
    return {"system_sequence": " | ".join(parts), "system_transitions": transitions}
