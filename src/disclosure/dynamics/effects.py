"""Corpus-level effects over all conversations: reinforcement and reciprocity, clustered by conversation.

Speakers are identified within their conversation, so clustering by conversation also accounts for
repeated turns by the same speaker (speakers are nested in conversations).
"""

from __future__ import annotations

import pandas as pd

from .estimation import Comparative, Effect, effects_frame, gee

DEEPER = Comparative(more="{size} depth units deeper", less="{size} depth units shallower", same="of the same depth")
"""A turn's depth beside what it is compared with, in words."""
DEEPER_THAN = Comparative(
    more="{size} depth units deeper than", less="{size} depth units shallower than", same="as deep as"
)
"""The same, in a sentence that names what the turn is compared with."""


def _adjusted_effect(
    data: pd.DataFrame,
    *,
    effect: str,
    outcome: str,
    term: str,
    adjusted_for: str,
    describe: str,
    comparative: Comparative = DEEPER,
) -> list[Effect]:
    """The one `Effect` of `term` on `outcome`, adjusted for `adjusted_for`, clustered by conversation (see `gee`)."""
    return gee(
        data,
        effect=effect,
        outcome=outcome,
        terms=[term, adjusted_for],
        clusters="conversation",
        describe=describe,
        comparative=comparative,
    )[:1]


def _disclosers(paired: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Turns that disclosed and were answered by someone and followed by the discloser again.

    When helpers are present, only the other speakers' (clients') disclosures answered by a helper are
    used: that is the exchange reinforcement theory is about in counselling.
    """
    rows = paired[paired["disclosed"] & paired["reply_depth"].notna() & paired["next_depth"].notna()]
    if paired["helper"].any():
        return rows[~rows["helper"] & rows["reply_helper"]], "a client's"
    return rows, "a"


def reinforcement(paired: pd.DataFrame) -> list[Effect]:
    """Does support (or a coded kind of reply) after a disclosure predict the discloser's next depth?

    Outcome: depth of the discloser's next turn; adjusted for the depth of the disclosure itself
    (Baack, Fogliasso & Harris, 2000: positive feedback motivates deeper disclosure later).
    """
    rows, whose = _disclosers(paired)
    data = rows.assign(reply_support=rows["reply_support"].astype(float))
    effects = _adjusted_effect(
        data,
        effect="reinforcement",
        outcome="next_depth",
        term="reply_support",
        adjusted_for="depth",
        describe=f"After {whose} disclosure, each unit of support in the reply goes with a next turn "
        "{compared} ({ci}; {n} disclosures in {clusters} conversations",
    )
    for code in [c for c in paired.columns if c.startswith("reply:")]:
        spec = code.removeprefix("reply:")
        coded = data.assign(coded_reply=data[code].astype(float))
        effects += _adjusted_effect(
            coded,
            effect=f"reinforcement by {spec}",
            outcome="next_depth",
            term="coded_reply",
            adjusted_for="depth",
            describe=f"After {whose} disclosure, a reply coded {spec} goes with a next turn {{compared}} after "
            "other replies ({ci}; {n} disclosures in {clusters} conversations",
            comparative=DEEPER_THAN,
        )
    return effects


def reciprocity(paired: pd.DataFrame) -> list[Effect]:
    """Does one speaker's depth predict the partner's next depth, beyond the partner's own previous depth?

    With helpers present, the two directions are also estimated apart, each over the exchanges between a helper
    and a client only (a conversation between two peers belongs to neither direction).
    """
    rows = paired[paired["reply_depth"].notna() & paired["reply_prior_depth"].notna()]
    groups: list[tuple[str, pd.DataFrame]] = [("reciprocity", rows)]
    if paired["helper"].any() and (~paired["helper"]).any():
        groups += [
            ("reciprocity: client to helper", rows[~rows["helper"] & rows["reply_helper"]]),
            ("reciprocity: helper to client", rows[rows["helper"] & ~rows["reply_helper"]]),
        ]
    effects: list[Effect] = []
    for name, data in groups:
        effects += _adjusted_effect(
            data,
            effect=name,
            outcome="reply_depth",
            term="depth",
            adjusted_for="reply_prior_depth",
            describe=f"{name.capitalize()}: each unit of depth goes with the partner's reply being {{compared}}, "
            "beyond the partner's own previous depth ({ci}; {n} replies in {clusters} conversations",
        )
    return effects


def corpus_effects(paired: pd.DataFrame) -> pd.DataFrame:
    """Reciprocity and reinforcement over the whole corpus, one row per effect (see `Effect`)."""
    return effects_frame(reciprocity(paired) + reinforcement(paired))
