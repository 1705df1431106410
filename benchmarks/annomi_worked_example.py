"""The worked example in docs/dynamics.md: the whole conversation pipeline on AnnoMI, findings with 95% CIs.

Rerun (about a minute of detector time on a 2-core CPU):

    python benchmarks/annomi_worked_example.py --model default --out build/annomi

It writes the four tables, a ConvoKit-free HTML report and `findings.json` into --out, and prints the
findings as Markdown. AnnoMI is read from ../shared/data/annomi (never copied into the project).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
from annomi import ANNOMI, annomi_columns, read_annomi
from scipy.stats import spearmanr
from sklearn.metrics import cohen_kappa_score, roc_auc_score

from disclosure.analyzer import Analyzer
from disclosure.constants import DISCLOSURE_THRESHOLD, HELPER_DISCLOSURE_THRESHOLD
from disclosure.dynamics.compare import compare_groups
from disclosure.dynamics.pipeline import measure_conversations
from disclosure.reports.dynamics import render

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "docs" / "data" / "annomi_therapist_self_disclosure.csv"
RESPONSES = ("main_therapist_behaviour=reflection", "main_therapist_behaviour=question")
BOOTSTRAP = 2000


def bootstrap_ci(values: np.ndarray, statistic=np.median, seed: int = 0) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    """The statistic and its percentile 95% CI over resampled conversations."""
    values = values[~np.isnan(values)]
    rng = np.random.default_rng(seed)
    draws = [statistic(rng.choice(values, len(values))) for _ in range(BOOTSTRAP)]
    return float(statistic(values)), float(np.percentile(draws, 2.5)), float(np.percentile(draws, 97.5))


def agreement(tables_utterances: pd.DataFrame, speakers: pd.DataFrame) -> dict[str, object]:
    """The monitor's helper-disclosure flag against our own labels of therapist turns."""
    labels = pd.read_csv(LABELS)
    flags = tables_utterances[["transcript_id", "utterance_id", "disclosure"]].astype(
        {"transcript_id": int, "utterance_id": int}
    )
    joined = labels.merge(flags, on=["transcript_id", "utterance_id"], how="left")
    result: dict[str, object] = {"auroc": float(roc_auc_score(joined["self_disclosure"], joined["disclosure"]))}
    for cut in (DISCLOSURE_THRESHOLD, HELPER_DISCLOSURE_THRESHOLD):
        flagged = (joined["disclosure"].astype(float) >= cut).astype(int)
        for name in ("whole conversation", "keyword-enriched"):
            part = joined["sample"] == name
            result[f"{name} at {cut}"] = {
                "turns": int(part.sum()),
                "labelled_disclosures": int(joined.loc[part, "self_disclosure"].sum()),
                "monitor_disclosures": int(flagged[part].sum()),
                "both": int((joined.loc[part, "self_disclosure"] & flagged[part]).sum()),
                "kappa": float(cohen_kappa_score(joined.loc[part, "self_disclosure"], flagged[part])),
            }
    whole = joined[joined["sample"] == "whole conversation"]
    ours = whole.groupby("transcript_id")["self_disclosure"].sum()
    monitor = speakers[speakers["role"] == "therapist"].astype({"conversation": int}).set_index("conversation")
    counts = monitor.loc[ours.index, "helper_disclosures"].astype(float)
    rho, p = spearmanr(ours.to_numpy(float), counts.to_numpy(float))
    result["per-conversation counts"] = {
        "conversations": len(ours),
        "spearman": float(rho),
        "p": float(p),
        "ours": ours.tolist(),
        "monitor": counts.astype(int).tolist(),
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="default")
    parser.add_argument("--data", type=Path, default=ANNOMI)
    parser.add_argument("--out", type=Path, default=REPO / "build" / "annomi")
    args = parser.parse_args()
    frame = read_annomi(args.data)
    columns = annomi_columns(RESPONSES)
    start = time.perf_counter()
    tables = measure_conversations(frame, columns, analyzer=Analyzer(args.model), source=str(args.data))
    seconds = time.perf_counter() - start
    by_quality = compare_groups(tables.utterances, columns, "mi_quality")
    args.out.mkdir(parents=True, exist_ok=True)
    tables.write(args.out)
    (args.out / "report.html").write_text(render(tables, by_quality, title="AnnoMI: self-disclosure in counselling"))

    convs, speakers, turns = tables.conversations, tables.speakers, tables.turns
    clients = speakers[speakers["role"] == "client"]
    therapists = speakers[speakers["role"] == "therapist"]
    disclosing = therapists[therapists["helper_disclosures"] > 0]
    change = (disclosing["client_depth_after"] - disclosing["client_depth_before"]).to_numpy(float)
    findings = {
        "utterances": len(tables.utterances),
        "conversations": len(convs),
        "seconds": round(seconds, 1),
        "effects": tables.effects.drop(columns=["note"]).to_dict("records"),
        "client_disclosure_rate": bootstrap_ci(clients["disclosure_rate"].to_numpy(float), np.mean),
        "therapist_disclosure_rate": bootstrap_ci(therapists["disclosure_rate"].to_numpy(float), np.mean),
        "client_penetration_slope": bootstrap_ci(clients["penetration_slope"].to_numpy(float)),
        "conversation_penetration_slope": bootstrap_ci(convs["penetration_slope"].to_numpy(float)),
        "conversations_deepening": int((convs["penetration_slope"] > 0).sum()),
        "breadth_before_depth": int(convs["breadth_before_depth"].fillna(False).astype(bool).sum()),
        "breadth_lead": bootstrap_ci(convs["breadth_lead"].to_numpy(float), np.mean),
        "client_depth_first_vs_last_third": bootstrap_ci(
            turns[~turns["helper"]].groupby("conversation").apply(_third_gain, include_groups=False).to_numpy(float),
            np.mean,
        ),
        "conversation_reciprocity": bootstrap_ci(convs["reciprocity"].to_numpy(float)),
        "responsiveness": bootstrap_ci(convs["responsiveness"].to_numpy(float), np.mean),
        "stalls": int(convs["stalls"].sum()),
        "withdrawals": int(convs["withdrawals"].sum()),
        "therapists_disclosing": len(disclosing),
        "therapist_disclosures": int(therapists["helper_disclosures"].sum()),
        "client_focused_share": bootstrap_ci(disclosing["client_focused_share"].to_numpy(float), np.mean),
        "helper_centred": int(therapists["helper_centred"].sum()),
        "helper_centred_reasons": therapists.loc[
            therapists["helper_centred"].fillna(False).astype(bool), "helper_centred_reason"
        ]
        .value_counts()
        .to_dict(),
        "client_depth_after_minus_before": bootstrap_ci(change, np.mean),
        "by_mi_quality": by_quality.groups.to_dict("records"),
        "agreement": agreement(tables.utterances, speakers),
    }
    (args.out / "findings.json").write_text(json.dumps(findings, indent=1, default=float) + "\n")
    print(json.dumps(findings, indent=1, default=float))


def _third_gain(turns: pd.DataFrame) -> float:
    depth = turns["depth"].to_numpy(float)
    third = max(1, len(depth) // 3)
    return float(depth[-third:].mean() - depth[:third].mean())


if __name__ == "__main__":
    main()
