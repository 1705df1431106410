"""Draw the items of the coded corpus and deal them into blind coding batches.

    python coding/sample_items.py --claff CLAFF/train.csv --annomi ANNOMI/AnnoMI-simple.csv --out SESSIONS
    python coding/sample_items.py --wave 2 --shared ../shared/data --out SESSIONS
    python coding/sample_items.py --wave 3 --shared ../shared/data --out SESSIONS
    python coding/sample_items.py --wave 4 --shared ../shared/data --out SESSIONS

Wave 1 writes `data/coded/items.csv` (item id, source, split, speaker role; text only where the licence allows: CL-Aff
is CC BY 4.0, the written items are the project's own; AnnoMI rows keep ids only) and, under --out, one file per
coding pass and batch: the items of that batch in that pass's own shuffled order, with the previous turn as context
for conversational items. Coders see only the codebook and their batch file.

Wave 2 appends four new source families to `items.csv` (wave 1's items unchanged) and numbers its batches after
wave 1's: GoEmotions Reddit comments (Apache-2.0), SAD stressors typed to a stress-management chatbot (MIT), and
WNUT-17 tweets and YouTube comments (CC BY 4.0). GoEmotions and SAD items come only from the training part of
`training/rated_sets.py`'s split, so the human-rated held-out parts stay unseen.

Waves 3 and 4 append more of every shared source that allows it (none of them an item already drawn; YouTube
comments are left to WNUT-17 dev, the redaction benchmark's test set) and one new source in wave 3: the questions
of the question-intimacy set (MIT; training part only), which ask about the intimate and the everyday, mostly without
disclosing. Their only gold items are the new source's; their other items are all for training.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))
from rated_sets import held_out  # noqa: E402

SEED = 20261126
WAVE_SEEDS = {1: SEED, 2: 20261204, 3: 20261205, 4: 20261206}
SIZES = {
    "claff": 2100,
    "annomi_client": 1100,
    "annomi_therapist": 700,
    "goemotions": 350,
    "sad": 300,
    "twitter": 200,
    "youtube": 150,
}
GOLD = {
    "claff": 330,
    "annomi_client": 180,
    "annomi_therapist": 120,
    "written": 40,
    "support_chat": 30,
    "goemotions": 90,
    "sad": 75,
    "twitter": 50,
    "youtube": 40,
}
MORE_SIZES = {
    3: {
        "claff": 450,
        "annomi_client": 400,
        "annomi_therapist": 220,
        "goemotions": 220,
        "sad": 180,
        "twitter": 180,
        "questions": 150,
    },
    4: {
        "claff": 2500,
        "annomi_client": 1500,
        "annomi_therapist": 900,
        "goemotions": 1300,
        "sad": 900,
        "twitter": 600,
        "questions": 400,
    },
}
"""Waves 3 and 4: more of each source, by source."""
MORE_GOLD = {3: {"questions": 40}, 4: {}}
BATCHES = {1: 8, 2: 2, 3: 2, 4: 9}
"""Batches per pass in each wave (the batch files are numbered across waves)."""
WAVE_TWO_SOURCES = ("goemotions", "sad", "twitter", "youtube")
FIRST_PERSON_SHARE = 2 / 3
"""GoEmotions items drawn from comments its authors mark as talking about the writer (the rest from all others)."""
MAX_CHARS = 600


def claff_items(
    path: Path, rng: np.random.Generator, sizes: dict[str, int] = SIZES, taken: frozenset[str] = frozenset()
) -> pd.DataFrame:
    train = pd.read_csv(path, dtype={"sentenceid": str})
    train = train[~("claff:" + train["sentenceid"]).isin(taken)]
    drawn = train.sample(n=sizes["claff"], random_state=rng.integers(2**31))
    return pd.DataFrame(
        {
            "item": "claff:" + drawn["sentenceid"],
            "source": "claff",
            "role": "poster",
            "text": drawn["full_text"].to_numpy(),
            "previous": "",
            "context": "",
            "setting": "Reddit comment sentence (r/" + drawn["subreddit"] + ")",
        }
    )


def annomi_items(
    path: Path, rng: np.random.Generator, sizes: dict[str, int] = SIZES, taken: frozenset[str] = frozenset()
) -> pd.DataFrame:
    turns = pd.read_csv(path, dtype={"transcript_id": str, "utterance_id": int}, keep_default_na=False)
    turns = turns.sort_values(["transcript_id", "utterance_id"], kind="stable")
    previous = turns.groupby("transcript_id")["utterance_text"].shift(1).fillna("")
    previous_role = turns.groupby("transcript_id")["interlocutor"].shift(1).fillna("")
    turns = turns.assign(context=np.where(previous != "", "(" + previous_role + ") " + previous.str[:300], ""))
    turns = turns[turns["utterance_text"].str.strip().str.len().between(1, MAX_CHARS)]
    turns = turns[~("annomi:" + turns["transcript_id"] + ":" + turns["utterance_id"].astype(str)).isin(taken)]
    parts = []
    for role in ("client", "therapist"):
        pool = turns[turns["interlocutor"] == role]
        drawn = pool.sample(n=sizes[f"annomi_{role}"], random_state=rng.integers(2**31))
        parts.append(
            pd.DataFrame(
                {
                    "item": "annomi:" + drawn["transcript_id"] + ":" + drawn["utterance_id"].astype(str),
                    "source": f"annomi_{role}",
                    "role": role,
                    "text": drawn["utterance_text"].to_numpy(),
                    "previous": "",  # AnnoMI states no licence for copying: read from the user's copy
                    "context": drawn["context"].to_numpy(),
                    "setting": "counselling session (motivational interviewing), speaker = " + role,
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def project_items() -> pd.DataFrame:
    devset = pd.read_csv(ROOT / "tests" / "data" / "theory_devset.csv", dtype=str, keep_default_na=False)
    written = devset[devset["source"] == "written"]
    chat = pd.read_csv(ROOT / "tests" / "data" / "support_chat_turns.csv", dtype=str, keep_default_na=False)
    previous = chat["role"].shift(1).fillna("") + ") " + chat["text"].shift(1).fillna("")
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "item": "written:" + written["item"],
                    "source": "written",
                    "role": "poster",
                    "text": written["text"].to_numpy(),
                    "previous": "",
                    "context": "",
                    "setting": "short post or chat message",
                }
            ),
            pd.DataFrame(
                {
                    "item": [f"chat:{i:03d}" for i in range(len(chat))],
                    "source": "support_chat",
                    "role": chat["role"].to_numpy(),
                    "text": chat["text"].to_numpy(),
                    "previous": chat["text"].shift(1).fillna("").to_numpy(),
                    "context": np.where(chat.index > 0, "(" + previous, ""),
                    "setting": "peer support chat, speaker = " + chat["role"],
                }
            ),
        ],
        ignore_index=True,
    )


def goemotions_items(
    shared: Path, rng: np.random.Generator, sizes: dict[str, int] = SIZES, taken: frozenset[str] = frozenset()
) -> pd.DataFrame:
    table = pd.read_csv(shared / "goemotions" / "goemotions_valence.csv", dtype={"id": str})
    table = table[~held_out(table["text"], salt="goemotions").to_numpy() & ~("goemotions:" + table["id"]).isin(taken)]
    mine = round(sizes["goemotions"] * FIRST_PERSON_SHARE)
    first_person = table["first_person_singular"].astype(bool)
    drawn = pd.concat(
        [
            table[first_person].sample(n=mine, random_state=rng.integers(2**31)),
            table[~first_person].sample(n=sizes["goemotions"] - mine, random_state=rng.integers(2**31)),
        ]
    )
    return new_items("goemotions:" + drawn["id"], "goemotions", drawn["text"], "Reddit comment")


def sad_items(
    shared: Path, rng: np.random.Generator, sizes: dict[str, int] = SIZES, taken: frozenset[str] = frozenset()
) -> pd.DataFrame:
    table = pd.read_csv(shared / "sad-stressors" / "sad_train.csv", dtype={"sID": str}, keep_default_na=False)
    table = table[table["sentence"].str.strip().str.len().between(3, MAX_CHARS)]
    table = table[~held_out(table["sentence"], salt="sad").to_numpy() & ~("sad:" + table["sID"]).isin(taken)]
    drawn = table.sample(n=sizes["sad"], random_state=rng.integers(2**31))
    setting = "message typed to a stress-management chatbot that asked what is stressing them"
    return new_items("sad:" + drawn["sID"], "sad", drawn["sentence"], setting)


def wnut_items(
    shared: Path, rng: np.random.Generator, sizes: dict[str, int] = SIZES, taken: frozenset[str] = frozenset()
) -> pd.DataFrame:
    table = pd.read_json(shared / "wnut17" / "wnut17_spans.jsonl", lines=True)
    table = table[~table["id"].str.replace("wnut17_", "wnut17:").isin(taken)]
    parts = []
    for source, setting in (("twitter", "tweet"), ("youtube", "YouTube comment")):
        if not sizes.get(source):
            continue
        pool = table[table["source"] == source]
        drawn = pool.sample(n=sizes[source], random_state=rng.integers(2**31))
        parts.append(new_items(drawn["id"].str.replace("wnut17_", "wnut17:"), source, drawn["text"], setting))
    return pd.concat(parts, ignore_index=True)


def question_items(
    shared: Path, rng: np.random.Generator, sizes: dict[str, int], taken: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """Questions people asked (question-intimacy set, MIT), from the training part of its held-out split only."""
    table = pd.read_csv(shared / "question-intimacy" / "questions_intimacy.csv", dtype={"id": str})
    table = table[
        ~held_out(table["text"], salt="question-intimacy").to_numpy() & ~("questions:" + table["id"]).isin(taken)
    ]
    drawn = table.sample(n=sizes["questions"], random_state=rng.integers(2**31))
    setting = "a question someone posted to ask other people (online forum or social media)"
    return new_items("questions:" + drawn["id"], "questions", drawn["text"], setting)


def new_items(item: pd.Series, source: str, text: pd.Series, setting: str) -> pd.DataFrame:
    """Items of a source whose texts stand alone (no previous turn), written by a poster."""
    return pd.DataFrame(
        {"item": item.to_numpy(), "source": source, "role": "poster", "text": text.to_numpy(), "previous": ""}
    ).assign(context="", setting=setting)


def with_gold_split(items: pd.DataFrame, rng: np.random.Generator, gold: dict[str, int] = GOLD) -> pd.DataFrame:
    """Mark a seeded, per-source gold split that no training or selection may touch."""
    split = pd.Series("train", index=items.index)
    for source, n in gold.items():
        if source not in set(items["source"]):
            continue
        members = items.index[items["source"] == source]
        split[rng.choice(members, size=n, replace=False)] = "gold"
    return items.assign(split=split)


def earlier_waves(items: pd.DataFrame) -> pd.Series:
    """The wave of each item stored before items.csv had a `wave` column (waves 1 and 2 by their sources)."""
    return pd.Series(np.where(items["source"].isin(WAVE_TWO_SOURCES), "2", "1"), index=items.index)


def batch_text(batch: pd.DataFrame) -> str:
    blocks = []
    for row in batch.itertuples():
        lines = [f"[{row.item}] {row.setting}"]
        if row.context:
            lines.append(f"  previous turn: {row.context}".replace("<U+0092>", "'"))
        lines.append(f"  text: {row.text}".replace("<U+0092>", "'"))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wave", type=int, choices=sorted(WAVE_SEEDS), default=1)
    parser.add_argument("--claff", type=Path, help="CL-Aff train.csv (wave 1)")
    parser.add_argument("--annomi", type=Path, help="AnnoMI-simple.csv (wave 1)")
    parser.add_argument("--shared", type=Path, help="the shared data folder (waves 2 to 4)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(WAVE_SEEDS[args.wave])
    stored_items = ROOT / "data" / "coded" / "items.csv"
    earlier = pd.DataFrame(columns=["item", "wave"])
    if args.wave > 1:
        earlier = pd.read_csv(stored_items, dtype=str, keep_default_na=False)
        earlier = earlier.assign(wave=earlier["wave"] if "wave" in earlier else earlier_waves(earlier))
        earlier = earlier[earlier["wave"].astype(int) < args.wave]  # a rerun replaces its own wave and those after
    if args.wave == 1:
        if args.claff is None or args.annomi is None:
            parser.error("wave 1 needs --claff and --annomi")
        drawn = [claff_items(args.claff, rng), annomi_items(args.annomi, rng), project_items()]
    elif args.shared is None:
        parser.error(f"wave {args.wave} needs --shared")
    elif args.wave == 2:
        drawn = [goemotions_items(args.shared, rng), sad_items(args.shared, rng), wnut_items(args.shared, rng)]
    else:
        taken = frozenset(earlier["item"])
        sizes = MORE_SIZES[args.wave]
        drawn = [
            claff_items(args.shared / "claff-offmychest" / "train.csv", rng, sizes, taken),
            annomi_items(args.shared / "annomi" / "AnnoMI-simple.csv", rng, sizes, taken),
            goemotions_items(args.shared, rng, sizes, taken),
            sad_items(args.shared, rng, sizes, taken),
            wnut_items(args.shared, rng, sizes, taken),
            question_items(args.shared, rng, sizes, taken),
        ]
    items = pd.concat(drawn, ignore_index=True)
    for column in ("text", "previous"):
        items[column] = items[column].str.replace(r"\s+", " ", regex=True).str.strip()
    items = with_gold_split(items, rng, MORE_GOLD.get(args.wave, GOLD)).assign(wave=str(args.wave))
    stored = items.assign(text=np.where(items["source"].str.startswith("annomi"), "", items["text"]))
    columns = ["item", "source", "split", "role", "text", "previous", "wave"]
    pd.concat([earlier, stored[columns]], ignore_index=True)[columns].to_csv(stored_items, index=False)
    for coding_pass in (1, 2):
        order = items.sample(frac=1.0, random_state=rng.integers(2**31))
        bounds = np.linspace(0, len(order), BATCHES[args.wave] + 1).astype(int)
        first_batch = sum(n for wave, n in BATCHES.items() if wave < args.wave) + 1
        for k, (start, stop) in enumerate(itertools.pairwise(bounds), start=first_batch):
            batch = order.iloc[start:stop]
            path = args.out / "items" / f"pass{coding_pass}_batch{k}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(batch_text(batch), encoding="utf-8")
    print(items.groupby(["source", "split"]).size())


if __name__ == "__main__":
    main()
