"""`TheoryMeasure`: the theory columns (depth, breadth, valence, motive, motivational system, immediacy, privacy risk).

It is registered in `measure.registry` with its columns and `explain_theory`. The heads ship inside each model
directory (`theory_heads.*`, trained on the coded corpus by `disclosure train-theory`); they read the detector's
own sentence vectors and probabilities, so no second encoder runs per utterance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..constants import (
    CATEGORIES,
    DISCLOSURE_THRESHOLD,
    LAYER_CUTS,
    MOTIVES,
    SHORT_REPLY_WORDS,
    SUPPORT_THRESHOLD,
    SYSTEMS,
)
from ..schema import THEORY_COLUMNS
from .cues import cue_spans
from .heads import TheoryHeads, theory_features, vader_valence
from .privacy import check_audience, find_identifiers, privacy_risk
from .redaction import redact_text


class TheoryMeasure:
    """The theory-level measures of one model (a `Measure`: see `measure.registry.Measure`).

    Parameters
    ----------
    directory : Path
        The model directory whose `theory_heads.*` files hold the trained heads.
    audience : str
        Who the utterances are meant for ("public", "community", "friends", "professional"): `privacy_risk` and
        `risk_reasons` are written for them.
    """

    def __init__(self, directory: str | Path, *, audience: str = "public") -> None:
        check_audience(audience)
        self.heads = TheoryHeads.load(directory)
        self.audience = audience

    def __call__(
        self, texts: Sequence[str], embeddings: np.ndarray, detector: pd.DataFrame, previous: np.ndarray | None = None
    ) -> pd.DataFrame:
        """The theory columns for `texts`, given the detector's vectors and probabilities for them and the vectors
        of their previous turns (zero rows where there is none; None: no text has one)."""
        if not len(texts):
            return pd.DataFrame(columns=[c.name for c in THEORY_COLUMNS])
        theory = self.heads.predict_columns(theory_features(texts, embeddings, detector.to_numpy(), previous))
        risk = privacy_risk(find_identifiers(texts, audience=self.audience), theory, audience=self.audience)
        theory["layer_note"] = layer_notes(texts, detector, theory)
        theory["privacy_risk"], theory["risk_reasons"] = risk["privacy_risk"], risk["risk_reasons"]
        # Built once, in the schema's order: a table grown column by column costs more than the heads' arithmetic.
        return pd.DataFrame({c.name: theory[c.name] for c in THEORY_COLUMNS})


def layer_notes(texts: Sequence[str], detector: pd.DataFrame, theory: pd.DataFrame | Mapping[str, Any]) -> list[str]:
    """`layer_note` per utterance: why layer is 'none' where the detector reads a disclosure, else ''.

    The detector (trained on Reddit posts) and the depth heads (trained on the coded corpus) are separate models;
    where they disagree, the row says which reading explains it, so no reader meets two columns that contradict.
    `theory` is the heads' table, or its columns by name.
    """
    disclosure = detector["disclosure"].to_numpy(float)
    support = np.maximum(
        detector["emotional_support"].to_numpy(float), detector["informational_support"].to_numpy(float)
    )
    depths, layers = np.asarray(theory["depth"], dtype=float), np.asarray(theory["layer"], dtype=object)
    notes = []
    for text, p, offered, depth, layer in zip(texts, disclosure, support, depths, layers, strict=True):
        if layer != "none" or p < DISCLOSURE_THRESHOLD:
            notes.append("")
            continue
        words = len(text.split())
        shallow = f"depth {depth:.2f} stays below {LAYER_CUTS[0]:g}"
        if offered >= SUPPORT_THRESHOLD:
            notes.append(
                f"support offered to the listener ({offered:.2f}): the feelings named are theirs, not the "
                f"speaker's; {shallow}"
            )
        elif words <= SHORT_REPLY_WORDS:
            notes.append(
                f"a reply of {words} word{'s' if words != 1 else ''}, too short to reveal the speaker: "
                f"disclosure {p:.2f} reads its tone; {shallow}"
            )
        else:
            notes.append(
                f"disclosure {p:.2f} leans to a disclosure, but nothing about the speaker's own "
                f"life is coded (a general remark, opinion or reaction): {shallow}"
            )
    return notes


_LAYER_MEANING = {
    "none": "nothing about the speaker is revealed",
    "peripheral": "outer layer: tastes, daily activities, recent events, shared readily",
    "intermediate": "middle layer: opinions, goals, relationships, work or study struggles",
    "core": "inner core: self-concept, values, fears, vulnerabilities, stigmatised experiences",
}

_IMMEDIACY_MEANING = {
    "immediate": "a feeling or reaction toward the listener or the conversation, here and now",
    "non_immediate": "about the speaker's life outside the conversation",
    "none": "nothing is disclosed",
}

_CORE_AREAS = ("fears", "mental_health", "sexuality", "religion", "identity")
"""The breadth areas whose words point to the inner layers."""


def explain_theory(text: str, row: pd.Series) -> list[str]:
    """The theory columns of `row` (the utterance `text` as already scored) in plain language, with the words
    behind them; nothing is scored again."""
    cues = cue_spans(text)
    lines = ["", f"Depth: {row['depth']:.2f} of 3 -> layer '{row['layer']}' ({_LAYER_MEANING[row['layer']]})."]
    if row["layer_note"]:
        lines.append(f"  Why no layer although the detector reads a disclosure: {row['layer_note']}.")
    core_words = sorted({text[s:e] for area in _CORE_AREAS for s, e in cues.get(area, [])})
    if core_words:
        lines.append(f"  Words that point to the inner layers: {', '.join(core_words)}")
    lines += ["", "Breadth (areas of the self opened; listed when probability reaches the area's threshold):"]
    for area in sorted(CATEGORIES, key=lambda a: -row[f"category_{a}"])[:5]:
        words = ", ".join(sorted({text[s:e] for s, e in cues.get(area, [])}))
        evidence = f"  words: {words}" if words else ""
        lines.append(f"  {area:<17} {row[f'category_{area}']:.2f}{evidence}")
    lines.append(f"  Listed: {', '.join(row['categories']) or '(none)'}")
    lines += [
        "",
        f"Valence: {row['valence']:+.2f} (-1 negative about oneself ... +1 positive; 0 when nothing is disclosed). "
        f"General sentiment of the words (VADER): {vader_valence([text])[0]:+.2f}.",
        "",
        f"Motive: {row['motive']} (confidence {row['motive_confidence']:.2f})",
    ]
    lines += [f"  {m:<18} {row[f'motive_{m}']:.2f}" for m in sorted(MOTIVES, key=lambda m: -row[f"motive_{m}"])[:3]]
    lines += [
        "",
        f"Motivational system: {row['motivational_system']} (confidence {row['motivational_system_confidence']:.2f})",
    ]
    lines += [f"  {s:<18} {row[f'system_{s}']:.2f}" for s in sorted(SYSTEMS, key=lambda s: -row[f"system_{s}"])[:3]]
    lines += ["", f"Immediacy: {row['immediacy']} ({_IMMEDIACY_MEANING[row['immediacy']]}).", ""]
    lines.append(f"Privacy risk: {row['privacy_risk']:.2f} (0 none ... 1 very high)")
    findings = find_identifiers([text])[0]
    lines += [f'  "{finding.text}" is {finding.reason}' for finding in findings]
    topics = [r for r in row["risk_reasons"] if r.endswith("topic")]
    if topics:
        lines.append(f"  Sensitive topics: {', '.join(topics)}")
    if findings:
        lines.append(f"  Redacted: {redact_text(text, findings)}")
    return lines
