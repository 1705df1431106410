"""The ConvoKit adapter against the real `convokit` package, on a small corpus built here."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from disclosure import analyze, conversations
from disclosure.dynamics import corpus_files
from disclosure.measure.detectors import NotFittedError

convokit = pytest.importorskip("convokit")
from disclosure.convokit import DisclosureTransformer  # noqa: E402  (needs convokit)

TURNS = [
    ("c1", "ann", "client", "I lost my job last month and I have not told my family."),
    ("c1", "bob", "helper", "That sounds really hard. I was laid off once too, it took me a while to say it."),
    ("c1", "ann", "client", "Thank you. I feel ashamed and I cannot sleep."),
    ("c2", "cat", "client", "The bus was late again today."),
    ("c2", "bob", "helper", "Try the earlier one, it is usually on time."),
]


def _corpus() -> convokit.Corpus:
    speakers = {
        name: convokit.Speaker(id=name, meta={"gender": g}) for name, g in [("ann", "f"), ("bob", "m"), ("cat", "f")]
    }
    utterances = []
    for i, (conversation, speaker, role, text) in enumerate(TURNS):
        first = next(j for j, turn in enumerate(TURNS) if turn[0] == conversation)
        utterances.append(
            convokit.Utterance(
                id=f"u{i}",
                speaker=speakers[speaker],
                conversation_id=f"u{first}",
                text=text,
                timestamp=i,
                reply_to=None if i == first else f"u{i - 1}",
                meta={"role": role},
            )
        )
    return convokit.Corpus(utterances=utterances)


def test_transform_writes_each_utterances_measures_as_analyze_gives_them_with_the_turn_they_answer() -> None:
    corpus = DisclosureTransformer(model="fast", role_field="role").fit_transform(_corpus())
    texts = pd.DataFrame(TURNS, columns=["conversation", "speaker", "role", "text"])
    answered = texts["text"].groupby(texts["conversation"]).shift(1).fillna("")
    expected = analyze(texts.assign(previous=answered), model="fast", context_column="previous")
    frame = corpus.get_utterances_dataframe().loc[[f"u{i}" for i in range(len(TURNS))]]
    np.testing.assert_allclose(frame["meta.disclosure"].to_numpy(float), expected["disclosure"].to_numpy(float))
    assert frame["meta.layer"].tolist() == expected["layer"].tolist()
    assert frame["meta.role"].tolist() == [t[2] for t in TURNS], "the corpus's own metadata is kept"


def test_transform_writes_conversation_speaker_and_corpus_measures() -> None:
    transformer = DisclosureTransformer(model="fast", role_field="role")
    corpus = transformer.fit_transform(_corpus())
    first = corpus.get_conversation("u0")
    assert first.meta["n_utterances"] == 3 and first.meta["n_speakers"] == 2
    assert set(corpus.get_speaker("bob").meta["disclosure_by_conversation"]) == {"u0", "u3"}
    assert corpus.get_speaker("bob").meta["disclosure_by_conversation"]["u0"]["role"] == "helper"
    assert isinstance(corpus.meta["disclosure_effects"], list)
    summary = transformer.summarize(corpus)
    assert summary.index.tolist() == ["u0", "u3"] and summary.loc["u0", "n_utterances"] == 3


def test_the_selector_leaves_other_utterances_untouched() -> None:
    chosen = DisclosureTransformer(model="fast", selector=lambda utt: utt.conversation_id == "u0")
    corpus = chosen.fit_transform(_corpus())
    assert "disclosure" in corpus.get_utterance("u1").meta
    assert "disclosure" not in corpus.get_utterance("u3").meta
    assert chosen.summarize(corpus).index.tolist() == ["u0"]


def test_summarize_before_transform_says_to_transform_first() -> None:
    with pytest.raises(NotFittedError, match="call transform\\(corpus\\) first"):
        DisclosureTransformer(model="fast").summarize(_corpus())


def test_conversations_reads_a_corpus_directory_through_convokits_loader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _corpus().dump("small", base_path=str(tmp_path))
    directory = tmp_path / "small"
    loaded = corpus_files.read_corpus(directory)
    assert loaded["id"].tolist() == [f"u{i}" for i in range(len(TURNS))]
    assert loaded["speaker.gender"].tolist() == ["f", "m", "f", "f", "m"]
    monkeypatch.setattr(corpus_files, "find_spec", lambda name: None)
    by_hand = corpus_files.read_corpus(directory)
    pd.testing.assert_frame_equal(loaded[by_hand.columns], by_hand, check_dtype=False)
    tables = conversations(directory, model="fast")
    assert tables.conversations["conversation"].tolist() == ["u0", "u3"]


def test_a_transformed_and_dumped_corpus_is_not_scored_again(tmp_path: Path) -> None:
    DisclosureTransformer(model="fast").fit_transform(_corpus()).dump("measured", base_path=str(tmp_path))
    frame = corpus_files.read_corpus(tmp_path / "measured")
    assert "disclosure" in frame.columns
    tables = conversations(tmp_path / "measured", model="no-such-model")  # a model would be loaded only to score
    assert len(tables.utterances) == len(TURNS)
