"""What a psychologist checks first: hand-written utterances whose codes nobody would dispute (issue #21).

Each case names a few things the shipped default model must say about one utterance. A case the model still gets
wrong is marked `xfail(strict=True)` with what it says instead: it fails the suite the day it starts passing, so the
list of known misses stays true. These are a specification, not training data: no head was fitted or chosen on them.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from disclosure import Analyzer

Check = Callable[[pd.Series], bool]


def layer_is(*layers: str) -> Check:
    return lambda row: row["layer"] in layers


def disclosed(row: pd.Series) -> bool:
    return bool(row["layer"] != "none")


def not_disclosed(row: pd.Series) -> bool:
    return bool(row["layer"] == "none" and row["disclosure"] < 0.5)


def area(*areas: str) -> Check:
    """At least one of `areas` is listed."""
    return lambda row: bool(set(areas) & set(row["categories"]))


def no_area(name: str) -> Check:
    return lambda row: name not in row["categories"]


def valence_above(value: float) -> Check:
    return lambda row: bool(row["valence"] > value)


def valence_below(value: float) -> Check:
    return lambda row: bool(row["valence"] < value)


def immediacy(value: str) -> Check:
    return lambda row: bool(row["immediacy"] == value)


CASES: list[tuple[str, tuple[Check, ...]]] = [
    # Joy and success are positive; loss, fear and failure negative.
    ("I got the job!! I'm so happy I could cry.", (disclosed, valence_above(0.3), area("work_study", "successes"))),
    ("I'm proud that I finally finished my degree.", (disclosed, valence_above(0.3), area("successes"))),
    ("I love hiking with my dog on weekends.", (disclosed, valence_above(0.2), area("preferences"))),
    ("My mom passed away last month and I can't stop crying.", (layer_is("intermediate", "core"), valence_below(-0.3))),
    ("I lost my job today and I don't know what to do.", (disclosed, valence_below(-0.2), area("work_study"))),
    ("I failed my driving test for the third time.", (disclosed, valence_below(-0.1), area("failures"))),
    ("I'm afraid of dying alone.", (disclosed, valence_below(-0.2), area("fears"))),
    ("My boyfriend cheated on me and I feel worthless.", (disclosed, valence_below(-0.3), area("relationships"))),
    # Identity, sexuality and religion are named areas, and coming out is core.
    ("I'm terrified my family will find out I'm gay.", (layer_is("core"), area("sexuality", "identity"))),
    ("I'm transgender and only my sister knows.", (layer_is("intermediate", "core"), area("identity", "sexuality"))),
    ("I'm a Christian and my faith means everything to me.", (disclosed, area("religion"))),
    # Health: the body is physical, the mind is mental, and self-harm is at the core.
    ("I cut myself last night.", (layer_is("core"), area("mental_health"))),
    ("I was diagnosed with diabetes last year.", (disclosed, area("physical_health"), no_area("mental_health"))),
    ("My chemo starts next week and I'm scared.", (disclosed, area("physical_health"), valence_below(-0.1))),
    ("I've been so depressed I can barely get out of bed.", (layer_is("intermediate", "core"), area("mental_health"))),
    ("I get panic attacks before every exam.", (disclosed, area("mental_health"))),
    ("I was abused as a child and never told anyone.", (layer_is("core"),)),
    # Money, goals, views, places.
    ("I can't pay my rent this month and I'm panicking.", (disclosed, area("money"), valence_below(-0.2))),
    ("I want to become a nurse one day.", (disclosed, area("goals"))),
    ("I think remote work is better for most people.", (layer_is("peripheral"), area("thoughts"))),
    ("I live on Elm Street in Leeds with my two kids.", (disclosed, area("location_contact"))),
    # Thanks, sympathy, advice, questions and small talk are not disclosures.
    ("Thank you so much, that really helps.", (not_disclosed,)),
    ("Thank you for trusting me with that.", (not_disclosed,)),
    ("I'm so sorry you're going through this.", (not_disclosed,)),
    ("You should try calling a helpline.", (not_disclosed,)),
    ("Have you talked to your doctor about it?", (not_disclosed,)),
    ("What time does the library open?", (not_disclosed,)),
    ("Hi, how are you?", (not_disclosed,)),
    ("ok", (not_disclosed,)),
    ("The bus is late again.", (not_disclosed,)),
    ("Hang in there, it gets better.", (not_disclosed,)),
    # Feelings about the listener here and now are immediate disclosures.
    ("Actually I feel you are not really listening to me today.", (disclosed, immediacy("immediate"))),
    ("Honestly I'm nervous talking to you about this.", (disclosed, immediacy("immediate"))),
    ("I feel really close to you right now.", (disclosed, immediacy("immediate"))),
    ("I've been having trouble sleeping since the divorce.", (disclosed, immediacy("non_immediate"))),
]

KNOWN_MISSES: dict[str, str] = {
    # What the shipped default model says instead (scored 2026-12-05, heads of coded waves 1-4). Joy and grief too weak:
    "I got the job!! I'm so happy I could cry.": "valence +0.19",
    "My mom passed away last month and I can't stop crying.": "valence -0.24",
    # Areas the heads miss (the wave 4 heads lost the first two, which the wave 2 heads listed):
    "I'm terrified my family will find out I'm gay.": "areas fears, relationships: no sexuality or identity",
    "I've been so depressed I can barely get out of bed.": "areas feelings, physical_health: no mental_health",
    "I cut myself last night.": "layer intermediate, no area",
    "I get panic attacks before every exam.": "areas fears, work_study: no mental_health",
    # The detector's `disclosure` (CL-Aff) scores thanks, sympathy and comfort above 0.5 (the layer is none):
    "Thank you so much, that really helps.": "disclosure 0.66",
    "I'm so sorry you're going through this.": "disclosure 0.72",
    "Hang in there, it gets better.": "disclosure 0.52",
    "Thank you for trusting me with that.": "disclosure 0.69, layer peripheral (depth 0.68)",
    # Feelings about the listener here and now:
    "Honestly I'm nervous talking to you about this.": "non_immediate",
    "I feel really close to you right now.": "layer none",
}
"""Cases the shipped default model still gets wrong (issue #21), with what it says instead."""


@pytest.fixture(scope="module")
def scored(analyzer: Analyzer) -> dict[str, pd.Series]:
    table = analyzer.analyze([text for text, _ in CASES])
    return {text: row for text, (_, row) in zip((t for t, _ in CASES), table.iterrows(), strict=True)}


def _case(text: str, checks: tuple[Check, ...]) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[text])] if text in KNOWN_MISSES else []
    return pytest.param(text, checks, id=text[:40], marks=marks)


def test_there_are_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30
    assert len({text for text, _ in CASES}) == len(CASES)


@pytest.mark.parametrize(("text", "checks"), [_case(text, checks) for text, checks in CASES])
def test_an_obvious_case_is_coded_as_anyone_would(
    text: str, checks: tuple[Check, ...], scored: dict[str, pd.Series]
) -> None:
    row = scored[text]
    failed = [check for check in checks if not check(row)]
    shown = {k: row[k] for k in ("disclosure", "layer", "depth", "categories", "valence", "immediacy")}
    assert not failed, f"{text!r} scored {shown}"
