"""Experiment (not shipped): a sentence reader, a bidirectional LSTM, on top of the linear informal-text recognizer.

    OMP_NUM_THREADS=1 python training/informal_context.py --out /tmp/context --persons 0.1 0.2 0.3 --places 0.1 0.4 0.6

The linear token classifier of `training/informal_entities.py` reads each word with its two neighbours. The
sentence reader reads the whole sentence: a bidirectional LSTM over each word's linear log-probabilities and
MiniLM input embeddings (the linear model's projection) whose output is added to the word's linear scores (a
correction, zero at the start of training). To learn from scores like those it meets at run time, it is trained on
out-of-fold linear scores (the linear recipe fitted `FOLDS` times, each time without the sentences it scores).
It runs on NumPy (`ContextualEntities`).

Data and choice as in `training/informal_entities.py`: WNUT-17's Twitter part and informal_train.txt, every
sentence also in lower case; the reader's size, dropout, number of epochs and the entity threshold are chosen on
the fixed held-out sixth of the Twitter part plus informal_dev.txt (word-level F2), with both models fitted
without that part. Then the whole redaction runs on the held-out tweets with the reader in place of the linear
model, over the grid of `training/held_out_redaction.py`, and the recognizer alone is timed on 2,000 tweets with
and without the reader. WNUT-17 dev and informal_test.txt are never read. Deterministic (fixed seeds, one thread).
Results (2026-12-06) in docs/privacy.md, "Informal text": word F2 0.707 -> 0.737, but no gain in redaction
over the linear model with its per-kind confidences, so the reader is not shipped.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import held_out_redaction
import informal_entities as recipe  # this folder: scripts run from it find each other
import numpy as np
import torch
from torch import nn

from disclosure.measure import informal_entities, recognizers
from disclosure.measure.informal_entities import LABELS, InformalEntities, NameLists, WordVectors, name_lists

FOLDS = 4
"""The training sentences' linear scores come from the linear recipe fitted on the other folds."""


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(0.5 + 0.5 * np.tanh(0.5 * x), dtype=np.float32)


def _lstm(x: np.ndarray, w_ih: np.ndarray, w_hh: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """One direction of an LSTM over right-padded sentences (sentences x words x inputs -> sentences x words x
    hidden), gates in PyTorch's order (input, forget, cell, output): padding after a sentence never reaches it."""
    hidden = w_hh.shape[1]
    gates_in = x @ w_ih.T + bias
    h = np.zeros((x.shape[0], hidden), dtype=np.float32)
    c = np.zeros_like(h)
    out = np.empty((x.shape[0], x.shape[1], hidden), dtype=np.float32)
    for t in range(x.shape[1]):
        gates = gates_in[:, t] + h @ w_hh.T
        i, f, o = (_sigmoid(gates[:, k * hidden : (k + 1) * hidden]) for k in (0, 1, 3))
        c = f * c + i * np.tanh(gates[:, 2 * hidden : 3 * hidden])
        h = o * np.tanh(c)
        out[:, t] = h
    return out


def _log_softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    return np.asarray(shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True)), dtype=np.float32)


GROUP = 256
"""Sentences of similar length are read by the NumPy LSTM together, this many at a time."""


def read_sentences(weights: dict[str, np.ndarray], inputs: list[np.ndarray]) -> list[np.ndarray]:
    """The sentence reader's correction of each word's scores (NumPy): a bidirectional LSTM over the words."""
    out = [np.zeros((len(x), len(LABELS)), dtype=np.float32) for x in inputs]
    order = sorted((i for i, x in enumerate(inputs) if len(x)), key=lambda i: len(inputs[i]))
    for first in range(0, len(order), GROUP):
        group = order[first : first + GROUP]
        lengths = np.array([len(inputs[i]) for i in group])
        x = np.zeros((len(group), lengths.max(), inputs[group[0]].shape[1]), dtype=np.float32)
        for row, i in enumerate(group):
            x[row, : lengths[row]] = inputs[i]
        # The backward direction reads each sentence reversed within its own length.
        steps = np.arange(x.shape[1])
        reverse = np.where(steps < lengths[:, None], lengths[:, None] - 1 - steps, steps)
        rows = np.arange(len(group))[:, None]
        forward = _lstm(x, weights["forward_ih"], weights["forward_hh"], weights["forward_bias"])
        backward = _lstm(x[rows, reverse], weights["backward_ih"], weights["backward_hh"], weights["backward_bias"])
        correction = np.concatenate([forward, backward[rows, reverse]], axis=2) @ weights["output"]
        for row, i in enumerate(group):
            out[i] = correction[row, : lengths[row]] + weights["intercept"]
    return out


class ContextualEntities(InformalEntities):
    """The linear recognizer (`informal_entities.WEIGHTS_FILE`) with the sentence reader's correction."""

    def __init__(self, context: Path) -> None:
        super().__init__()
        weights = np.load(context)
        self.context_ = {k: weights[k].astype(np.float32) for k in weights.files if k != "threshold"}
        self.threshold = float(weights["threshold"])

    def probabilities(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        linear = [np.log(np.maximum(p, 1e-13)) for p in super().probabilities(sentences)]
        inputs = [np.hstack([s, v]) for s, v in zip(linear, self._vectors(sentences), strict=True)]
        corrections = read_sentences(self.context_, inputs)
        return [np.exp(_log_softmax(s + c)) for s, c in zip(linear, corrections, strict=True)]


class Example(NamedTuple):
    """One sentence as the reader reads it: each word's linear log-probabilities and vectors, and its tag."""

    inputs: np.ndarray
    tags: np.ndarray


def linear_examples(
    fit_on: list[recipe.Sentence], score: list[recipe.Sentence], vectors: WordVectors, names: NameLists
) -> tuple[list[Example], object]:
    """The sentences of `score` (and their lower-case copies) with the scores of the linear recipe fitted on
    `fit_on` (and its copies); and that linear model."""
    x, y = recipe.design(recipe.with_lower_case(fit_on), vectors, names)
    model = recipe.fit(x, y, 0.1)
    sentences = [s for s in recipe.with_lower_case(score) if s[0]]
    x_score, y_score = recipe.design(sentences, vectors, names)
    logp = np.full((x_score.shape[0], len(LABELS)), -30.0, dtype=np.float32)
    logp[:, model.classes_] = np.log(np.maximum(model.predict_proba(x_score), 1e-13))
    dense = np.vstack(vectors([words for words, _ in sentences]))
    cuts = np.cumsum([len(words) for words, _ in sentences])[:-1]
    rows = np.split(np.hstack([logp, dense]).astype(np.float32), cuts)
    return [Example(r, t) for r, t in zip(rows, np.split(y_score, cuts), strict=True)], model


def out_of_fold(sentences: list[recipe.Sentence], vectors: WordVectors, names: NameLists) -> list[Example]:
    out = []
    for fold in range(FOLDS):
        rest = [s for i, s in enumerate(sentences) if i % FOLDS != fold]
        out += linear_examples(rest, sentences[fold::FOLDS], vectors, names)[0]
        print(f"fold {fold + 1} of {FOLDS} scored", file=sys.stderr)
    return out


class Reader(nn.Module):
    """A bidirectional LSTM over the words' linear scores and vectors; its output corrects the linear scores."""

    def __init__(self, inputs: int, *, hidden: int, dropout: float) -> None:
        super().__init__()
        self.lstm = nn.LSTM(inputs, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, len(LABELS))
        nn.init.zeros_(self.out.weight)  # the reader starts as the linear model
        nn.init.zeros_(self.out.bias)
        self.drop = nn.Dropout(dropout)

    def forward(self, batch: list[Example]) -> torch.Tensor:
        lengths = [len(s.tags) for s in batch]
        x = torch.from_numpy(np.vstack([s.inputs for s in batch]))
        linear = x[:, : len(LABELS)]
        x = torch.cat([linear, self.drop(x[:, len(LABELS) :])], dim=1)
        padded = nn.utils.rnn.pad_sequence(list(torch.split(x, lengths)), batch_first=True)
        packed = nn.utils.rnn.pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
        states, _ = nn.utils.rnn.pad_packed_sequence(self.lstm(packed)[0], batch_first=True)
        read = torch.cat([states[i, :n] for i, n in enumerate(lengths)])
        return linear + self.out(self.drop(read))


def probabilities(model: Reader, data: list[Example]) -> np.ndarray:
    model.eval()
    with torch.no_grad():
        return np.vstack([torch.softmax(model(data[i : i + 256]), dim=1).numpy() for i in range(0, len(data), 256)])


def word_scores(p: np.ndarray, y: np.ndarray) -> dict[float, tuple[float, str]]:
    """F2 of "this word is part of an entity" at each threshold, with precision and recall per kind."""
    entity = 1.0 - p[:, 0]
    gold = y != 0
    kind = (y + 1) // 2  # 0: no entity, 1: person, 2: place, 3: organisation
    out = {}
    for threshold in np.arange(0.05, 0.71, 0.05):
        predicted = entity >= threshold
        tp = float((predicted & gold).sum())
        precision, recall = tp / max(predicted.sum(), 1), tp / max(gold.sum(), 1)
        kinds = [(predicted & (kind == k)).sum() / max((kind == k).sum(), 1) for k in (1, 2, 3)]
        f2 = 5 * precision * recall / max(4 * precision + recall, 1e-9)
        out[round(float(threshold), 2)] = (
            f2,
            "precision {:.3f} recall {:.3f} (person {:.3f} place {:.3f} organisation {:.3f})".format(
                precision, recall, *kinds
            ),
        )
    return out


class Settings(NamedTuple):
    hidden: int
    dropout: float
    lr: float


def train(
    data: list[Example], epochs: int, settings: Settings, held: list[Example] | None = None
) -> tuple[Reader, list[tuple[float, float]]]:
    """Fit a reader for `epochs`; with `held`, its best (F2, threshold) there after each epoch."""
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    model = Reader(data[0].inputs.shape[1], hidden=settings.hidden, dropout=settings.dropout)
    optimiser = torch.optim.Adam(model.parameters(), lr=settings.lr)
    history = []
    for epoch in range(epochs):
        model.train()
        order = rng.permutation(len(data))
        for first in range(0, len(order), 32):
            batch = [data[i] for i in order[first : first + 32]]
            gold = torch.from_numpy(np.concatenate([s.tags for s in batch]))
            loss = nn.functional.cross_entropy(model(batch), gold)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        if held is not None:
            scores = word_scores(probabilities(model, held), np.concatenate([s.tags for s in held]))
            threshold = max(scores, key=lambda t: scores[t][0])
            print(
                f"{settings} epoch {epoch + 1}: F2 {scores[threshold][0]:.3f} at {threshold}, " + scores[threshold][1],
                file=sys.stderr,
                flush=True,
            )
            history.append((scores[threshold][0], threshold))
    return model, history


def save(model: Reader, threshold: float, out: Path) -> None:
    """Write the weights file `disclosure.measure.informal_entities` reads beside the linear model's."""
    lstm = {k: v.detach().numpy() for k, v in model.lstm.named_parameters()}
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out,
        forward_ih=lstm["weight_ih_l0"],
        forward_hh=lstm["weight_hh_l0"],
        forward_bias=lstm["bias_ih_l0"] + lstm["bias_hh_l0"],
        backward_ih=lstm["weight_ih_l0_reverse"],
        backward_hh=lstm["weight_hh_l0_reverse"],
        backward_bias=lstm["bias_ih_l0_reverse"] + lstm["bias_hh_l0_reverse"],
        output=model.out.weight.detach().numpy().T,
        intercept=model.out.bias.detach().numpy(),
        threshold=np.float32(threshold),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, required=True, help="a folder for both models' held-out weights")
    parser.add_argument("--epochs", type=int, default=8, help="the most epochs tried")
    parser.add_argument("--hidden", type=int, nargs="+", default=[32, 64])
    parser.add_argument("--dropout", type=float, nargs="+", default=[0.3, 0.5])
    parser.add_argument("--lr", type=float, nargs="+", default=[1e-3])
    parser.add_argument("--floors", type=float, nargs="+", default=[0.25], help="the lower-case confidence")
    for kind in ("persons", "places", "organisations"):
        parser.add_argument(f"--{kind}", type=float, nargs="+", default=[0.1], help=f"mixed-case {kind}' confidence")
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    train_part, held = recipe.read_wnut(recipe.WNUT)
    train_part += recipe.read_own(recipe.OWN / "informal_train.txt")
    held += recipe.read_own(recipe.OWN / "informal_dev.txt")
    vocabulary = sorted({w.lower() for words, _ in [*train_part, *held] for w in words})
    vectors = WordVectors(*recipe.embedding_projection(vocabulary))
    names = name_lists()
    held_examples, linear = linear_examples(train_part, held, vectors, names)
    train_examples = out_of_fold(train_part, vectors, names)
    held_tags = np.concatenate([s.tags for s in held_examples])
    baseline = word_scores(np.exp(np.vstack([s.inputs[:, : len(LABELS)] for s in held_examples])), held_tags)
    best_linear = max(baseline, key=lambda t: baseline[t][0])
    print(f"linear: F2 {baseline[best_linear][0]:.3f} at {best_linear}, " + baseline[best_linear][1], file=sys.stderr)
    best = (-1.0, 0, 0.0, Settings(0, 0.0, 0.0))
    for settings in itertools.starmap(Settings, itertools.product(args.hidden, args.dropout, args.lr)):
        _, history = train(train_examples, args.epochs, settings, held_examples)
        epoch = max(range(len(history)), key=lambda e: history[e][0])
        best = max(best, (history[epoch][0], epoch + 1, history[epoch][1], settings), key=lambda b: b[0])
    _, epochs, threshold, settings = best
    print(f"chose {settings}, {epochs} epochs, threshold {threshold}", file=sys.stderr)
    model, _ = train(train_examples, epochs, settings)
    recipe.save(linear, vectors, 0.1, args.out / "weights.npz")
    save(model, threshold, args.out / "context.npz")
    informal_entities.WEIGHTS_FILE = args.out / "weights.npz"
    reader = ContextualEntities(args.out / "context.npz")
    check_on = held_examples[:64]
    inputs = [s.inputs for s in check_on]
    got = [
        np.exp(_log_softmax(x[:, : len(LABELS)] + c))
        for x, c in zip(inputs, read_sentences(reader.context_, inputs), strict=True)
    ]
    difference = np.abs(np.vstack(got) - probabilities(model, check_on)).max()
    print(f"NumPy against PyTorch: largest difference {difference:.1e}", file=sys.stderr)
    texts = [t for t, _ in held_out_redaction.held_out_tweets(recipe.WNUT)]
    texts = [texts[i % len(texts)] for i in range(2000)]
    for name, recognizer in (("linear", InformalEntities()), ("with the reader", reader)):
        recognizer.entities(texts[:555])  # the word vectors of every tweet, cached
        start = time.perf_counter()
        recognizer.entities(texts)
        print(f"{name}: {time.perf_counter() - start:.2f} s for 2,000 tweets", file=sys.stderr)
    # The redaction reads the recognizer through `recognizers.informal_entities`: the reader takes its place.
    informal_entities.informal_entities = recognizers.informal_entities = lambda: reader
    args.thresholds = [threshold]
    held_out_redaction.run_grid(args)


if __name__ == "__main__":
    main()
