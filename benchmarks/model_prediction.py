"""Predictive validity of the motivational model on AnnoMI: fit on half the transcripts, predict the other half.

Each speaker turn's choice (none, or depth 1-3 with its valence sign: the seven options of `decision.py`) is
predicted in the held-out transcripts, and scored by its log-likelihood per turn, against baselines fitted on the
same training half:

- constant rate: the training share of each option (add-one smoothing);
- AR(1) on depth: the option's share given the same speaker's previous depth (0-3, or none before their first turn);
- the model without reinforcement: the fitted parameters with learning_rate = 0 (trust stays at its start; not
  refitted, so it bounds from below what dropping reinforcement costs).

Besides the log-likelihood it compares two effects, observed in the held-out turns and implied by each predictor's
probability of disclosing: reciprocity (after a partner's disclosure minus after none) and withdrawal (after one's
own disclosure met an unsupportive reply, reply_support < 0.5, minus after a supportive one).

The model predicts with the parameters at the maximum of the training likelihood, unidentified ones included
(`FitResult.predictive_parameters`): a parameter the data do not pin down predicts the same anywhere on its ridge.

The split is by transcript: sorted by id, every other transcript is held out (ids, never text, in
docs/data/annomi_model_split.csv). The measured columns come from `benchmarks/annomi_worked_example.py`
(`--utterances`, default build/annomi/utterances.csv); AnnoMI itself is read from ../shared only by that script.

Usage: `python benchmarks/model_prediction.py [--utterances build/annomi/utterances.csv]`; prints Markdown.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from disclosure.dynamics.turns import turn_starts
from disclosure.model import fit
from disclosure.model.fit import SpeakerTurns, choice_probabilities

REPO = Path(__file__).resolve().parents[1]
SPLIT = REPO / "docs" / "data" / "annomi_model_split.csv"
COLUMNS = {"conversation_column": "transcript_id", "speaker_column": "interlocutor", "turn_column": "utterance_id"}


def split(utterances: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Training and held-out utterances, and the split itself (transcript id, part)."""
    ids = sorted(utterances["transcript_id"].unique(), key=int)
    parts = pd.DataFrame(
        {"transcript_id": ids, "part": ["train", "held-out"] * (len(ids) // 2) + ["train"] * (len(ids) % 2)}
    )
    held = set(parts.loc[parts["part"] == "held-out", "transcript_id"])
    is_held = utterances["transcript_id"].isin(held)
    return utterances[~is_held], utterances[is_held], parts


def roles(utterances: pd.DataFrame) -> np.ndarray:
    """The interlocutor of each speaker turn, in the order `fit.speaker_turns` gives the turns."""
    frame = utterances.reset_index(drop=True)
    order = np.lexsort(
        [np.arange(len(frame)), frame["utterance_id"].astype(float), pd.factorize(frame["transcript_id"])[0]]
    )
    frame = frame.iloc[order]
    frame = frame[pd.to_numeric(frame["disclosure"], errors="coerce").notna()]
    starts = turn_starts(frame["transcript_id"].astype(str).to_numpy(), frame["interlocutor"].astype(str).to_numpy())
    return np.asarray(frame["interlocutor"].to_numpy()[starts])


def previous_own(turns: SpeakerTurns, values: np.ndarray, first: float) -> np.ndarray:
    """Each turn's speaker's value at their previous turn (`first` at their first turn)."""
    previous = np.full(len(values), first, dtype=float)
    order = np.lexsort([turns.position, turns.speaker_index])
    same = np.zeros(len(order), dtype=bool)
    same[1:] = turns.speaker_index[order][1:] == turns.speaker_index[order][:-1]
    shifted = np.concatenate([[first], np.asarray(values, dtype=float)[order][:-1]])
    previous[order] = np.where(same, shifted, first)
    return previous


def baselines(train: SpeakerTurns, test: SpeakerTurns) -> dict[str, np.ndarray]:
    """P(option) per held-out turn, shape (turns, 7), under the constant-rate and AR(1) baselines."""
    counts = np.bincount(train.option, minlength=7) + 1.0
    constant = np.tile(counts / counts.sum(), (len(test.option), 1))
    state_train = previous_own(train, train.depth, 4).astype(int)
    state_test = previous_own(test, test.depth, 4).astype(int)
    table = np.ones((5, 7))
    np.add.at(table, (state_train, train.option), 1.0)
    table /= table.sum(axis=1, keepdims=True)
    return {"constant rate": constant, "AR(1) on depth": table[state_test]}


def effects(turns: SpeakerTurns, disclose: np.ndarray) -> dict[str, float]:
    """Reciprocity (P(disclose) after a partner's disclosure minus after none) and withdrawal (P(disclose) after
    one's own disclosure met an unsupportive reply, reply_support < 0.5, minus after a supportive one), from the
    observed (0/1) or predicted probability of disclosing at each turn."""
    partner = turns.partner_depth > 0
    own_depth = previous_own(turns, turns.depth, 0)
    reply = previous_own(turns, turns.response, np.nan)
    after_disclosure = (own_depth > 0) & ~np.isnan(reply)
    unsupported, supported = after_disclosure & (reply < 0.5), after_disclosure & (reply >= 0.5)
    return {
        "reciprocity": float(disclose[partner].mean() - disclose[~partner].mean()),
        "after unsupportive minus supportive reply": float(disclose[unsupported].mean() - disclose[supported].mean()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--utterances", type=Path, default=REPO / "build" / "annomi" / "utterances.csv")
    args = parser.parse_args()
    if not args.utterances.is_file():
        raise SystemExit(f"No {args.utterances}: run benchmarks/annomi_worked_example.py first (see its docstring).")
    start = time.perf_counter()
    columns = [
        "transcript_id",
        "utterance_id",
        "interlocutor",
        "disclosure",
        "layer",
        "depth",
        "valence",
        "reply_support",
    ]
    utterances = pd.read_csv(args.utterances, usecols=columns, dtype={"transcript_id": str})
    train, test, parts = split(utterances)
    SPLIT.parent.mkdir(parents=True, exist_ok=True)
    parts.to_csv(SPLIT, index=False)
    result = fit(train, **COLUMNS)
    params = result.predictive_parameters()
    predicted, test_turns = choice_probabilities(params, test, **COLUMNS)
    _, train_turns = choice_probabilities(params, train, **COLUMNS)
    scored = {"reward-cost model": predicted}
    scored["model without reinforcement"] = choice_probabilities(params.replace(learning_rate=0.0), test, **COLUMNS)[0]
    scored.update(baselines(train_turns, test_turns))
    rows = np.arange(len(test_turns.option))
    role = roles(test)
    assert len(role) == len(rows), (len(role), len(rows))
    print(
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.machine()} Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}; {time.perf_counter() - start:.0f} s. "
        f"Train {len(train_turns.option):,} speaker turns ({(parts['part'] == 'train').sum()} transcripts), "
        f"held out {len(rows):,} ({(parts['part'] == 'held-out').sum()} transcripts). "
        f"Fit: converged {result.converged}; not identified: {', '.join(result.not_identified) or 'none'}.\n"
    )
    observed = effects(test_turns, (test_turns.depth > 0).astype(float))
    print(
        "| predictor | log-lik per turn, all | client turns | therapist turns | total log-lik | "
        + " | ".join(observed)
        + " |"
    )
    print("|---|---|---|---|---|" + "---|" * len(observed))
    print("| observed (held out) | | | | | " + " | ".join(f"{v:+.3f}" for v in observed.values()) + " |")
    for name, probability in scored.items():
        values = np.log(probability[rows, test_turns.option])
        by_role = [values[role == r].mean() for r in ("client", "therapist")]
        implied = effects(test_turns, 1.0 - probability[:, 0])
        print(
            f"| {name} | {values.mean():.4f} | {by_role[0]:.4f} | {by_role[1]:.4f} | {values.sum():.1f} | "
            + " | ".join(f"{v:+.3f}" for v in implied.values())
            + " |"
        )
    print()
    print(result.table().to_string(index=False, float_format=lambda v: f"{v:.3f}", na_rep="-"))
    print()
    share = np.bincount(test_turns.option, minlength=7) / len(test_turns.option)
    print("held-out option shares (none, 1+, 1-, 2+, 2-, 3+, 3-):", np.round(share, 3).tolist())


if __name__ == "__main__":
    main()
