"""A new measure column is one module and its registration: the analyzer writes it, the file loop writes it,
`explain` explains it, and no other module names it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from disclosure.analyzer import Analyzer, explain
from disclosure.errors import InputError
from disclosure.measure import registry
from disclosure.schema import LANGUAGE, THEORY_COLUMNS
from disclosure.scoring import open_job, write_scored

from .word_count_measure import WORD_COUNT


@pytest.fixture
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """The word-count measure registered beside the shipped ones, for this test only."""
    monkeypatch.setattr(registry, "MEASURES", dict(registry.MEASURES))
    registry.register(WORD_COUNT)


@pytest.mark.usefixtures("registered")
def test_a_registered_measure_adds_its_column_after_the_theory_columns(tmp_path: Path) -> None:
    analyzer = Analyzer("fast")
    assert analyzer.columns[-1] == "words"
    assert analyzer.columns[-2 - len(THEORY_COLUMNS)] == "informational_support"
    scored = analyzer.analyze(["I lost my job last week.", "", "Hi"])
    assert scored["words"].tolist()[0::2] == [6, 1]
    assert pd.isna(scored["words"].iloc[1])

    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    pd.DataFrame({"text": ["one two three"]}).to_csv(source, index=False)
    write_scored(analyzer, open_job(str(source), str(out)))
    assert pd.read_csv(out)["words"].tolist() == [3]


@pytest.mark.usefixtures("registered")
def test_explain_reads_the_registered_measures_explanation() -> None:
    report = explain("I lost my job last week.", Analyzer("fast"))
    assert "Words: 6 (I, lost, my, ...)" in report and "Depth:" in report


def test_a_measure_cannot_take_a_column_that_is_already_written(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "MEASURES", dict(registry.MEASURES))
    clashing = registry.RegisteredMeasure("depth_again", THEORY_COLUMNS[:1], WORD_COUNT.load, WORD_COUNT.explain)
    with pytest.raises(InputError, match="depth"):
        registry.register(clashing)


def test_a_measure_cannot_take_the_language_column(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "MEASURES", dict(registry.MEASURES))
    clashing = registry.RegisteredMeasure("dialect", (LANGUAGE,), WORD_COUNT.load, WORD_COUNT.explain)
    with pytest.raises(InputError, match="language"):
        registry.register(clashing)


def test_explain_scores_its_sentence_once(monkeypatch: pytest.MonkeyPatch) -> None:
    analyzer = Analyzer("fast")
    calls: list[str] = []
    depth = [0]
    for name in ("embed_in_context", "embed_and_score", "predict_proba"):
        original = getattr(analyzer.detector, name)

        def counted(*args: object, _name: str = name, _original: object = original, **kwargs: object) -> object:
            if depth[0] == 0:  # the calls `explain` makes, not those one detector method makes of another
                calls.append(_name)
            depth[0] += 1
            try:
                return _original(*args, **kwargs)  # type: ignore[operator]
            finally:
                depth[0] -= 1

        monkeypatch.setattr(analyzer.detector, name, counted)
    explain("I lost my job last week.", analyzer)
    assert calls == ["embed_in_context"]
