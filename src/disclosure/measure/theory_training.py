"""Training the theory heads of a model on the coded corpus (what `disclosure train --kind theory` runs)."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..errors import InputError
from .coded_corpus import GOLD, coded_corpus
from .detectors import load_detector, model_directory
from .heads import TheoryHeads, theory_features


def train_theory(
    model: str | Path,
    *,
    items: str | Path,
    codes: str | Path,
    annomi: str | Path | None = None,
    output: str | Path | None = None,
    heads: TheoryHeads | None = None,
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

    The gold split never enters: its items are dropped before anything is fitted or chosen.
    """
    source = model_directory(model)
    corpus = coded_corpus(items, codes, annomi)
    train = corpus[corpus["split"] != GOLD]
    if len(train) < 100:
        raise InputError(f"Only {len(train)} coded training items were found in {codes}; the heads need hundreds.")
    detector = load_detector(source)
    texts = train["text"].tolist()
    vectors, probabilities = detector.embed_and_score(texts)
    fitted = (heads if heads is not None else TheoryHeads()).fit(theory_features(texts, vectors, probabilities), train)
    target = Path(output) if output is not None else source
    if target.resolve() != source.resolve():
        shutil.copytree(source, target, dirs_exist_ok=False)
    fitted.save(target, trained_on=train.index.tolist())
    return target
