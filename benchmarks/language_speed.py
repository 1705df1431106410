"""Language identification of this checkout against a baseline checkout's, on the same texts in one process: the
codes each names (they must agree) and the time each takes, alternated so that drift on a shared machine falls on
both (issue #22).

    python benchmarks/language_speed.py --baseline /tmp/base [--rounds 3]

`--baseline DIR` is a checkout whose `DIR/src/disclosure/measure/language.py` is loaded beside this checkout's (for
example `git archive c9173b1 src | tar -x -C /tmp/base`). Texts: every text of the human-rated sets in
../shared/data (CL-Aff train, AnnoMI, GoEmotions, question intimacy, SAD, WNUT-17), 3,000 of them again in
capitals and 3,000 again with line breaks, and the other-language sentences of the project's own tests and
benchmarks. Prints the number of texts, how many codes differ (with the first few), the codes named, and per round
each checkout's seconds and microseconds per text; the ratio is the median of the rounds' ratios.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType

import pandas as pd
import regex

from disclosure.measure import language

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
COLUMNS = {
    "claff-offmychest/train.csv": "full_text",
    "annomi/AnnoMI-simple.csv": "utterance_text",
    "goemotions/goemotions_valence.csv": "text",
    "question-intimacy/questions_intimacy.csv": "text",
    "sad-stressors/sad_train.csv": "sentence",
}
OTHER_LANGUAGES = (
    "tests/measure/test_language.py",
    "tests/measure/test_redaction_languages.py",
    "benchmarks/privacy_languages.py",
)


def texts() -> list[str]:
    """The texts identified (see the module's description)."""
    found: list[str] = []
    for name, column in COLUMNS.items():
        path = SHARED / name
        if path.is_file():
            table = pd.read_csv(path, dtype=str, keep_default_na=False)
            found += table[column if column in table.columns else table.columns[0]].tolist()
    wnut = SHARED / "wnut17" / "wnut17_spans.jsonl"
    if wnut.is_file():
        found += [json.loads(line)["text"] for line in wnut.read_text().splitlines() if line.strip()]
    found += [t.upper() for t in found[:3000]] + [t.replace(". ", ".\n") for t in found[3000:6000]]
    for name in OTHER_LANGUAGES:
        found += [m.group(1) for m in regex.finditer(r'"([^"\n]{3,300})"', (REPO / name).read_text())]
    return found


def baseline_module(checkout: Path) -> ModuleType:
    """The baseline's `language` module, loaded under its own name beside this checkout's."""
    spec = importlib.util.spec_from_file_location(
        "disclosure.measure.language_baseline", checkout / "src" / "disclosure" / "measure" / "language.py"
    )
    if spec is None or spec.loader is None:
        raise SystemExit(f"no language.py under {checkout}/src")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def timed(identify: Callable[[Sequence[str]], list[str]], items: Sequence[str]) -> tuple[float, list[str]]:
    start = time.perf_counter()
    codes = identify(items)
    return time.perf_counter() - start, codes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", type=Path, required=True, help="a checkout whose src/ is the baseline")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    before = baseline_module(args.baseline)
    items = texts()
    for identify in (before.identify, language.identify):  # models loaded, not timed
        identify(items[:200])
    print(f"{platform.machine()}, Python {platform.python_version()}, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")
    print(f"{len(items):,} texts")
    ratios = []
    for round_ in range(args.rounds):
        order = [("baseline", before.identify), ("this", language.identify)]
        seconds: dict[str, float] = {}
        for name, identify in order if round_ % 2 == 0 else order[::-1]:
            seconds[name], codes = timed(identify, items)
            if name == "baseline":
                expected = codes
            else:
                found = codes
        ratios.append(seconds["this"] / seconds["baseline"])
        per = {name: f"{s:.2f} s ({s / len(items) * 1e6:.1f} µs a text)" for name, s in seconds.items()}
        print(f"round {round_ + 1}: baseline {per['baseline']}, this checkout {per['this']}, ratio {ratios[-1]:.2f}")
    differ = [(text, a, b) for text, a, b in zip(items, expected, found, strict=True) if a != b]
    print(f"codes that differ: {len(differ)}")
    for text, a, b in differ[:20]:
        print(f"  {a} -> {b}: {text[:100]!r}")
    print("codes named:", dict(Counter(found).most_common(12)))
    print(f"this / baseline, median of {args.rounds} rounds: {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
