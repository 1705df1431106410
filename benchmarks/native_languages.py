"""The measures on text written in six languages: agreement with blind coders, and with people's intimacy ratings.

    python benchmarks/native_languages.py --mint MINT/train.csv --models default,multilingual \
        --json docs/data/native_languages.json

`data/native/` holds 600 tweets of MINT's training file (SemEval 2023 Task 9; 100 each in English, Spanish, French,
Portuguese, Italian and Chinese, 20 from each fifth of the intimacy scale), coded blind in their own language by two
coding passes with the codebook and adjudicated (docs/coded-corpus.md). No model was trained or chosen on them.
MINT states no licence for copying, so the texts and ratings are read from the user's copy (`--mint`).

For each model and language:
- against the adjudicated codes: depth Spearman, disclosure AUROC (the detector's `disclosure` against an
  adjudicated depth above 0), valence Spearman, areas macro-F1, motive and system κ, with 95% bootstrap intervals
  over items (1,000 resamples), beside the two coding passes' own agreement on the same items;
- against people: depth Spearman with the crowd's intimacy rating over every tweet of that language in MINT's
  training file (about 1,550 each); for the coders, the adjudicated depth against the ratings of the 100 coded items.
A model that does not support a language scores it with `any_language=True`, to show what it would say without the
multilingual tier; how many rows each model scores unforced (status `ok`) is reported too.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from datetime import date
from pathlib import Path

import pandas as pd
from scipy.stats import spearmanr
from theory_validation import tool_codes

from disclosure import Analyzer
from disclosure.instrument.coded_corpus import read_codes
from disclosure.instrument.evaluation import theory_agreement
from disclosure.instrument.native_items import native_items, read_mint

REPO = Path(__file__).resolve().parents[1]
NATIVE = REPO / "data" / "native"
COLUMNS = {
    "depth_spearman": "depth rho",
    "disclosure_auroc": "disclosure: tool AUROC (coders κ)",
    "valence_spearman": "valence rho",
    "categories_macro_f1": "areas F1",
    "motive_kappa": "motive κ",
    "system_kappa": "system κ",
}
BOOTSTRAP = 1000
SEED = 0


def interval(table: pd.DataFrame) -> dict[str, float]:
    """`theory_agreement`'s table as flat `name`, `name_low`, `name_high` entries."""
    return {
        **table["value"].to_dict(),
        **{f"{k}_low": v for k, v in table["low"].items()},
        **{f"{k}_high": v for k, v in table["high"].items()},
    }


def coder_agreement(items: pd.DataFrame) -> dict[str, dict[str, float]]:
    """The two coding passes' agreement per language, on the same statistics as the tool's, and the adjudicated
    depth against people's intimacy ratings of the same items."""
    first, second = read_codes(NATIVE / "codes_coder1.csv"), read_codes(NATIVE / "codes_coder2.csv")
    out = {}
    for language, group in items.groupby("language", sort=False):
        row = interval(
            theory_agreement(first.loc[group.index], second.loc[group.index], bootstrap=BOOTSTRAP, seed=SEED)
        )
        row["intimacy_spearman"] = float(spearmanr(group["depth"], group["intimacy"]).statistic)
        row["intimacy_n"] = len(group)
        out[language] = row
    return out


def model_agreement(name: str, items: pd.DataFrame, mint: pd.DataFrame) -> dict[str, dict[str, float]]:
    """`name`'s agreement with the adjudicated codes per language, its depth against people's intimacy ratings, and
    how many rows it scores without being forced."""
    out = {}
    unforced = Analyzer(name)
    forced = Analyzer(name, any_language=True)
    for language, group in items.groupby("language", sort=False):
        texts = group["text"].tolist()
        scored = forced.measure(texts).set_axis(group.index)
        row = interval(theory_agreement(group, tool_codes(scored), bootstrap=BOOTSTRAP, seed=SEED))
        row["scored_unforced"] = int(unforced.measure(texts)["status"].str.startswith("ok").sum())
        row["named_language"] = int((scored["language"] == language).sum())
        row["n"] = len(group)
        rated = mint[mint["language"] == language]
        depth = forced.measure(rated["text"].tolist())["depth"].to_numpy(float)
        row["intimacy_spearman"] = float(spearmanr(depth, rated["intimacy"]).statistic)
        row["intimacy_n"] = len(rated)
        out[language] = row
    return out


def cell(row: dict[str, float], key: str) -> str:
    return f"{row[key]:.2f} [{row[key + '_low']:.2f}, {row[key + '_high']:.2f}]"


def markdown(result: dict[str, dict[str, dict[str, float]]]) -> str:
    """One table per statistic family: coders, then each model, per language."""
    lines = ["| who | language | " + " | ".join(COLUMNS.values()) + " | depth rho vs people's intimacy (n) | scored |"]
    lines.append("|---" * (len(COLUMNS) + 4) + "|")
    for who, per_language in result.items():
        for language, row in per_language.items():
            people = f"{row['intimacy_spearman']:.2f} ({row['intimacy_n']:,})" if "intimacy_spearman" in row else "—"
            scored = f"{row['scored_unforced']}/{row['n']}" if "scored_unforced" in row else "—"
            cells = " | ".join(cell(row, key if key in row else "disclosure_kappa") for key in COLUMNS)
            lines.append(f"| {who} | {language} | {cells} | {people} | {scored} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mint", type=Path, required=True, help="MINT's train.csv (SemEval 2023 Task 9)")
    parser.add_argument("--models", default="default,multilingual")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    started = time.perf_counter()
    items = native_items(NATIVE / "items.csv", NATIVE / "adjudicated.csv", args.mint)
    mint = read_mint(args.mint)
    result = {"coders (pass 1 vs pass 2)": coder_agreement(items)}
    for name in args.models.split(","):
        result[f"`{name}` vs adjudicated"] = model_agreement(name, items, mint)
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores; {date.today()}; {len(items)} items")
    print(markdown(result))
    print(f"(benchmark wall time {time.perf_counter() - started:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
