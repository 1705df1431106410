"""The report's figures show every role, and their text is readable at the size the page shows them."""

from __future__ import annotations

import base64
import struct
from types import ModuleType

import pandas as pd
import pytest

from disclosure.dynamics.compare import Comparison
from disclosure.dynamics.pipeline import measure_conversations
from disclosure.dynamics.tables import ConversationTables
from disclosure.dynamics.turns import ConversationColumns
from disclosure.reports import figures
from disclosure.reports.dynamics import render, sections
from disclosure.reports.page import FIGURE_DPI, PAGE_WIDTH_PX, figure_html

ROLES = ("client", "coach", "friend", "nurse", "supervisor", "therapist")


def _six_roles(table: pd.DataFrame) -> pd.DataFrame:
    return table.assign(role=[ROLES[i % len(ROLES)] for i in range(len(table))])


@pytest.fixture
def tables(measured: tuple[ConversationTables, Comparison]) -> ConversationTables:
    return measured[0]


def test_the_trajectories_draw_the_mean_of_every_role(tables: ConversationTables) -> None:
    """Only the first four roles were drawn: a therapist, last in sorted order, vanished."""
    figure = figures.trajectories(_six_roles(tables.turns))
    assert [t.get_text() for t in figure.axes[0].get_legend().get_texts()] == [f"{r} (mean)" for r in ROLES]


def test_the_speaker_scatter_and_the_onion_draw_every_role(tables: ConversationTables) -> None:
    scatter = figures.breadth_depth(_six_roles(tables.speakers))
    assert [t.get_text() for t in scatter.axes[0].get_legend().get_texts()] == list(ROLES)
    onion = figures.onion(_six_roles(tables.turns))
    assert [ax.get_title() for ax in onion.axes if ax.get_title()] == list(ROLES)


def test_onion_labels_are_at_least_12_pixels_high_on_the_page(tables: ConversationTables) -> None:
    """With six roles the labels were about 5 px: the figure was wider than the page and was shrunk to fit."""
    figure = figures.onion(_six_roles(tables.turns))
    smallest = min(text.get_fontsize() for ax in figure.axes for text in ax.texts)
    png = base64.b64decode(figure_html(figure, "onion").split("base64,")[1].split('"')[0])
    (width,) = struct.unpack(">I", png[16:20])  # the PNG header's IHDR width
    shown = smallest * FIGURE_DPI / 72 * min(1.0, PAGE_WIDTH_PX / width)
    assert shown >= 12, f"{shown:.1f} px"


def test_the_monitor_table_says_how_many_helpers_it_lists(measured: tuple[ConversationTables, Comparison]) -> None:
    page = render(*measured)
    assert "All 2 helpers who self-disclosed" in page and "The 30" not in page


def test_with_more_than_30_self_disclosing_helpers_the_table_says_it_shows_30_of_them(planted: ModuleType) -> None:
    table = pd.concat(
        [
            planted.helper_conversation(f"s{i}", planted.CLIENT_FOCUSED, helper_depth=1.0, client_after=1.0)
            for i in range(31)
        ],
        ignore_index=True,
    )
    monitor = sections(measure_conversations(table, ConversationColumns("conversation", "speaker")))[3]
    ((shown, caption),) = monitor.tables
    assert len(shown) == 30 and caption.startswith("The 30 of 31 self-disclosing helpers")
