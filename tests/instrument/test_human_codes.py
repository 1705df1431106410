"""Files of human codes: COLUMN=FIELD pairs, 0/1 codes, thresholds; agreement with them and recalibration to them."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from disclosure import InputError
from disclosure.analyzer import load_detector
from disclosure.instrument.human_codes import (
    binary_codes,
    evaluate,
    label_pairs,
    recalibrate_to_codes,
    threshold_value,
)

from ..conftest import FIXTURES

SAMPLE = FIXTURES / "claff_test_sample.csv"
LABELS = ["informational=Information_disclosure", "emotional=Emotional_disclosure"]


def test_a_label_names_our_column_then_the_field_with_the_codes() -> None:
    assert label_pairs(LABELS) == [("informational", "Information_disclosure"), ("emotional", "Emotional_disclosure")]


@pytest.mark.parametrize("spec", ["feelings=Emo", "emotional", "emotional="])
def test_a_label_that_is_not_column_equals_field_lists_the_columns(spec: str) -> None:
    with pytest.raises(InputError, match="COLUMN is one of: disclosure, informational, emotional"):
        label_pairs([spec])


def test_codes_may_be_written_as_numbers_words_or_booleans() -> None:
    values = pd.Series(["1", "0", " Yes", "no", "TRUE", "false", "1.0", "0.0"])
    assert binary_codes(values, "coded").tolist() == [1, 0, 1, 0, 1, 0, 1, 0]


def test_a_value_that_is_not_a_code_is_named() -> None:
    with pytest.raises(InputError, match=r"Column 'coded' must hold human labels 0 or 1.*maybe"):
        binary_codes(pd.Series(["1", "maybe"]), "coded")


def test_a_threshold_is_a_probability_or_the_models_own() -> None:
    assert threshold_value("0.3") == 0.3
    assert threshold_value(0.7) == 0.7
    assert threshold_value("model") is None


@pytest.mark.parametrize("value", ["2", "-0.1", "high"])
def test_a_threshold_outside_zero_to_one_is_refused_in_the_parameters_name(value: str) -> None:
    with pytest.raises(InputError, match=f"'threshold' must be a number between 0 and 1 or 'model', got '{value}'"):
        threshold_value(value)


def test_agreement_is_measured_per_coded_column_at_the_chosen_threshold() -> None:
    result = evaluate(str(SAMPLE), LABELS, model="fast", threshold=0.4)
    table = result.table()
    assert list(table.index) == ["informational", "emotional"]
    assert (table["threshold"] == 0.4).all() and (table["n"] == 400).all()
    assert (table["auroc"] > 0.6).all(), table
    assert json.loads(result.to_json())[1]["column"] == "emotional"
    assert set(result.curves) == {"informational", "emotional"}


def test_the_model_threshold_is_each_columns_own() -> None:
    thresholds = load_detector("fast").thresholds_
    table = evaluate(str(SAMPLE), LABELS[1:], model="fast", threshold="model").table()
    assert table.loc["emotional", "threshold"] == pytest.approx(float(thresholds[2]))


def test_recalibrating_to_a_file_reports_what_it_wrote(tmp_path: Path) -> None:
    result = recalibrate_to_codes(str(SAMPLE), LABELS, tmp_path / "mine", model="fast")
    config = json.loads((result.path / "config.json").read_text(encoding="utf-8"))
    coded = pd.read_csv(SAMPLE)
    for row in result.rows:
        j = ["disclosure", "informational", "emotional"].index(str(row["column"]))
        assert row["threshold"] == config["thresholds"][j] and row["temperature"] == config["temperature"][j]
    assert result.rows[1]["prevalence"] == pytest.approx(float(np.mean(coded["Emotional_disclosure"])))
