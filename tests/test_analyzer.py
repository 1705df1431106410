"""The Python API: `analyze`, `Analyzer`, and the public surface."""

from __future__ import annotations

import shutil
import types
from pathlib import Path

import pandas as pd
import pytest

import disclosure
from disclosure import Analyzer, InputError, ModelError, analyze
from disclosure.analyzer import PIPELINE_ROWS
from disclosure.schema import COLUMNS


def test_public_surface_is_exactly_all() -> None:
    public = {
        name
        for name, value in vars(disclosure).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    } | set(disclosure._LAZY)  # loaded on first use so that commands which never score text start fast
    assert public == set(disclosure.__all__)


def test_analyze_a_list_of_texts_returns_one_row_per_text_with_every_column() -> None:
    table = analyze(["I'm 34 and I work as a nurse.", "", "The meeting is at noon."])
    assert list(table.columns) == ["text"] + [c.name for c in COLUMNS]
    assert table["status"].tolist() == ["ok", "empty text", "ok"]


def test_analyze_never_modifies_the_callers_dataframe(analyzer: Analyzer) -> None:
    frame = pd.DataFrame({"utterance": ["I feel so ashamed.", "Hello."], "speaker": ["a", "b"]})
    before = frame.copy()
    out = analyzer.analyze(frame, text_column="utterance")
    pd.testing.assert_frame_equal(frame, before)
    assert list(out.columns[:2]) == ["utterance", "speaker"]


def test_pipe_streams_chunks_in_order(analyzer: Analyzer) -> None:
    chunks = [pd.DataFrame({"text": [f"I am {i} years old."]}) for i in range(20, 23)]
    out = list(analyzer.pipe(iter(chunks)))
    assert [c["text"].iloc[0] for c in out] == ["I am 20 years old.", "I am 21 years old.", "I am 22 years old."]


def test_a_single_string_is_refused_with_a_hint() -> None:
    with pytest.raises(InputError, match="Expected a list of texts or a pandas DataFrame, got str"):
        analyze("I love pizza")  # type: ignore[arg-type]


def test_unknown_model_lists_the_shipped_ones() -> None:
    with pytest.raises(ModelError, match=r"Use one of the shipped models \(.*default"):
        Analyzer("no-such-model")


def test_disclosing_sentences_score_above_non_disclosing_ones(analyzer: Analyzer) -> None:
    table = analyzer.analyze(
        [
            "I was diagnosed with bipolar disorder when I was twenty.",
            "My heart is breaking, I miss my mum so much.",
            "The library closes at eight on Fridays.",
            "Paris is the capital of France.",
        ]
    )
    low = table["disclosure"].iloc[2:].max()
    assert table["disclosure"].iloc[:2].min() > low
    assert table["informational"].iloc[0] > table["informational"].iloc[2]
    assert table["emotional"].iloc[1] > table["emotional"].iloc[3]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"text": ["I feel alone."]}, "Got a dict. Pass a pandas DataFrame"),
        ({"I feel alone.", "Hello."}, "Got a set, whose order changes from run to run"),
        (pd.DataFrame([["a", "b"]], columns=["text", "text"]), "more than one column called text"),
    ],
)
def test_inputs_that_would_be_scored_wrongly_are_refused(data: object, expected: str) -> None:
    with pytest.raises(InputError, match=expected):
        analyze(data, model="fast")  # type: ignore[arg-type]


def test_an_input_column_named_like_a_measurement_is_kept_with_a_warning(analyzer: Analyzer) -> None:
    frame = pd.DataFrame({"text": ["I lost my job."], "status": ["client"]})
    with pytest.warns(UserWarning, match="written as status_measured"):
        out = analyzer.analyze(frame)
    assert out["status"].tolist() == ["client"] and out["status_measured"].tolist() == ["ok"]


@pytest.mark.slow
def test_the_whole_package_shares_one_loaded_analyzer_per_model_and_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import disclosure.analyzer as module
    from disclosure import conversations, report

    model = tmp_path / "fast"
    shutil.copytree(module.model_directory("fast"), model)
    loaded: list[object] = []
    real = module.Analyzer

    def counting(*args: object, **kwargs: object) -> Analyzer:
        loaded.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(module, "Analyzer", counting)
    table = pd.DataFrame(
        {"conversation": ["c"] * 4, "speaker": ["a", "b"] * 2, "text": ["I feel sad.", "Oh no.", "I lost it.", "Hm."]}
    )
    conversations(table, model=model)
    conversations(table, model=model)
    report(table, tmp_path / "report.html", model=model)
    analyze(list(table["text"]), model=model)
    assert len(loaded) == 1, "the model was loaded more than once"
    (model / "config.json").write_bytes((model / "config.json").read_bytes() + b"\n")  # a retrained model, say
    conversations(table, model=model)
    assert len(loaded) == 2, "a changed model directory was not loaded afresh"


def test_a_long_call_is_read_in_pieces_and_each_row_gets_what_it_gets_in_a_short_one(analyzer: Analyzer) -> None:
    """Above PIPELINE_ROWS cells the encoder reads one piece while the measures score the last: same rows, in order,
    with each row's previous turn."""
    n = 2 * PIPELINE_ROWS + 37
    cells = [f"I have felt lonely since I moved to Leeds {k} weeks ago." if k % 9 else "" for k in range(n)]
    previous = ["How have you been since the move?" if k % 4 else "" for k in range(n)]
    whole = analyzer.measure(cells, previous)
    short = pd.concat(
        [analyzer.measure(cells[i : i + 50], previous[i : i + 50]) for i in range(0, n, 50)], ignore_index=True
    )
    assert len(whole) == n and list(whole.columns) == list(analyzer.columns)
    pd.testing.assert_frame_equal(whole, short, check_exact=False, atol=1e-4, rtol=0)
    with pytest.raises(InputError, match="previous"):
        analyzer.measure(cells, previous[:-1])


def test_a_call_measured_in_its_two_stages_gives_what_measure_gives(analyzer: Analyzer) -> None:
    """`encode` (the encoder's stage) then `measure_encoded` (the measures'), as the server runs them on two threads,
    with unreadable cells, a cell over the privacy scan's limit and previous turns among them."""
    from disclosure.schema import PRIVACY_SCAN_LIMIT, STATUS_PRIVACY_CAPPED

    long_post = "I told my sister Priya in Leeds everything. " * (PRIVACY_SCAN_LIMIT // 40)
    cells: list[object] = ["Yes, every night since the funeral.", "", None, long_post, "Me siento muy sola."]
    previous = ["Do you still dream about him?", "", "", "", ""]
    encoded = analyzer.encode(cells, previous)
    staged = analyzer.measure_encoded(encoded)
    pd.testing.assert_frame_equal(staged, analyzer.measure(cells, previous))
    assert encoded.scored == [0, 3] and staged.loc[3, "status"] == STATUS_PRIVACY_CAPPED
    with pytest.raises(InputError, match="previous"):
        analyzer.encode(cells, previous[:-1])
