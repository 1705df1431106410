"""Validate the theory columns against the coded corpus's gold split: tool vs adjudicated codes, coder vs coder.

    python benchmarks/theory_validation.py --models default,balanced,fast --json docs/data/theory_validation.json
    python benchmarks/theory_validation.py --models default --transfer     # train on the other sources, test on one

Gold items are never used for training or selection (the shipped heads' `trained_on` lists prove it, and a test
checks it). AnnoMI texts are read from ../shared/data/annomi (AnnoMI items are left out where it is absent).
Intervals are 95% bootstrap intervals over items (1,000 resamples).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd
from sklearn.metrics import cohen_kappa_score, roc_auc_score

from disclosure import Analyzer
from disclosure.analyzer import load_detector
from disclosure.instrument.coded_corpus import GOLD, coded_corpus, read_codes
from disclosure.instrument.evaluation import theory_agreement
from disclosure.measure.detectors import Detector
from disclosure.measure.heads import RatedExamples, TheoryHeads, rated_examples, theory_features

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))
import rated_sets
from theory_heads import rated_table

REPO = Path(__file__).resolve().parents[1]
CODED = REPO / "data" / "coded"
ANNOMI = REPO.parent / "shared" / "data" / "annomi" / "AnnoMI-simple.csv"
HELPERS = ("therapist", "helper")
FAMILIES = {"annomi_client": "annomi", "annomi_therapist": "annomi", "support_chat": "written"}
"""Sources that share their people or their authors form one family (left out together); the others are their own."""
CONVERSATIONAL = ("annomi_client", "annomi_therapist", "support_chat")
TARGETS = {
    "motive_kappa": 0.60,
    "system_kappa": 0.60,
    "categories_macro_f1": 0.75,
    "categories_min_precision": 0.60,
    "valence_spearman": 0.80,
    "depth_spearman": 0.85,
    "layer_weighted_kappa": 0.80,
    "immediacy_accuracy_helpers": 0.85,
}


def gold_corpus() -> pd.DataFrame:
    corpus = coded_corpus(CODED / "items.csv", CODED / "adjudicated.csv", ANNOMI if ANNOMI.is_file() else None)
    return corpus[corpus["split"] == GOLD]


def tool_codes(scored: pd.DataFrame) -> pd.DataFrame:
    """The analyzer's columns renamed to the coded corpus's."""
    return scored.rename(columns={"motivational_system": "system"})[
        ["depth", "categories", "valence", "motive", "system", "immediacy", "disclosure"]
    ]


def coder_agreement(gold: pd.DataFrame) -> pd.DataFrame:
    first = read_codes(CODED / "codes_coder1.csv").loc[gold.index]
    second = read_codes(CODED / "codes_coder2.csv").loc[gold.index]
    return theory_agreement(first, second, helper=gold["role"].isin(HELPERS).to_numpy())


def tool_agreement(
    model: str, gold: pd.DataFrame
) -> tuple[pd.DataFrame, dict[str, dict[str, float]], dict[str, float]]:
    analyzer = Analyzer(model, any_language=True)  # the coders coded every gold item, whatever its language
    texts, previous = gold["text"].tolist(), gold["previous"].tolist()
    scored = analyzer.measure(texts, previous).set_axis(gold.index)
    helper = gold["role"].isin(HELPERS).to_numpy()
    overall = theory_agreement(gold, tool_codes(scored), helper=helper)
    per_source = {
        source: theory_agreement(gold[m], tool_codes(scored[m]), helper=helper[m], bootstrap=0)["value"].to_dict()
        for source in sorted(gold["source"].unique())
        if (m := (gold["source"] == source).to_numpy()).sum() >= 30
    }
    conversational = gold["source"].isin(CONVERSATIONAL).to_numpy()
    disclosed = (gold["depth"] > 0).to_numpy()
    vectors, probabilities, context = analyzer.detector.embed_in_context(texts, previous)
    theory = analyzer.measures[0].heads.probabilities(theory_features(texts, vectors, probabilities, context))
    conversation = {
        "n": int(conversational.sum()),
        "detector_disclosure_auroc": float(
            roc_auc_score(disclosed[conversational], scored["disclosure"][conversational])
        ),
        "theory_layer_disclosure_auroc": float(
            roc_auc_score(disclosed[conversational], 1.0 - theory["depth"][conversational, 0])
        ),
    }
    conversation.update(risk_coverage(gold, scored))
    return overall, per_source, conversation


COVERAGE = 0.5
"""The share of gold items kept at the confidence cut the risk-coverage figures report (issue #21: kappa >= 0.80)."""


def risk_coverage(gold: pd.DataFrame, scored: pd.DataFrame) -> dict[str, float]:
    """Motive and system kappa on the most confident half of the gold items (by each column's confidence)."""
    out = {}
    for column, code, confidence in (
        ("motive", "motive", "motive_confidence"),
        ("system", "motivational_system", "motivational_system_confidence"),
    ):
        kept = (scored[confidence] >= scored[confidence].quantile(1 - COVERAGE)).to_numpy()
        out[f"{column}_kappa_at_half_coverage"] = float(
            cohen_kappa_score(gold[column].to_numpy()[kept], scored[code].to_numpy()[kept])
        )
    return out


def rated_training_examples(detector: Detector) -> RatedExamples | None:
    """The training parts of the human-rated sets, as the shipped heads are trained with them (None where absent)."""
    if not rated_sets.available():
        return None
    table = rated_table()
    texts = table["text"].tolist()
    vectors, probabilities = detector.embed_and_score(texts)
    return rated_examples(table, theory_features(texts, vectors, probabilities))


def transfer(model: str) -> dict[str, dict[str, float]]:
    """Heads trained on every source but one (training split), tested on that source's gold items."""
    corpus = coded_corpus(CODED / "items.csv", CODED / "adjudicated.csv", ANNOMI if ANNOMI.is_file() else None)
    detector = load_detector(model)
    texts = corpus["text"].tolist()
    vectors, probabilities, context = detector.embed_in_context(texts, corpus["previous"].tolist())
    X = theory_features(texts, vectors, probabilities, context)
    rated = rated_training_examples(detector)
    family = corpus["source"].replace(FAMILIES)
    out = {}
    for held_out in sorted(family.unique()):
        train = ((corpus["split"] != GOLD) & (family != held_out)).to_numpy()
        test = ((corpus["split"] == GOLD) & (family == held_out)).to_numpy()
        heads = TheoryHeads().fit(X[train], corpus[train], rated)
        predicted = heads.predict(X[test]).rename(columns={"motivational_system": "system"})
        agreement = theory_agreement(
            corpus[test], predicted, helper=corpus["role"][test].isin(HELPERS).to_numpy(), bootstrap=BOOTSTRAP
        )
        out[held_out] = {
            **agreement["value"].to_dict(),
            **{f"{k}_low": v for k, v in agreement["low"].items()},
            **{f"{k}_high": v for k, v in agreement["high"].items()},
            "n": int(test.sum()),
        }
    return out


BOOTSTRAP = 500
"""Bootstrap resamples of each held-out family's gold items (95% intervals)."""


ROWS = {
    "depth_spearman": "depth, Spearman",
    "layer_weighted_kappa": "layer, quadratic-weighted κ",
    "valence_spearman": "valence, Spearman",
    "categories_macro_f1": "categories, macro-F1 (areas with ≥ 5 gold items)",
    "categories_min_precision": "categories, lowest precision of those areas",
    "motive_kappa": "motive, Cohen's κ (all items, 'none' included)",
    "system_kappa": "motivational system, Cohen's κ",
    "immediacy_kappa": "immediacy, Cohen's κ",
    "immediacy_accuracy_helpers": "immediacy, accuracy on helper disclosures",
}


def markdown(result: dict[str, object]) -> str:
    """The validation tables of docs/theory-validation.md, from this script's JSON."""
    coders: dict[str, dict[str, float]] = result["coders"]  # type: ignore[assignment]
    models: dict[str, dict[str, object]] = result["models"]  # type: ignore[assignment]
    names = list(models)
    lines = ["| column | target | coder vs coder | " + " | ".join(f"`{m}` vs adjudicated" for m in names) + " |"]
    lines.append("|---" * (3 + len(names)) + "|")
    for key, label in ROWS.items():
        cells = []
        for m in names:
            v = models[m]["overall"][key]  # type: ignore[index]
            cells.append(f"{v['value']:.2f} [{v['low']:.2f}, {v['high']:.2f}]")
        c = coders[key]
        target = f"≥ {TARGETS[key]:.2f}" if key in TARGETS else ""
        lines.append(
            f"| {label} | {target} | {c['value']:.2f} [{c['low']:.2f}, {c['high']:.2f}] | " + " | ".join(cells) + " |"
        )
    lines += [
        "",
        "| model | detector `disclosure` AUROC (turns) | theory layer P(layer ≠ none) AUROC (turns) "
        "| motive κ, most confident half of all gold items | system κ, same |",
        "|---|---|---|---|---|",
    ]
    for m in names:
        conv = models[m]["conversational"]  # type: ignore[index]
        lines.append(
            f"| `{m}` | {conv['detector_disclosure_auroc']:.3f} | {conv['theory_layer_disclosure_auroc']:.3f} "
            f"| {conv.get('motive_kappa_at_half_coverage', float('nan')):.2f} "
            f"| {conv.get('system_kappa_at_half_coverage', float('nan')):.2f} |"
        )
    for section in ("per_source", "transfer"):
        for m in names:
            table = models[m].get(section)
            if not table:
                continue
            heading = (
                "per source" if section == "per_source" else "trained without the source, tested on its gold items"
            )
            lines += [
                "",
                f"**`{m}`, {heading}**",
                "",
            ]
            lines.append("| source | " + " | ".join(k.replace("_", " ") for k in ROWS) + " |")
            lines.append("|---" * (1 + len(ROWS)) + "|")
            for source, values in table.items():  # type: ignore[union-attr]
                n = f" (n={values['n']})" if "n" in values else ""
                lines.append(f"| {source}{n} | " + " | ".join(_cell(values, k) for k in ROWS) + " |")
    return "\n".join(lines) + "\n"


def _cell(values: dict[str, float], key: str) -> str:
    """A value, with its 95% interval where the table holds one."""
    if f"{key}_low" not in values:
        return f"{values[key]:.2f}"
    return f"{values[key]:.2f} [{values[f'{key}_low']:.2f}, {values[f'{key}_high']:.2f}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", default="default")
    parser.add_argument("--transfer", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--markdown", type=Path, help="print the tables of docs/theory-validation.md from this JSON")
    args = parser.parse_args()
    if args.markdown:
        print(markdown(json.loads(args.markdown.read_text(encoding="utf-8"))))
        return
    gold = gold_corpus()
    print(f"gold items: {len(gold)} ({gold['source'].value_counts().to_dict()})")
    coders = coder_agreement(gold)
    result: dict[str, object] = {"n_gold": len(gold), "coders": coders.to_dict(orient="index"), "models": {}}
    for model in args.models.split(","):
        overall, per_source, conversation = tool_agreement(model, gold)
        table = overall.join(coders[["value"]].rename(columns={"value": "coders"}))
        table["target"] = pd.Series(TARGETS)
        table["share_of_coders"] = table["value"] / table["coders"]
        print(f"\n{model}\n{table.round(3).to_string()}\nconversational turns: {conversation}")
        for source, values in per_source.items():
            print(f"  {source}: " + ", ".join(f"{k} {v:.2f}" for k, v in values.items()))
        entry: dict[str, object] = {
            "overall": overall.to_dict(orient="index"),
            "per_source": per_source,
            "conversational": conversation,
        }
        if args.transfer:
            entry["transfer"] = transfer(model)
            for source, values in entry["transfer"].items():  # type: ignore[union-attr]
                print(f"  trained without {source}: " + ", ".join(f"{k} {v:.2f}" for k, v in values.items()))
        result["models"][model] = entry  # type: ignore[index]
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1, default=float) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
