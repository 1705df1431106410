"""Speaker summaries: one row per speaker per conversation, with the helper monitor on helper rows."""

from __future__ import annotations

import pandas as pd

from ..schema import SPEAKER_COLUMNS
from .monitor import helper_monitor
from .trajectory import penetration_slope
from .turns import Turns, areas


def speaker_table(built: Turns) -> pd.DataFrame:
    """The `speakers` table (columns declared in `schema.SPEAKER_COLUMNS`)."""
    rows = built.utterances
    scored = rows[rows["scored"]]
    counted = rows.groupby(["conversation", "speaker"], sort=False).agg(
        role=("role", "first"), n_utterances=("speaker", "size")
    )
    grouped = scored.groupby(["conversation", "speaker"], sort=False)
    summary = grouped.agg(
        disclosure_rate=("disclosed", "mean"),
        mean_depth=("depth", "mean"),
        max_depth=("depth", "max"),
    )
    disclosed = scored[scored["disclosed"]]
    by_discloser = disclosed.groupby(["conversation", "speaker"], sort=False)
    if "categories" in scored.columns:
        summary["breadth"] = by_discloser["categories"].agg(lambda cells: len(frozenset().union(*map(areas, cells))))
    if "valence" in scored.columns:
        valence = disclosed["valence"].astype(float)
        summary["mean_valence"] = valence.groupby([disclosed["conversation"], disclosed["speaker"]]).mean()
        summary["negative_share"] = (valence < 0).groupby([disclosed["conversation"], disclosed["speaker"]]).mean()
    if "motive" in scored.columns:
        summary["top_motive"] = _most_common(disclosed, "motive")
    if "motivational_system" in scored.columns:
        summary["top_system"] = _most_common(disclosed, "motivational_system")
    summary["penetration_slope"] = grouped["depth"].agg(lambda d: penetration_slope(d.to_numpy()))
    table = counted.join(summary).join(helper_monitor(built))
    if "breadth" in table.columns:
        table["breadth"] = table["breadth"].fillna(0).astype("Int64")
    for count in ("helper_disclosures", "helper_immediate_disclosures", "helper_non_immediate_disclosures"):
        table[count] = table[count].astype("Int64")
    table["helper_centred"] = table["helper_centred"].astype("boolean")
    return table.reset_index()[[c for c in _ORDER if c in table.reset_index().columns]]


def _most_common(rows: pd.DataFrame, column: str) -> pd.Series:
    """Per conversation and speaker, the most common value of `column` (the first in sorted order on a tie), counted
    for every speaker at once."""
    values = rows[column].where(rows[column].isna(), rows[column].astype(str))
    counts = (
        pd.DataFrame({"conversation": rows["conversation"], "speaker": rows["speaker"], "value": values})
        .dropna(subset=["value"])
        .value_counts(sort=False)
        .rename("count")
        .reset_index()
        .sort_values(["count", "value"], ascending=[False, True], kind="stable")
    )
    return counts.drop_duplicates(["conversation", "speaker"]).set_index(["conversation", "speaker"])["value"]


_ORDER = tuple(c.name for c in SPEAKER_COLUMNS)
