"""A model directory's `config.json`: what every detector writes beside its weights and checks on loading."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ..errors import ModelError, message
from .base_encoder import BASE_ENCODER

FORMAT_VERSION = 1
CONFIG_FILE = "config.json"


class Calibrated(Protocol):
    """What every detector has: labels, hyperparameters, and a fitted temperature, offset and threshold per label."""

    labels: tuple[str, ...]
    temperature_: np.ndarray
    offset_: np.ndarray
    thresholds_: np.ndarray

    def get_params(self) -> dict[str, Any]: ...


def write_config(path: Path, kind: str, detector: Calibrated) -> None:
    """Write `config.json`: the detector kind, labels, hyperparameters, and per-label calibration."""
    config: dict[str, Any] = {
        "kind": kind,
        "format_version": FORMAT_VERSION,
        "base_encoder": BASE_ENCODER,
        "labels": list(detector.labels),
        "hyperparameters": detector.get_params(),
        **calibration_fields(detector),
    }
    (path / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")


def calibration_fields(detector: Calibrated) -> dict[str, list[float]]:
    """The per-label calibration as written to `config.json`."""
    return {
        "temperature": [round(float(t), 4) for t in detector.temperature_],
        "offset": [round(float(b), 4) for b in detector.offset_],
        "thresholds": [round(float(t), 4) for t in detector.thresholds_],
    }


def restore_calibration(detector: Calibrated, config: dict[str, Any]) -> None:
    """Set the detector's temperatures, offsets (0 where a config has none) and thresholds from `read_config`."""
    detector.temperature_ = np.asarray(config["temperature"], dtype=np.float64)
    detector.offset_ = np.asarray(config.get("offset", np.zeros(len(detector.labels))), dtype=np.float64)
    detector.thresholds_ = np.asarray(config["thresholds"], dtype=np.float64)


def read_config(path: Path, *, labels: Sequence[str], weights: str) -> dict[str, Any]:
    """Read and check `config.json` of a model directory whose weights file is called `weights`."""
    for needed in (path / CONFIG_FILE, path / weights):
        if not needed.is_file():
            raise ModelError(message("incomplete_model", path=path, reason=f"{needed.name} is missing."))
    config: dict[str, Any] = json.loads((path / CONFIG_FILE).read_text(encoding="utf-8"))
    if config.get("format_version") != FORMAT_VERSION or tuple(config.get("labels", ())) != tuple(labels):
        raise ModelError(
            message("incomplete_model", path=path, reason="it was written by another version of disclosure.")
        )
    return config
