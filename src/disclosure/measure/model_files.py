"""A model directory: the `config.json` every detector writes beside its weights, and the checks made before loading.

A model directory may come from anyone, so nothing in it is used before it is checked: only known file names, a
`config.json` with known keys, finite numbers in their ranges, and a safetensors weights file whose header is small
and whose tensors have the shapes the config implies. Pickles are never loaded.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ..errors import ModelError, message
from .base_encoder import BASE_ENCODER

FORMAT_VERSION = 1
CONFIG_FILE = "config.json"
THEORY_HEADS_FILES = ("theory_heads.json", "theory_heads.safetensors")
"""Written beside a detector by the theory heads, which check them on loading."""
TEMPERATURE_RANGE = (1e-3, 1e3)
"""`platt` caps a fitted temperature at 1 / 1e-3; beyond this range every score would sit at 0, 0.5 or 1."""
MAX_HEADER_BYTES = 1 << 20
"""A shipped header is about 12 KB; a larger one is refused before it is read (a crafted size could exhaust memory)."""

_REQUIRED_KEYS = (
    "kind",
    "format_version",
    "base_encoder",
    "labels",
    "hyperparameters",
    "temperature",
    "thresholds",
)
_OPTIONAL_KEYS = ("offset", "recalibrated_on")
_DTYPE_BYTES = {"F16": 2, "F32": 4}

Hyperparameter = tuple[type, float, float]
"""The type (bool, int or float) and the inclusive range of one hyperparameter in `config.json`."""


class Calibrated(Protocol):
    """What every detector has: labels, hyperparameters, and a fitted temperature, offset and threshold per label."""

    labels: tuple[str, ...]
    temperature_: np.ndarray
    offset_: np.ndarray
    thresholds_: np.ndarray

    def get_params(self) -> dict[str, Any]: ...


def write_config(path: Path, kind: str, detector: Calibrated, *, base_encoder: str = BASE_ENCODER) -> None:
    """Write `config.json`: the detector kind, the encoder it was built on, labels, hyperparameters, and per-label
    calibration."""
    config: dict[str, Any] = {
        "kind": kind,
        "format_version": FORMAT_VERSION,
        "base_encoder": base_encoder,
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


def read_config(
    path: Path,
    *,
    kind: str,
    labels: Sequence[str],
    files: Sequence[str],
    optional: Sequence[str] = (),
    hyperparameters: Mapping[str, Hyperparameter],
) -> dict[str, Any]:
    """Read `config.json` of a model directory that needs `files` and may hold `optional` ones, refusing anything
    unexpected."""
    for needed in (CONFIG_FILE, *files):
        if not (path / needed).is_file():
            raise ModelError(message("incomplete_model", path=path, reason=f"{needed} is missing."))
    allowed = (CONFIG_FILE, *files, *optional, *THEORY_HEADS_FILES)
    strays = sorted(p.name for p in path.iterdir() if p.name not in allowed and not p.name.startswith("."))
    if strays:
        raise ModelError(message("unknown_model_files", path=path, names=strays, options=allowed))
    config = read_config_json(path)
    unknown = sorted(set(config) - {*_REQUIRED_KEYS, *_OPTIONAL_KEYS})
    missing = [key for key in _REQUIRED_KEYS if key not in config]
    if unknown or missing:
        raise ModelError(
            message(
                "unknown_model_keys",
                file=CONFIG_FILE,
                path=path,
                keys=unknown,
                options=_REQUIRED_KEYS + _OPTIONAL_KEYS,
            )
            if unknown
            else message("incomplete_model", path=path, reason=f"config.json lacks {', '.join(missing)}.")
        )
    if config["format_version"] != FORMAT_VERSION or tuple(config["labels"]) != tuple(labels):
        raise ModelError(
            message("incomplete_model", path=path, reason="it was written by another version of disclosure.")
        )
    if config["kind"] != kind:
        raise ModelError(_bad_value(path, "kind", f"'{kind}' for this model", config["kind"]))
    _check_hyperparameters(path, config["hyperparameters"], hyperparameters)
    low, high = TEMPERATURE_RANGE
    _check_numbers(path, config, "temperature", len(labels), low, high)
    _check_numbers(path, config, "offset", len(labels), -high, high)
    _check_numbers(path, config, "thresholds", len(labels), 0.0, 1.0)
    return config


def read_config_json(path: Path) -> dict[str, Any]:
    """`config.json` of `path` as a dict (a clear error if it is not a JSON object)."""
    try:
        config = json.loads((path / CONFIG_FILE).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ModelError(message("bad_model_json", file=CONFIG_FILE, path=path, reason=err)) from None
    if not isinstance(config, dict):
        raise ModelError(
            message("bad_model_json", file=CONFIG_FILE, path=path, reason=f"found {type(config).__name__}")
        )
    return config


def model_kind(path: Path, kinds: Sequence[str]) -> str:
    """The detector kind named in `config.json` of `path` (one of `kinds`), which chooses the class that loads it."""
    if not (path / CONFIG_FILE).is_file():
        raise ModelError(message("incomplete_model", path=path, reason=f"{CONFIG_FILE} is missing."))
    kind = read_config_json(path).get("kind")
    if kind not in kinds:
        raise ModelError(_bad_value(path, "kind", f"one of: {', '.join(kinds)}", kind))
    return str(kind)


def _bad_value(path: Path, key: str, expected: str, found: object) -> str:
    return message("bad_model_value", name=key, file=CONFIG_FILE, path=path, expected=expected, found=json.dumps(found))


def _check_hyperparameters(path: Path, given: object, known: Mapping[str, Hyperparameter]) -> None:
    if not isinstance(given, dict):
        raise ModelError(_bad_value(path, "hyperparameters", "an object of named settings", given))
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise ModelError(
            message(
                "unknown_model_keys",
                file=f"{CONFIG_FILE} (hyperparameters)",
                path=path,
                keys=unknown,
                options=tuple(known),
            )
        )
    for name, value in given.items():
        kind, low, high = known[name]
        if kind is bool:
            fits = isinstance(value, bool)
        else:
            fits = _is_number(value) and (kind is float or isinstance(value, int)) and low <= value <= high
        if not fits:
            expected = (
                "true or false"
                if kind is bool
                else f"{'a whole number' if kind is int else 'a number'} from {low:g} to {high:g}"
            )
            raise ModelError(_bad_value(path, f"hyperparameters.{name}", expected, value))


def _check_numbers(path: Path, config: dict[str, Any], key: str, n: int, low: float, high: float) -> None:
    values = config.get(key, [0.0] * n)
    if not (isinstance(values, list) and len(values) == n and all(_is_number(v) and low <= v <= high for v in values)):
        raise ModelError(
            _bad_value(path, key, f"a list of {n} numbers from {low:g} to {high:g}, one per label", values)
        )


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def tensor_shapes(path: Path, weights: str) -> dict[str, tuple[int, ...]]:
    """The name and shape of every tensor in the safetensors file `weights`, read from its checked header."""
    file = path / weights
    size = file.stat().st_size
    with file.open("rb") as handle:
        head = handle.read(8)
        declared = int.from_bytes(head, "little") if len(head) == 8 else -1
        if not 2 <= declared <= min(MAX_HEADER_BYTES, size - 8):
            # A pickle (protocol 2 to 5) or a zipped PyTorch checkpoint, read as a header size, is far too large.
            if (head[:1] == b"\x80" and head[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05")) or head[:4] == b"PK\x03\x04":
                raise ModelError(message("pickled_weights", file=weights, path=path))
            reason = (
                "the file is shorter than a safetensors header"
                if declared < 0
                else f"its header claims {declared:,} bytes; a model's header is at most {MAX_HEADER_BYTES:,} bytes "
                f"and within the file ({size:,} bytes)"
            )
            raise ModelError(message("bad_weights_file", file=weights, path=path, reason=reason))
        try:
            header = json.loads(handle.read(declared))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise ModelError(
                message("bad_weights_file", file=weights, path=path, reason=f"its header is not JSON ({err})")
            ) from None
    if not isinstance(header, dict):
        raise ModelError(message("bad_weights_file", file=weights, path=path, reason="its header is not a JSON object"))
    header.pop("__metadata__", None)
    data_bytes = size - 8 - declared
    shapes = {}
    for name, entry in header.items():
        try:
            shape = tuple(int(d) for d in entry["shape"])
            start, end = (int(o) for o in entry["data_offsets"])
            fits = entry["dtype"] in _DTYPE_BYTES and min(shape, default=0) >= 0
            fits = (
                fits
                and 0 <= start <= end <= data_bytes
                and end - start == math.prod(shape) * _DTYPE_BYTES[entry["dtype"]]
            )
        except (KeyError, TypeError, ValueError):
            fits = False
        if not fits:
            reason = f"tensor '{name}' is not a float16 or float32 tensor that lies within the file"
            raise ModelError(message("bad_weights_file", file=weights, path=path, reason=reason))
        shapes[name] = shape
    return shapes


def check_shapes(path: Path, found: Mapping[str, tuple[int, ...]], expected: Mapping[str, tuple[int, ...]]) -> None:
    """Refuse weights whose tensor names or shapes differ from those the config implies."""
    problems = [f"'{name}' is missing" for name in expected if name not in found]
    problems += [f"'{name}' is not part of this model" for name in found if name not in expected]
    problems += [
        f"'{name}' has shape {list(found[name])}, the config implies {list(shape)}"
        for name, shape in expected.items()
        if name in found and found[name] != shape
    ]
    if problems:
        shown = "; ".join(problems[:3]) + (f"; and {len(problems) - 3} more" if len(problems) > 3 else "")
        raise ModelError(message("weights_mismatch", path=path, reason=shown))


def check_finite(path: Path, weights: str, finite: Mapping[str, bool]) -> None:
    """Refuse weights in which any tensor (`finite` maps its name to whether all its values are finite) is not."""
    bad = [name for name, ok in finite.items() if not ok]
    if bad:
        raise ModelError(message("non_finite_weights", file=weights, path=path, tensors=bad))
