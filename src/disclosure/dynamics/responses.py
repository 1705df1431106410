"""Turn pairing: for every turn, the partner's reply to it and the speaker's own next turn."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .turns import Turns


def pair_turns(turns: pd.DataFrame) -> pd.DataFrame:
    """`turns` plus the reply (the next turn, always another speaker) and the speaker's own next turn.

    Added columns: `reply_depth`, `reply_support`, `reply_disclosed`, `reply_speaker`, `reply_helper` (whether the
    replier is a helper; False for the last turn, which has no reply), `reply_prior_depth`
    (the replier's own previous depth, so reciprocity can be separated from a speaker's habitual level),
    `next_depth` (the speaker's next turn after the reply) and, for each response code, `reply_<code>`.
    """
    paired = turns.copy()
    same_conversation = paired["conversation"].shift(-1) == paired["conversation"]
    for name in ("depth", "support", "disclosed", "speaker"):
        paired[f"reply_{name}"] = paired[name].shift(-1).where(same_conversation)
    paired["reply_helper"] = paired["helper"].shift(-1, fill_value=False) & same_conversation
    for code in [c for c in turns.columns if c.startswith("response:")]:
        paired[code.replace("response:", "reply:", 1)] = paired[code].shift(-1).where(same_conversation)
    by_speaker = paired.groupby(["conversation", "speaker"], sort=False)["depth"]
    prior = by_speaker.shift(1)
    paired["reply_prior_depth"] = prior.shift(-1).where(same_conversation)
    paired["next_depth"] = by_speaker.shift(-1)
    return paired


def utterance_responses(built: Turns, paired: pd.DataFrame) -> pd.DataFrame:
    """Per input row: its turn number, the partner's reply to its turn and the speaker's next depth."""
    rows = built.utterances
    by_turn = paired.set_index("turn_id")
    turn_id = rows["turn_id"]
    known = turn_id.notna().to_numpy()
    looked_up = by_turn.reindex(turn_id[known].to_numpy())
    out = pd.DataFrame(index=rows.index)
    out["turn_number"] = np.nan
    out.loc[known, "turn_number"] = looked_up["index_in_conversation"].to_numpy(float) + 1
    for name in ("reply_support", "reply_depth", "next_depth"):
        out[name] = np.nan
        out.loc[known, name] = looked_up[name].to_numpy(float)
    return out.astype({"turn_number": "Int64"})
