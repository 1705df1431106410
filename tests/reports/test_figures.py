"""The report's figures show every role, and their text is readable at the size the page shows them."""

from __future__ import annotations

import base64
import re
import struct
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd
import pytest

from disclosure.dynamics.columns import ConversationColumns
from disclosure.dynamics.compare import Comparison
from disclosure.dynamics.pipeline import measure_conversations
from disclosure.dynamics.tables import ConversationTables
from disclosure.reports import figures
from disclosure.reports.dynamics import render, sections
from disclosure.reports.page import FIGURE_DPI, PAGE_WIDTH_PX, figure_html

ROLES = ("client", "coach", "friend", "nurse", "supervisor", "therapist")


def _six_roles(table: pd.DataFrame) -> pd.DataFrame:
    return table.assign(role=[ROLES[i % len(ROLES)] for i in range(len(table))])


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    """Figures drawn and not embedded in a page stay open in pyplot; more than 20 is a warning, so an error."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


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


def test_the_depth_bands_stay_on_the_0_to_3_axis_and_the_legend_covers_no_data(tables: ConversationTables) -> None:
    figure = figures.trajectories(_six_roles(tables.turns))
    ax = figure.axes[0]
    assert ax.get_ylim() == (0.0, 3.0)
    for band in ax.collections:
        ys = np.concatenate([path.vertices[:, 1] for path in band.get_paths()])
        assert ys.min() >= 0.0 and ys.max() <= 3.0
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    legend, axes = ax.get_legend().get_window_extent(renderer), ax.get_window_extent(renderer)
    assert legend.x0 >= axes.x1  # beside the plotting area, not on it


def test_the_reciprocity_histogram_counts_in_whole_conversations(
    measured: tuple[ConversationTables, Comparison],
) -> None:
    tables = measured[0]
    figure = figures.reciprocity(tables.conversations, tables.effects)
    ticks = figure.axes[0].get_yticks()
    assert all(float(t).is_integer() for t in ticks)


def test_the_monitor_title_fits_its_canvas(tables: ConversationTables) -> None:
    helpers = tables.speakers[tables.speakers["helper_disclosures"].fillna(0) > 0]
    figure = figures.monitor(helpers)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    title = figure.axes[0].title.get_window_extent(renderer)
    canvas = figure.bbox
    assert title.x0 >= canvas.x0 and title.x1 <= canvas.x1 and title.y1 <= canvas.y1


def test_every_caption_says_how_many_and_what_its_interval_is(measured: tuple[ConversationTables, Comparison]) -> None:
    captions = [caption for section in sections(*measured) for _, caption in section.figures]
    for caption in captions:
        assert re.search(r"\d", caption), caption  # an n
        if "whisker" in caption.lower() or "band" in caption.lower():
            assert "95%" in caption, caption
    groups = measured[1].groups
    caption = next(c for c in captions if c.startswith("Group means"))
    if groups.loc[groups["group"] != groups["reference"], "ci_low"].isna().any():
        assert "nor where too few speakers" in caption


def _drawn_colours(figure: Any) -> set[str]:
    """The colours of every line, marker, area, bar and ring in `figure` (alpha left out), as #rrggbb."""
    from matplotlib.collections import Collection
    from matplotlib.colors import to_hex
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    drawn: set[str] = set()
    for ax in figure.axes:
        for artist in ax.get_children():
            if isinstance(artist, Line2D):
                drawn |= {to_hex(artist.get_color()), to_hex(artist.get_markerfacecolor())}
            elif isinstance(artist, Collection):
                drawn |= {to_hex(c) for c in [*artist.get_facecolors(), *artist.get_edgecolors()]}
            elif isinstance(artist, Patch) and artist is not ax.patch:
                drawn.add(to_hex(artist.get_facecolor()))
    return drawn


def _grey(colour: str) -> bool:
    return colour[1:3] == colour[3:5] == colour[5:7]


def test_every_figure_of_both_reports_draws_in_one_colour_blind_safe_palette(
    measured: tuple[ConversationTables, Comparison],
) -> None:
    """The simulation page drew the layers in other blues than the onion's, and trust in another orange."""
    from disclosure import simulate
    from disclosure.model.summary import by_turn
    from disclosure.reports.simulation_page import trajectory_figure

    tables, comparison = measured
    helpers = tables.speakers[tables.speakers["helper_disclosures"].fillna(0) > 0]
    drawn = [
        figures.trajectories(_six_roles(tables.turns)),
        figures.onion(_six_roles(tables.turns)),
        figures.breadth_depth(_six_roles(tables.speakers)),
        figures.reciprocity(tables.conversations, tables.effects),
        figures.monitor(helpers),
        figures.groups(comparison.groups),
        trajectory_figure(by_turn(simulate(50, 20, seed=0))),
    ]
    palette = {c.lower() for c in (*figures.ROLE_COLOURS, *figures.LAYER_COLOURS.values())}
    for figure in drawn:
        odd = {c for c in _drawn_colours(figure) if c not in palette and not _grey(c)}
        assert odd == set(), (figure.axes[0].get_title(), odd)
