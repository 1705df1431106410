"""Redaction on informal text: what `redact` removes of persons, places and organisations, beside another checkout.

    python benchmarks/informal_privacy_benchmark.py                      # this checkout only
    python benchmarks/informal_privacy_benchmark.py --baseline /tmp/base # and the code in /tmp/base/src, same run
    python benchmarks/informal_privacy_benchmark.py --sets wnut informal_dev written_test2 --speed 2000

Sets (each reported per kind: person, place, organisation):

- `wnut`: WNUT-17 dev (YouTube comments; ../shared/data/wnut17, CC BY 4.0), skipped where absent. Persons are
  `person`, places `location`, organisations `corporation` and `group`; `product` and `creative-work` are not
  identifiers here.
- `informal_dev`, `informal_test`: tests/data/privacy/informal_{dev,test}.txt, sentences in the style of forum and
  chat posts written for this project (lower case, nicknames, handles, names of many cultures), marked like the
  written sets (`[words|CATEGORY]`). Choose on dev; report test once.
- `written_dev`, `written_test`, `written_test2`: the written benchmark of docs/privacy.md.

Per kind: `removed` is the share of marked spans whose every letter and digit lies inside some predicted span of
any category (what a reader of the redacted file no longer sees); `precision` the share of predicted spans of the
kind that overlap a marked span of the same kind. `--speed N` times `redact` on N utterances (WNUT dev and the
written sets, cycled) in each mode in a fresh process, start-up (imports, model loading) included.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from privacy_benchmark import read  # this folder: scripts run from it find each other

REPO = Path(__file__).resolve().parents[1]
WNUT = REPO.parent / "shared" / "data" / "wnut17" / "wnut17_spans.jsonl"
DATA = REPO / "tests" / "data" / "privacy"
KINDS = {
    "PERSON": "person",
    "LOCATION": "place",
    "STREET_ADDRESS": "place",
    "FACILITY": "place",
    "EMPLOYER": "organisation",
    "ORGANIZATION": "organisation",
}
WNUT_KINDS = {"person": "person", "location": "place", "corporation": "organisation", "group": "organisation"}


def read_marked(path: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(sentence, [(start, end, kind)]) for each line of a file marked `[words|CATEGORY]` (persons, places and
    organisations only)."""
    return [(text, [(s, e, KINDS[c]) for s, e, c in spans if c in KINDS]) for text, spans in read(path)]


def read_wnut(path: Path, split: str = "dev") -> list[tuple[str, list[tuple[int, int, str]]]]:
    items = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["split"] == split:
                spans = [
                    (s["start"], s["end"], WNUT_KINDS[s["wnut_type"]])
                    for s in row["spans"]
                    if s["wnut_type"] in WNUT_KINDS
                ]
                items.append((row["text"], spans))
    return items


def load_set(name: str) -> list[tuple[str, list[tuple[int, int, str]]]] | None:
    if name == "wnut":
        return read_wnut(WNUT) if WNUT.is_file() else None
    if name.startswith("written_"):
        return read_marked(DATA / f"{name.removeprefix('written_')}.txt")
    path = DATA / f"{name}.txt"
    return read_marked(path) if path.is_file() else None


def score(items: list[tuple[str, list[tuple[int, int, str]]]]) -> dict[str, list[int]]:
    """Per kind: [marked, removed, predicted, predicted overlapping a marked span of the kind]."""
    from disclosure.measure.privacy import find_identifiers

    found = find_identifiers([t for t, _ in items], limit=None)
    counts: dict[str, list[int]] = {k: [0, 0, 0, 0] for k in ("person", "place", "organisation")}
    for (text, gold), spans in zip(items, found, strict=False):
        covered = set()
        for s in spans:
            covered.update(range(s.start, s.end))
        for start, end, kind in gold:
            counts[kind][0] += 1
            counts[kind][1] += all(i in covered for i in range(start, end) if text[i].isalnum())
        for s in spans:
            kind = KINDS.get(s.category)
            if kind:
                counts[kind][2] += 1
                counts[kind][3] += any(k == kind and a < s.end and s.start < b for a, b, k in gold)
    return counts


def speed(n: int) -> dict[str, float]:
    """Utterances per second of `redact` in each mode, start-up included (call in a fresh process)."""
    start = time.perf_counter()
    from disclosure import redact

    texts: list[str] = []
    for name in ("wnut", "written_dev", "written_test", "written_test2"):
        texts += [t for t, _ in load_set(name) or []]
    texts = [texts[i % len(texts)] for i in range(n)]
    out = {}
    for mode in ("placeholder", "pseudonym", "abstract"):
        redact(texts, mode=mode, salt="benchmark")
        out[mode] = n / (time.perf_counter() - start)
        start = time.perf_counter()
    return out


def run(src: Path, sets: list[str], n: int) -> dict:
    """The results for the package under `src`, computed in a fresh process (so start-up counts)."""
    env = {**os.environ, "PYTHONPATH": str(src), "OMP_NUM_THREADS": "1"}
    args = [sys.executable, __file__, "--child", "--sets", *sets, "--speed", str(n)]
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{src}: the run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(results: dict[str, dict], name: str) -> str:
    lines = [
        f"\n### {name}\n",
        "| kind | marked | " + " | ".join(f"{c} removed | {c} precision" for c in results) + " |",
        "|---|---|" + "---|---|" * len(results),
    ]
    for kind in ("person", "place", "organisation"):
        row = []
        for res in results.values():
            marked, removed, predicted, correct = res[name][kind]
            row.append(f"{removed / marked:.3f}" if marked else "-")
            row.append(f"{correct / predicted:.3f}" if predicted else "-")
        marked = next(iter(results.values()))[name][kind][0]
        lines.append(f"| {kind} | {marked} | " + " | ".join(row) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sets", nargs="+", default=["wnut", "informal_dev", "written_test2"])
    parser.add_argument("--baseline", type=Path, help="a checkout whose src/ is compared with this one")
    parser.add_argument("--speed", type=int, default=0, help="time redact on this many utterances (0: not)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        out: dict = {name: score(items) for name in args.sets if (items := load_set(name)) is not None}
        if args.speed:
            out["speed"] = speed(args.speed)
        print(json.dumps(out))
        return
    checkouts = {"current": REPO / "src"}
    if args.baseline:
        checkouts = {"before": args.baseline / "src", **checkouts}
    results = {label: run(src, args.sets, args.speed) for label, src in checkouts.items()}
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}  load average {os.getloadavg()[0]:.1f}")
    for name in args.sets:
        if all(name in r for r in results.values()):
            print(table(results, name))
    if args.speed:
        print(f"\n### redact, {args.speed} utterances, utterances/s with start-up counted in the first mode\n")
        for label, res in results.items():
            print(f"{label}: " + "  ".join(f"{m} {v:.0f}" for m, v in res["speed"].items()))


if __name__ == "__main__":
    main()
