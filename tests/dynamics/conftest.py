"""Fixtures for the dynamics tests: column choices for the planted conversations."""

from __future__ import annotations

import pytest

from disclosure.dynamics.columns import ConversationColumns


@pytest.fixture
def columns() -> ConversationColumns:
    """How the planted tables name their columns."""
    return ConversationColumns(conversation="conversation", speaker="speaker")
