"""The conversation report: one self-contained HTML page from the dynamics tables (and a group comparison)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typing_extensions import Unpack

from .. import io
from ..constants import DEFAULT_MODEL
from ..dynamics.columns import ConversationOptions
from ..dynamics.compare import Comparison, compare_groups
from ..dynamics.pipeline import analyzer_for, load_conversations, measure_conversations
from ..dynamics.tables import ConversationTables
from .page import Section, render_page

MONITOR_SHOWN = {
    "conversation": "conversation",
    "speaker": "helper",
    "helper_disclosures": "self-disclosures",
    "helper_immediate_disclosures": "immediate",
    "helper_disclosure_depth": "depth",
    "client_focused_share": "client-focused",
    "client_depth_before": "client depth before",
    "client_depth_after": "after",
    "helper_centred_reason": "monitor",
}
"""Monitor columns shown in the report, with short headers so the reasons have room."""
MONITOR_ROWS = 30


def sections(tables: ConversationTables, comparison: Comparison | None = None) -> list[Section]:
    """The report's sections, in reading order."""
    from . import figures  # matplotlib: imported when a figure is drawn, not before the input is read

    turns, convs = tables.turns, tables.conversations
    n_conv, n_turns = len(convs), len(turns)
    effects = tables.effects
    overview = Section(
        "What happened in these conversations",
        paragraphs=[
            (
                f"{n_conv} conversations, {len(tables.utterances)} utterances, {n_turns} turns. "
                f"{convs['disclosure_rate'].mean():.0%} of utterances disclose something about the speaker, on "
                "average per conversation."
            ),
            *effects["summary"],
        ],
        tables=[
            (
                effects[
                    [
                        "effect",
                        "predictor",
                        "estimate",
                        "ci_low",
                        "ci_high",
                        "standardized",
                        "p_value",
                        "n_observations",
                        "n_clusters",
                    ]
                ],
                "Corpus-level effects (GEE clustered by conversation; 95% CIs).",
            )
        ],
    )
    trajectory = Section(
        "Penetration: how deep the talk goes over time",
        paragraphs=[
            (
                "Social Penetration Theory expects talk to move from the periphery to the core, quickly at first and "
                f"then more slowly. Median penetration slope: {convs['penetration_slope'].median():+.2f} depth units "
                f"per log-turn; {int((convs['penetration_slope'] > 0).sum())} of "
                f"{convs['penetration_slope'].notna().sum()} conversations deepen."
            )
        ],
        figures=[
            (
                figures.trajectories(turns),
                f"Depth over {min(n_conv, figures.CONVERSATIONS_DRAWN)} of {n_conv} conversations (grey, rolling "
                "mean of 5 turns) and the "
                f"mean per role over {len(turns):,} turns in ten bins of position (band: 95% CI of the bin's mean, "
                "mean ± 1.96 standard errors, clipped to 0-3).",
            ),
            (
                figures.onion(turns),
                f"The onion: share of each role's turns in each layer, core at the centre ({len(turns):,} turns).",
            ),
            (
                figures.breadth_depth(tables.speakers),
                f"Each speaker's breadth (or disclosure rate) against mean depth ({len(tables.speakers):,} "
                "speakers; no interval: one point per speaker).",
            ),
        ],
    )
    reciprocity = Section(
        "Reciprocity",
        paragraphs=["Does one speaker's depth predict how deep the partner's reply goes?"],
        figures=[
            (
                figures.reciprocity(convs, effects),
                f"Left: reciprocity of each of {convs['reciprocity'].notna().sum():,} conversations with a value. "
                "Right: corpus effects, standardised, with 95% confidence intervals (GEE clustered by "
                "conversation; n per effect in the table above).",
            )
        ],
    )
    result = [overview, trajectory, reciprocity, _monitor_section(tables.speakers)]
    if comparison is not None:
        result.append(_comparison_section(comparison))
    worst = convs.sort_values("withdrawals", ascending=False).head(10)
    result.append(
        Section(
            "Conversations to read first",
            paragraphs=[
                "The conversations with the most withdrawals (depth falling a whole layer after an unsupportive reply)."
            ],
            tables=[
                (
                    worst[
                        [
                            "conversation",
                            "n_turns",
                            "reciprocity",
                            "penetration_slope",
                            "responsiveness",
                            "stalls",
                            "withdrawals",
                            "note",
                        ]
                    ],
                    "Sorted by withdrawals.",
                )
            ],
        )
    )
    return result


def _monitor_section(speakers: pd.DataFrame) -> Section:
    from . import figures  # matplotlib: imported when a figure is drawn, not before the input is read

    helpers = (
        speakers[speakers["helper_disclosures"].fillna(0) > 0]
        if "helper_disclosures" in speakers
        else speakers.iloc[:0]
    )
    if helpers.empty:
        return Section(
            "Helper self-disclosure monitor",
            paragraphs=["No helper self-disclosed (or no helper role was found)."],
        )
    flagged = int(helpers["helper_centred"].sum())
    return Section(
        "Helper self-disclosure monitor",
        paragraphs=[
            (
                f"{len(helpers)} helpers self-disclosed; {flagged} look helper-centred. Client-focused disclosure "
                "turns attention back to the client; disclosure driven by the helper's needs goes deeper than the "
                "client or draws the client into caring for the helper (Monticelli et al., 2022)."
            )
        ],
        figures=[
            (
                figures.monitor(helpers),
                "The client's depth in the 3 turns before and after the helper's disclosures.",
            )
        ],
        tables=[
            (
                helpers.sort_values(["helper_disclosures", "conversation"], ascending=[False, True])
                .head(MONITOR_ROWS)[list(MONITOR_SHOWN)]
                .rename(columns=MONITOR_SHOWN),
                _monitor_caption(len(helpers)),
            )
        ],
    )


def _monitor_caption(helpers: int) -> str:
    if helpers > MONITOR_ROWS:
        return (
            f"The {MONITOR_ROWS} of {helpers} self-disclosing helpers with the most self-disclosures (all of them are "
            "in speakers.csv)."
        )
    if helpers == 1:
        return "The one helper who self-disclosed."
    return f"All {helpers} helpers who self-disclosed, the most self-disclosures first."


def _groups_caption(groups: pd.DataFrame) -> str:
    """What the group figure draws: its whiskers only where a difference from the reference was estimated."""
    compared = groups[groups["group"] != groups["reference"]]
    caption = (
        f"Group means ({groups['n_speakers'].max():,} speakers at most per group; n per group in the table). "
        "Whiskers: the 95% confidence interval of each group's difference from the reference group, drawn around "
        "its mean; none for the reference group"
    )
    if compared["ci_low"].notna().all():
        return caption + "."
    return caption + ", nor where too few speakers allowed no estimate."


def _comparison_section(comparison: Comparison) -> Section:
    from . import figures  # matplotlib: imported when a figure is drawn, not before the input is read

    tables = [
        (
            comparison.groups,
            f"Groups by '{comparison.by}' (differences from the reference; GEE clustered by speaker).",
        )
    ]
    if len(comparison.interaction):
        tables.append(
            (
                comparison.interaction[["effect", "estimate", "ci_low", "ci_high", "p_value"]],
                "Group x valence.",
            )
        )
    return Section(
        f"Groups by {comparison.by}",
        paragraphs=comparison.summary,
        figures=[(figures.groups(comparison.groups), _groups_caption(comparison.groups))],
        tables=tables,
    )


def render(
    tables: ConversationTables,
    comparison: Comparison | None = None,
    *,
    title: str = "Self-disclosure in conversation",
) -> str:
    """The report as one HTML string (figures inline; nothing fetched from anywhere)."""
    lead = (
        "Measured on this computer by disclosure: depth, reciprocity, reinforcement and the helper monitor over "
        f"{len(tables.conversations)} conversations."
    )
    shown = {short: name for name, short in MONITOR_SHOWN.items()}
    return render_page(title, lead, sections(tables, comparison), aliases=shown)


def report(
    data: str | Path | pd.DataFrame,
    output: str | Path,
    *,
    by: str | None = None,
    model: str | Path = DEFAULT_MODEL,
    input_format: str | None = None,
    **options: Unpack[ConversationOptions],
) -> Path:
    """Measure `data` (see `conversations`, which takes the same `options`), optionally compare groups by
    column `by`, write the HTML report."""
    frame, columns, source = load_conversations(data, input_format, **options)
    tables = measure_conversations(frame, columns, analyzer=analyzer_for(frame, model), source=source)
    comparison = None if by is None else compare_groups(tables.utterances, columns, by, source=source)
    return io.write_text(output, render(tables, comparison))
