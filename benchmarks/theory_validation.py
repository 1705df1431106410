"""Validate the theory layer on the development set: inter-pass agreement and model agreement on the held-out half.

    python benchmarks/theory_validation.py --write-anchors        # refresh the shipped anchors from the tune half
    python benchmarks/theory_validation.py --tune                 # 5-fold CV on the tune half over a small grid
    python benchmarks/theory_validation.py --model default        # agreement on the test half (the reported numbers)

AnnoMI rows hold only transcript_id/utterance_id; their text is read from ../shared/data/annomi (skipped if absent).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from sklearn.metrics import cohen_kappa_score, f1_score, precision_recall_fscore_support

from disclosure.analyzer import load_detector
from disclosure.measure.codebook import CATEGORIES, LAYERS, MOTIVES, NO_MOTIVE, NO_SYSTEM, SYSTEMS
from disclosure.measure.heads import TheoryHeads, theory_features

REPO = Path(__file__).resolve().parents[1]
DEVSET = REPO / "tests" / "data" / "theory_devset.csv"
ANNOMI = REPO.parent / "shared" / "data" / "annomi" / "AnnoMI-simple.csv"
ANCHORS = REPO / "src" / "disclosure" / "measure" / "data" / "anchors.csv"


def load_devset() -> pd.DataFrame:
    dev = pd.read_csv(DEVSET, dtype=str, keep_default_na=False)
    for col in ("depth_1", "depth_2", "depth", "valence_1", "valence_2", "valence"):
        dev[col] = dev[col].astype(float)
    if ANNOMI.is_file():
        annomi = pd.read_csv(ANNOMI, dtype=str).set_index(["transcript_id", "utterance_id"])["utterance_text"]
        is_annomi = dev["source"] == "annomi"
        keys = list(zip(dev.loc[is_annomi, "transcript_id"], dev.loc[is_annomi, "utterance_id"]))
        dev.loc[is_annomi, "text"] = annomi.loc[keys].to_numpy()
    else:
        print(f"note: {ANNOMI} not found; AnnoMI rows left out", file=sys.stderr)
        dev = dev[dev["source"] != "annomi"].reset_index(drop=True)
    for col in ("categories_1", "categories_2", "categories"):
        dev[col] = dev[col].map(lambda cell: [a for a in cell.split(";") if a])
    return dev


def _areas(lists: pd.Series) -> np.ndarray:
    return np.array([[a in row for a in CATEGORIES] for row in lists])


def inter_pass(dev: pd.DataFrame) -> dict[str, float]:
    """Agreement between the two annotation passes."""
    a, b = _areas(dev["categories_1"]), _areas(dev["categories_2"])
    kappas = [
        cohen_kappa_score(a[:, j], b[:, j]) for j in range(len(CATEGORIES)) if a[:, j].any() or b[:, j].any()
    ]
    return {
        "depth_weighted_kappa": cohen_kappa_score(dev["depth_1"], dev["depth_2"], weights="quadratic"),
        "depth_krippendorff_alpha_interval": _alpha_interval(dev["depth_1"], dev["depth_2"]),
        "valence_weighted_kappa": cohen_kappa_score(
            (dev["valence_1"] * 2).astype(int), (dev["valence_2"] * 2).astype(int), weights="quadratic"
        ),
        "categories_mean_kappa": float(np.mean(kappas)),
        "motive_kappa": cohen_kappa_score(dev["motive_1"], dev["motive_2"]),
        "system_kappa": cohen_kappa_score(dev["system_1"], dev["system_2"]),
    }


def _alpha_interval(x: pd.Series, y: pd.Series) -> float:
    """Krippendorff's alpha for two coders, interval metric, no missing values."""
    values = np.concatenate([x.to_numpy(float), y.to_numpy(float)])
    observed = np.mean((x.to_numpy(float) - y.to_numpy(float)) ** 2)
    n = len(values)
    expected = np.sum((values[:, None] - values[None, :]) ** 2) / (n * (n - 1))
    return float(1 - observed / expected)


def agreement(truth: pd.DataFrame, predicted: pd.DataFrame) -> dict[str, object]:
    """Model against adjudicated labels."""
    a, p = _areas(truth["categories"]), _areas(predicted["categories"])
    per_area = {}
    for j, area in enumerate(CATEGORIES):
        prec, rec, f1, _ = precision_recall_fscore_support(
            a[:, j], p[:, j], average="binary", zero_division=0
        )
        per_area[area] = {"precision": prec, "recall": rec, "f1": f1, "support": int(a[:, j].sum())}
    disclosed = (truth["motive"] != NO_MOTIVE).to_numpy()
    true_layer = np.asarray(LAYERS)[np.searchsorted([0.5, 1.5, 2.5], truth["depth"], side="right")]
    return {
        "n": len(truth),
        "depth_spearman": spearmanr(truth["depth"], predicted["depth"]).statistic,
        "layer_weighted_kappa": cohen_kappa_score(
            [LAYERS.index(x) for x in true_layer],
            [LAYERS.index(x) for x in predicted["layer"]],
            weights="quadratic",
        ),
        "valence_spearman": spearmanr(truth["valence"], predicted["valence"]).statistic,
        "categories_macro_f1": float(np.mean([v["f1"] for v in per_area.values() if v["support"]])),
        "categories": per_area,
        "motive_macro_f1": f1_score(
            truth["motive"][disclosed],
            predicted["motive"][disclosed],
            labels=list(MOTIVES),
            average="macro",
            zero_division=0,
        ),
        "system_macro_f1": f1_score(
            truth["system"],
            predicted["motivational_system"],
            labels=[*SYSTEMS, NO_SYSTEM],
            average="macro",
            zero_division=0,
        ),
    }


def _score(result: dict[str, object]) -> float:
    keys = ("depth_spearman", "valence_spearman", "categories_macro_f1", "motive_macro_f1", "system_macro_f1")
    return float(sum(float(result[k]) for k in keys))  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", default="default", help="detector: shipped name or model directory")
    parser.add_argument(
        "--write-anchors", action="store_true", help="write the tune half's own texts as anchors"
    )
    parser.add_argument("--tune", action="store_true", help="cross-validate a small grid on the tune half")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args()
    dev = load_devset()
    if args.write_anchors:
        anchors = dev[(dev["split"] == "tune") & (dev["source"] == "written")]
        out = anchors[["item", "text", "depth", "categories", "valence", "motive", "system"]].copy()
        out["categories"] = out["categories"].map(";".join)
        out.to_csv(ANCHORS, index=False, float_format="%.2g")
        print(f"wrote {len(out)} anchors to {ANCHORS}")
        return
    detector = load_detector(args.model)
    vectors, probabilities = detector.embed_and_score(dev["text"].tolist())
    X = theory_features(dev["text"].tolist(), vectors, probabilities)
    tune = (dev["split"] == "tune").to_numpy()
    if args.tune:
        rng = np.random.default_rng(0)
        idx = np.flatnonzero(tune)
        folds = np.array_split(rng.permutation(idx), 5)
        rows = []
        for alpha, C, weight in itertools.product((10.0, 30.0, 100.0), (0.02, 0.05, 0.2), (1.0, 3.0, 6.0)):
            predicted = pd.DataFrame()
            for k, fold in enumerate(folds):
                train = np.concatenate([f for i, f in enumerate(folds) if i != k])
                heads = TheoryHeads(alpha=alpha, C=C, lexical_weight=weight).fit(X[train], dev.iloc[train])
                predicted = pd.concat([predicted, heads.predict(X[fold]).set_axis(fold)])
            result = agreement(dev.loc[predicted.index], predicted)
            rows.append(
                {
                    "alpha": alpha,
                    "C": C,
                    "lexical_weight": weight,
                    "score": _score(result),
                    **{k: round(float(v), 3) for k, v in result.items() if isinstance(v, float)},
                }
            )
        print(pd.DataFrame(rows).sort_values("score", ascending=False).head(10).to_string(index=False))
        return
    anchors = (dev["split"] == "tune").to_numpy() & (dev["source"] == "written").to_numpy()
    heads = TheoryHeads().fit(X[anchors], dev[anchors])
    test = ~tune
    predicted = heads.predict(X[test])
    results = {"inter_pass_all": inter_pass(dev), "model_on_test_half": agreement(dev[test], predicted)}
    for source in ("written", "annomi"):
        keep = (dev[test]["source"] == source).to_numpy()
        if keep.any():
            results[f"model_on_test_half_{source}"] = agreement(dev[test][keep], predicted[keep])
    print(json.dumps(results, indent=2, default=float))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=float) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
