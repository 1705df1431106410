"""The theory columns: their contract with any detector, and the orderings social penetration theory predicts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from disclosure import Analyzer, TheoryMeasure
from disclosure.measure.codebook import LAYERS, MOTIVES, NO_MOTIVE, NO_SYSTEM, SYSTEMS
from disclosure.measure.heads import layer_of
from disclosure.measure.theory import Embedder
from disclosure.schema import THEORY_COLUMNS

TEXTS = [
    "I was diagnosed with HIV three years ago and I'm terrified my family will find out.",
    "I love pizza, especially with extra olives.",
    "What time does the pharmacy close?",
]


def _measure(embedder: Embedder, texts: list[str]) -> pd.DataFrame:
    vectors, probabilities = embedder.embed_and_score(texts)
    detector = pd.DataFrame(probabilities, columns=["a", "b", "c", "d", "e"])
    return TheoryMeasure(embedder)(texts, vectors, detector)


def test_the_measure_returns_exactly_the_declared_theory_columns_for_any_embedder(
    hashing_embedder: Embedder,
) -> None:
    out = _measure(hashing_embedder, TEXTS)
    assert list(out.columns) == [c.name for c in THEORY_COLUMNS]
    assert len(out) == len(TEXTS)
    assert out["depth"].between(0, 3).all() and out["valence"].between(-1, 1).all()
    assert out["privacy_risk"].between(0, 1).all()
    assert set(out["motive"]) <= {*MOTIVES, NO_MOTIVE} and set(out["motivational_system"]) <= {
        *SYSTEMS,
        NO_SYSTEM,
    }


def test_layer_follows_depth_and_nothing_disclosed_means_no_valence_motive_or_areas(
    hashing_embedder: Embedder,
) -> None:
    out = _measure(hashing_embedder, TEXTS)
    assert (out["layer"] == layer_of(out["depth"].to_numpy())).all()
    silent = out[out["layer"] == "none"]
    assert (silent["valence"] == 0).all() and (silent["motive"] == NO_MOTIVE).all()
    assert all(areas == [] for areas in silent["categories"])


def test_layers_are_cut_halfway_between_the_graded_codes() -> None:
    assert list(layer_of(np.array([0.0, 0.49, 0.5, 1.49, 1.5, 2.5, 3.0]))) == [
        "none",
        "none",
        "peripheral",
        "peripheral",
        "intermediate",
        "core",
        "core",
    ]
    assert tuple(LAYERS) == ("none", "peripheral", "intermediate", "core")


def test_no_text_gives_an_empty_table_with_the_theory_columns(hashing_embedder: Embedder) -> None:
    out = TheoryMeasure(hashing_embedder)([], np.zeros((0, 64)), pd.DataFrame())
    assert list(out.columns) == [c.name for c in THEORY_COLUMNS] and out.empty


def test_a_stigmatised_health_disclosure_is_deeper_than_a_food_preference(theory_analyzer: Analyzer) -> None:
    out = theory_analyzer.analyze(
        [
            "I had an abortion last year and I've never told anyone.",
            "I was diagnosed with schizophrenia and I hide it from everyone at work.",
            "I really like sushi, especially salmon rolls.",
            "My favourite breakfast is toast with jam.",
        ]
    )
    assert out["depth"][:2].min() > out["depth"][2:].max()
    assert list(out["layer"][:2]) == ["core", "core"]
    assert out["depth"][2:].max() < 2.0


def test_depth_ranks_nothing_below_peripheral_below_the_deeper_layers(theory_analyzer: Analyzer) -> None:
    # Known weakness (docs/theory-validation.md): an intermediate work grievance voiced with strong feeling is
    # scored as deep as a core disclosure, so only the coarser ordering is asserted between those two.
    out = theory_analyzer.analyze(
        [
            "The library opens at nine tomorrow.",
            "I went for a walk in the park this afternoon.",
            "I think my manager undervalues my work and I want to change teams.",
            "I've felt worthless for years and sometimes I wish I wasn't alive.",
        ]
    )
    depth = out["depth"].tolist()
    assert depth[0] < depth[1] < min(depth[2], depth[3])
    assert out["layer"].tolist()[:2] == ["none", "peripheral"]
    assert out["layer"].iloc[3] == "core"


def test_failing_and_fearing_is_negative_and_getting_the_job_is_positive(theory_analyzer: Analyzer) -> None:
    out = theory_analyzer.analyze(
        ["I failed my exam and I'm scared I'll lose my scholarship", "I got the job!"]
    )
    assert out["valence"][0] < -0.3
    assert out["valence"][1] > 0.3


def test_breadth_names_the_areas_a_disclosure_opens(theory_analyzer: Analyzer) -> None:
    out = theory_analyzer.analyze(
        ["My wife and I are drowning in credit card debt.", "I have panic attacks every day."]
    )
    assert {"relationships", "money"} <= set(out["categories"][0])
    assert "mental_health" in out["categories"][1]


def test_a_post_with_a_name_a_town_and_a_diagnosis_is_riskier_end_to_end(theory_analyzer: Analyzer) -> None:
    out = theory_analyzer.analyze(
        ["I'm Sarah from Leeds and I was diagnosed with bipolar disorder last month.", "I love pizza."]
    )
    assert out["privacy_risk"][0] > out["privacy_risk"][1] + 0.4
    assert {"a name", "a location", "a diagnosis or health condition"} <= set(out["risk_reasons"][0])
