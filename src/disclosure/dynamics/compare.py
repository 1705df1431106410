"""Group comparisons: disclosure rate, depth, breadth and motives by a speaker attribute, clustered by speaker.

With valence, the group x valence interaction tests Carbone et al. (2024): men and women share positive
experiences equally, but men share negative ones less.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..constants import MOTIVES
from ..errors import InputError, message
from .columns import ConversationColumns
from .estimation import Comparative, effects_frame, gee, interval_text, signed
from .turns import areas, build_turns

MISSING_GROUP = frozenset({"", "nan", "none", "null", "na", "n/a", "<na>"})
"""Group cells that name no group (compared lower-case, stripped): their rows are left out, never a group."""
AS_MUCH = Comparative(more="{size} more than", less="{size} less than", same="as much as")
"""How much one group shares beside another, in words."""
MAX_GROUPS = 100
"""Groups one comparison takes: each is a term of one clustered model against the reference, so thousands would
take hours and say nothing a reader could use."""


@dataclass(frozen=True)
class Comparison:
    """Group means and differences from the reference group, the optional valence interaction, in words."""

    by: str
    groups: pd.DataFrame
    """One row per outcome and group: n speakers, mean, difference from the reference with 95% CI, Cohen's d."""
    interaction: pd.DataFrame
    """Group x valence effects (empty without `valence=True`)."""
    summary: list[str]


def compare_groups(
    measured: pd.DataFrame,
    columns: ConversationColumns,
    by: str,
    *,
    valence: bool = False,
    source: str = "the table",
) -> Comparison:
    """Compare groups of speakers defined by column `by` of the measured utterance table."""
    if by not in measured.columns:
        raise InputError(message("unknown_column", column=by, source=source, columns=list(map(str, measured.columns))))
    if valence and "valence" not in measured.columns:
        raise InputError.about("valence", "needs_valence", source=source)
    built = build_turns(measured, columns, source=source)
    rows = built.utterances[built.utterances["scored"]].copy()
    rows["group"] = group_values(measured.loc[rows.index, by])
    ungrouped = int(rows["group"].isna().sum())
    rows = rows[rows["group"].notna()]
    rows["cluster"] = rows["conversation"] + "\x1f" + rows["speaker"]
    groups = sorted(rows["group"].unique())
    if len(groups) < 2:
        raise InputError(message("one_group", column=by, groups=groups))
    if len(groups) > MAX_GROUPS:
        raise InputError(message("too_many_groups", column=by, n=len(groups), limit=MAX_GROUPS))
    reference = groups[0]
    outcomes = _outcomes(rows)
    records: list[dict[str, Any]] = []
    for outcome, data in outcomes.items():
        records += _group_rows(data, outcome, groups, reference)
    table = pd.DataFrame(records)
    interaction = _valence_interaction(rows, by, groups, reference) if valence else effects_frame([])
    summary = [_sentence(r, by) for r in records if r["group"] != reference and np.isfinite(float(r["difference"]))]
    summary += [s for s in interaction["summary"]] if len(interaction) else []
    if ungrouped:
        summary.append(message("ungrouped_rows", n=ungrouped, column=by))
    return Comparison(by=by, groups=table, interaction=interaction, summary=summary)


def group_values(values: pd.Series) -> pd.Series:
    """Each cell of a group column as text, stripped; None where it names no group (empty, NaN, None, or a word
    that stands for a missing value, such as 'null' or 'NA')."""
    return pd.Series([_group_name(v) for v in values.tolist()], index=values.index, dtype=object)


def _group_name(value: object) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    return None if text.lower() in MISSING_GROUP else text


def _outcomes(rows: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Each outcome as (group, cluster, value) rows: utterance-level where it can be, speaker-level for breadth."""
    base = rows[["group", "cluster"]]
    outcomes = {
        "disclosure_rate": base.assign(value=rows["disclosed"].astype(float)),
        "depth": base.assign(value=rows["depth"].astype(float)),
    }
    if "categories" in rows.columns:
        opened = rows["categories"].map(areas).where(rows["disclosed"], frozenset())
        per_speaker = opened.groupby(rows["cluster"]).agg(lambda cells: len(frozenset().union(*cells)))
        group = rows.groupby("cluster")["group"].first()
        outcomes["breadth"] = pd.DataFrame({"group": group, "cluster": group.index, "value": per_speaker.astype(float)})
    # A motive's probability is conditional on disclosure, so it is compared among the utterances that disclose.
    disclosed = rows["disclosed"]
    for motive in (f"motive_{m}" for m in MOTIVES):
        if motive in rows.columns:
            value = rows[motive].astype(float)
            outcomes[motive] = base.assign(value=value)[disclosed & value.notna()]
    return outcomes


def _group_rows(data: pd.DataFrame, outcome: str, groups: list[str], reference: str) -> list[dict[str, object]]:
    """Per group: mean, and the GEE difference from the reference group with its CI and Cohen's d."""
    indicators = {g: (data["group"] == g).astype(float) for g in groups if g != reference}
    design = data.assign(**{f"group={g}": v for g, v in indicators.items()})
    effects = gee(
        design,
        effect=f"{outcome} by group",
        outcome="value",
        terms=[f"group={g}" for g in indicators],
        clusters="cluster",
        describe="{term}",
        cluster_noun="speakers",
    )
    by_term = {e.predictor: e for e in effects}
    pooled_sd = float(data["value"].std())
    ref_mean = float(data.loc[data["group"] == reference, "value"].mean())
    records = []
    for g in groups:
        mine = data[data["group"] == g]
        effect = by_term.get(f"group={g}")
        diff = effect.estimate if effect else 0.0
        records.append(
            {
                "outcome": outcome,
                "group": g,
                "reference": reference,
                "n_speakers": int(mine["cluster"].nunique()),
                "n_observations": len(mine),
                "mean": float(mine["value"].mean()),
                "difference": diff if effect else np.nan,
                "ci_low": effect.ci_low if effect else np.nan,
                "ci_high": effect.ci_high if effect else np.nan,
                "p_value": effect.p_value if effect else np.nan,
                "cohens_d": diff / pooled_sd if effect and pooled_sd > 0 else np.nan,
                "reference_mean": ref_mean,
                "note": effect.note if effect else "",
            }
        )
    return records


def _valence_interaction(rows: pd.DataFrame, by: str, groups: list[str], reference: str) -> pd.DataFrame:
    """Per speaker, the rate of positive and of negative disclosure; rate ~ group x negative, clustered by speaker."""
    val = rows["valence"].astype(float)
    polar = pd.concat(
        [
            rows[["group", "cluster"]].assign(negative=0.0, value=(rows["disclosed"] & (val > 0)).astype(float)),
            rows[["group", "cluster"]].assign(negative=1.0, value=(rows["disclosed"] & (val < 0)).astype(float)),
        ]
    )
    effects = []
    for g in groups:
        if g == reference:
            continue
        member = (polar["group"] == g).astype(float)
        design = polar.assign(in_group=member, in_group_x_negative=member * polar["negative"])
        effects += gee(
            design[polar["group"].isin([g, reference])],
            effect=f"{g} vs {reference} x valence",
            outcome="value",
            terms=["in_group_x_negative", "in_group", "negative"],
            clusters="cluster",
            describe=f"Relative to positive experiences, speakers with {by} = {g} share negative ones {{compared}} "
            f"speakers with {by} = {reference} (as a rate per utterance; {{ci}}; {{n}} speaker-utterance rates, "
            "{clusters} speakers",
            comparative=AS_MUCH,
            cluster_noun="speakers",
        )[:1]
    return effects_frame(effects)


def _sentence(record: dict[str, Any], by: str) -> str:
    low = float(record["ci_low"])
    interval = interval_text(low, float(record["ci_high"]), "speakers")
    speakers = int(record["n_speakers"])
    sentence = (
        f"{record['outcome']}: {by} = {record['group']} differs from {record['reference']} by "
        f"{signed(float(record['difference']), 3)} ({interval}; "
        f"d = {signed(float(record['cohens_d']), 2)}; {speakers} speaker{'' if speakers == 1 else 's'} in the group)."
    )
    return f"{sentence} Note: {record['note']}." if record["note"] else sentence
