"""Batching for the encoder: every text once, similar lengths together, a bounded number of word pieces per batch."""

from __future__ import annotations

import numpy as np

from disclosure.measure.word_pieces import length_sorted_batches, load_tokenizer


def test_batches_cover_every_text_once_and_respect_the_word_piece_budget() -> None:
    texts = ["Hi."] * 50 + ["I have felt anxious about my exams for weeks and I cannot sleep at night. " * 4] * 10
    tokenizer = load_tokenizer()
    seen = []
    for positions, batch in length_sorted_batches(
        tokenizer, texts, batch_size=32, max_length=128, tokens_per_batch=512
    ):
        assert batch["input_ids"].shape[0] <= 32
        assert batch["input_ids"].size <= 512
        seen.extend(positions.tolist())
    assert sorted(seen) == list(range(len(texts)))
    assert seen[:50] == sorted(seen[:50]) and set(seen[:50]) == set(range(50)), "short texts come first"


def test_a_text_longer_than_the_budget_still_gets_a_batch_of_its_own() -> None:
    tokenizer = load_tokenizer()
    batches = list(length_sorted_batches(tokenizer, ["word " * 300], batch_size=8, max_length=128, tokens_per_batch=16))
    assert len(batches) == 1 and batches[0][1]["input_ids"].shape == (1, 128)
    assert np.array_equal(batches[0][0], [0])
