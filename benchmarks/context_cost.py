"""The cost of reading each utterance with the turn it answers (`analyze --context-column`): an input file for the
paired timing in docs/benchmarks.md.

    python benchmarks/context_cost.py /tmp/turns.csv [--rows 2000]
    farm-bench -n 5 --timeout 900 -- disclosure analyze /tmp/turns.csv -o /tmp/with.csv --context-column previous \
        --vs 'disclosure analyze /tmp/turns.csv -o /tmp/without.csv'

The file holds the first `--rows` AnnoMI turns (../shared/data/annomi; the text stays outside the repository), each
with the turn before it in its transcript in column `previous` ('' for a transcript's first turn).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

ANNOMI = Path(__file__).resolve().parents[2] / "shared" / "data" / "annomi" / "AnnoMI-simple.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args()
    turns = pd.read_csv(ANNOMI).sort_values(["transcript_id", "utterance_id"], kind="stable").head(args.rows)
    previous = turns.groupby("transcript_id")["utterance_text"].shift(1).fillna("")
    pd.DataFrame({"text": turns["utterance_text"], "previous": previous}).to_csv(args.out, index=False)
    print(f"wrote {len(turns):,} turns to {args.out}")


if __name__ == "__main__":
    main()
