"""The helper monitor: how often a helper self-discloses, whether it stays client-focused, and what follows.

Monticelli et al. (2022) call for monitoring therapist self-disclosure in transcripts: balanced,
client-focused disclosure strengthens the alliance and invites the client's own disclosure, while
disclosure driven by the therapist's needs undermines it (see also Simonds & Spokes, 2017).
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd

from ..constants import (
    CLIENT_FOCUSED_MAJORITY,
    HELPER_DISCLOSURE_THRESHOLD,
    HELPER_MONITOR_WINDOW,
    MIN_HELPER_DISCLOSURES,
)
from ..schema import SPEAKER_COLUMNS
from .turns import Turns, active_systems

SELF_CENTRED_SYSTEMS = {"ranking": "the helper's disclosures mostly activate ranking (status, comparison)"}
CLIENT_CAREGIVING = "caregiving"
"""A client who answers a helper's disclosure with caregiving is being drawn into looking after the helper."""

_SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself|you're|you've|you'd|you'll)\b", re.IGNORECASE)
_FILLERS = re.compile(r"\b(you know|you see|thank you|mind you)\b", re.IGNORECASE)

MONITOR_COLUMNS: tuple[str, ...] = tuple(c.name for c in SPEAKER_COLUMNS if c.stage == "monitor")
"""The speaker-table columns the monitor fills, in their declared order."""


def turns_to_client(text: str) -> bool:
    """Whether an utterance hands attention back to the client: a question, or talk about 'you'.

    Set phrases that contain 'you' without being about the client ('you know', 'thank you') do not count.
    """
    cleaned = _FILLERS.sub(" ", text)
    return "?" in cleaned or bool(_SECOND_PERSON.search(cleaned))


def helper_discloses(utterances: pd.DataFrame) -> np.ndarray:
    """Which of a helper's utterances self-disclose: the detector is confident (`HELPER_DISCLOSURE_THRESHOLD`) and,
    where the theory columns were measured, the utterance reaches at least the peripheral layer (thanks, sympathy
    and reflections, which the detector can mistake for disclosure, stay at layer 'none')."""
    confident = utterances["disclosure"].to_numpy(float) >= HELPER_DISCLOSURE_THRESHOLD
    if "layer" in utterances.columns:
        confident &= (utterances["layer"] != "none").to_numpy()
    return np.asarray(confident)


def helper_monitor(built: Turns) -> pd.DataFrame:
    """One row per helper speaker per conversation, indexed by (conversation, speaker), with `MONITOR_COLUMNS`."""
    rows = built.utterances[built.utterances["scored"]]
    records = []
    for (conversation, speaker), mine in rows[rows["helper"]].groupby(["conversation", "speaker"], sort=False):
        conv = rows[rows["conversation"] == conversation]
        records.append({"conversation": conversation, "speaker": speaker, **_monitor_one(conv, mine)})
    frame = pd.DataFrame(records, columns=["conversation", "speaker", *MONITOR_COLUMNS])
    return frame.set_index(["conversation", "speaker"])


def _monitor_one(conv: pd.DataFrame, mine: pd.DataFrame) -> dict[str, object]:
    client = conv[~conv["helper"]]
    client_turns = client.groupby("turn_id", sort=True).agg(disclosed=("disclosed", "any"), depth=("depth", "max"))
    turn_ids = client_turns.index.to_numpy(float)
    turn_disclosed = client_turns["disclosed"].to_numpy(float)
    turn_depth = client_turns["depth"].to_numpy(float)
    position = pd.Series(np.arange(len(conv)), index=conv.index)
    helper_at = position[mine.index].to_numpy()
    client_at = position[client.index].to_numpy()
    focus = np.array([turns_to_client(text) for text in mine["text"]], dtype=bool)
    has_systems = "motivational_system" in conv.columns
    focused, before_rate, after_rate, before_depth, after_depth = [], [], [], [], []
    helper_systems: Counter[str] = Counter()
    answer_systems: Counter[str] = Counter()
    disclosing = np.flatnonzero(helper_discloses(mine))
    for k in disclosing:
        focused.append(bool(focus[k] or (k + 1 < len(focus) and focus[k + 1])))
        turn = float(mine["turn_id"].iloc[k])
        cut = int(np.searchsorted(turn_ids, turn))  # a helper's turn is never a client's turn
        before, after = slice(max(0, cut - HELPER_MONITOR_WINDOW), cut), slice(cut, cut + HELPER_MONITOR_WINDOW)
        before_rate.append(_mean(list(turn_disclosed[before])))
        after_rate.append(_mean(list(turn_disclosed[after])))
        before_depth.append(_mean(list(turn_depth[before])))
        after_depth.append(_mean(list(turn_depth[after])))
        if has_systems:
            helper_systems.update(active_systems([mine["motivational_system"].iloc[k]]))
            answer = int(np.searchsorted(client_at, helper_at[k], side="right"))
            answer_systems.update(active_systems(client["motivational_system"].iloc[answer : answer + 1]))
    n = len(disclosing)
    client_disclosure_depth = client.loc[client["disclosed"], "depth"].mean() if len(client) else np.nan
    helper_depth = float(mine["depth"].iloc[disclosing].mean()) if n else np.nan
    share = float(np.mean(focused)) if n else np.nan
    reasons = _reasons(n, share, helper_depth, client_disclosure_depth, helper_systems, answer_systems)
    kinds = Counter(mine["immediacy"].iloc[disclosing]) if "immediacy" in mine.columns else None
    return {
        "helper_disclosures": n,
        "helper_immediate_disclosures": kinds["immediate"] if kinds is not None else np.nan,
        "helper_non_immediate_disclosures": kinds["non_immediate"] if kinds is not None else np.nan,
        "helper_disclosure_depth": helper_depth,
        "client_focused_share": share,
        "client_rate_before": _mean(before_rate),
        "client_rate_after": _mean(after_rate),
        "client_depth_before": _mean(before_depth),
        "client_depth_after": _mean(after_depth),
        "helper_systems": _counts(helper_systems),
        "client_answer_systems": _counts(answer_systems),
        "helper_centred": bool(reasons),
        "helper_centred_reason": "; ".join(reasons) if reasons else ("client-focused" if n else "no self-disclosure"),
    }


def _reasons(
    n: int,
    share: float,
    helper_depth: float,
    client_depth: float,
    helper_systems: Counter[str],
    answer_systems: Counter[str],
) -> list[str]:
    """Why a helper's disclosure looks driven by the helper's own needs; empty when it does not."""
    if n < MIN_HELPER_DISCLOSURES:
        return []
    reasons = []
    if share < CLIENT_FOCUSED_MAJORITY:
        reasons.append("most of the helper's disclosures do not turn attention back to the client")
    if np.isnan(client_depth) or helper_depth > client_depth:
        reasons.append("the helper's disclosures go deeper than the client's")
    for system, reason in SELF_CENTRED_SYSTEMS.items():
        if helper_systems[system] * 2 >= n:
            reasons.append(reason)
    answered = sum(answer_systems.values())
    if answered and answer_systems[CLIENT_CAREGIVING] * 2 >= answered:
        reasons.append("the client answers the helper's disclosures with caregiving")
    return reasons


def _mean(values: list[float]) -> float:
    finite = [v for v in values if not np.isnan(v)]
    return float(np.mean(finite)) if finite else np.nan


def _counts(counter: Counter[str]) -> str:
    """'system:count' pairs, most frequent first, ties alphabetical; empty when nothing was counted."""
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return ";".join(f"{name}:{count}" for name, count in ranked)
