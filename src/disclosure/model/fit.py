"""Estimate the model's motives and costs from measured conversations by maximum likelihood.

Input is the utterance table of `disclosure conversations` (one row per utterance with `disclosure`, `layer` or
`depth`, `valence` and `reply_support`). The turns are those `disclosure conversations` reads (`dynamics.turns`:
the same order, by the turn column when given, and the same runs of one speaker's scored utterances); for each
turn we derive the choice (none, or depth 1-3 with the valence's sign), the partner's previous depth, and the
partner's response. Trust is not observed: it is rebuilt from each speaker's own history with the model's update
τ ← τ + learning_rate · (d / 3) · (r − τ), starting at `initial_trust`, so those two are estimated as well.

The log-likelihood Σ log P(chosen option) (logit choice, `decision.py`) is maximised with L-BFGS using its exact
gradient; standard errors come from the inverse of the numerically differentiated Hessian. The 95% intervals are
profile-likelihood intervals: for each parameter, the values at which the log-likelihood, maximised over all the
others, falls `PROFILE_DROP` below its maximum (the χ²(1) 95% point over 2), found on the logit scale for the two
0-1 parameters. Unlike Wald intervals they follow the likelihood where it is not a parabola, and they show where it
never falls: a side the profile does not close within `PROFILE_REACH` is left open (±inf).

Converging is not the same as being identified. The Hessian, rescaled to correlation form, shows which parameters the
data pin down: a parameter it holds no information on, a combination of parameters it cannot tell apart (an
eigenvalue below `WEAK_INFORMATION`: for instance, when trust barely changes, `belonging` x trust and `privacy` both
grow with depth alone), a 0-1 parameter at the edge of its range, and a parameter whose profile interval is open on
either side. Those get no point estimate and no standard error, only their interval (open where the data do not
close it), and the notes say why in plain words.

Support seeking is estimated as its product with initial trust (`SUPPORT_AT_START`), not on its own: it enters
the choice only as support_seeking x need x trust, so where trust barely moves the conversations fix the product and
a small initial trust would make support seeking look large; support_seeking = product / initial_trust.

Identification: only differences between options matter, so `other_talk`, `reflection` and `negativity_cost` stay
at the values in `fixed`; `sharing` absorbs the intrinsic value of disclosing and `self_enhancement` the value of
positive over negative news. The situation (need, audience, identifiability,
future contact) is taken from `fixed`; `negativity_cost_men` is estimated only when a gender column is given.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from ..constants import DISCLOSURE_THRESHOLD, LAYERS
from ..dynamics.columns import ConversationColumns
from ..dynamics.turns import conversation_order, scored_rows, turn_ids
from ..errors import InputError, message
from .decision import UTILITY_WEIGHTS, option_index, utility_terms, weights
from .parameters import Parameters

MEASURES = ("disclosure", "valence", "reply_support")
"""Per-utterance columns the fit reads, as `disclosure conversations` writes them (plus `layer` or `depth`)."""

MIN_TURNS = 50
"""Fewer speaker turns than this cannot support a dozen estimates."""
START_TRUST = 0.5
"""Where the search starts initial trust and its learning rate: the middle of their 0-1 range (the utility weights
start at 0)."""
BOUND_MARGIN = 0.01
"""A 0-1 parameter estimated closer than this to 0 or 1 is at the edge of its range."""
WEAK_INFORMATION = 1e-3
"""Eigenvalues of the correlation-form Hessian below this mark combinations the data cannot pin down: the combination's
variance is over 1,000 times what it would be were the other parameters known. (On 40,000 simulated turns every
eigenvalue is at least 2.8e-3.)"""
LOADING = 0.3
"""A parameter takes part in a weakly informed combination when its share of the eigenvector is at least this."""
PROFILE_DROP = 1.920729410347062
"""How far the profile log-likelihood falls at the ends of a 95% interval: χ²(1) 0.95 quantile (3.841) / 2."""
PROFILE_REACH = 20.0
"""How far from the estimate (in log-odds units; on the logit scale for the 0-1 parameters) a profile is followed:
a side on which the log-likelihood has not fallen by `PROFILE_DROP` this far is open, and the parameter is not
identified (20 log-odds units turn a probability of 1e-9 into one near 1)."""
SUPPORT_AT_START = "support_seeking x initial_trust"
"""Estimated in place of `support_seeking`: the value of seeking comfort per unit of depth of a negative disclosure
and per unit of need, at the trust a relationship starts with. The conversations fix this product; support seeking
on its own is it divided by initial trust, large whenever trust is small."""
_TRUST_PARAMETERS = ("initial_trust", "learning_rate")
_SUPPORT = UTILITY_WEIGHTS.index("support_seeking")
_NEVER_FITTED = ("other_talk", "reflection", "negativity_cost")
_MEN = {"man", "men", "male", "m", "1", "true"}


@dataclass(frozen=True)
class SpeakerTurns:
    """The observed choices, one row per speaker turn, in the arrays the likelihood needs."""

    option: np.ndarray  # chosen option 0-6
    depth: np.ndarray  # chosen depth 0-3
    partner_depth: np.ndarray  # the partner's previous depth 0-3
    response: np.ndarray  # partner's support after this turn, 0-1 (NaN: none observed)
    man: np.ndarray  # 1 for men
    speaker_index: np.ndarray  # which speaker (conversation x speaker), 0..S-1
    position: np.ndarray  # the speaker's own turn number 0..K-1
    conversations: int
    conversation: np.ndarray  # the conversation of each turn
    speaker: np.ndarray  # who took each turn


@dataclass(frozen=True)
class FitResult:
    """Maximum-likelihood estimates of the identified parameters, with standard errors and 95% profile intervals.

    A parameter in `not_identified` has no estimate (nor standard error), only its interval, open (±inf) on the
    sides the data do not close; `parameters()` holds it at its calibrated default.
    """

    estimates: dict[str, float]
    standard_errors: dict[str, float]
    intervals: dict[str, tuple[float, float]]
    fixed: dict[str, float]
    log_likelihood: float
    speaker_turns: int
    speakers: int
    conversations: int
    converged: bool
    """The optimiser stopped at a maximum; on its own this does not mean every parameter is identified."""
    not_identified: dict[str, str] = field(default_factory=dict)
    """Parameters the data cannot pin down (no standard error or interval is given), each with the reason."""
    condition_number: float = float("nan")
    """Largest over smallest eigenvalue of the correlation-form Hessian (large: some combination is barely informed)."""
    notes: list[str] = field(default_factory=list)
    maximum: dict[str, float] = field(default_factory=dict)
    """Every fitted parameter at the maximum of the likelihood, identified or not. Not estimates: a parameter the
    data do not identify could sit anywhere in its interval with the same fit. Only for prediction, which any point
    of that ridge serves equally well (`predictive_parameters`); never printed or written."""

    def predictive_parameters(self) -> Parameters:
        """The parameters at the maximum of the likelihood, unidentified ones included: what held-out prediction
        uses (the unidentified ones at their defaults, as `parameters()` gives them, would not fit the data)."""
        return _as_parameters({**self.fixed, **self.maximum})

    def parameters(self) -> Parameters:
        """The fitted parameters, the fixed ones filled in and the unidentified ones at their defaults (ready for
        `simulate`); support seeking is the estimated product over the initial trust used here, so a simulation
        reproduces the product the conversations fix."""
        return _as_parameters({**self.fixed, **self.estimates})

    def table(self) -> pd.DataFrame:
        """One row per quantity the fit tried (support seeking as `SUPPORT_AT_START`): estimate and standard error
        (NaN where not identified), 95% profile interval (±inf where open), and whether it is identified."""
        return pd.DataFrame(
            [
                {
                    "parameter": name,
                    "estimate": self.estimates.get(name, np.nan),
                    "standard_error": self.standard_errors[name],
                    "ci_low": low,
                    "ci_high": high,
                    "identified": name not in self.not_identified,
                }
                for name, (low, high) in self.intervals.items()
            ]
        )

    def to_json(self) -> str:
        """The result as JSON (what `disclosure fit -o params.json` writes)."""
        body: dict[str, Any] = {
            "estimates": {k: self.estimates.get(k) for k in self.intervals},
            "standard_errors": {k: _number(v) for k, v in self.standard_errors.items()},
            "intervals_95": {k: [_number(v) for v in pair] for k, pair in self.intervals.items()},
            "fixed": self.fixed,
            "log_likelihood": self.log_likelihood,
            "speaker_turns": self.speaker_turns,
            "speakers": self.speakers,
            "conversations": self.conversations,
            "converged": self.converged,
            "not_identified": self.not_identified,
            "condition_number": _number(self.condition_number),
            "notes": self.notes,
        }
        return json.dumps(body, indent=2, allow_nan=False) + "\n"


def fitted_values(params: Parameters) -> dict[str, float]:
    """The quantities `fit` estimates, at `params`: every parameter in `ESTIMATED`, with support_seeking replaced by
    its product with initial_trust (`SUPPORT_AT_START`). What a recovery study compares the estimates with."""
    return {
        _fitted_name(name): float(getattr(params, name)) * (params.initial_trust if name == "support_seeking" else 1.0)
        for name in ESTIMATED
    }


def _fitted_name(parameter: str) -> str:
    """What `fit` estimates for a parameter: support seeking as its product with initial trust, the rest as such."""
    return SUPPORT_AT_START if parameter == "support_seeking" else parameter


def _weight(fitted: str) -> str:
    """The parameter a fitted quantity stands for (the inverse of `_fitted_name`)."""
    return "support_seeking" if fitted == SUPPORT_AT_START else fitted


def _as_parameters(values: Mapping[str, float]) -> Parameters:
    """`Parameters` from fitted quantities and fixed ones: support_seeking from its product with initial trust."""
    named = dict(values)
    if SUPPORT_AT_START in named:
        named["support_seeking"] = named.pop(SUPPORT_AT_START) / named["initial_trust"]
    return Parameters(**named)


def _number(value: float) -> float | None:
    """JSON has no NaN or infinity: those are written as null."""
    return value if np.isfinite(value) else None


def speaker_turns(
    utterances: pd.DataFrame,
    *,
    conversation_column: str = "conversation",
    speaker_column: str = "speaker",
    turn_column: str | None = None,
    gender_column: str | None = None,
    source: str = "the table",
) -> SpeakerTurns:
    """Derive the per-speaker-turn choices from an utterance table (see the module docstring)."""
    needed = [conversation_column, speaker_column, *([turn_column] if turn_column else [])]
    needed += [gender_column] if gender_column else []
    for name in needed:
        if name not in utterances.columns:
            raise InputError(message("unknown_column", column=name, source=source, columns=list(utterances.columns)))
    missing = [c for c in MEASURES if c not in utterances.columns]
    missing += [] if {"layer", "depth"} & set(utterances.columns) else ["layer (or depth)"]
    if missing:
        raise InputError(message("missing_measures", source=source, columns=missing, existing=list(utterances.columns)))

    frame = utterances.reset_index(drop=True)
    # The turns `disclosure conversations` reads: the same order (conversation, turn column, file order), the same
    # scored rows, the same runs of one speaker.
    columns = ConversationColumns(conversation_column, speaker_column, text=conversation_column, turn=turn_column)
    ordered = conversation_order(frame, columns)
    # Whole conversations in the order they first appear in the file: the turns are the same, and the likelihood
    # sums them in the order the optimiser and the profile intervals were tuned on.
    appearance = pd.Series(pd.factorize(ordered["conversation"].sort_index())[0], index=ordered.index.sort_values())
    ordered = ordered.iloc[np.argsort(appearance.loc[ordered.index].to_numpy(), kind="stable")]
    numbered = turn_ids(ordered, scored_rows(frame)).dropna()
    frame = frame.loc[numbered.index]
    conversation = ordered.loc[numbered.index, "conversation"].to_numpy()
    speaker = ordered.loc[numbered.index, "speaker"].to_numpy()
    new_turn = np.diff(numbered.to_numpy(), prepend=0) > 0
    turn_id = numbered.to_numpy(np.int64) - 1

    disclosure = pd.to_numeric(frame["disclosure"], errors="coerce").to_numpy(float)
    depth = _utterance_depth(frame) * (disclosure >= DISCLOSURE_THRESHOLD)
    valence = pd.to_numeric(frame["valence"], errors="coerce").fillna(0.0).to_numpy(float)
    support = pd.to_numeric(frame["reply_support"], errors="coerce").to_numpy(float)
    man = (
        frame[gender_column].astype(str).str.strip().str.lower().isin(_MEN).to_numpy(float)
        if gender_column
        else np.zeros(len(frame))
    )
    turns = pd.DataFrame(
        {"turn": turn_id, "depth": depth, "valence": valence * (depth > 0), "support": support, "man": man}
    ).groupby("turn", sort=True)
    per_turn = pd.DataFrame(
        {
            "depth": turns["depth"].max(),
            "valence": turns["valence"].sum(),
            "response": turns["support"].last(),
            "man": turns["man"].first(),
        }
    )
    first_rows = np.flatnonzero(new_turn)
    turn_conversation = conversation[first_rows]
    turn_speaker = pd.Series(turn_conversation).str.cat(pd.Series(speaker[first_rows]), sep="\x1f").to_numpy()
    depth_turn = per_turn["depth"].to_numpy(np.int64)
    partner_depth = np.zeros_like(depth_turn)
    same = np.zeros(len(depth_turn), dtype=bool)
    same[1:] = turn_conversation[1:] == turn_conversation[:-1]
    partner_depth[1:] = np.where(same[1:], depth_turn[:-1], 0)
    speaker_index = pd.factorize(turn_speaker)[0]
    position = pd.Series(speaker_index).groupby(speaker_index).cumcount().to_numpy()
    return SpeakerTurns(
        option=option_index(depth_turn, per_turn["valence"].to_numpy()),
        depth=depth_turn,
        partner_depth=partner_depth,
        response=np.clip(per_turn["response"].to_numpy(float), 0.0, 1.0),
        man=per_turn["man"].to_numpy(float),
        speaker_index=speaker_index,
        position=position,
        conversations=len(set(turn_conversation)),
        conversation=turn_conversation,
        speaker=speaker[first_rows],
    )


def _utterance_depth(frame: pd.DataFrame) -> np.ndarray:
    """Depth 1-3 of each utterance were it a disclosure: from `layer`, else `depth` rounded; at least peripheral."""
    if "layer" in frame.columns:
        depth = frame["layer"].astype(str).map({name: i for i, name in enumerate(LAYERS)}).to_numpy(float)
    else:
        depth = np.full(len(frame), np.nan)
    if "depth" in frame.columns:
        fallback = np.rint(pd.to_numeric(frame["depth"], errors="coerce").to_numpy(float))
        depth = np.where(np.isnan(depth), fallback, depth)
    return np.asarray(np.clip(np.nan_to_num(depth, nan=1.0), 1, 3), dtype=np.int64)


class _Likelihood:
    """log L(θ) and its gradient for one set of speaker turns; θ = free utility weights (support seeking as its
    product with τ0), logit τ0, logit λ."""

    def __init__(self, data: SpeakerTurns, free: list[str], fixed: Parameters) -> None:
        self.data = data
        self.free = free
        weight_names = [_weight(n) for n in free if _weight(n) in UTILITY_WEIGHTS]
        self.free_index = np.array([UTILITY_WEIGHTS.index(n) for n in weight_names], dtype=np.int64)
        self.product = free.index(SUPPORT_AT_START) if SUPPORT_AT_START in free else None
        self.base = weights(fixed)
        n = len(data.option)
        # Every term is linear in trust: F(τ) = F0 + τ · F1.
        f0 = utility_terms(np.zeros(n), data.partner_depth, data.man, fixed)
        f1 = utility_terms(np.ones(n), data.partner_depth, data.man, fixed) - f0
        self.f0, self.f1 = f0.reshape(n * 7, -1), f1.reshape(n * 7, -1)  # rows: (turn, option)
        self.chosen = np.eye(7)[data.option]
        speakers, length = data.speaker_index.max() + 1, data.position.max() + 1
        self.cell = (data.speaker_index, data.position)
        self.step = np.zeros((speakers, length))
        self.step[self.cell] = data.depth / 3.0
        self.response = np.full((speakers, length), np.nan)
        self.response[self.cell] = data.response

    def unpack(self, theta: np.ndarray) -> tuple[np.ndarray, float, float]:
        """The utility weights, τ0 and λ at θ."""
        beta, tau0 = self.base.copy(), _logistic(theta[-2])
        beta[self.free_index] = theta[: len(self.free_index)]
        if self.product is not None:
            beta[_SUPPORT] = theta[self.product] / tau0
        return beta, tau0, _logistic(theta[-1])

    def trust(self, tau0: float, rate: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Trust before each turn and its derivatives by τ0 and λ, in turn order."""
        speakers, length = self.step.shape
        tau, d_tau0, d_rate = (np.zeros((speakers, length)) for _ in range(3))
        now, now_d0, now_dr = np.full(speakers, tau0), np.ones(speakers), np.zeros(speakers)
        for k in range(length):
            tau[:, k], d_tau0[:, k], d_rate[:, k] = now, now_d0, now_dr
            r = self.response[:, k]
            x = np.where(np.isnan(r), 0.0, self.step[:, k])
            gap = np.nan_to_num(r - now)
            now_dr = now_dr * (1 - rate * x) + x * gap
            now_d0 = now_d0 * (1 - rate * x)
            now = now + rate * x * gap
        return tau[self.cell], d_tau0[self.cell], d_rate[self.cell]

    def _utilities(self, theta: np.ndarray) -> tuple[np.ndarray, ...]:
        """U per turn and option, dU/dτ, log Σ exp U per turn, and dτ/dθ for τ0 and λ (on the logit scale)."""
        beta, tau0, rate = self.unpack(theta)
        tau, d_tau0, d_rate = self.trust(tau0, rate)
        n = len(tau)
        slope = (self.f1 @ beta).reshape(n, 7)  # dU/dτ
        utility = (self.f0 @ beta).reshape(n, 7) + tau[:, None] * slope
        top = utility.max(axis=1, keepdims=True)
        log_total = np.log(np.exp(utility - top).sum(axis=1)) + top[:, 0]
        return utility, slope, log_total, tau, d_tau0 * tau0 * (1 - tau0), d_rate * rate * (1 - rate)

    def probabilities(self, theta: np.ndarray) -> np.ndarray:
        """P(option) per turn, shape (turns, 7)."""
        utility, _, log_total, *_ = self._utilities(theta)
        return np.asarray(np.exp(utility - log_total[:, None]))

    def __call__(self, theta: np.ndarray) -> tuple[float, np.ndarray]:
        """Negative log-likelihood and its gradient (what the optimiser minimises)."""
        utility, slope, log_total, tau, d_logit_tau0, d_logit_rate = self._utilities(theta)
        loglik = float((utility * self.chosen).sum() - log_total.sum())
        residual = self.chosen - np.exp(utility - log_total[:, None])  # observed − expected, (n, 7)
        grad_beta = residual.reshape(-1) @ self.f0 + (residual * tau[:, None]).reshape(-1) @ self.f1
        by_trust = (residual * slope).sum(axis=1)
        grad = np.concatenate(
            [grad_beta[self.free_index], [np.dot(by_trust, d_logit_tau0), np.dot(by_trust, d_logit_rate)]]
        )
        if self.product is not None:  # support seeking = product / τ0: the chain rule through both
            tau0 = _logistic(theta[-2])
            grad[self.product] = grad_beta[_SUPPORT] / tau0
            grad[-2] -= grad_beta[_SUPPORT] * theta[self.product] / tau0 * (1 - tau0)
        return -loglik, -grad

    def theta(self, params: Parameters) -> np.ndarray:
        """θ for `params` (the inverse of `unpack`, for the parameters this likelihood leaves free)."""
        values = fitted_values(params)
        free_weights = [values[n] for n in self.free if n not in _TRUST_PARAMETERS]
        return np.array([*free_weights, _logit_clipped(params.initial_trust), _logit_clipped(params.learning_rate)])


def choice_probabilities(
    params: Parameters,
    utterances: pd.DataFrame,
    *,
    conversation_column: str = "conversation",
    speaker_column: str = "speaker",
    turn_column: str | None = None,
    gender_column: str | None = None,
) -> tuple[np.ndarray, SpeakerTurns]:
    """P(each of the seven options) at every speaker turn of `utterances` under `params` (nothing estimated),
    shape (turns, 7) in the order of the turns, with the turns themselves: held-out prediction by a fitted model."""
    data = speaker_turns(
        utterances,
        conversation_column=conversation_column,
        speaker_column=speaker_column,
        turn_column=turn_column,
        gender_column=gender_column,
    )
    likelihood = _Likelihood(data, list(fitted_values(params)), params)
    return likelihood.probabilities(likelihood.theta(params)), data


def _profile_interval(likelihood: _Likelihood, theta: np.ndarray, index: int, scale: float) -> tuple[float, float]:
    """The 95% profile-likelihood interval of θ[index] (on θ's scale), ±inf on a side it does not close within
    `PROFILE_REACH`. `scale` (a Wald standard error, or 1) sets the first step."""
    from scipy.optimize import brentq, minimize

    best = likelihood(theta)[0]
    others = np.arange(len(theta)) != index
    start = {0.0: theta[others]}
    known: dict[float, float] = {}  # each offset is profiled once, so the bracket's ends keep their signs

    def shortfall(offset: float) -> float:
        """√(2 · drop) − √(2 · PROFILE_DROP) at θ[index] + offset: about linear in the offset, zero at an end."""
        if offset not in known:
            known[offset] = _profile_shortfall(offset)
        return known[offset]

    def _profile_shortfall(offset: float) -> float:
        nearest = min(start, key=lambda done: abs(done - offset))
        value = theta[index] + offset

        def restricted(rest: np.ndarray) -> tuple[float, np.ndarray]:
            full = np.insert(rest, index, value)
            nll, grad = likelihood(full)
            return nll, grad[others]

        result = minimize(restricted, start[nearest], jac=True, method="L-BFGS-B", options={"maxiter": 500})
        start[offset] = result.x
        return float(np.sqrt(2 * max(result.fun - best, 0.0)) - np.sqrt(2 * PROFILE_DROP))

    ends = []
    for side in (-1.0, 1.0):
        inner, outer = 0.0, side * min(max(1.96 * scale, 1e-3), PROFILE_REACH)
        while shortfall(outer) < 0:
            if abs(outer) >= PROFILE_REACH:
                ends.append(side * np.inf)
                break
            inner, outer = outer, side * min(2 * abs(outer), PROFILE_REACH)
        else:
            ends.append(theta[index] + brentq(shortfall, inner, outer, xtol=1e-3 * max(scale, 1e-2)))
    return ends[0], ends[1]


def fit(
    utterances: pd.DataFrame | str | Path,
    *,
    conversation_column: str = "conversation",
    speaker_column: str = "speaker",
    turn_column: str | None = None,
    gender_column: str | None = None,
    fixed: Parameters | Mapping[str, float] | None = None,
) -> FitResult:
    """Fit the motivational model to measured conversations (a DataFrame or a file `disclosure conversations` wrote).

    `fixed` sets the situation and the option constants: by name (a parameter the fit estimates is refused there
    rather than silently replaced by its estimate), or as whole `Parameters`, whose estimated ones are ignored.
    """
    from scipy.optimize import minimize  # imported here: `disclosure simulate` should not pay for it

    fixed = _held_fixed(fixed)
    source = "the table"
    if not isinstance(utterances, pd.DataFrame):
        from .. import io

        table = io.open_table(utterances)
        utterances, source = table.frame(), table.name
    data = speaker_turns(
        utterances,
        conversation_column=conversation_column,
        speaker_column=speaker_column,
        turn_column=turn_column,
        gender_column=gender_column,
        source=source,
    )
    if len(data.option) < MIN_TURNS:
        raise InputError(message("too_little_to_fit", found=len(data.option), needed=MIN_TURNS))
    free, notes = _free_parameters(data, fixed, gender_column)
    likelihood = _Likelihood(data, free, fixed)
    start = np.concatenate([np.zeros(len(free) - 2), [_logit(START_TRUST), _logit(START_TRUST)]])
    result = minimize(likelihood, start, jac=True, method="L-BFGS-B", options={"maxiter": 2000, "gtol": 1e-6})
    hessian = _hessian(likelihood, result.x)
    not_identified, condition = _identification(free, hessian, result.x)
    standard = np.sqrt(np.clip(np.diag(np.linalg.pinv(hessian)), 0.0, None))
    estimates, errors, intervals, maximum = {}, {}, {}, {}
    for i, name in enumerate(free):
        value, se = float(result.x[i]), float(standard[i])
        low, high = _profile_interval(likelihood, result.x, i, se if name not in not_identified and se > 0 else 1.0)
        if name in _TRUST_PARAMETERS:  # estimated on the logit scale; report on the 0-1 scale
            value, low, high = _logistic(value), _logistic(low), _logistic(high)
            se *= value * (1 - value)  # an interval reaching 0 or 1 is closed by the range itself
        open_sides = [bound for bound, end in (("-inf", low), ("+inf", high)) if np.isinf(end)]
        if open_sides and name not in not_identified:
            not_identified[name] = _open_reason(name, open_sides)
        if name in not_identified:
            se = np.nan
        else:
            estimates[name] = value
        maximum[name], errors[name], intervals[name] = value, se, (low, high)
    not_identified = {name: not_identified[name] for name in free if name in not_identified}
    return FitResult(
        estimates=estimates,
        standard_errors=errors,
        intervals=intervals,
        fixed={k: v for k, v in fixed.as_dict().items() if _fitted_name(k) not in estimates},
        log_likelihood=-float(result.fun),
        speaker_turns=len(data.option),
        speakers=int(data.speaker_index.max() + 1),
        conversations=data.conversations,
        converged=bool(result.success),
        not_identified=not_identified,
        condition_number=condition,
        notes=notes + list(dict.fromkeys(not_identified.values())),
        maximum=maximum,
    )


ESTIMATED = (*(n for n in UTILITY_WEIGHTS if n not in _NEVER_FITTED), *_TRUST_PARAMETERS)
"""The parameters `fit` estimates where the data can identify them (the others are held at `fixed`)."""


def _held_fixed(fixed: Parameters | Mapping[str, float] | None) -> Parameters:
    """The parameters held fixed. Whole `Parameters` (a simulation's, say) are taken as they are, the estimated ones
    ignored; a parameter the fit estimates, named on its own, is refused."""
    if isinstance(fixed, Parameters):
        return fixed
    default = Parameters()
    given = [n for n in ESTIMATED if n in (fixed or {})]
    if given:
        options = [n for n in default.as_dict() if n not in ESTIMATED]
        raise InputError(message("estimated_parameter", names=", ".join(given), options=", ".join(options)))
    return default.replace(**(fixed or {}))


def _free_parameters(data: SpeakerTurns, fixed: Parameters, gender_column: str | None) -> tuple[list[str], list[str]]:
    """The parameters this data can identify, and notes on those held fixed."""
    notes = [f"{', '.join(_NEVER_FITTED)} held fixed: option constants are identified only relative to each other."]
    free = [n for n in UTILITY_WEIGHTS if n not in _NEVER_FITTED]
    held = {
        "negativity_cost_men": gender_column is None or len(np.unique(data.man)) < 2,
        "privacy": fixed.exposure == 0,
        "support_seeking": fixed.need == 0,
    }
    for name, hold in held.items():
        if hold:
            free.remove(name)
            notes.append(f"{name} held fixed: the data or the situation cannot identify it.")
    if "support_seeking" in free:
        notes.append(
            f"{SUPPORT_AT_START} is estimated in place of support_seeking, which enters every choice only multiplied "
            "by trust: it is the value of seeking comfort per unit of depth of a negative disclosure (and of need) at "
            "the start of a relationship. Support seeking on its own is this product divided by initial_trust, and "
            "large whenever trust is small, so it is not reported."
        )
    return [_fitted_name(name) for name in free] + list(_TRUST_PARAMETERS), notes


def _hessian(likelihood: _Likelihood, theta: np.ndarray, step: float = 1e-4) -> np.ndarray:
    """The Hessian of −log L at θ (central differences of the exact gradient)."""
    size = len(theta)
    hessian = np.empty((size, size))
    for i in range(size):
        shift = np.zeros(size)
        shift[i] = step
        hessian[i] = (likelihood(theta + shift)[1] - likelihood(theta - shift)[1]) / (2 * step)
    return (hessian + hessian.T) / 2


def _identification(free: list[str], hessian: np.ndarray, theta: np.ndarray) -> tuple[dict[str, str], float]:
    """The parameters the data cannot pin down, each with the reason in plain words, and the condition number of
    the correlation-form Hessian (see the module docstring)."""
    reasons: dict[str, str] = {}
    for name, estimate in zip(free, theta, strict=False):
        value = _logistic(estimate)
        if name in _TRUST_PARAMETERS and min(value, 1 - value) < BOUND_MARGIN:
            reasons[name] = (
                f"{name} runs to {value:.3f}, the edge of its 0-1 range: the data push it as far as it goes, so no "
                f"point estimate or standard error is given; read it as 'about {round(value)}', not as a measurement."
            )
    information = np.diag(hessian)
    blind = information <= 1e-8 * information.max()
    for name in np.asarray(free)[blind]:
        reasons[name] = (
            f"{name}: nothing in these conversations bears on it (the fit is the same whatever its value), so "
            "its estimate means nothing; hold it at a published value instead."
        )
    seen = np.flatnonzero(~blind)
    scale = np.sqrt(information[seen])
    eigenvalues, vectors = np.linalg.eigh(hessian[np.ix_(seen, seen)] / np.outer(scale, scale))
    groups: list[set[str]] = []
    for k in np.flatnonzero(eigenvalues < WEAK_INFORMATION):
        members = {free[j] for j in seen[np.abs(vectors[:, k]) >= LOADING]}
        for overlapping in [g for g in groups if g & members]:  # combinations sharing a parameter: one group
            members |= overlapping
            groups.remove(overlapping)
        groups.append(members)
    for members in groups:
        group = [name for name in free if name in members]
        reason = (
            f"{_and(group)}: these conversations cannot tell them apart. They fix a combination of them, not "
            "each one, so each estimate could move far with the others making up the difference; no point "
            "estimates or standard errors are given for them, only their profile intervals. Hold one of them at a "
            "published value to estimate the others."
            if len(group) > 1
            else f"{_and(group)}: these conversations hardly bear on it, so no point estimate or standard error is "
            "given, only its profile interval."
        )
        reasons.update({name: reasons.get(name, reason) for name in group})
    condition = float(eigenvalues.max() / eigenvalues.min()) if eigenvalues.min() > 0 else np.inf
    return {name: reasons[name] for name in free if name in reasons}, condition


def _open_reason(name: str, sides: list[str]) -> str:
    return (
        f"{name}: the likelihood stays within {PROFILE_DROP:.2f} of its maximum from the best value out to "
        f"{PROFILE_REACH:g} log-odds units towards {' and '.join(sides)}, so these conversations do not bound it "
        "there; its 95% interval is open on that side and no point estimate is given."
    )


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _logistic(value: float) -> float:
    return float(special.expit(value))  # no overflow at the far ends an optimiser may try


def _logit(value: float) -> float:
    return float(np.log(value / (1.0 - value)))


def _logit_clipped(value: float) -> float:
    """The logit of a 0-1 parameter, its ends moved in by 1e-9 (a fixed learning rate of 0 or 1 is allowed)."""
    return _logit(min(max(value, 1e-9), 1 - 1e-9))
