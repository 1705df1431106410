"""The registry of detector tiers: a model's `kind` (in its config.json) -> the `Detector` subclass that loads it."""

from __future__ import annotations

from typing import TypeVar

from ...errors import ModelError, message
from .base import Detector

_REGISTRY: dict[str, type[Detector]] = {}
T = TypeVar("T", bound=type[Detector])


def register(cls: T) -> T:
    """Class decorator: models whose `config.json` names `cls.kind` are loaded by `cls`."""
    _REGISTRY[cls.kind] = cls
    return cls


def kinds() -> tuple[str, ...]:
    """The registered model kinds, sorted."""
    return tuple(sorted(_REGISTRY))


def detector_class(kind: str) -> type[Detector]:
    """The `Detector` subclass for `kind` (one of `kinds()`)."""
    if kind not in _REGISTRY:
        raise ModelError(message("unknown_kind", kind=kind, options=kinds()))
    return _REGISTRY[kind]
