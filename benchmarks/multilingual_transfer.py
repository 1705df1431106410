"""How far the multilingual model's readings carry across languages: translated gold items against their English codes.

    python benchmarks/multilingual_transfer.py --models default,multilingual --json docs/data/multilingual_transfer.json

`data/translated/items.csv` holds AI translations (Spanish, French, German, Portuguese, Chinese) of gold items of the
coded corpus; each keeps the adjudicated codes of its English original (`data/coded/adjudicated.csv`). These are not
texts written in those languages and coded blind there, so the numbers check cross-lingual consistency, not the
agreement with coders that issue #26 asks for.

For each model, on the English originals and on each language's translations: depth Spearman and disclosure AUROC
(disclosure: adjudicated layer other than none) against the carried-over codes, with 95% bootstrap intervals over
items (1,000 resamples); how many rows came back scored and with the expected `language`; and, for translations,
the tool's depth against its own depth of the English original (Spearman, mean absolute difference). A model that
does not support a language scores it with `any_language=True`, to show what the numbers would be without the tier.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from sklearn.metrics import roc_auc_score

from disclosure import Analyzer
from disclosure.instrument.coded_corpus import coded_corpus

REPO = Path(__file__).resolve().parents[1]
CODED = REPO / "data" / "coded"
TRANSLATED = REPO / "data" / "translated" / "items.csv"
ENGLISH = "en"


def translated_items() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The English originals (coded corpus rows, with their codes) and the translations (item, language, text)."""
    translations = pd.read_csv(TRANSLATED, dtype=str, keep_default_na=False)
    corpus = coded_corpus(CODED / "items.csv", CODED / "adjudicated.csv", None)
    originals = corpus.loc[translations["item"].drop_duplicates()]
    return originals, translations


def agreement(model: Analyzer, originals: pd.DataFrame, texts: list[str], language: str) -> dict[str, float]:
    """Depth Spearman and disclosure AUROC of `model` on `texts` (one per original, same order) against the
    originals' codes, with their intervals, and how many rows were scored in the expected language."""
    supported = language in model.detector.languages
    scored = model.measure(texts, any_language=not supported)
    depth = scored["depth"].to_numpy(float)
    truth = originals["depth"].to_numpy(float)
    statistics = {
        "depth_spearman": lambda rows: float(spearmanr(truth[rows], depth[rows]).statistic),
        "disclosure_auroc": lambda rows: float(roc_auc_score(truth[rows] > 0, scored["disclosure"].to_numpy()[rows])),
    }
    row: dict[str, float] = {
        "n": len(texts),
        "scored": int(scored["status"].str.startswith("ok").sum()),
        "named_" + language: int((scored["language"] == language).sum()),
        "supported": supported,
    }
    everything = np.arange(len(texts))
    rng = np.random.default_rng(SEED)  # the same resamples for every model and language
    draws = [rng.integers(0, len(texts), len(texts)) for _ in range(BOOTSTRAP)]
    for name, statistic in statistics.items():
        spread = [statistic(rows) for rows in draws if len(set(truth[rows] > 0)) == 2]
        row[name] = statistic(everything)
        row[f"{name}_low"], row[f"{name}_high"] = (float(q) for q in np.nanquantile(spread, [0.025, 0.975]))
    row["depth"] = depth.tolist()
    return row


BOOTSTRAP = 1000
"""Resamples of the items for each 95% interval."""
SEED = 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="default,multilingual")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    originals, translations = translated_items()
    languages = [ENGLISH, *translations["language"].drop_duplicates()]
    results: dict[str, dict[str, dict[str, float]]] = {}
    started = time.perf_counter()
    for name in args.models.split(","):
        model = Analyzer(name)
        results[name] = {}
        for language in languages:
            if language == ENGLISH:
                texts = originals["text"].tolist()
            else:
                own = translations[translations["language"] == language].set_index("item")
                texts = own.loc[originals.index, "text"].tolist()
            results[name][language] = agreement(model, originals, texts, language)
        english = np.asarray(results[name][ENGLISH]["depth"])
        for language in languages[1:]:
            depth = np.asarray(results[name][language]["depth"])
            results[name][language]["depth_vs_english_spearman"] = float(spearmanr(depth, english).statistic)
            results[name][language]["depth_vs_english_mean_abs"] = float(np.mean(np.abs(depth - english)))
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores; {date.today()}; {len(originals)} items"
    )
    print(
        "| model | language | scored (expected language) | depth Spearman [95% CI] | disclosure AUROC [95% CI] "
        "| depth Spearman vs own English | mean abs depth diff |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, per_language in results.items():
        for language, row in per_language.items():
            forced = "" if row["supported"] else " (forced)"
            consistency = (
                f"{row['depth_vs_english_spearman']:.2f} | {row['depth_vs_english_mean_abs']:.2f}"
                if language != ENGLISH
                else "— | —"
            )
            print(
                f"| {name} | {language}{forced} | {row['scored']}/{row['n']} ({row['named_' + language]}) "
                f"| {row['depth_spearman']:.2f} [{row['depth_spearman_low']:.2f}, {row['depth_spearman_high']:.2f}] "
                f"| {row['disclosure_auroc']:.2f} [{row['disclosure_auroc_low']:.2f}, "
                f"{row['disclosure_auroc_high']:.2f}] | {consistency} |"
            )
    print(f"(benchmark wall time {time.perf_counter() - started:.0f} s)")
    if args.json:
        for per_language in results.values():
            for row in per_language.values():
                row.pop("depth")
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
