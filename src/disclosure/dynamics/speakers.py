"""Speaker summaries: one row per speaker per conversation, with the helper monitor on helper rows."""

from __future__ import annotations

import numpy as np
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
        summary["top_motive"] = by_discloser["motive"].agg(_most_common)
    if "motivational_system" in scored.columns:
        summary["top_system"] = by_discloser["motivational_system"].agg(_most_common)
    summary["penetration_slope"] = grouped["depth"].agg(lambda d: penetration_slope(d.to_numpy()))
    table = counted.join(summary).join(helper_monitor(built))
    if "breadth" in table.columns:
        table["breadth"] = table["breadth"].fillna(0).astype("Int64")
    for count in ("helper_disclosures", "helper_immediate_disclosures", "helper_non_immediate_disclosures"):
        table[count] = table[count].astype("Int64")
    table["helper_centred"] = table["helper_centred"].astype("boolean")
    return table.reset_index()[[c for c in _ORDER if c in table.reset_index().columns]]


def _most_common(values: pd.Series) -> str | float:
    counts = values.dropna().astype(str).value_counts()
    if counts.empty:
        return np.nan
    top = counts[counts == counts.iloc[0]].index
    return str(min(top))


_ORDER = tuple(c.name for c in SPEAKER_COLUMNS)
