"""Conversation measures: reciprocity, penetration, responsiveness, stalls, withdrawals, system shifts."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ..constants import SUPPORT_THRESHOLD
from .trajectory import DEEP, breadth_lead, collapse_runs
from .turns import Turns, active_systems, areas

WITHDRAWAL_DROP = 1.0
"""A fall in depth of one whole layer in the discloser's next turn counts as depenetration."""


def conversation_table(built: Turns, paired: pd.DataFrame) -> pd.DataFrame:
    """The `conversations` table (columns declared in `schema.CONVERSATION_COLUMNS`), in first-seen order.

    Every measure is computed for all conversations at once (grouped sums over the turn and utterance tables), so
    the time grows with the rows, not with rows x conversations; only the breadth lead and the system shifts walk
    each conversation, over arrays.
    """
    rows = built.utterances
    order = pd.Index(rows.sort_values("file_order").drop_duplicates("conversation")["conversation"], name=None)
    scored = rows[rows["scored"]]
    speakers = scored[["conversation", "speaker"]].drop_duplicates()
    table = pd.DataFrame(
        {
            "n_utterances": rows.groupby("conversation", sort=False).size(),
            "n_turns": paired.groupby("conversation", sort=False).size(),
            "n_speakers": speakers.groupby("conversation", sort=False).size(),
            "speakers": speakers.sort_values("speaker").groupby("conversation", sort=False)["speaker"].agg(";".join),
            "disclosure_rate": scored.groupby("conversation", sort=False)["disclosed"].mean(),
        }
    ).reindex(order)
    table = table.join(_turn_measures(paired))
    table = table.join(pd.DataFrame(_per_conversation(scored), index=scored["conversation"].unique()))
    for count in ("n_turns", "n_speakers", "reciprocity_pairs", "stalls", "withdrawals"):
        table[count] = table[count].fillna(0)
    # object first: where no utterance was scored the column is all missing, read as floats
    table["speakers"] = table["speakers"].astype(object).fillna("")
    if "motivational_system" in scored.columns:
        table["system_sequence"] = table["system_sequence"].astype(object).fillna("")
        table["system_transitions"] = table["system_transitions"].fillna(0)
    else:
        table["system_sequence"], table["system_transitions"] = "", pd.NA
    table["note"] = [built.notes.get(str(conversation), "") for conversation in table.index]
    table["breadth_before_depth"] = None
    table = table.rename_axis("conversation").reset_index()[list(_ORDER)]
    table["breadth_lead"] = table["breadth_lead"].astype(float)
    for name in ("n_utterances", "n_turns", "n_speakers", "reciprocity_pairs", "stalls", "withdrawals"):
        table[name] = table[name].astype("Int64")
    lead = table["breadth_lead"]
    table["breadth_before_depth"] = (lead > 0).astype("boolean").mask(lead.isna())
    return table


_ORDER = (
    "conversation",
    "n_utterances",
    "n_turns",
    "n_speakers",
    "speakers",
    "disclosure_rate",
    "mean_depth",
    "reciprocity",
    "reciprocity_pairs",
    "penetration_slope",
    "depth_first_third",
    "depth_last_third",
    "deep_share",
    "breadth_lead",
    "breadth_before_depth",
    "responsiveness",
    "stalls",
    "withdrawals",
    "system_sequence",
    "system_transitions",
    "note",
)


def _turn_measures(turns: pd.DataFrame) -> pd.DataFrame:
    """Per conversation, the measures over its turns: depth, thirds, slope, reciprocity, responsiveness, stalls."""
    group = turns["conversation"]
    by = turns.groupby(group, sort=False)
    depth = turns["depth"].astype(float)
    n = by["depth"].transform("size")
    index = turns["index_in_conversation"].astype(float)
    third = np.maximum(1, n // 3)
    # Penetration slope: depth regressed on log(1 + turn index), NaN with fewer than three turns.
    x = pd.Series(np.log1p(index.to_numpy()), index=turns.index)
    x_centred = x - x.groupby(group, sort=False).transform("mean")
    d_centred = depth - by["depth"].transform("mean")
    slope = (x_centred * d_centred).groupby(group, sort=False).sum() / (x_centred**2).groupby(group, sort=False).sum()
    sizes = by.size()
    # Reciprocity: the correlation of a turn's depth with the reply's, over at least three pairs that both vary.
    reply = turns["reply_depth"].astype(float)
    replied = reply.notna()
    pair_group = group[replied]
    mine = depth[replied] - depth[replied].groupby(pair_group, sort=False).transform("mean")
    theirs = reply[replied] - reply[replied].groupby(pair_group, sort=False).transform("mean")
    spread = (mine**2).groupby(pair_group, sort=False).sum() * (theirs**2).groupby(pair_group, sort=False).sum()
    pairs = replied.groupby(group, sort=False).sum()
    reciprocity = (mine * theirs).groupby(pair_group, sort=False).sum() / np.sqrt(spread)
    reciprocity = reciprocity.where((spread > 0) & (pairs.reindex(spread.index) >= 3))
    support = turns["reply_support"].astype(float)
    answered = turns["disclosed"].astype(bool) & support.notna()
    following = turns["next_depth"].astype(float)
    unsupported = answered & (support < SUPPORT_THRESHOLD) & following.notna()
    return pd.DataFrame(
        {
            "mean_depth": by["depth"].mean(),
            "reciprocity": reciprocity,
            "reciprocity_pairs": pairs,
            "penetration_slope": slope.where(sizes >= 3),
            "depth_first_third": depth.where(index < third).groupby(group, sort=False).mean(),
            "depth_last_third": depth.where(index >= n - third).groupby(group, sort=False).mean(),
            "deep_share": (depth >= DEEP).groupby(group, sort=False).mean(),
            "responsiveness": support.where(answered).groupby(group, sort=False).mean(),
            "stalls": (unsupported & (following <= depth)).groupby(group, sort=False).sum(),
            "withdrawals": (unsupported & (following <= depth - WITHDRAWAL_DROP)).groupby(group, sort=False).sum(),
        }
    )


def _per_conversation(scored: pd.DataFrame) -> dict[str, list[object]]:
    """The breadth lead and the motivational-system shifts of each conversation (in first-seen order among the
    scored rows), walked over arrays."""
    positions = scored.groupby("conversation", sort=False).indices.values()
    out: dict[str, list[object]] = {"breadth_lead": []}
    if "categories" in scored.columns:
        opened = [
            areas(cell) if disclosed else frozenset()
            for cell, disclosed in zip(scored["categories"].tolist(), scored["disclosed"].tolist(), strict=True)
        ]
        deep = (scored["depth"].to_numpy(float) >= DEEP).tolist()
        out["breadth_lead"] = [_lead(tuple(opened[i] for i in at), tuple(deep[i] for i in at)) for at in positions]
    else:
        out["breadth_lead"] = [np.nan] * len(positions)
    if "motivational_system" in scored.columns:
        speakers, systems = scored["speaker"].tolist(), scored["motivational_system"].tolist()
        shifts = [_system_shifts([speakers[i] for i in at], [systems[i] for i in at]) for at in positions]
        out["system_sequence"] = [sequence for sequence, _ in shifts]
        out["system_transitions"] = [transitions for _, transitions in shifts]
    return out


@lru_cache(maxsize=65_536)
def _lead(opened: tuple[frozenset[str], ...], deep: tuple[bool, ...]) -> float:
    """`breadth_lead` of one conversation, which depends on its areas and on which turns went deep only (short
    conversations repeat these patterns, so each is computed once)."""
    if not any(deep) or not any(opened):
        return float("nan")
    return breadth_lead(list(opened), np.where(deep, DEEP, 0.0))


def _system_shifts(speakers: list[str], systems: list[object]) -> tuple[str, int]:
    """Per speaker (sorted), the run-collapsed sequence of activated motivational systems ('none' left out)."""
    said: dict[str, list[object]] = {}
    for speaker, system in zip(speakers, systems, strict=True):
        said.setdefault(speaker, []).append(system)
    parts, transitions = [], 0
    for speaker in sorted(said):
        runs = collapse_runs(active_systems(said[speaker]))
        transitions += max(0, len(runs) - 1)
        parts.append(f"{speaker}: {' > '.join(runs) if runs else '-'}")
    return " | ".join(parts), transitions
