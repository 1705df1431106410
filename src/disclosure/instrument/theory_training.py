"""Training the theory heads of a model on the coded corpus (what `disclosure train-theory` runs)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..measure.detectors import load_detector, model_directory
from ..measure.heads import RatedExamples, TheoryHeads, rated_examples, theory_features
from .coded_corpus import GOLD, coded_corpus


def train_theory(
    model: str | Path,
    *,
    items: str | Path,
    codes: str | Path,
    annomi: str | Path | None = None,
    output: str | Path | None = None,
    heads: TheoryHeads | None = None,
    vectors: str | Path | None = None,
    rated: str | Path | pd.DataFrame | None = None,
) -> Path:
    """Fit the theory heads on the coded corpus's training split, with `model`'s vectors, and save them.

    Parameters
    ----------
    model : str or Path
        The detector whose sentence vectors and probabilities the heads read (a shipped name or a directory).
    items, codes : Path
        The coded corpus: `data/coded/items.csv` and `data/coded/adjudicated.csv`.
    annomi : Path, optional
        AnnoMI-simple.csv, for the AnnoMI items' texts (without it those items are left out).
    output : Path, optional
        Model directory to write: a copy of `model` with the heads added (default: `model`'s own directory).
    heads : TheoryHeads, optional
        Unfitted heads with chosen hyperparameters (default: `TheoryHeads()`).
    vectors : Path, optional
        Precomputed sentence vectors and detector probabilities of the training items (an `.npz` with `items`,
        `vectors`, `probabilities`), used instead of `model`'s own. A model whose encoder was fine-tuned on the coded
        items ships them cross-fitted (each item embedded by a run that did not train on it), so that the heads
        learn from vectors like the ones they will meet (training/multitask_finetune.py).
    rated : Path or DataFrame, optional
        People's ratings of other texts that join the coded items in training: a CSV (or table) with columns
        `text`, `kind` (valence, area or intimacy), `target` (valence in [-1, 1]; 1/0 for an area present/absent;
        intimacy in [0, 1]) and `area` (the area's name, for kind area). The shipped heads add the training parts of
        three human-rated public sets (training/theory_heads.py).

    Conversation turns are read with the turn before them, as the coders read them (see `TheoryHeads`); the
    gold split never enters: its items are dropped before anything is fitted or chosen.
    """
    source = model_directory(model)
    corpus = coded_corpus(items, codes, annomi)
    train = corpus[corpus["split"] != GOLD]
    if len(train) < 100:
        raise InputError(f"Only {len(train)} coded training items were found in {codes}; the heads need hundreds.")
    texts = train["text"].tolist()
    detector = load_detector(source)
    embeddings, probabilities, previous = detector.embed_in_context(texts, train["previous"].tolist())
    if vectors is not None:
        embeddings, probabilities = read_vectors(vectors, train.index.tolist())
    fitted = (heads if heads is not None else TheoryHeads()).fit(
        theory_features(texts, embeddings, probabilities, previous), train, _rated(source, rated)
    )
    target = Path(output) if output is not None else source
    if target.resolve() != source.resolve():
        shutil.copytree(source, target, dirs_exist_ok=False)
    fitted.save(target, trained_on=train.index.tolist())
    return target


def read_vectors(path: str | Path, items: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The sentence vectors and detector probabilities stored in `path` for `items`, in that order."""
    with np.load(path, allow_pickle=False) as stored:
        row = {item: i for i, item in enumerate(stored["items"].tolist())}
        absent = [item for item in items if item not in row]
        if absent:
            raise InputError(f"{path} holds no vectors for the coded item(s) {', '.join(absent[:3])}.")
        order = [row[item] for item in items]
        return stored["vectors"][order].astype(np.float32), stored["probabilities"][order].astype(np.float64)


def _rated(model: Path, rated: str | Path | pd.DataFrame | None) -> RatedExamples | None:
    """The rated examples with `model`'s features, or None."""
    if rated is None:
        return None
    table = rated if isinstance(rated, pd.DataFrame) else pd.read_csv(rated, keep_default_na=False)
    if "text" not in table.columns:
        raise InputError("The rated examples need a `text` column (and kind, target, area).")
    texts = table["text"].astype(str).tolist()
    embeddings, probabilities = load_detector(model).embed_and_score(texts)
    return rated_examples(table, theory_features(texts, embeddings, probabilities))
