"""Which input columns hold the conversation, speaker, text, role and turn, and the names they take by default.

Kept apart from the tables themselves (no pandas here), so the command line can check a file's header for them
before any table library loads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypedDict

from typing_extensions import Unpack

DEFAULT_HELPER_ROLES: tuple[str, ...] = (
    "therapist",
    "counsellor",
    "counselor",
    "helper",
    "listener",
    "supporter",
)
"""Role names treated as the helper (the professional or supporter) unless the caller names others."""


@dataclass(frozen=True)
class ConversationColumns:
    """Which input columns say who spoke, in which conversation, in what order, and in what role."""

    conversation: str
    speaker: str
    text: str = "text"
    role: str | None = None
    turn: str | None = None
    helper_roles: tuple[str, ...] = DEFAULT_HELPER_ROLES
    response: tuple[str, ...] = field(default=())
    """Optional COLUMN=VALUE codes of a reply (e.g. 'main_therapist_behaviour=reflection') to test as reinforcement."""

    def required(self) -> list[str]:
        """The input columns that must exist."""
        named = [self.conversation, self.speaker, self.text, self.role, self.turn]
        return [c for c in named if c is not None] + [spec.partition("=")[0] for spec in self.response]


class ColumnOptions(TypedDict, total=False):
    """Which input columns hold what (the turn column orders the rows); a column left out (or None) takes its
    default name."""

    conversation_column: str | None
    speaker_column: str | None
    text_column: str | None
    role_column: str | None
    turn_column: str | None


class ConversationOptions(ColumnOptions, total=False):
    """`ColumnOptions` plus the helper roles and the reply codes tested as reinforcement."""

    helper_roles: Sequence[str]
    responses: Sequence[str]


def conversation_columns(corpus: bool, **options: Unpack[ConversationOptions]) -> ConversationColumns:
    """The column choices, defaulting to ConvoKit's names for a corpus and to conversation/speaker/text otherwise."""
    check_options(options, ConversationOptions)
    helper_roles = options.get("helper_roles", DEFAULT_HELPER_ROLES)
    return ConversationColumns(
        conversation=options.get("conversation_column") or ("conversation_id" if corpus else "conversation"),
        speaker=options.get("speaker_column") or "speaker",
        text=options.get("text_column") or "text",
        role=options.get("role_column"),
        turn=options.get("turn_column"),
        helper_roles=tuple(r.strip().lower() for r in helper_roles if r.strip()),
        response=tuple(options.get("responses", ())),
    )


def check_options(options: Mapping[str, object], allowed: type) -> None:
    """Raise TypeError, as Python does for a misspelt keyword, when `options` has a key that `allowed` (a
    TypedDict) does not declare."""
    unknown = sorted(set(options) - set(allowed.__annotations__))
    if unknown:
        valid = ", ".join(allowed.__annotations__)
        raise TypeError(f"Unexpected keyword arguments: {', '.join(unknown)}. Valid: {valid}.")
