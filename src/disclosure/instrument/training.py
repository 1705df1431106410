"""`train`: fit a detector tier on CL-Aff OffMyChest's training split and save it as a model directory."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..measure.detectors import Detector, detector_class, kinds, load_detector
from ..measure.detectors.claff import read_split


def new_detector(
    kind: str = "transformer", *, layers: int = 6, epochs: int = 3, quantize: bool = False, seed: int = 0
) -> Detector:
    """An untrained detector of tier `kind` (one of the registered kinds); settings a tier does not have (the
    transformer's `layers`, `epochs` and `quantize` for hashed words) are left out."""
    if kind not in kinds():
        raise InputError.about("kind", "unknown_detector_kind", options=kinds(), value=kind)
    tier = detector_class(kind)
    settings = {"layers": layers, "epochs": epochs, "quantize": quantize, "random_state": seed}
    return tier(**{name: value for name, value in settings.items() if name in tier.hyperparameters})


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
