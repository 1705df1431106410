"""`analyze_corpus`: a folder of shards scored into parts and a manifest that accounts for every row; resumed,
refused when the run changes, and finished around a corrupt shard."""

from __future__ import annotations

import itertools
import json
import os
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from shard_corpus import assert_same_as_local_engine, corpus_rows, parquet_bytes, shard_tables, write_shards
from typer.testing import CliRunner

from disclosure.cli import app
from disclosure.constants import UNDETERMINED_LANGUAGE
from disclosure.engines.corpus import analyze_corpus
from disclosure.engines.manifest import load_manifest
from disclosure.errors import InputError
from disclosure.measure.language import identify

runner = CliRunner()


def test_parts_of_every_format_are_byte_identical_to_the_local_engine(tmp_path: Path, one_chunk_parts: int) -> None:
    shards = write_shards(tmp_path / "shards", corpus_rows(4 * one_chunk_parts + 500))
    manifest = analyze_corpus(shards, tmp_path / "out", model="fast", theory=False)
    assert [len(s.parts) for s in manifest.shards] == [2, 2, 2]
    assert_same_as_local_engine(tmp_path / "out", shards, tmp_path, "fast", theory=False)


def test_the_manifest_accounts_for_every_row_of_every_shard(tmp_path: Path, one_chunk_parts: int) -> None:
    rows = corpus_rows(2 * one_chunk_parts + 100)
    shards = write_shards(tmp_path / "shards", rows)
    analyze_corpus(shards, tmp_path / "out", model="fast", theory=False)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    blank = rows["text"].str.strip() == ""
    # Rows in a language the measures do not support are not scored either (one English line of the sample,
    # "Good luck, I hope it goes well!!", is read as Korean: about 0.09% of English rows are).
    unsupported = [
        language not in ("en", UNDETERMINED_LANGUAGE) for language in identify(rows["text"][~blank].tolist())
    ]
    unscorable = int(blank.sum()) + sum(unsupported)
    assert manifest["totals"] == {
        "shards": 3,
        "shards_done": 3,
        "shards_failed": 0,
        "rows_in": len(rows),
        "rows_out": len(rows),
        "not_ok": unscorable,
    }
    for shard in manifest["shards"]:
        assert shard["state"] == "done" and shard["rows_out"] == shard["rows_in"]
        ranges = [p["rows"] for p in shard["parts"]]
        assert ranges[0][0] == 0 and ranges[-1][1] == shard["rows_in"]
        assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))
        written = sum(pq.ParquetFile(tmp_path / "out" / p["file"]).metadata.num_rows for p in shard["parts"])
        assert written == shard["rows_out"]
    loaded = load_manifest(tmp_path / "out")
    assert loaded is not None
    assert [p.name for p in loaded.output_files()] == [p["file"] for s in manifest["shards"] for p in s["parts"]]


def test_a_rerun_scores_only_the_parts_that_are_missing(tmp_path: Path, one_chunk_parts: int) -> None:
    shards = write_shards(tmp_path / "shards", corpus_rows(4 * one_chunk_parts + 500))
    out = tmp_path / "out"
    analyze_corpus(shards, out, model="fast", theory=False)
    whole = [parquet_bytes(t) for t in shard_tables(out)]
    # One part's file is deleted; as after a kill -9, another is on disk but missing from the manifest, and a
    # half-written temporary file is left behind.
    manifest = json.loads((out / "manifest.json").read_text())
    lost, unclaimed = manifest["shards"][1]["parts"][1]["file"], manifest["shards"][2]["parts"][0]["file"]
    (out / lost).unlink()
    manifest["shards"][2]["parts"] = manifest["shards"][2]["parts"][1:]
    (out / "manifest.json").write_text(json.dumps(manifest))
    (out / f".{lost}.x.partial").write_bytes(b"PAR1 half")
    untouched = {p.name: p.stat().st_mtime_ns for p in out.glob("part-*") if p.name != unclaimed}
    rescored = []
    analyze_corpus(shards, out, model="fast", theory=False, on_part=lambda r: rescored.append(r.part.file))
    assert rescored == [lost]
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("part-*") if p.name in untouched} == untouched
    assert not list(out.glob("*.partial"))
    assert [parquet_bytes(t) for t in shard_tables(out)] == whole
    assert json.loads((out / "manifest.json").read_text())["totals"]["rows_out"] == sum(
        s["rows_in"] for s in manifest["shards"]
    )


def test_a_rerun_with_another_model_or_options_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    shards = write_shards(tmp_path / "shards", corpus_rows(300))
    out = tmp_path / "out"
    analyze_corpus(shards, out, model="fast", theory=False)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(InputError, match=r"begun with another model or other options.*'balanced'"):
        analyze_corpus(shards, out, model="balanced", theory=False)
    with pytest.raises(InputError, match="theory"):
        analyze_corpus(shards, out, model="fast", theory=True)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_changed_or_added_shard_is_refused(tmp_path: Path) -> None:
    shards = write_shards(tmp_path / "shards", corpus_rows(300))
    out = tmp_path / "out"
    analyze_corpus(shards, out, model="fast", theory=False)
    (shards / "d.csv").write_text("text\nA new post.\n")
    with pytest.raises(InputError, match=r"other input shards.*d.csv"):
        analyze_corpus(shards, out, model="fast", theory=False)
    (shards / "d.csv").unlink()
    with open(shards / "a.csv", "a") as extra:
        extra.write("9999999,One more post.,0\n")
    with pytest.raises(InputError, match=r"a.csv' changed after the output folder"):
        analyze_corpus(shards, out, model="fast", theory=False)


def test_a_corrupt_shard_is_reported_with_its_reason_and_the_others_are_finished(tmp_path: Path) -> None:
    rows = corpus_rows(300)
    shards = write_shards(tmp_path / "shards", rows)
    (shards / "d.csv").write_text('post,text,Emotional_disclosure\n1,"fine",0\n2,"one field too many",0,0\n')
    whole = (shards / "c.parquet").read_bytes()
    (shards / "e.parquet").write_bytes(whole[: len(whole) // 2])
    out = tmp_path / "out"
    result = runner.invoke(app, ["analyze", str(shards), "-o", str(out), "-m", "fast", "--detector-only", "-q"])
    assert result.exit_code == 1
    assert "2 shard(s) could not be analysed" in result.stderr and "Line 3" in result.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    states = {Path(s["path"]).name: (s["state"], s["rows_in"], s["rows_out"]) for s in manifest["shards"]}
    third = len(rows) - int(len(rows) * 0.6)
    assert states == {
        "a.csv": ("done", 90, 90),
        "b.jsonl": ("done", 90, 90),
        "c.parquet": ("done", third, third),
        "d.csv": ("failed", None, 0),
        "e.parquet": ("failed", None, 0),
    }
    assert manifest["totals"]["shards_failed"] == 2 and manifest["totals"]["rows_out"] == len(rows)
    assert "has 4 field(s) but the header has 3" in manifest["shards"][3]["error"]
    # Repaired, the failed shards are scored on the next run; the finished ones are not touched.
    (shards / "d.csv").write_text('post,text,Emotional_disclosure\n1,"fine",0\n2,"repaired",0\n')
    (shards / "e.parquet").unlink()
    done = {p.name: p.stat().st_mtime_ns for p in out.glob("part-*")}
    with pytest.raises(InputError, match="other input shards"):
        analyze_corpus(shards, out, model="fast", theory=False)
    (shards / "e.parquet").write_bytes(whole)
    repaired = analyze_corpus(shards, out, model="fast", theory=False)
    assert repaired.complete and not repaired.failed
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("part-*") if p.name in done} == done


def test_an_output_folder_that_is_not_a_run_is_refused(tmp_path: Path) -> None:
    shards = write_shards(tmp_path / "shards", corpus_rows(50))
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "thesis.docx").write_bytes(b"")
    with pytest.raises(InputError, match=r"holds files but no manifest.json"):
        analyze_corpus(shards, tmp_path / "busy", model="fast")
    with pytest.raises(InputError, match="holds input shards"):
        analyze_corpus(shards, shards, model="fast")
    with pytest.raises(InputError, match=r"Unknown engine 'spark'. Choose one of: local, ray"):
        analyze_corpus(shards, tmp_path / "out", engine="spark")
    assert not os.path.exists(tmp_path / "out")


def test_the_manifest_reads_back(tmp_path: Path) -> None:
    shards = write_shards(tmp_path / "shards", corpus_rows(50))
    written = analyze_corpus(shards, tmp_path / "out", model="fast", theory=False)
    loaded = load_manifest(tmp_path / "out")
    assert loaded is not None and loaded.as_json() == written.as_json()


def test_the_ray_engine_without_ray_installed_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shards = write_shards(tmp_path / "shards", corpus_rows(20))
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(InputError, match=r"pip install -e '\.\[ray\]' in the disclosure source folder"):
        analyze_corpus(shards, tmp_path / "out", engine="ray", model="fast")


def test_a_cluster_address_without_the_ray_engine_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "analyze",
            str(write_shards(tmp_path / "shards", corpus_rows(20))),
            "-o",
            str(tmp_path / "out"),
            "--address",
            "10.0.0.1:6379",
        ],
    )
    assert result.exit_code == 2 and "only applies to the 'ray' engine" in result.stderr


def test_a_number_of_workers_without_the_ray_engine_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="workers only applies to the 'ray' engine"):
        analyze_corpus(write_shards(tmp_path / "shards", corpus_rows(20)), tmp_path / "out", workers=2)
