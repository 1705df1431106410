"""`--engine ray`: the local engine's bytes for every model tier, and a kill -9 mid-run then a rerun that ends
with the output of an uninterrupted run (Ray started on this machine with two CPUs)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from shard_corpus import assert_same_as_local_engine, corpus_rows, write_shards

from disclosure.engines.corpus import analyze_corpus

pytest.importorskip("ray")
pytestmark = pytest.mark.slow


@pytest.mark.parametrize("model", ["default", "balanced", "fast"])
def test_ray_writes_the_local_engines_bytes_for_every_tier(tmp_path: Path, local_ray: None, model: str) -> None:
    shards = write_shards(tmp_path / "shards", corpus_rows(90))
    manifest = analyze_corpus(shards, tmp_path / "out", engine="ray", workers=2, model=model)
    assert manifest.complete and manifest.as_json()["totals"]["rows_out"] == 90
    assert_same_as_local_engine(tmp_path / "out", shards, tmp_path, model, theory=True)


def test_ray_cuts_shards_into_parts_as_the_local_engine_reads_them(
    tmp_path: Path, local_ray: None, one_chunk_parts: int
) -> None:
    shards = write_shards(tmp_path / "shards", corpus_rows(4 * one_chunk_parts + 500))
    manifest = analyze_corpus(shards, tmp_path / "out", engine="ray", workers=2, model="fast", theory=False)
    assert [len(s.parts) for s in manifest.shards] == [2, 2, 2]
    assert_same_as_local_engine(tmp_path / "out", shards, tmp_path, "fast", theory=False)


def big_corpus(folder: Path, shards: int, rows: int) -> Path:
    """`shards` Parquet shards of `rows` utterances each (two parts per shard at the shipped part size)."""
    folder.mkdir()
    utterances = corpus_rows(rows * shards)
    for i in range(shards):
        piece = utterances.iloc[i * rows : (i + 1) * rows]
        pq.write_table(pa.Table.from_pandas(piece, preserve_index=False), folder / f"posts-{i:02d}.parquet")
    return folder


def test_a_run_killed_with_sigkill_and_rerun_ends_as_an_uninterrupted_run(tmp_path: Path) -> None:
    shards = big_corpus(tmp_path / "shards", shards=8, rows=40_000)
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "disclosure",
        "analyze",
        str(shards),
        "--engine",
        "ray",
        "--workers",
        "2",
        "-o",
        str(out),
        "-m",
        "fast",
        "--detector-only",
        "-q",
    ]
    log = tmp_path / "killed-run.log"
    with open(log, "wb") as stderr:
        run = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=stderr)
    deadline = time.monotonic() + 300
    while len(list(out.glob("part-*.parquet"))) < 3 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert run.poll() is None, "the run ended before it could be killed: " + log.read_text()[-2000:]
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    survived = {p.name: p.stat().st_mtime_ns for p in out.glob("part-*.parquet")}
    before = json.loads((out / "manifest.json").read_text())
    assert 3 <= len(survived) < 16 and before["totals"]["rows_out"] < 8 * 40_000

    rerun = subprocess.run(command, check=False, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert {name: (out / name).stat().st_mtime_ns for name in survived} == survived

    whole = analyze_corpus(shards, tmp_path / "uninterrupted", model="fast", theory=False)
    resumed = json.loads((out / "manifest.json").read_text())
    assert resumed == whole.as_json()
    assert resumed["totals"]["rows_in"] == resumed["totals"]["rows_out"] == 8 * 40_000
    for part in whole.output_files():
        assert (out / part.name).read_bytes() == part.read_bytes(), part.name
    assert not list(out.glob("*.partial"))
    scored = pd.concat(pq.read_table(out / p.name).to_pandas() for p in whole.output_files())
    assert scored["post"].tolist() == corpus_rows(8 * 40_000)["post"].tolist()
