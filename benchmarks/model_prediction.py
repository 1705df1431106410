"""Predictive validity of the motivational model on AnnoMI: fit on half the transcripts, predict the other half.

Each speaker turn's choice (none, or depth 1-3 with its valence sign: the seven options of `decision.py`) is
predicted in the held-out transcripts, and scored by its log-likelihood per turn, against baselines fitted on the
same training half:

- constant rate: the training share of each option (add-one smoothing);
- AR(1) on depth: the option's share given the same speaker's previous depth (0-3, or none before their first turn);
- the model without reinforcement: the fitted parameters with learning_rate = 0 (trust stays at its start; not
  refitted, so it bounds from below what dropping reinforcement costs).

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
from disclosure.model.fit import SpeakerTurns, choice_log_probabilities

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


def previous_own_depth(turns: SpeakerTurns) -> np.ndarray:
    """Each turn's speaker's previous depth (0-3), or 4 at their first turn."""
    previous = np.full(len(turns.depth), 4)
    order = np.lexsort([turns.position, turns.speaker_index])
    same = np.zeros(len(order), dtype=bool)
    same[1:] = turns.speaker_index[order][1:] == turns.speaker_index[order][:-1]
    shifted = np.concatenate([[4], turns.depth[order][:-1]])
    previous[order] = np.where(same, shifted, 4)
    return previous


def baselines(train: SpeakerTurns, test: SpeakerTurns) -> dict[str, np.ndarray]:
    """log P(chosen option) per held-out turn under the constant-rate and AR(1) baselines."""
    counts = np.bincount(train.option, minlength=7) + 1.0
    constant = np.log(counts / counts.sum())[test.option]
    state_train, state_test = previous_own_depth(train), previous_own_depth(test)
    table = np.ones((5, 7))
    np.add.at(table, (state_train, train.option), 1.0)
    table /= table.sum(axis=1, keepdims=True)
    return {"constant rate": constant, "AR(1) on depth": np.log(table[state_test, test.option])}


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
    scores, test_turns = choice_log_probabilities(params, test, **COLUMNS)
    _, train_turns = choice_log_probabilities(params, train, **COLUMNS)
    scored = {"reward-cost model": scores}
    scored["model without reinforcement"] = choice_log_probabilities(
        params.replace(learning_rate=0.0), test, **COLUMNS
    )[0]
    scored.update(baselines(train_turns, test_turns))
    role = roles(test)
    assert len(role) == len(scores), (len(role), len(scores))
    print(
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.machine()} Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}; {time.perf_counter() - start:.0f} s. "
        f"Train {len(train_turns.option):,} speaker turns ({(parts['part'] == 'train').sum()} transcripts), "
        f"held out {len(scores):,} ({(parts['part'] == 'held-out').sum()} transcripts). "
        f"Fit: converged {result.converged}; not identified: {', '.join(result.not_identified) or 'none'}.\n"
    )
    print("| predictor | log-lik per turn, all | client turns | therapist turns | total log-lik |")
    print("|---|---|---|---|---|")
    for name, values in scored.items():
        by_role = [values[role == r].mean() for r in ("client", "therapist")]
        print(f"| {name} | {values.mean():.4f} | {by_role[0]:.4f} | {by_role[1]:.4f} | {values.sum():.1f} |")
    print()
    print(result.table().to_string(index=False, float_format=lambda v: f"{v:.3f}", na_rep="-"))
    print()
    share = np.bincount(test_turns.option, minlength=7) / len(test_turns.option)
    print("held-out option shares (none, 1+, 1-, 2+, 2-, 3+, 3-):", np.round(share, 3).tolist())


if __name__ == "__main__":
    main()
