"""Does each detector tier rank conversational text as well as Reddit? AUROC side by side, same run.

    python benchmarks/transfer.py --models default,balanced,fast

Ranking quality of the `disclosure` probability (a sentence discloses informational or emotional content) on:
- CL-Aff test (Reddit, in domain): 5,000 sentences, disclosure = informational OR emotional (corrected labels);
- support-chat turns we wrote and labelled (`tests/data/support_chat_turns.csv`): all 46, and the helpers' turns;
- AnnoMI therapist turns we labelled for the therapist's own self-disclosure
  (`docs/data/annomi_therapist_self_disclosure.csv`, 275 turns; texts read from ../shared/data/annomi).
AUROC needs no threshold, so a tier whose probabilities drift on new text can still rank it well.
"""

from __future__ import annotations

import argparse
import platform
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from annomi import ANNOMI, read_annomi
from sklearn.metrics import roc_auc_score

from disclosure import Analyzer
from disclosure.measure.detectors.claff import read_split

REPO = Path(__file__).resolve().parents[1]
CLAFF = REPO.parent / "shared" / "data" / "claff-offmychest"
CHAT = REPO / "tests" / "data" / "support_chat_turns.csv"
THERAPIST_LABELS = REPO / "docs" / "data" / "annomi_therapist_self_disclosure.csv"


def samples() -> dict[str, tuple[list[str], np.ndarray]]:
    """Name -> (texts, 0/1 disclosure labels)."""
    texts, y = read_split(CLAFF, "test")
    chat = pd.read_csv(CHAT)
    helper = chat[chat["role"] == "helper"]
    annomi = read_annomi(ANNOMI).astype({"transcript_id": int, "utterance_id": int})
    therapist = pd.read_csv(THERAPIST_LABELS).merge(annomi, on=["transcript_id", "utterance_id"], how="left")
    return {
        "CL-Aff test (Reddit)": (texts, y[:, 0]),
        "support chat, all turns": (chat["text"].tolist(), chat["discloses"].to_numpy()),
        "support chat, helper turns": (helper["text"].tolist(), helper["discloses"].to_numpy()),
        "AnnoMI therapist turns": (therapist["utterance_text"].tolist(), therapist["self_disclosure"].to_numpy()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="default,balanced,fast")
    args = parser.parse_args()
    data = samples()
    models = args.models.split(",")
    print(f"# {date.today()} · {platform.machine()}\n")
    print("| sample | texts | disclosing | " + " | ".join(f"AUROC `{m}`" for m in models) + " |")
    print("|---|---|---|" + "---|" * len(models))
    scores = {
        m: {name: Analyzer(m, theory=False).detector.predict_proba(t)[:, 0] for name, (t, _) in data.items()}
        for m in models
    }
    for name, (texts, y) in data.items():
        aurocs = " | ".join(f"{roc_auc_score(y, scores[m][name]):.3f}" for m in models)
        print(f"| {name} | {len(texts)} | {int(y.sum())} | {aurocs} |")


if __name__ == "__main__":
    main()
