"""A model directory is checked before anything in it is used: each kind of damage gets its own clear error."""

from __future__ import annotations

import json
import math
import pickle
import shutil
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from safetensors.numpy import load_file, save_file
from typer.testing import CliRunner

from disclosure import ModelError
from disclosure.cli import app
from disclosure.measure.detectors import SHIPPED_MODELS_DIR, load_detector

Damage = Callable[[Path], None]


def _copy(tmp_path: Path, model: str) -> Path:
    return Path(shutil.copytree(SHIPPED_MODELS_DIR / model, tmp_path / model))


def _edit_config(change: Callable[[dict[str, Any]], None]) -> Damage:
    def damage(directory: Path) -> None:
        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        change(config)
        (directory / "config.json").write_text(json.dumps(config), encoding="utf-8")

    return damage


def _set(key: str, value: object, label: int | None = None) -> Damage:
    def change(config: dict[str, Any]) -> None:
        if label is None:
            config[key] = value
        else:
            config[key][label] = value

    return _edit_config(change)


def _set_hyperparameter(name: str, value: object) -> Damage:
    return _edit_config(lambda config: config["hyperparameters"].__setitem__(name, value))


def _edit_weights(change: Callable[[dict[str, np.ndarray]], None]) -> Damage:
    def damage(directory: Path) -> None:
        path = directory / "hashed_words.safetensors"
        tensors = load_file(str(path))
        change(tensors)
        save_file(tensors, str(path))

    return damage


def _write_weights(raw: bytes) -> Damage:
    return lambda directory: (directory / "hashed_words.safetensors").write_bytes(raw)


def _poison(tensors: dict[str, np.ndarray]) -> None:
    tensors["bias"] = tensors["bias"].copy()
    tensors["bias"][2] = np.nan


def _truncate_rows(tensors: dict[str, np.ndarray]) -> None:
    tensors["weights"] = tensors["weights"][:1000]


BAD_FAST_DIRECTORIES: dict[str, tuple[Damage, str]] = {
    "config not JSON": (
        lambda d: (d / "config.json").write_text('{"kind": "hashed_words",', encoding="utf-8"),
        "config.json in .* is not a JSON object",
    ),
    "config a JSON list": (
        lambda d: (d / "config.json").write_text("[1, 2]", encoding="utf-8"),
        "is not a JSON object \\(found list\\)",
    ),
    "unknown config key": (_set("dropout", 0.1), "key\\(s\\) dropout that a disclosure model does not have"),
    "missing config key": (
        _edit_config(lambda config: config.pop("thresholds")),
        "config.json lacks thresholds",
    ),
    "unknown hyperparameter": (
        _set_hyperparameter("layers", 6),
        "hyperparameters\\) in .* has key\\(s\\) layers .* Known keys: C, bits, dev_fraction, random_state",
    ),
    "hyperparameter out of range": (
        _set_hyperparameter("bits", 64),
        "'hyperparameters.bits' .* must be a whole number from 1 to 26, found 64",
    ),
    "hyperparameter of the wrong type": (
        _set_hyperparameter("bits", "18"),
        "'hyperparameters.bits' .* found \"18\"",
    ),
    "unknown kind": (
        _set("kind", "gpt"),
        "'kind' .* must be one of: hashed_words, multilingual_sentence, transformer, found \"gpt\"",
    ),
    "temperature NaN": (_set("temperature", math.nan, 0), "'temperature' .* from 0.001 to 1000, one per label"),
    "temperature 0": (_set("temperature", 0, 1), "'temperature' .* found \\[1.05, 0, "),
    "temperature 1e308": (_set("temperature", 1e308, 2), "'temperature' .* from 0.001 to 1000"),
    "temperature negative": (_set("temperature", -1.0, 3), "'temperature' .* from 0.001 to 1000"),
    "temperature for 4 labels": (
        _edit_config(lambda config: config["temperature"].pop()),
        "'temperature' .* a list of 5 numbers",
    ),
    "threshold above 1": (_set("thresholds", 1.5, 0), "'thresholds' .* from 0 to 1"),
    "offset infinite": (_set("offset", [0, 0, math.inf, 0, 0]), "'offset' .* numbers from -1000 to 1000"),
    "bits that do not match the weights": (
        _set_hyperparameter("bits", 17),
        "do not match its config.json: 'weights' has shape \\[524288, 5\\], the config implies \\[262144, 5\\]",
    ),
    "weights of the wrong shape": (_edit_weights(_truncate_rows), "'weights' has shape \\[1000, 5\\]"),
    "a tensor missing": (_edit_weights(lambda t: t.pop("bias")), "'bias' is missing"),
    "an extra tensor": (
        _edit_weights(lambda t: t.__setitem__("embedding", np.zeros(3, np.float32))),
        "'embedding' is not part of this model",
    ),
    "NaN in the weights": (_edit_weights(_poison), "not finite numbers \\(NaN or infinite\\) in bias"),
    "oversized safetensors header": (
        _write_weights(struct.pack("<Q", 2**40) + b"{}"),
        "its header claims 1,099,511,627,776 bytes; a model's header is at most 1,048,576 bytes",
    ),
    "header larger than the file": (
        _write_weights(struct.pack("<Q", 5000) + b"{}"),
        "its header claims 5,000 bytes",
    ),
    "header not JSON": (_write_weights(struct.pack("<Q", 4) + b"nope"), "its header is not JSON"),
    "tensor outside the file": (
        _write_weights(struct.pack("<Q", 75) + b'{"bias":{"dtype":"F32","shape":[5],"data_offsets":[0,20]}}'.ljust(75)),
        "tensor 'bias' is not a float16 or float32 tensor that lies within the file",
    ),
    "weights that are a pickle": (
        _write_weights(pickle.dumps({"weights": [0.0] * 10}, protocol=4)),
        "hashed_words.safetensors in .* is a pickle, not safetensors: disclosure never loads pickles",
    ),
    "a PyTorch checkpoint": (_write_weights(b"PK\x03\x04" + bytes(100)), "is a pickle, not safetensors"),
    "weights file shorter than a header": (_write_weights(b"\x01\x02"), "shorter than a safetensors header"),
    "a stray pickle beside the weights": (
        lambda d: (d / "model.pkl").write_bytes(pickle.dumps([1, 2])),
        (
            "holds model.pkl, which a disclosure model does not have. A model directory holds only: config.json, "
            "hashed_words.safetensors, theory_heads.json, theory_heads.safetensors"
        ),
    ),
}


@pytest.mark.parametrize("damage, error", BAD_FAST_DIRECTORIES.values(), ids=BAD_FAST_DIRECTORIES.keys())
def test_a_damaged_model_directory_is_refused_with_what_is_wrong(tmp_path: Path, damage: Damage, error: str) -> None:
    directory = _copy(tmp_path, "fast")
    damage(directory)
    with pytest.raises(ModelError, match=error):
        load_detector(directory)


def test_a_transformer_with_fewer_layers_than_its_config_says_is_refused(tmp_path: Path) -> None:
    directory = _copy(tmp_path, "balanced")
    _set_hyperparameter("layers", 4)(directory)
    with pytest.raises(ModelError, match=r"'encoder.bert.encoder.layer.3.attention.self.query.weight' is missing"):
        load_detector(directory)


def test_a_transformer_with_max_length_beyond_its_position_embeddings_is_refused(tmp_path: Path) -> None:
    directory = _copy(tmp_path, "balanced")
    _set_hyperparameter("max_length", 4096)(directory)
    with pytest.raises(ModelError, match=r"'hyperparameters.max_length' .* from 1 to 512, found 4096"):
        load_detector(directory)


def test_theory_head_files_beside_a_detector_are_allowed(tmp_path: Path) -> None:
    directory = _copy(tmp_path, "fast")
    (directory / "theory_heads.json").write_text("{}", encoding="utf-8")
    (directory / "theory_heads.safetensors").write_bytes(b"")
    reference = load_detector("fast").predict_proba(["I lost my job last week."])
    np.testing.assert_array_equal(load_detector(directory).predict_proba(["I lost my job last week."]), reference)


def test_the_cli_reports_a_damaged_model_in_one_line_without_a_traceback(tmp_path: Path) -> None:
    directory = _copy(tmp_path, "fast")
    _set("temperature", math.nan, 0)(directory)
    (tmp_path / "in.csv").write_text("text\nI lost my job.\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["analyze", str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.csv"), "--model", str(directory)]
    )
    assert result.exit_code == 2
    assert "'temperature' in config.json" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out.csv").exists()
