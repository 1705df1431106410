"""Span precision and recall of the privacy recognizers, per kind, on the labelled sentences in tests/data/privacy.

    python benchmarks/privacy_benchmark.py            # both sets; the held-out one is the number to quote

A predicted span counts when its category's kind and its exact characters match a marked span ("overlap" also
counts a prediction that overlaps a marked span of the same kind). Each sentence is read on its own. Also checks
`abstract` mode: no marked identifier survives, and the words outside the spans are unchanged.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from disclosure.measure.codebook import STRUCTURED_IDENTIFIERS
from disclosure.measure.privacy import find_identifiers
from disclosure.measure.redaction import redact_text

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "privacy"
KINDS = {
    "PERSON": "person",
    "LOCATION": "place",
    "STREET_ADDRESS": "place",
    "DATE": "date",
    "DATE_OF_BIRTH": "date",
    "AGE": "age",
    "EMPLOYER": "organisation",
    "ORGANIZATION": "organisation",
    "MONEY": "money",
    "HEALTH_CONDITION": "health",
    "MENTAL_HEALTH_CRISIS": "health",
    "SEXUAL_ORIENTATION": "sexuality/gender",
    "GENDER_IDENTITY": "sexuality/gender",
    "RELIGION": "religion",
    **dict.fromkeys(STRUCTURED_IDENTIFIERS, "structured"),
}
_MARK = re.compile(r"\[([^\[\]|]+)\|([A-Z_]+)\]")


def read(path: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(sentence, [(start, end, category)]) for each line of a benchmark file."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, spans, cursor = "", [], 0
        for m in _MARK.finditer(line):
            text += line[cursor : m.start()]
            spans.append((len(text), len(text) + len(m.group(1)), m.group(2)))
            text += m.group(1)
            cursor = m.end()
        out.append((text + line[cursor:], spans))
    return out


def evaluate(path: Path) -> tuple[dict[str, tuple[int, int, int, int]], list[str]]:
    """Per kind: (true positives exact, predicted, marked, marked spans overlapped by a prediction of their kind);
    and the sentences whose abstract rewrite keeps an identifier or changes other words."""
    items = read(path)
    found = [find_identifiers([text], limit=None)[0] for text, _ in items]
    tp: Counter[str] = Counter()
    overlap: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    marked: Counter[str] = Counter()
    failures = []
    for (text, gold), spans in zip(items, found, strict=False):
        gold_set = {(s, e, KINDS[c]) for s, e, c in gold}
        for _, _, c in gold:
            marked[KINDS[c]] += 1
        for span in spans:
            kind = KINDS[span.category]
            predicted[kind] += 1
            tp[kind] += (span.start, span.end, kind) in gold_set
        for s, e, k in gold_set:
            overlap[k] += any(KINDS[p.category] == k and p.start < e and s < p.end for p in spans)
        abstract = redact_text(text, spans, mode="abstract")
        leaked = [text[s:e] for s, e, _ in gold if re.search(rf"(?<!\w){re.escape(text[s:e])}(?!\w)", abstract)]
        outside = re.sub(r"\s+", " ", "".join(text[a:b] for a, b in _outside(text, spans)))
        if leaked or not _keeps_outside(abstract, text, spans):
            failures.append(f"{text!r} -> {abstract!r} (left: {leaked or outside!r})")
    kinds = sorted(marked | predicted)
    return {k: (tp[k], predicted[k], marked[k], overlap[k]) for k in kinds}, failures


def _outside(text: str, spans: list) -> list[tuple[int, int]]:
    cuts, cursor = [], 0
    for span in spans:
        cuts.append((cursor, span.start))
        cursor = span.end
    return [*cuts, (cursor, len(text))]


def _keeps_outside(abstract: str, text: str, spans: list) -> bool:
    """The words outside the spans appear in order and unchanged in the rewrite (a comma or space before a
    dropped name aside)."""
    position = 0
    for a, b in _outside(text, spans):
        piece = text[a:b].strip().rstrip(",").strip()
        found = abstract.find(piece, position)
        if found < 0:
            return False
        position = found + len(piece)
    return True


def table(results: dict[str, tuple[int, int, int, int]]) -> str:
    lines = ["| kind | marked | predicted | precision | recall | recall (overlap) |", "|---|---|---|---|---|---|"]
    for kind, (tp, pred, gold, over) in results.items():
        precision = f"{tp / pred:.3f}" if pred else "-"
        recall = f"{tp / gold:.3f}" if gold else "-"
        lines.append(
            f"| {kind} | {gold} | {pred} | {precision} | {recall} | {over / gold:.3f} |"
            if gold
            else f"| {kind} | 0 | {pred} | 0 | - | - |"
        )
    return "\n".join(lines)


def main() -> None:
    for name in sys.argv[1:] or ["dev", "test"]:
        results, failures = evaluate(DATA / f"{name}.txt")
        print(f"\n## {name} ({len(read(DATA / f'{name}.txt'))} sentences)\n\n{table(results)}\n")
        print(f"abstract mode: {len(failures)} sentence(s) keep an identifier or change other words")
        for failure in failures:
            print("  ", failure)


if __name__ == "__main__":
    main()
