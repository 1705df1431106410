"""Synthetic, already-measured counselling conversations with known (planted) structure.

Each generator returns an utterance table shaped like `Analyzer.annotate`'s output (plus a `depth` column, as
the depth measure adds), so the dynamics can be tested without a model: the planted effect must come back out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CLIENT_FOCUSED = "I felt that way too once. What is it like for you?"
SELF_CENTRED = "I went through a divorce myself and it was awful, I still think about it every night."
NEUTRAL_HELPER = "Mm-hmm."
CLIENT_TEXT = "I have been drinking more since I lost my job."


def utterance(
    conversation: str, speaker: str, depth: float, *, support: float = 0.1, text: str = ""
) -> dict[str, object]:
    """One measured row; disclosure and emotional probabilities are made consistent with `depth`."""
    depth = float(np.clip(depth, 0.0, 3.0))
    disclosed = depth >= 0.5
    return {
        "conversation": conversation,
        "speaker": speaker,
        "text": text or (CLIENT_TEXT if speaker == "client" else NEUTRAL_HELPER),
        "status": "ok",
        "disclosure": 0.9 if disclosed else 0.1,
        "informational": 0.5,
        "emotional": depth / 3.0,
        "emotional_support": support,
        "informational_support": 0.05,
        "depth": depth,
    }


def reinforcement_corpus(effect: float, *, conversations: int = 60, exchanges: int = 20, seed: int = 0) -> pd.DataFrame:
    """Client discloses; therapist replies with random support s; the client's next depth = 0.6 + effect * s + 0.3 d.

    Depth is uncorrelated with the reply's support, so `effect` is the causal reinforcement planted.
    """
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(conversations):
        depth = rng.uniform(0.6, 2.0)
        for _ in range(exchanges):
            support = rng.uniform(0, 1)
            rows.append(utterance(f"c{c}", "client", depth))
            rows.append(utterance(f"c{c}", "therapist", 0.1, support=support))
            depth = 0.6 + effect * support + 0.3 * depth + rng.normal(0, 0.25)
            depth = max(depth, 0.55)  # keep every client turn a disclosure so each one enters the model
    return pd.DataFrame(rows)


def reciprocity_corpus(matching: float, *, conversations: int = 60, exchanges: int = 20, seed: int = 0) -> pd.DataFrame:
    """Two peers; each turn's depth = 0.3 + matching * (partner's last depth) + noise."""
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(conversations):
        depth = rng.uniform(0, 3)
        for t in range(2 * exchanges):
            speaker = "a" if t % 2 == 0 else "b"
            rows.append(utterance(f"c{c}", speaker, depth, support=0.6))
            depth = float(np.clip(0.3 + matching * depth + rng.normal(0, 0.5) + rng.uniform(0, 0.8), 0, 3))
    return pd.DataFrame(rows)


def breadth_path(conversation: str, breadth_first: bool) -> pd.DataFrame:
    """A client who opens four areas shallowly, then goes deep in one (or the reverse order)."""
    shallow = [(0.8, "work"), (0.8, "family"), (0.9, "health"), (0.9, "money")]
    deep = [(2.6, "family"), (2.8, "family"), (2.7, "family"), (2.9, "family")]
    path = shallow + deep if breadth_first else deep + shallow
    rows = []
    for depth, area in path:
        rows.append({**utterance(conversation, "client", depth), "categories": area})
        rows.append({**utterance(conversation, "therapist", 0.0, support=0.7), "categories": ""})
    return pd.DataFrame(rows)


def helper_conversation(
    conversation: str, helper_text: str, *, helper_depth: float, client_after: float
) -> pd.DataFrame:
    """A therapist who discloses three times with `helper_text`; the client answers at depth `client_after`."""
    rows = []
    for _ in range(3):
        rows.append(utterance(conversation, "client", 1.0))
        rows.append(utterance(conversation, "therapist", 0.0, text="How has your week been?"))
        rows.append(utterance(conversation, "client", 1.0))
        rows.append(utterance(conversation, "therapist", helper_depth, text=helper_text))
        rows.append(utterance(conversation, "client", client_after))
        rows.append(utterance(conversation, "therapist", 0.0, text="Mm-hmm."))
    return pd.DataFrame(rows)
