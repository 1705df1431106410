"""The detector tiers behind one interface: a registry from a model's `kind` to the class that loads it.

A tier is one module here defining a `Detector` subclass decorated with `register`; `load_detector` reads a model
directory's `config.json` and hands it to the class of its kind, so nothing else branches on tier.
"""

from __future__ import annotations

from pathlib import Path

from ...constants import DEFAULT_MODEL
from ...errors import ModelError, message
from ..model_files import model_kind
from . import hashed_words, sentence_encoder, transformer  # the tiers register themselves with the registry on import
from .base import DEVICES, Detector, NotFittedError
from .registry import detector_class, kinds, register

SHIPPED_MODELS_DIR = Path(__file__).resolve().parents[2] / "models"


def shipped_models() -> tuple[str, ...]:
    """Names of the models that ship inside the package (usable as `model=`)."""
    return tuple(sorted(p.name for p in SHIPPED_MODELS_DIR.iterdir() if (p / "config.json").is_file()))


def model_directory(model: str | Path = DEFAULT_MODEL) -> Path:
    """The directory of a shipped model (by name) or of a model written by `disclosure train` or `recalibrate`."""
    path = Path(model)
    if path.is_dir():
        return path
    if str(model) not in shipped_models():
        raise ModelError(message("unknown_model", name=model, options=shipped_models()))
    return SHIPPED_MODELS_DIR / str(model)


def load_detector(model: str | Path = DEFAULT_MODEL, *, device: str = "cpu") -> Detector:
    """Load a shipped model by name or a model directory written by `disclosure train`, on `device` (`DEVICES`)."""
    path = model_directory(model)
    return detector_class(model_kind(path, kinds())).load(path, device=device)


__all__ = [
    "DEFAULT_MODEL",
    "DEVICES",
    "SHIPPED_MODELS_DIR",
    "Detector",
    "NotFittedError",
    "detector_class",
    "hashed_words",
    "kinds",
    "load_detector",
    "model_directory",
    "register",
    "sentence_encoder",
    "shipped_models",
    "transformer",
]
