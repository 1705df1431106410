"""Clustered regression: a GEE estimate with its 95% CI, a standardised effect size and the data behind it.

Turns from one conversation (or one speaker) are not independent; a generalised estimating equation with
an exchangeable working correlation and robust (sandwich) standard errors keeps the confidence intervals
honest about that (Liang & Zeger, 1986). With few clusters the plain sandwich is too small (at 12
conversations a "95%" interval covers the truth about 86% of the time), so the standard errors carry
Mancl & DeRouen's (2001) bias correction and intervals and p values use a t distribution with
(clusters - parameters) degrees of freedom, which together hold their nominal coverage down to a handful of
clusters (Li & Redden, 2015). Below `MIN_CLUSTERS_TO_JUDGE` no interval or p value is given at all.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

MIN_OBSERVATIONS = 10
MIN_CLUSTERS = 3
"""Fewer clusters than this give no estimate at all."""
MIN_CLUSTERS_TO_JUDGE = 10
"""Fewer clusters than this give the estimate only: no confidence interval and no p value."""
FEW_CLUSTERS = 20
"""Fewer clusters than this give an interval and p value with a warning that they are rough."""


@dataclass(frozen=True)
class Effect:
    """One estimated association: `outcome` per unit of `predictor`, adjusted for covariates."""

    effect: str
    outcome: str
    predictor: str
    estimate: float
    ci_low: float
    ci_high: float
    p_value: float
    standardized: float
    """Continuous predictor: beta x SD(predictor) / SD(outcome). Binary predictor: beta / SD(outcome) (a d)."""
    standardized_ci_low: float
    standardized_ci_high: float
    n_observations: int
    n_clusters: int
    summary: str
    note: str = ""

    def as_dict(self) -> dict[str, object]:
        """The effect as a flat record (one row of the effects table)."""
        return asdict(self)


def gee(
    data: pd.DataFrame,
    *,
    effect: str,
    outcome: str,
    terms: Sequence[str],
    clusters: str,
    describe: str,
    cluster_noun: str = "conversations",
) -> list[Effect]:
    """Fit `outcome ~ terms` by GEE clustered on `clusters`; one `Effect` per term.

    `describe` is a sentence template with `{estimate}`, `{ci}`, `{n}`, `{clusters}` and `{term}` fields;
    `cluster_noun` names the clusters in the warnings a reader sees ("conversations", "speakers").
    Too little data gives NaN estimates and a note instead of an error, so one sparse corpus does not stop a run.
    Fewer than `MIN_CLUSTERS_TO_JUDGE` clusters give the estimate without an interval or p value.
    """
    import statsmodels.api as sm
    from scipy import stats

    used = data[[outcome, *terms, clusters]].dropna()
    n, k = len(used), int(used[clusters].nunique())
    varies = [_varies(used[c]) for c in (outcome, *terms)] if n else [False]
    if n < MIN_OBSERVATIONS or k < MIN_CLUSTERS or not all(varies):
        reason = f"too little data to estimate (n={n} in {k} clusters, or a variable does not vary)"
        return [_empty(effect, outcome, term, n, k, reason) for term in terms]
    exog = sm.add_constant(used[list(terms)].astype(float), has_constant="add")
    model = sm.GEE(
        used[outcome].astype(float),
        exog,
        groups=pd.factorize(used[clusters])[0],
        cov_struct=sm.cov_struct.Exchangeable(),
        family=sm.families.Gaussian(),
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = model.fit(cov_type="bias_reduced")
        except np.linalg.LinAlgError:
            # A group of one or two clusters: its indicator is (nearly) a cluster's own, and the bias-reduced
            # covariance cannot be formed.
            reason = f"too few {cluster_noun} per group to estimate (n={n} in {k} {cluster_noun})"
            return [_empty(effect, outcome, term, n, k, reason) for term in terms]
    judged = k >= MIN_CLUSTERS_TO_JUDGE
    df = max(k - exog.shape[1], 1)
    t_critical = float(stats.t.ppf(0.975, df)) if judged else np.nan
    # The bias-reduced covariance can have a negative variance where the data barely inform a coefficient (for
    # example a group with almost no variation): that coefficient gets no standard error rather than a warning.
    variance = np.diag(result.cov_robust_bc)
    se = pd.Series(np.sqrt(np.where(variance > 0, variance, np.nan)), index=exog.columns)
    params = result.params
    warned = {str(w.message).splitlines()[0] for w in caught}
    if k < FEW_CLUSTERS:
        warned.add(_few_clusters(k, cluster_noun))
    note = "; ".join(sorted(warned))
    sd_y = float(used[outcome].astype(float).std())
    effects = []
    for term in terms:
        x = used[term].astype(float)
        binary = bool(set(np.unique(x)) <= {0.0, 1.0})
        beta = float(params[term])
        low, high = beta - t_critical * float(se[term]), beta + t_critical * float(se[term])
        p_value = float(2 * stats.t.sf(abs(beta) / float(se[term]), df)) if judged else np.nan
        scale = 1.0 / sd_y if binary else float(x.std()) / sd_y
        standardized = beta * scale
        text = describe.format(
            estimate=f"{beta:+.3f}", ci=interval_text(low, high, cluster_noun), n=f"{n:,}", clusters=k, term=term
        )
        text += f"; standardised {standardized:+.2f}" + (f"; {_p_text(p_value)})." if judged else ").")
        if judged and k < FEW_CLUSTERS:
            text += f" {_few_clusters(k, cluster_noun).capitalize()}."
        effects.append(
            Effect(
                effect,
                outcome,
                term,
                beta,
                low,
                high,
                p_value,
                standardized,
                low * scale,
                high * scale,
                n,
                k,
                text,
                note,
            )
        )
    return effects


def interval_text(low: float, high: float, cluster_noun: str) -> str:
    """'95% CI low to high' in words, or why there is none (too few clusters to judge)."""
    if np.isnan(low):
        return f"not enough {cluster_noun} to judge it: an interval and p value need at least {MIN_CLUSTERS_TO_JUDGE}"
    return f"95% CI {low:+.3f} to {high:+.3f}"


def _few_clusters(k: int, noun: str) -> str:
    if k < MIN_CLUSTERS_TO_JUDGE:
        return f"only {k} {noun}: too few to say how sure the estimate is"
    return (
        f"only {k} {noun}: the interval and p value are corrected for so few, but treat them as rough "
        f"({FEW_CLUSTERS} or more give a firm answer)"
    )


def _p_text(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _varies(values: pd.Series) -> bool:
    spread = values.astype(float).to_numpy()
    return bool(np.ptp(spread) > 1e-9 * max(1.0, float(np.abs(spread).max())))


def _empty(effect: str, outcome: str, term: str, n: int, k: int, reason: str) -> Effect:
    nan = float("nan")
    return Effect(effect, outcome, term, nan, nan, nan, nan, nan, nan, nan, n, k, f"{effect}: {reason}.", reason)


def effects_frame(effects: Sequence[Effect]) -> pd.DataFrame:
    """Effects as a table, one row each, columns in `Effect` field order."""
    return pd.DataFrame([e.as_dict() for e in effects], columns=list(Effect.__dataclass_fields__))
