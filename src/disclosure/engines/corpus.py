"""`analyze_corpus`: score a folder or glob of shards into an output folder of Parquet parts and a manifest."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from .. import io
from ..errors import InputError, message
from ..measure.detectors.base import check_device
from . import parts
from .manifest import Manifest, check_resumable, load_manifest, run_identity, shard_record
from .parts import Part, PartResult, PartScorer, ScoringSettings, corpus_shards, scan_shard

ENGINES: tuple[str, ...] = ("local", "ray")
"""Where the parts are scored: this process, or the actors of a Ray cluster (the `ray` extra)."""
SAVE_EVERY_S = 2.0
"""The manifest is rewritten at most this often while parts finish (and always at the end)."""

Engine = Callable[[Sequence[Part], ScoringSettings], Iterator[PartResult]]


def score_here(parts: Sequence[Part], settings: ScoringSettings) -> Iterator[PartResult]:
    """The local engine: one model in this process, parts in order."""
    if not parts:
        return
    scorer = PartScorer(settings)
    for part in parts:
        yield scorer(part)


def analyze_corpus(
    source: str | Path,
    output: str | Path,
    *,
    engine: str = "local",
    address: str | None = None,
    workers: int | None = None,
    model: str | Path = "default",
    batch_size: int = 64,
    theory: bool = True,
    text_column: str = "text",
    context_column: str | None = None,
    any_language: bool = False,
    input_format: str | None = None,
    encoding: str = io.DEFAULT_ENCODING,
    device: str = "cpu",
    on_part: Callable[[PartResult], None] | None = None,
) -> Manifest:
    """Score every utterance of a corpus of shards into the folder `output`; run again to finish an interrupted run.

    `source` is a folder of table files (CSV, TSV, JSONL, Parquet), a glob such as 'posts/*.parquet', or one file.
    Each shard is cut into parts of whole 4,096-row chunks; each part is written to `output` as its own Parquet
    file (every input column unchanged, then the measurement columns, exactly as `analyze` writes them), and
    `output/manifest.json` records, per shard, the rows in, the rows out and the rows whose status is not ok.
    Run the same call again after an interruption (even kill -9) and only the missing parts are scored; a call
    with another model or other options on the same folder is refused. A shard that cannot be read is reported
    in the manifest (`Manifest.failed`) and the other shards are finished.

    `engine` is 'local' (this process) or 'ray' (an actor per worker, each loading the model once; `address`
    names a running cluster, else Ray starts on this machine; `workers` defaults to its CPUs). `context_column`
    names a column holding each utterance's previous turn (see `Analyzer.measure`); `any_language` scores rows in
    unsupported languages too, and `device` is where every worker's detector runs (see `Analyzer`).
    """
    if engine not in ENGINES:
        raise InputError(message("unknown_engine", engine=engine, options=ENGINES))
    if address is not None and engine != "ray":
        raise InputError(message("address_without_ray"))
    if workers is not None and engine != "ray":
        raise InputError(message("workers_without_ray"))
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise InputError(message("bad_workers", value=workers))
    check_device(device)
    shards = corpus_shards(source)
    folder = _output_folder(output, shards)
    options: dict[str, object] = {
        "batch_size": batch_size,
        "theory": theory,
        "text_column": text_column,
        "context_column": context_column,
        "any_language": any_language,
        "input_format": input_format,
        "encoding": encoding,
        "part_rows": parts.PART_ROWS,
    }
    identity = run_identity(str(model), options)
    manifest = load_manifest(folder)
    if manifest is not None:
        check_resumable(manifest, identity, shards)
    run: Engine
    if engine == "ray":
        from .ray_engine import RayEngine

        ray_engine = RayEngine(address=address, workers=workers)
        scanned = ray_engine.scan(shards, input_format, encoding, text_column)
        run = ray_engine.score
    else:
        scanned = [scan_shard(path, input_format, encoding, text_column) for path in shards]
        run = score_here
    records = [
        shard_record(path, None if table is None else table.rows, error)
        for path, (table, error) in zip(shards, scanned, strict=False)
    ]
    if manifest is None:
        manifest = Manifest(folder, identity, records)
    else:
        for position, record in enumerate(records):
            if manifest.shards[position].error is not None:
                manifest.shards[position] = record
    tables = tuple(table for table, _ in scanned)
    manifest.adopt_written_parts(tables)
    manifest.save()
    settings = ScoringSettings(
        str(model), batch_size, theory, text_column, tables, str(folder), context_column, device, any_language
    )
    saved = time.monotonic()
    for result in run(manifest.pending(), settings):
        manifest.record(result)
        if time.monotonic() - saved > SAVE_EVERY_S:
            manifest.save()
            saved = time.monotonic()
        if on_part is not None:
            on_part(result)
    manifest.save()
    return manifest


def _output_folder(output: str | Path, shards: list[Path]) -> Path:
    """The output folder, created if missing; refused when it is a file, holds an input shard, or holds other
    files without a manifest (it is then not an earlier run of this command)."""
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise InputError(message("output_not_folder", path=output))
    resolved = folder.resolve()
    if any(resolved in p.resolve().parents for p in shards):
        raise InputError(message("output_holds_input", path=output))
    if folder.is_dir() and any(folder.iterdir()) and not (folder / "manifest.json").is_file():
        raise InputError(message("output_not_a_run", path=output))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
