"""Merge each coding pass, measure coder-vs-coder agreement, deal out and fold back the adjudication.

    python coding/codes.py merge --codes SESSIONS/codes                  # data/coded/codes_coder{1,2}.csv
    python coding/codes.py adjudication --codes SESSIONS/codes --out SESSIONS --batches 6  # to adjudicate
    python coding/codes.py adjudicated --codes SESSIONS/codes            # data/coded/adjudicated.csv
    python coding/codes.py agreement                                     # pass 1 vs pass 2, per wave and source
    python coding/codes.py agreement --corpus data/native --by language  # the native-language set, per language

--corpus names the folder of stored codes (default data/coded, the coded corpus; data/native holds the
native-language validation set of issue #26). SESSIONS is the coding folder outside the repository where the
sessions read their batches and wrote their codes.
Each step adds to the files of earlier waves (wave 1: 4,213 items; wave 2: 1,000), so a new wave's folder holds only
its own sessions; `adjudication` deals out only disagreements not yet adjudicated.

Pass 1 and pass 2 were coded by different helper sessions, each blind to the other and to the tool. An item goes
to adjudication when the two passes differ on any column (valence: by more than half a step); otherwise the
agreed codes (valence: their mean) are final.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from disclosure.instrument.coded_corpus import CODE_COLUMNS, read_codes
from disclosure.instrument.evaluation import theory_agreement

ROOT = Path(__file__).resolve().parents[1]
CODED = ROOT / "data" / "coded"
SINGLE = ("motive", "system", "immediacy", "support")


def merge(codes: Path, corpus: Path = CODED) -> None:
    """Add the sessions' codes to each pass's file (codes of earlier waves are kept; a recoded item takes its
    new codes)."""
    for coding_pass in (1, 2):
        files = sorted(codes.glob(f"pass{coding_pass}_batch*.tsv"))
        table = _with_earlier(corpus / f"codes_coder{coding_pass}.csv", files)
        table[["item", *CODE_COLUMNS]].to_csv(corpus / f"codes_coder{coding_pass}.csv", index=False)
        print(f"pass {coding_pass}: {len(table)} items, {len(files)} new batches")


def _with_earlier(stored: Path, files: list[Path]) -> pd.DataFrame:
    """The codes in `stored` (if any) with those of the session files `files` added, one row per item."""
    earlier = [pd.read_csv(stored, dtype=str, keep_default_na=False)] if stored.is_file() else []
    new = [pd.read_csv(f, sep="\t", dtype=str, keep_default_na=False) for f in files]
    return pd.concat([*earlier, *new]).drop_duplicates("item", keep="last").sort_values("item")


def disagreements(first: pd.DataFrame, second: pd.DataFrame) -> pd.Series:
    """Per item, the columns on which the two passes disagree (empty when they agree)."""
    differs = {
        "depth": first["depth"] != second["depth"],
        "categories": first["categories"].map(tuple) != second["categories"].map(tuple),
        "valence": (first["valence"] - second["valence"]).abs() > 0.5,
        **{c: first[c] != second[c] for c in SINGLE},
    }
    frame = pd.DataFrame(differs)
    return frame.apply(lambda row: [c for c, d in row.items() if d], axis=1)


def _passes(corpus: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    first, second = read_codes(corpus / "codes_coder1.csv"), read_codes(corpus / "codes_coder2.csv")
    common = first.index.intersection(second.index)
    return first.loc[common], second.loc[common]


def _code_line(row: pd.Series) -> str:
    return (
        f"depth {row['depth']:g} | categories {';'.join(row['categories']) or '-'} | valence {row['valence']:g} | "
        f"motive {row['motive']} | system {row['system']} | immediacy {row['immediacy']} | support {row['support']}"
    )


def coded_blocks(folder: Path) -> dict[str, str]:
    """Each item's block as the coders saw it (setting, previous turn, text), without its '[id]' line."""
    blocks = {}
    for path in folder.glob("pass1_batch*.txt"):
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            head, _, rest = block.strip().partition("\n")
            item, _, setting = head[1:].partition("] ")
            blocks[item] = f"  {setting}\n{rest}"
    return blocks


def adjudication(out: Path, batches: int, items_text: dict[str, str], corpus: Path = CODED) -> None:
    first, second = _passes(corpus)
    differ = disagreements(first, second)
    stored = corpus / "codes_adjudicator.csv"
    decided = read_codes(stored).index if stored.is_file() else pd.Index([])
    todo = differ[(differ.map(len) > 0) & ~differ.index.isin(decided)].index.to_numpy()
    rng = np.random.default_rng(7)
    rng.shuffle(todo)
    for k, chunk in enumerate(np.array_split(todo, batches), start=1):
        blocks = []
        for item in chunk:
            blocks.append(
                f"[{item}]\n{items_text[item]}\n  coder A: {_code_line(first.loc[item])}\n"
                f"  coder B: {_code_line(second.loc[item])}\n  they differ on: {', '.join(differ[item])}"
            )
        path = out / "adjudication" / f"adjudicate_batch{k}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
        print(path, len(chunk))


def adjudicated(codes: Path, corpus: Path = CODED) -> None:
    first, second = _passes(corpus)
    differ = disagreements(first, second)
    final = first.copy()
    final["valence"] = (first["valence"] + second["valence"]) / 2
    third = _with_earlier(corpus / "codes_adjudicator.csv", sorted(codes.glob("adjudicate_batch*.tsv")))
    third[["item", *CODE_COLUMNS]].to_csv(corpus / "codes_adjudicator.csv", index=False)
    decided = read_codes(corpus / "codes_adjudicator.csv")
    needed = differ[differ.map(len) > 0].index
    missing = needed.difference(decided.index)
    if len(missing):
        raise SystemExit(f"{len(missing)} disagreements are not adjudicated yet, e.g. {list(missing[:3])}")
    final.loc[needed] = decided.loc[needed]
    out = final.assign(categories=final["categories"].map(lambda a: ";".join(a) or "-"))
    out.index.name = "item"
    out.reset_index()[["item", *CODE_COLUMNS]].sort_values("item").to_csv(corpus / "adjudicated.csv", index=False)
    print(f"{len(final)} items, {len(needed)} adjudicated")


AGREEMENT = {
    "depth_alpha": "depth (0–3), Krippendorff's α (interval)",  # noqa: RUF001
    "layer_weighted_kappa": "layer, quadratic-weighted κ",
    "disclosure_kappa": "disclosure (depth > 0), Cohen's κ",
    "valence_alpha": "valence, Krippendorff's α (interval)",  # noqa: RUF001
    "categories_macro_f1": "categories, macro-F1 over areas with ≥ 5 items (pass 2 against pass 1)",
    "motive_kappa": "motive, Cohen's κ",
    "system_kappa": "motivational system, Cohen's κ",
    "immediacy_kappa": "immediacy, Cohen's κ",
}


def agreement(corpus: Path = CODED, by: str = "source", bootstrap: int = 200) -> None:
    """Print, as a Markdown table, the two passes' agreement per column over every item both coded, per wave and
    per `by` (an items.csv column: source, or language) within the newest wave, with 95% bootstrap intervals (items
    resampled)."""
    first, second = _passes(corpus)
    items = pd.read_csv(corpus / "items.csv", dtype=str, keep_default_na=False).set_index("item").loc[first.index]
    newest = items["wave"].max()
    groups = {f"all {len(items):,}": np.ones(len(items), bool)}
    for wave, n in items["wave"].value_counts().sort_index().items():
        groups[f"wave {wave} ({n:,})"] = (items["wave"] == wave).to_numpy()
    for group, n in items.loc[items["wave"] == newest, by].value_counts().items():
        groups[f"{group}, wave {newest} ({n:,})"] = ((items["wave"] == newest) & (items[by] == group)).to_numpy()
    columns = {}
    for name, rows in groups.items():
        table = theory_agreement(first[rows], second[rows], bootstrap=bootstrap)
        columns[name] = [
            f"{table.loc[k, 'value']:.2f} [{table.loc[k, 'low']:.2f}, {table.loc[k, 'high']:.2f}]" for k in AGREEMENT
        ]
    print("| column, statistic | " + " | ".join(columns) + " |")
    print("|---|" + "---|" * len(columns))
    for k, label in enumerate(AGREEMENT.values()):
        print(f"| {label} | " + " | ".join(cells[k] for cells in columns.values()) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=("merge", "adjudication", "adjudicated", "agreement"))
    parser.add_argument("--codes", type=Path, help="folder of the coding sessions' .tsv files")
    parser.add_argument("--out", type=Path, help="coding folder (holds items/, gets adjudication/)")
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=CODED, help="folder of the stored codes (default data/coded)")
    parser.add_argument("--by", default="source", help="items.csv column to break agreement down by (agreement)")
    args = parser.parse_args()
    if args.step == "agreement":
        agreement(args.corpus, args.by)
        return
    if args.codes is None:
        parser.error(f"{args.step} needs --codes, the folder of the coding sessions' .tsv files")
    if args.step == "merge":
        merge(args.codes, args.corpus)
    elif args.step == "adjudication":
        if args.out is None:
            parser.error("adjudication needs --out, the coding folder that holds items/")
        adjudication(args.out, args.batches, coded_blocks(args.out / "items"), args.corpus)
    else:
        adjudicated(args.codes, args.corpus)


if __name__ == "__main__":
    main()
