"""The shipped theory columns: their contract, the codebook's 'none' rules and the orderings the theory predicts."""

from __future__ import annotations

import numpy as np

from disclosure import Analyzer
from disclosure.constants import IMMEDIACY, LAYERS, MOTIVES, NO_MOTIVE, NO_SYSTEM, SYSTEMS
from disclosure.measure.heads import layer_of
from disclosure.schema import THEORY_COLUMNS


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


def test_the_shipped_analyzer_writes_exactly_the_declared_theory_columns(analyzer: Analyzer) -> None:
    out = analyzer.analyze(["I was diagnosed with HIV three years ago.", "What time is it?"])
    assert [c for c in out.columns if c in {t.name for t in THEORY_COLUMNS}] == [t.name for t in THEORY_COLUMNS]
    assert set(out["motive"]) <= {*MOTIVES, NO_MOTIVE} and set(out["motivational_system"]) <= {*SYSTEMS, NO_SYSTEM}
    assert set(out["immediacy"]) <= set(IMMEDIACY)
    assert (out["layer"] == layer_of(out["depth"].to_numpy())).all()


def test_phatic_turns_thanks_sympathy_and_questions_are_not_disclosures(analyzer: Analyzer) -> None:
    out = analyzer.analyze(
        [
            "Hi, thanks for seeing me.",
            "I'm so sorry you're going through this.",
            "What would you like to talk about today?",
        ]
    )
    assert (out["layer"] == "none").all()
    assert (out["motive"] == NO_MOTIVE).all() and (out["immediacy"] == "none").all()


def test_a_stigmatised_health_disclosure_is_deeper_than_a_food_preference(analyzer: Analyzer) -> None:
    out = analyzer.analyze(
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


def test_depth_ranks_nothing_below_peripheral_below_the_deeper_layers(analyzer: Analyzer) -> None:
    out = analyzer.analyze(
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


def test_failing_and_fearing_is_negative_and_getting_the_job_is_positive(analyzer: Analyzer) -> None:
    out = analyzer.analyze(["I failed my exam and I'm scared I'll lose my scholarship", "I got the job!"])
    assert out["valence"][0] < -0.3
    assert out["valence"][1] > 0.0


def test_breadth_names_the_areas_a_disclosure_opens(analyzer: Analyzer) -> None:
    out = analyzer.analyze(["My wife and I are drowning in credit card debt.", "I have panic attacks every day."])
    assert {"relationships", "money"} <= set(out["categories"][0])
    assert "mental_health" in out["categories"][1]


def test_a_post_with_a_name_a_town_and_a_diagnosis_is_riskier_end_to_end(analyzer: Analyzer) -> None:
    out = analyzer.analyze(
        ["I'm Sarah from Leeds and I was diagnosed with bipolar disorder last month.", "I love pizza."]
    )
    assert out["privacy_risk"][0] > out["privacy_risk"][1] + 0.4
    assert {"a name", "a location", "a diagnosis or health condition"} <= set(out["risk_reasons"][0])
