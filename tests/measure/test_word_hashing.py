"""Hashed words for the fast tier: what counts as a word, and that batching never changes a text's features."""

from __future__ import annotations

import numpy as np
import pytest

from disclosure.measure import word_hashing
from disclosure.measure.word_hashing import hashed_features, word_hashes


def test_a_word_hashes_the_same_wherever_it_stands_and_whatever_its_case() -> None:
    hashes, text_of = word_hashes(["I don't know.", "KNOW i"])
    assert text_of.tolist() == [0, 0, 0, 0, 1, 1]
    i, dont, know, full_stop, know_again, i_again = hashes
    assert know == know_again and i == i_again
    assert len({i, dont, know, full_stop}) == 4


def test_words_keep_apostrophes_and_accents_and_punctuation_marks_stand_alone() -> None:
    assert len(word_hashes(["don't"])[0]) == 1
    assert len(word_hashes(["naïve café"])[0]) == 2
    assert len(word_hashes(["so sad!!"])[0]) == 4


def test_each_row_holds_its_words_and_adjacent_pairs_scaled_to_unit_length() -> None:
    features = hashed_features(["I feel sad", "", "ok"], bits=12)
    assert features.shape == (3, 2 * 2**12)
    assert np.diff(features.indptr).tolist() == [5, 0, 1]  # 3 words + 2 pairs; nothing; 1 word
    assert np.allclose(np.asarray(features.multiply(features).sum(axis=1)).ravel(), [1.0, 0.0, 1.0])
    words, pairs = features[0].indices[features[0].indices < 2**12], features[0].indices[features[0].indices >= 2**12]
    assert len(words) == 3 and len(pairs) == 2


def test_a_text_containing_the_internal_boundary_character_stays_one_row() -> None:
    assert hashed_features(["a\x00b", "c"], bits=8).shape[0] == 2
    assert word_hashes(["a\x00b", "c"])[1].tolist() == [0, 0, 1]


@pytest.mark.parametrize("texts", [[], [""], ["", ""]])
def test_no_words_give_empty_rows(texts: list[str]) -> None:
    features = hashed_features(texts, bits=8)
    assert features.shape == (len(texts), 512) and features.nnz == 0


def test_features_do_not_depend_on_how_the_batch_is_sliced(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [f"Post number {i} says I was {'very ' * (i % 7)}scared." for i in range(300)]
    whole = hashed_features(texts, bits=16)
    monkeypatch.setattr(word_hashing, "_MAX_CHARACTERS", 200)
    sliced = hashed_features(texts, bits=16)
    assert (whole != sliced).nnz == 0
