"""The Learn view's quiz is built from the project's coded examples, and its keys follow their codes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from disclosure.constants import LAYER_CUTS, LAYERS
from disclosure.serve.quiz import QUESTIONS

CODED = Path(__file__).parents[2] / "data" / "coded"
needs_coded = pytest.mark.skipif(not (CODED / "items.csv").is_file(), reason="needs data/coded")


def _rows(name: str) -> dict[str, dict[str, str]]:
    with open(CODED / name, encoding="utf-8", newline="") as handle:
        return {row["item"]: row for row in csv.DictReader(handle)}


@needs_coded
def test_every_example_is_a_coded_training_item_written_for_the_project() -> None:
    items = _rows("items.csv")
    for question in QUESTIONS:
        item = items[question.item]
        assert item["text"] == question.text
        assert item["split"] == "train" and item["source"] in ("written", "support_chat")


@needs_coded
def test_keys_agree_with_the_adjudicated_codes() -> None:
    codes = _rows("adjudicated.csv")
    for question in QUESTIONS:
        code = codes[question.item]
        if question.prompt.startswith("Which layer"):
            depth = float(code["depth"])
            assert question.key == LAYERS[sum(depth > cut for cut in LAYER_CUTS)], question.id
        elif question.reading == "area":
            assert question.key in code["categories"].split(";")
        elif question.reading == "system":
            assert question.key == code["system"]
        elif question.reading == "valence":
            assert float(code["valence"]) < 0 and question.key == "men"  # Carbone et al.: negative costs men more


def test_every_key_is_one_of_its_options_and_ids_are_unique() -> None:
    assert all(q.key in q.options for q in QUESTIONS)
    assert len({q.id for q in QUESTIONS}) == len(QUESTIONS)
