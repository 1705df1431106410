"""The Learn view's quiz: questions on the theory, each built on a coded example of the project's own corpus.

Every example is a training-split item of `data/coded` written for the project (no real people); its key is the
adjudicated code (or, where the question is about the theory's prediction, the theory's answer for that code),
and every explanation ends with the tool's own reading of the example, computed when the question is answered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..constants import CATEGORIES, LAYERS, SYSTEMS
from ..dynamics.monitor import turns_to_client
from ..measure.privacy import PrivacySpan


@dataclass(frozen=True)
class Question:
    """One quiz question about one coded example; `reading` names what of the tool's reading the answer shows."""

    id: str
    item: str
    """The example's id in data/coded/items.csv."""
    text: str
    prompt: str
    options: tuple[str, ...]
    key: str
    theory: str
    reading: str
    """'layer', 'area', 'system', 'valence', 'helper' or 'privacy'."""

    def public(self) -> dict[str, Any]:
        """The question as the page shows it, without its key."""
        return {"id": self.id, "text": self.text, "prompt": self.prompt, "options": list(self.options)}


_LAYER_PROMPT = "Which layer of the onion does this sentence open?"

QUESTIONS: tuple[Question, ...] = (
    Question(
        "peripheral",
        "written:w001",
        "I love pizza, especially with extra olives.",
        _LAYER_PROMPT,
        LAYERS,
        "peripheral",
        "Tastes and everyday preferences sit in the outer layer: people share them readily, even with strangers "
        "(Altman & Taylor 1973).",
        "layer",
    ),
    Question(
        "intermediate",
        "written:w026",
        "My sister and I haven't spoken in two years.",
        _LAYER_PROMPT,
        LAYERS,
        "intermediate",
        "Relationships and their troubles are in the middle layer: personal, but not the core of who one is.",
        "layer",
    ),
    Question(
        "core",
        "written:w055",
        "I'm terrified I'll end up alone.",
        _LAYER_PROMPT,
        LAYERS,
        "core",
        "Fears about one's worth and future belong to the inner core, shared only where trust is high.",
        "layer",
    ),
    Question(
        "none",
        "chat:030",
        "You can reset it from the settings page.",
        _LAYER_PROMPT,
        LAYERS,
        "none",
        "Help or information about the world reveals nothing about the speaker: no layer is opened.",
        "layer",
    ),
    Question(
        "area",
        "written:w040",
        "We're in a lot of credit card debt and I don't know how to get out.",
        "Which area of the self does this open (breadth)?",
        ("money", "work_study", "relationships", "preferences"),
        "money",
        "Breadth counts the areas of the self a person opens; money is one of the sensitive ones.",
        "area",
    ),
    Question(
        "ranking",
        "written:w025",
        "My boss took credit for my project again and I'm furious.",
        "Which motivational system does it activate?",
        SYSTEMS,
        "ranking",
        "Anger at losing standing to a superior activates the ranking system: status, comparison, defending one's "
        "place (Liotti & Monticelli).",
        "system",
    ),
    Question(
        "gender-valence",
        "written:w030",
        "I bombed my job interview today, I froze on every question.",
        "On average, who pays the higher image cost for telling this to others?",
        ("men", "women", "no difference"),
        "men",
        "It is negative information about oneself. Men and women share positive news alike, but men expect a "
        "higher image cost for negative disclosure and share less of it (Carbone et al. 2024).",
        "valence",
    ),
    Question(
        "reciprocity",
        "chat:026",
        "My wife left me in March and I moved back in with my parents.",
        "What does the norm of reciprocity predict the listener does next?",
        ("discloses at a similar depth", "discloses something much deeper", "changes the subject"),
        "discloses at a similar depth",
        "Disclosure invites disclosure of matching intimacy (Jourard 1971); overshooting is as awkward as ignoring it.",
        "layer",
    ),
    Question(
        "helper",
        "chat:037",
        "I came out to my own parents at twenty and I was terrified.",
        "A helper says this to a 16-year-old who has just come out. Does it hand the attention back to the client?",
        ("yes", "no"),
        "no",
        "Client-focused helper disclosure is brief and hands the focus back ('...how is it for you?'); one that "
        "stays on the helper's story risks serving the helper (Monticelli et al. 2022).",
        "helper",
    ),
    Question(
        "privacy",
        "chat:035",
        "I am 16 and I'm gay and my parents don't know.",
        "Posted publicly, what in it could expose the writer?",
        ("their age and sexual orientation", "nothing: it names no one", "only that they have parents"),
        "their age and sexual orientation",
        "A quasi-identifier (an age) with a special category (sexual orientation) exposes most in combination; "
        "'a teenager' keeps the meaning with less risk (Sweeney 2000; GDPR Art. 9).",
        "privacy",
    ),
)

BY_ID = {question.id: question for question in QUESTIONS}


def reading(question: Question, row: Mapping[Any, Any], spans: Sequence[PrivacySpan]) -> str:
    """What the tool reads in the example, in words: the part of its measurement that the question is about."""
    disclosed = f"disclosure probability {row['disclosure']:.2f}"
    if question.reading == "layer":
        return f"The tool reads depth {row['depth']:.2f} of 3, layer '{row['layer']}' ({disclosed})."
    if question.reading == "area":
        ranked = sorted(CATEGORIES, key=lambda a: -float(row[f"category_{a}"]))[:3]
        shown = ", ".join(f"{a} {float(row[f'category_{a}']):.2f}" for a in ranked)
        return f"The tool's most likely areas: {shown}."
    if question.reading == "system":
        return (
            f"The tool reads the motivational system '{row['motivational_system']}' "
            f"(confidence {row['motivational_system_confidence']:.2f})."
        )
    if question.reading == "valence":
        return f"The tool reads valence {row['valence']:+.2f} (-1 negative ... +1 positive; {disclosed})."
    if question.reading == "helper":
        hands_back = (
            "hands the attention back" if turns_to_client(question.text) else "does not hand the attention back"
        )
        return (
            f"The helper monitor finds that it {hands_back} (no question, no 'you'); the tool reads layer "
            f"'{row['layer']}' and immediacy '{row['immediacy']}'."
        )
    found = "; ".join(f"'{s.text}' ({s.reason.split(':')[0]})" for s in spans) or "no span"
    return f"The privacy assistant flags {found}; privacy risk {row['privacy_risk']:.2f}."
