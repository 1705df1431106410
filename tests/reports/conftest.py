"""A measured set of planted conversations for the report tests (built once per session)."""

from __future__ import annotations

from types import ModuleType

import pandas as pd
import pytest

from disclosure.dynamics.columns import ConversationColumns
from disclosure.dynamics.compare import Comparison, compare_groups
from disclosure.dynamics.pipeline import measure_conversations
from disclosure.dynamics.tables import ConversationTables

from ..dynamics import planted_conversations


@pytest.fixture(scope="session")
def planted() -> ModuleType:
    """The planted-conversation generators of the dynamics tests."""
    return planted_conversations


@pytest.fixture(scope="session")
def measured(planted: ModuleType) -> tuple[ConversationTables, Comparison]:
    table = pd.concat(
        [
            planted.reinforcement_corpus(1.0, conversations=15, exchanges=10),
            planted.helper_conversation("focused", planted.CLIENT_FOCUSED, helper_depth=1.0, client_after=2.0),
            planted.helper_conversation("self-centred", planted.SELF_CENTRED, helper_depth=2.5, client_after=0.0),
        ],
        ignore_index=True,
    )
    columns = ConversationColumns(conversation="conversation", speaker="speaker")
    return measure_conversations(table, columns), compare_groups(table, columns, "speaker")
