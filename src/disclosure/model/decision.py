"""The decision rule: what each way of answering is worth to the speaker, and the logit choice between them.

At every turn the speaker picks one of seven options: say nothing about themselves (`none`), or disclose at
depth d = 1 (peripheral), 2 (intermediate) or 3 (core) with positive or negative valence. With x = d / 3 the
depth on a 0-1 scale, τ the speaker's trust in the partner, p the partner's last disclosure depth (0-3) and
"man" 1 for men, 0 otherwise, the utility of disclosing is::

    U(d, v) = reflection + sharing                                  intrinsic value of talking about oneself
            + belonging · τ · x                                      closeness, growing with trust
            + reciprocity · (p / 3) · x                              matching the partner
            − privacy · exposure · x                                 audience, identifiability, future contact
            − (regret + vulnerability · (1 − τ) · ident) · x²        cost of depth, steep near the core
            + self_enhancement                                       if v is positive
            + support_seeking · need · τ · x                         if v is negative
            − negativity_cost − negativity_cost_men · man            if v is negative

where ident is `identifiability` (1 face to face: an anonymous speaker is not exposed to an untrusted listener, so
anonymity removes vulnerability as well as the privacy cost; Joinson 2001, and the calibration to Ma, Hancock &
Naaman 2016 needs it), and U(none) = other_talk, the value of everything else one can say. The speaker chooses
option k with the logit (softmax) probability P(k) = exp U(k) / Σ_j exp U(j) (McFadden 1974): higher utility,
likelier choice, never certain.

Each utility is a sum of parameter × term; `utility_terms` returns the terms, so the simulation (which adds
them up) and the fit (which estimates the weights) use exactly the same equations.
"""

from __future__ import annotations

import numpy as np

from .parameters import Parameters

OPTION_DEPTH = np.array([0, 1, 1, 2, 2, 3, 3], dtype=np.int8)
OPTION_VALENCE = np.array([0, 1, -1, 1, -1, 1, -1], dtype=np.int8)
"""The seven options: (depth, valence) = none, then each layer positive (+1) and negative (-1)."""

_X = OPTION_DEPTH / 3.0
_DISCLOSED = (OPTION_DEPTH > 0).astype(float)
_POSITIVE = (OPTION_VALENCE > 0).astype(float)
_NEGATIVE = (OPTION_VALENCE < 0).astype(float)

UTILITY_WEIGHTS: tuple[str, ...] = (
    "other_talk",
    "reflection",
    "sharing",
    "belonging",
    "reciprocity",
    "privacy",
    "regret",
    "vulnerability",
    "self_enhancement",
    "support_seeking",
    "negativity_cost",
    "negativity_cost_men",
)
"""The parameters that weigh one utility term each, in the order of `utility_terms`."""


def option_index(depth: np.ndarray, valence: np.ndarray) -> np.ndarray:
    """The option (0-6) for each observed depth (0-3) and valence sign (negative < 0 <= positive)."""
    depth = np.asarray(depth, dtype=np.int64)
    negative = np.asarray(valence) < 0
    return np.where(depth == 0, 0, 2 * depth - 1 + negative).astype(np.int64)


def utility_terms(trust: np.ndarray, partner_depth: np.ndarray, man: np.ndarray, params: Parameters) -> np.ndarray:
    """The terms each weight multiplies, shape (n, 7 options, len(UTILITY_WEIGHTS)).

    `trust` (0-1), `partner_depth` (0-3) and `man` (0/1) are arrays of n speakers; the situation
    (need, exposure) comes from `params`. Costs enter with a minus sign, so every weight is positive.
    """
    tau = np.asarray(trust, dtype=float)[:, None]
    partner = np.asarray(partner_depth, dtype=float)[:, None] / 3.0
    is_man = np.asarray(man, dtype=float)[:, None]
    ones = np.ones_like(tau)
    terms = (
        (1.0 - _DISCLOSED) * ones,  # other_talk
        _DISCLOSED * ones,  # reflection
        _DISCLOSED * ones,  # sharing
        tau * _X,  # belonging
        partner * _X,  # reciprocity
        -params.exposure * _X * ones,  # privacy
        -(_X**2) * ones,  # regret
        -(1.0 - tau) * params.identifiability * _X**2,  # vulnerability
        _POSITIVE * ones,  # self_enhancement
        params.need * tau * _X * _NEGATIVE,  # support_seeking
        -_NEGATIVE * ones,  # negativity_cost
        -is_man * _NEGATIVE,  # negativity_cost_men
    )
    return np.stack(terms, axis=-1)


def depth_utility(depth_share: np.ndarray, trust: float, negative: bool, man: float, params: Parameters) -> np.ndarray:
    """U(d, v) − reflection − sharing at any depth on the 0-1 scale (x = d/3 in the options), with no partner
    disclosure: what makes one disclosure worth more than another. For the survey paradigms, where the depth is a
    rated intimacy rather than a layer and the situation in `params` is that of the study."""
    x = np.asarray(depth_share, dtype=float)
    value = (
        params.belonging * trust * x
        - params.privacy * params.exposure * x
        - (params.regret + params.vulnerability * (1.0 - trust) * params.identifiability) * x**2
    )
    if negative:
        return np.asarray(
            value
            + params.support_seeking * params.need * trust * x
            - params.negativity_cost
            - params.negativity_cost_men * man
        )
    return np.asarray(value + params.self_enhancement)


def weights(params: Parameters) -> np.ndarray:
    """The utility weights of `params`, in the order of `UTILITY_WEIGHTS`."""
    return np.array([getattr(params, name) for name in UTILITY_WEIGHTS])


def utilities(trust: np.ndarray, partner_depth: np.ndarray, man: np.ndarray, params: Parameters) -> np.ndarray:
    """U(k) for every speaker and option, shape (n, 7)."""
    return np.asarray(utility_terms(trust, partner_depth, man, params) @ weights(params))


def linear_utilities(params: Parameters) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """U as (base, per_trust, per_partner_depth, per_man), each (7,): U = base + τ·per_trust + p·per_partner_depth
    + man·per_man.

    Exact because every term is linear in each state variable and no term multiplies two of them; the
    simulation uses this form to avoid building the (n, 7, terms) array at every turn.
    """
    zero, one = np.zeros(1), np.ones(1)
    base = utilities(zero, zero, zero, params)[0]
    return (
        base,
        utilities(one, zero, zero, params)[0] - base,
        utilities(zero, one, zero, params)[0] - base,
        utilities(zero, zero, one, params)[0] - base,
    )


def choice_probabilities(utility: np.ndarray) -> np.ndarray:
    """Logit choice probabilities P(k) = exp U(k) / Σ_j exp U(j), row by row."""
    shifted = np.exp(utility - utility.max(axis=-1, keepdims=True))
    return np.asarray(shifted / shifted.sum(axis=-1, keepdims=True))


def choose(utility: np.ndarray, uniform: np.ndarray) -> np.ndarray:
    """Draw one option per row from the logit probabilities, given one uniform(0, 1) number per row."""
    cumulative = np.cumsum(choice_probabilities(utility), axis=-1)
    return np.asarray(np.minimum((uniform[:, None] > cumulative).sum(axis=-1), utility.shape[-1] - 1))
