"""Conversations through the API: one transcript measured into its tables, and live sessions that grow turn by turn."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..dynamics.columns import DEFAULT_HELPER_ROLES, ConversationColumns
from ..dynamics.pipeline import measure_conversations
from ..dynamics.trajectory import collapse_runs
from ..dynamics.turns import active_systems
from .tables import table_json

CONVERSATION = "session"
_COLUMNS = ("speaker", "role", "text")

TURN_FIELDS = ("index_in_conversation", "speaker", "role", "helper", "depth", "layer", "disclosed", "support")
"""What the penetration trajectory is drawn from: one row per turn."""


def conversation_view(measured: pd.DataFrame, helper_roles: Sequence[str] | None) -> dict[str, Any]:
    """The tables of one measured conversation (`speaker`, `role`, `text` and the analyzer's columns) as JSON."""
    frame = measured.assign(conversation=CONVERSATION, role=measured["role"].fillna(measured["speaker"]))
    columns = ConversationColumns(
        conversation="conversation",
        speaker="speaker",
        role="role",
        helper_roles=tuple(r.strip().lower() for r in (helper_roles or DEFAULT_HELPER_ROLES)),
    )
    tables = measure_conversations(frame, columns)
    scored = tables.utterances[tables.utterances["status"].str.startswith("ok")]
    transitions = {
        str(speaker): collapse_runs(active_systems(mine["motivational_system"]))
        for speaker, mine in scored.groupby("speaker", sort=False)
    }
    return {
        "utterances": table_json(tables.utterances.drop(columns="conversation")),
        "turns": table_json(tables.turns[list(TURN_FIELDS)]),
        "speakers": table_json(tables.speakers.drop(columns="conversation", errors="ignore")),
        "conversations": table_json(tables.conversations),
        "transitions": transitions,
        "notes": list(tables.notes.values()),
    }


def utterance_frame(utterances: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """speaker, role and text of each utterance, in order (role None where not given)."""
    return pd.DataFrame([{name: u.get(name) for name in _COLUMNS} for u in utterances], columns=list(_COLUMNS))


@dataclass
class Session:
    """A conversation that grows: its measured utterances, a version that counts changes, and a signal to watchers."""

    helper_roles: list[str] | None = None
    measured: pd.DataFrame = field(default_factory=pd.DataFrame)
    version: int = 0
    view: dict[str, Any] | None = None
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    adding: asyncio.Lock = field(default_factory=asyncio.Lock)
    """Held while turns are measured and added, so two additions never interleave."""

    async def publish(self, measured: pd.DataFrame, view: dict[str, Any]) -> None:
        """Store the new state and wake everyone watching."""
        async with self.changed:
            self.measured, self.view = measured, view
            self.version += 1
            self.changed.notify_all()

    async def next_view(self, seen: int, timeout: float) -> tuple[int, dict[str, Any] | None]:
        """The version and view after `seen` (waiting up to `timeout` seconds for one); the same version if none."""
        async with self.changed:
            if self.version <= seen:
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self.changed.wait_for(lambda: self.version > seen), timeout)
            return self.version, self.view


class Sessions:
    """Live sessions in memory, at most `limit` (the longest unused is dropped); nothing is written to disk."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._sessions: OrderedDict[str, Session] = OrderedDict()

    def open(self, helper_roles: list[str] | None) -> str:
        """A new empty session's id (unguessable: it is all a caller needs to read the session)."""
        key = secrets.token_urlsafe(16)
        self._sessions[key] = Session(helper_roles=helper_roles)
        while len(self._sessions) > self.limit:
            self._sessions.popitem(last=False)
        return key

    def get(self, key: str) -> Session | None:
        """The session `key`, or None when it does not exist (or was dropped)."""
        session = self._sessions.get(key)
        if session is not None:
            self._sessions.move_to_end(key)
        return session
