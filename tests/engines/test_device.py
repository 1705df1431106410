"""A folder of shards is scored where `--device` says, as a single file is."""

from __future__ import annotations

from pathlib import Path

import pytest
from shard_corpus import corpus_rows, write_shards
from typer.testing import CliRunner

from disclosure import analyzer
from disclosure.cli import app

runner = CliRunner()


def test_shards_are_scored_on_the_device_the_command_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    devices: list[str] = []

    class Recording(analyzer.Analyzer):
        def __init__(self, *args: object, device: str = "cpu", **kwargs: object) -> None:
            devices.append(device)
            super().__init__(*args, device="cpu", **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(analyzer, "Analyzer", Recording)
    shards = write_shards(tmp_path / "shards", corpus_rows(50))
    args = ["analyze", str(shards), "-o", str(tmp_path / "out"), "-m", "fast", "--detector-only", "-q"]
    result = runner.invoke(app, [*args, "--device", "cuda"])
    assert result.exit_code == 0, result.output
    assert devices == ["cuda"]


def test_an_unknown_device_for_shards_is_refused_with_the_devices_there_are(tmp_path: Path) -> None:
    shards = write_shards(tmp_path / "shards", corpus_rows(20))
    result = runner.invoke(app, ["analyze", str(shards), "-o", str(tmp_path / "out"), "-m", "fast", "--device", "tpu"])
    assert result.exit_code == 2
    assert "'tpu'" in result.output and "cpu" in result.output and "cuda" in result.output
    assert not (tmp_path / "out").exists()
