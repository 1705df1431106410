"""Every number of the motivational model in one place: name, meaning, default and source."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..constants import (
    ALTMAN_TAYLOR_1973,
    BAUMEISTER_1982,
    BAUMEISTER_LEARY_1995,
    CARBONE_2024,
    COLLINS_MILLER_1994,
    DUNBAR_1997,
    JOINSON_2001,
    JOURARD_1971,
    MONTICELLI_2022,
    OMARZU_2000,
    PETRONIO_2002,
    REIS_SHAVER_1988,
    RUBIN_1975,
    SIMONDS_SPOKES_2017,
    TAMIR_MITCHELL_2012,
)
from ..errors import InputError, message

CHOSEN = "Modelling choice of this package (no published value); see docs/model.md."


def _p(default: float, meaning: str, source: str, group: str, low: float = -math.inf, high: float = math.inf) -> Any:
    """A parameter field: its default, what it means, where it comes from, and its valid range."""
    return field(default=default, metadata={"meaning": meaning, "source": source, "group": group, "range": (low, high)})


@dataclass(frozen=True)
class Parameters:
    """The named parameters of the motivational model (utilities are in logit units: 1.0 is one unit of log-odds).

    `Parameters()` holds the calibrated defaults; `Parameters().replace(trust=...)` or `with_overrides(["x=1"])`
    make a variant. `describe()` lists every field with its meaning and source (docs/model.md shows the same).
    """

    # --- motives: what disclosing is worth -------------------------------------------------------------------------
    reflection: float = _p(
        1.0,
        "Intrinsic value of thinking and talking about oneself rather than about something else "
        "(self-referential thought), for any disclosure.",
        TAMIR_MITCHELL_2012,
        "motive",
    )
    sharing: float = _p(
        1.0,
        "Additional intrinsic value of telling it to someone rather than keeping the thought private.",
        TAMIR_MITCHELL_2012,
        "motive",
    )
    other_talk: float = _p(
        3.7,
        "Value of everything else one can say in a conversation (asking, answering, talking about other people or "
        "the world): the utility of not disclosing. Calibrated so acquaintances spend 30-40% of turns on themselves.",
        f"{DUNBAR_1997}; {TAMIR_MITCHELL_2012}",
        "motive",
    )
    belonging: float = _p(
        2.0,
        "Relational benefit (closeness, belonging) per unit of depth, growing with trust.",
        f"{BAUMEISTER_LEARY_1995}; {ALTMAN_TAYLOR_1973}",
        "motive",
    )
    support_seeking: float = _p(
        2.0,
        "Value of comfort and support for negative disclosure: need x expected responsiveness (trust) x depth.",
        f"{REIS_SHAVER_1988}; {CARBONE_2024}",
        "motive",
    )
    self_enhancement: float = _p(
        0.6,
        "Value of presenting oneself favourably: added to every positive disclosure.",
        f"{BAUMEISTER_1982}; {CARBONE_2024}",
        "motive",
    )
    reciprocity: float = _p(
        1.5,
        "Norm to match the partner: value per unit of depth x the partner's last disclosure depth.",
        f"{JOURARD_1971}; {COLLINS_MILLER_1994}",
        "motive",
    )
    # --- costs ----------------------------------------------------------------------------------------------------
    vulnerability: float = _p(
        4.0,
        "Cost of being exposed: grows with the square of depth and with distrust (1 - trust).",
        f"{OMARZU_2000}; {ALTMAN_TAYLOR_1973}",
        "cost",
    )
    regret: float = _p(
        1.0,
        "Expected regret of deep disclosure: grows with the square of depth whatever the trust.",
        OMARZU_2000,
        "cost",
    )
    privacy: float = _p(
        1.0,
        "Privacy cost per unit of depth x exposure, where exposure = log2(1 + audience) x identifiability x "
        "future_contact.",
        f"{PETRONIO_2002}; {JOINSON_2001}; {RUBIN_1975}",
        "cost",
    )
    negativity_cost: float = _p(
        0.5,
        "Image cost of revealing negative information (failures, worries), for everyone.",
        CARBONE_2024,
        "cost",
    )
    negativity_cost_men: float = _p(
        0.6,
        "Extra image cost of negative information for men (women and men share positive news alike).",
        CARBONE_2024,
        "individual",
    )
    # --- relationship dynamics ------------------------------------------------------------------------------------
    initial_trust: float = _p(
        0.25,
        "Trust (expected responsiveness of the partner) at the first turn: 0.25 for acquaintances; the "
        "calibration uses 0.1 for strangers.",
        f"{ALTMAN_TAYLOR_1973}; {CHOSEN}",
        "relationship",
        0.0,
        1.0,
    )
    learning_rate: float = _p(
        0.9,
        "How far one response moves trust towards the response received (x depth/3 of the disclosure answered).",
        f"{REIS_SHAVER_1988}; {CHOSEN}",
        "relationship",
        0.0,
        1.0,
    )
    responsiveness: float = _p(
        0.7,
        "Average probability that a listener answers a disclosure supportively (each person's own probability is "
        "drawn from a Beta distribution with this mean).",
        f"{REIS_SHAVER_1988}; {CHOSEN}",
        "relationship",
        0.0,
        1.0,
    )
    responsiveness_concentration: float = _p(
        8.0,
        "Concentration of that Beta distribution (higher: listeners more alike).",
        CHOSEN,
        "relationship",
        0.0,
    )
    # --- situation ------------------------------------------------------------------------------------------------
    need: float = _p(
        0.5,
        "Current need for support (0 none, 1 acute, e.g. just after a breakup).",
        REIS_SHAVER_1988,
        "situation",
        0.0,
        1.0,
    )
    audience: float = _p(
        1.0,
        "Number of people who hear the disclosure (1 in a dyad).",
        PETRONIO_2002,
        "situation",
        1.0,
    )
    identifiability: float = _p(
        1.0,
        "How identifiable the speaker is (1 face to face, 0 fully anonymous): scales the privacy and vulnerability "
        "costs.",
        JOINSON_2001,
        "situation",
        0.0,
        1.0,
    )
    future_contact: float = _p(
        1.0,
        "Expected future contact with the listener (1 friend or colleague, near 0 the stranger on a train).",
        RUBIN_1975,
        "situation",
        0.0,
        1.0,
    )
    share_men: float = _p(0.5, "Share of simulated people who are men.", CARBONE_2024, "individual", 0.0, 1.0)
    # --- helping conversations (setting="helping": person 1 is a therapist or helper) -----------------------------
    helper_disclosure_rate: float = _p(
        0.0,
        "Share of the helper's turns that are self-disclosures (the rest are responses to the client).",
        f"{MONTICELLI_2022}; {SIMONDS_SPOKES_2017}",
        "helping",
        0.0,
        1.0,
    )
    helper_centred: float = _p(
        0.0,
        "Share of those helper disclosures that are helper-centred (turn the focus to the helper) rather than "
        "client-focused (brief, relevant, handing the focus back).",
        f"{MONTICELLI_2022}; {SIMONDS_SPOKES_2017}",
        "helping",
        0.0,
        1.0,
    )
    helper_depth: float = _p(
        1.0,
        "Depth of the helper's disclosures (1 peripheral, 2 intermediate, 3 core).",
        CHOSEN,
        "helping",
        1.0,
        3.0,
    )
    # --- the Tamir & Mitchell (2012) choice paradigm -----------------------------------------------------------------
    money: float = _p(
        0.365,
        "Utility of one cent in the money-for-disclosure choice paradigm: fitted so that the model forgoes the "
        "middle of the published 17-25% of earnings (calibration.fit_targets).",
        TAMIR_MITCHELL_2012,
        "paradigm",
        0.0,
    )

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            low, high = f.metadata["range"]
            if not (isinstance(value, (int, float)) and math.isfinite(value) and low <= value <= high):
                raise InputError(message("bad_parameter_value", name=f.name, value=value, low=low, high=high))

    def replace(self, **changes: float) -> Parameters:
        """A copy with some parameters changed (validated)."""
        unknown = sorted(set(changes) - set(names()))
        if unknown:
            raise InputError(message("unknown_parameter", name=unknown[0], options=names()))
        return dataclasses.replace(self, **changes)

    def with_overrides(self, specs: Iterable[str]) -> Parameters:
        """A copy changed by `name=value` strings (the CLI's repeated `--param`)."""
        return self.replace(**overrides(specs))

    def as_dict(self) -> dict[str, float]:
        """Every parameter by name."""
        return {name: float(getattr(self, name)) for name in names()}

    @property
    def exposure(self) -> float:
        """Privacy exposure: log2(1 + audience) x identifiability x future_contact (1.0 for a dyad of friends)."""
        return math.log2(1.0 + self.audience) * self.identifiability * self.future_contact


def overrides(specs: Iterable[str]) -> dict[str, float]:
    """The parameters named by `name=value` strings, with their values (names and values checked)."""
    changes: dict[str, float] = {}
    for spec in specs:
        name, sep, text = spec.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InputError(message("bad_parameter_spec", spec=spec, options=names()))
        try:
            changes[name] = float(text)
        except ValueError:
            raise InputError(message("bad_parameter_spec", spec=spec, options=names())) from None
    Parameters().replace(**changes)
    return changes


def names() -> tuple[str, ...]:
    """The parameter names, in declaration order."""
    return tuple(f.name for f in dataclasses.fields(Parameters))


def describe() -> list[dict[str, str]]:
    """One row per parameter: name, group, default, meaning, source (for docs and reports)."""
    defaults = Parameters()
    return [
        {
            "name": f.name,
            "group": f.metadata["group"],
            "default": f"{getattr(defaults, f.name):g}",
            "meaning": f.metadata["meaning"],
            "source": f.metadata["source"],
        }
        for f in dataclasses.fields(Parameters)
    ]
