"""The battery, engines: a folder of shards on the command line, interrupted, damaged, rerun with other options or
pointed at Ray wrongly; each run finishes every row exactly once or is refused in one line (see `harness`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from .harness import FAST, completed, refused, run

ROWS = 60


def _shards(tmp_path: Path) -> Path:
    folder = tmp_path / "shards"
    folder.mkdir()
    texts = [f"I lost my job, day {i}." if i % 7 else "" for i in range(ROWS)]
    frame = pd.DataFrame({"id": [f"{i:04d}" for i in range(ROWS)], "text": texts, "before": ["", *texts[:-1]]})
    frame.iloc[:25].to_csv(folder / "a.csv", index=False)
    frame.iloc[25:].to_json(folder / "b.jsonl", orient="records", lines=True)
    return folder


def _analyze(shards: Path, out: Path, *extra: str) -> object:
    return run(["analyze", shards, "-o", out, *FAST, "--detector-only", "-q", *extra])


def _ids(out: Path) -> list[str]:
    parts = sorted(out.glob("part-*.parquet"))
    return [i for part in parts for i in pq.read_table(part).column("id").to_pylist()]


def test_engines_a_folder_is_scored_row_for_row(tmp_path: Path) -> None:
    completed(_analyze(_shards(tmp_path), tmp_path / "out"))  # type: ignore[arg-type]
    assert _ids(tmp_path / "out") == [f"{i:04d}" for i in range(ROWS)]


def _manifest(out: Path) -> Path:
    return out / "manifest.json"


DAMAGE: dict[str, Callable[[Path], None]] = {
    "a part deleted": lambda out: sorted(out.glob("part-*"))[0].unlink(),
    "a part cut short": lambda out: sorted(out.glob("part-*"))[0].write_bytes(b"PAR1"),
    "a part emptied": lambda out: sorted(out.glob("part-*"))[-1].write_bytes(b""),
    "rows_out inflated": lambda out: _manifest(out).write_text(
        _manifest(out).read_text().replace('"rows_out": 25', '"rows_out": 32', 1)
    ),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_engines_a_rerun_after_damage_finishes_every_row_once(tmp_path: Path, damage: str) -> None:
    shards, out = _shards(tmp_path), tmp_path / "out"
    completed(_analyze(shards, out))  # type: ignore[arg-type]
    DAMAGE[damage](out)
    completed(_analyze(shards, out))  # type: ignore[arg-type]
    assert _ids(out) == [f"{i:04d}" for i in range(ROWS)]
    assert json.loads(_manifest(out).read_text())["totals"]["rows_out"] == ROWS


@pytest.mark.parametrize("manifest", ["{", "[]", '{"shards": 3}', ""])
def test_engines_a_manifest_that_cannot_be_trusted_is_refused(tmp_path: Path, manifest: str) -> None:
    shards, out = _shards(tmp_path), tmp_path / "out"
    completed(_analyze(shards, out))  # type: ignore[arg-type]
    _manifest(out).write_text(manifest)
    refused(_analyze(shards, out), "manifest")  # type: ignore[arg-type]


@pytest.mark.parametrize("other", [["--batch-size", "8"], ["--text-column", "before"]])
def test_engines_a_rerun_with_other_options_is_refused(tmp_path: Path, other: list[str]) -> None:
    shards, out = _shards(tmp_path), tmp_path / "out"
    completed(_analyze(shards, out))  # type: ignore[arg-type]
    refused(_analyze(shards, out, *other))  # type: ignore[arg-type]


def test_engines_context_column_on_shards(tmp_path: Path) -> None:
    shards, out = _shards(tmp_path), tmp_path / "out"
    completed(run(["analyze", shards, "-o", out, *FAST, "-q", "--context-column", "before"]))
    assert _ids(out) == [f"{i:04d}" for i in range(ROWS)]


def test_engines_a_corrupt_shard_is_reported_and_the_others_finished(tmp_path: Path) -> None:
    shards, out = _shards(tmp_path), tmp_path / "out"
    (shards / "c.parquet").write_bytes(b"PAR1 broken")
    result = _analyze(shards, out)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "c.parquet" in result.output  # type: ignore[attr-defined]
    assert _ids(out) == [f"{i:04d}" for i in range(ROWS)]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--engine", "spark"], "spark"),
        (["--workers", "2"], "workers"),
        (["--engine", "ray", "--workers", "0"], "workers"),
        (["--address", "127.0.0.1:1"], "address"),
        (["--output-format", "csv"], ""),
    ],
)
def test_engines_impossible_engine_options_are_refused(tmp_path: Path, args: list[str], fragment: str) -> None:
    refused(_analyze(_shards(tmp_path), tmp_path / "out", *args), fragment)  # type: ignore[arg-type]


def test_engines_an_output_folder_holding_other_files_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "thesis.docx").write_text("years of work")
    refused(_analyze(_shards(tmp_path), out))  # type: ignore[arg-type]
    assert (out / "thesis.docx").read_text() == "years of work"


def test_engines_a_glob_that_matches_nothing_is_refused(tmp_path: Path) -> None:
    refused(run(["analyze", str(tmp_path / "none-*.csv"), "-o", tmp_path / "out", *FAST]))
