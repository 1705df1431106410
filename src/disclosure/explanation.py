"""Explanation: every column for one utterance, with the words and examples behind it, in plain language."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .constants import CATEGORIES, LAYERS, MOTIVES, SYSTEMS
from .errors import InputError, message
from .io import holds_surrogate
from .measure.cues import cue_spans
from .measure.heads import theory_features, vader_valence
from .measure.privacy import find_identifiers
from .measure.redaction import redact_text
from .measure.theory import TheoryMeasure

if TYPE_CHECKING:
    from .analyzer import Analyzer

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


def explain(text: str, analyzer: Analyzer) -> str:
    """A plain-language report of every column for `text` and the evidence behind each."""
    if not isinstance(text, str) or not text.strip():
        raise InputError(
            "There is no text to explain: give one utterance in quotes, for example "
            'disclosure explain "I was diagnosed with diabetes last year."'
        )
    if holds_surrogate(text):
        raise InputError(message("invalid_text"))
    theory = next((m for m in analyzer.measures if isinstance(m, TheoryMeasure)), None)
    if theory is None:
        raise InputError("This analyzer has no theory measures to explain.")
    row = analyzer.analyze([text]).iloc[0]
    vectors, probabilities = analyzer.detector.embed_and_score([text])
    layers = theory.heads.probabilities(theory_features([text], vectors, probabilities))["depth"][0]
    cues = cue_spans(text)
    findings = find_identifiers([text])[0]
    lines = [f"Utterance: {text}", ""]
    lines.append("Self-disclosure detector (probabilities, 0-1):")
    for name in ("disclosure", "informational", "emotional", "emotional_support", "informational_support"):
        lines.append(f"  {name:<22} {row[name]:.2f}")
    lines += [
        "",
        f"Depth: {row['depth']:.2f} of 3 -> layer '{row['layer']}' ({_LAYER_MEANING[row['layer']]}).",
    ]
    lines.append(
        "  Probability of each layer (depth is their expected value): "
        + ", ".join(f"{name} {p:.2f}" for name, p in zip(LAYERS, layers, strict=True))
    )
    if row["layer_note"]:
        lines.append(f"  Why no layer although the detector reads a disclosure: {row['layer_note']}.")
    core_words = sorted(
        {
            text[s:e]
            for area in ("fears", "mental_health", "sexuality", "religion", "identity")
            for s, e in cues.get(area, [])
        }
    )
    if core_words:
        lines.append(f"  Words that point to the inner layers: {', '.join(core_words)}")
    lines += ["", "Breadth (areas of the self opened; listed when probability reaches the area's threshold):"]
    ranked = sorted(CATEGORIES, key=lambda a: -row[f"category_{a}"])
    for area in ranked[:5]:
        words = ", ".join(sorted({text[s:e] for s, e in cues.get(area, [])}))
        evidence = f"  words: {words}" if words else ""
        lines.append(f"  {area:<17} {row[f'category_{area}']:.2f}{evidence}")
    lines.append(f"  Listed: {', '.join(row['categories']) or '(none)'}")
    lines += [
        "",
        (
            f"Valence: {row['valence']:+.2f} (-1 negative about oneself ... +1 positive; 0 when nothing is "
            f"disclosed). General sentiment of the words (VADER): {vader_valence([text])[0]:+.2f}."
        ),
    ]
    lines += ["", f"Motive: {row['motive']} (confidence {row['motive_confidence']:.2f})"]
    lines += [f"  {m:<18} {row[f'motive_{m}']:.2f}" for m in sorted(MOTIVES, key=lambda m: -row[f"motive_{m}"])[:3]]
    lines += [
        "",
        (f"Motivational system: {row['motivational_system']} (confidence {row['motivational_system_confidence']:.2f})"),
    ]
    lines += [f"  {s:<18} {row[f'system_{s}']:.2f}" for s in sorted(SYSTEMS, key=lambda s: -row[f"system_{s}"])[:3]]
    lines += ["", f"Immediacy: {row['immediacy']} ({_IMMEDIACY_MEANING[row['immediacy']]})."]
    lines += ["", f"Privacy risk: {row['privacy_risk']:.2f} (0 none ... 1 very high)"]
    for finding in findings:
        lines.append(f'  "{finding.text}" is {finding.reason}')
    others = [r for r in row["risk_reasons"] if r.endswith("topic")]
    if others:
        lines.append(f"  Sensitive topics: {', '.join(others)}")
    if findings:
        lines.append(f"  Redacted: {redact_text(text, findings)}")
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", "\n".join(lines))


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters other than tab and newline: shown as \\xNN, so a text cannot move a terminal's cursor, recolour
it or retitle its window when its explanation is printed."""
