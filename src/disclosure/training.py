"""`train`: fit a detector tier on CL-Aff OffMyChest's training split and save it as a model directory."""

from __future__ import annotations

from pathlib import Path

from .analyzer import Detector, load_detector
from .claff import read_split
from .errors import InputError

DETECTOR_KINDS: tuple[str, ...] = ("transformer", "hashed_words")
"""The trainable tiers: a fine-tuned MiniLM (`default`, `balanced`) or hashed words (`fast`)."""


def new_detector(
    kind: str = "transformer", *, layers: int = 6, epochs: int = 3, quantize: bool = False, seed: int = 0
) -> Detector:
    """An untrained detector of tier `kind`; the one place a tier is chosen for training (the transformer's
    `layers`, `epochs` and `quantize` do not apply to hashed words)."""
    if kind not in DETECTOR_KINDS:
        raise InputError.about("kind", "unknown_detector_kind", options=DETECTOR_KINDS, value=kind)
    if kind == "hashed_words":
        from .measure.hashed_words import HashedWordsDetector

        return HashedWordsDetector(random_state=seed)
    # Imported here: torch is loaded only when a transformer tier is trained.
    from .measure.detector import DisclosureDetector

    return DisclosureDetector(layers=layers, epochs=epochs, quantize=quantize, random_state=seed)


def train(
    data: str | Path,
    output: str | Path,
    *,
    kind: str = "transformer",
    layers: int = 6,
    epochs: int = 3,
    quantize: bool = False,
    teacher: str | Path | None = None,
    seed: int = 0,
    verbose: bool = False,
) -> Detector:
    """Train a detector of tier `kind` on `data`/train.csv (CL-Aff OffMyChest), distilling from the model
    `teacher` if given, save it to the model directory `output` and return it (its thresholds were chosen on
    held-out training data). The shipped models are made this way (docs/model-card.md)."""
    detector = new_detector(kind, layers=layers, epochs=epochs, quantize=quantize, seed=seed)
    texts, labels = read_split(data, "train")
    mentor = load_detector(teacher) if teacher else None
    detector.fit(texts, labels, teacher=mentor, verbose=verbose)
    detector.save(output)
    return detector
