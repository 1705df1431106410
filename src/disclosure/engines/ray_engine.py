"""The Ray engine: Ray Data hands the parts to a pool of actors, each loading the model once; the job keeps the
manifest.

Each actor reads its part with the package's own readers (so every cell passes through exactly as the local
engine reads it), scores it through the public `Analyzer` API and writes the part file atomically; only the
small accounting record of each part travels back to the job.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .. import io
from ..errors import InputError, message
from .parts import Part, PartResult, PartScorer, ScoringSettings, scan_shard

OBJECT_STORE_BYTES = 256 * 1024**2
"""Ray's shared-memory store on a machine Ray starts itself: only accounting records pass through it."""


def _ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError:
        raise InputError(message("ray_missing")) from None
    return ray


class _RayPartScorer:
    """The actor: a `PartScorer` behind Ray Data's batch interface (one part per batch)."""

    def __init__(self, settings: ScoringSettings) -> None:
        # Ray gives each actor OMP_NUM_THREADS=1 (its one CPU), so actors do not compete for the same cores.
        self.scorer = PartScorer(settings)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        results = [
            self.scorer(Part(int(s), int(i), int(a), int(b)))
            for s, i, a, b in zip(batch["shard"], batch["index"], batch["start"], batch["stop"], strict=False)
        ]
        return {
            "shard": [r.part.shard for r in results],
            "index": [r.part.index for r in results],
            "rows_in": [r.rows_in for r in results],
            "rows_out": [r.rows_out for r in results],
            "not_ok": [r.not_ok for r in results],
            "error": [r.error or "" for r in results],
        }


CONNECT_SECONDS = 10.0
"""How long a cluster address may take to answer before it is called unreachable (Ray itself would wait forever)."""


def _check_reachable(address: str, timeout: float = CONNECT_SECONDS) -> None:
    """Refuse a cluster address (host:port or ray://host:port) where nothing answers, before Ray starts waiting on
    it; 'auto', 'local' and other forms are left to Ray."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as err:
        reason = f"nothing answered at {host}:{port} within {timeout:g} s ({err.strerror or type(err).__name__})"
        raise InputError(message("ray_unreachable", address=address, reason=reason)) from None


class RayEngine:
    """Parts scored by actors on a Ray cluster (`address`), or on Ray started here with this machine's cores."""

    def __init__(self, *, address: str | None = None, workers: int | None = None) -> None:
        if address is not None:
            _check_reachable(address)
        self.ray = _ray()
        if not self.ray.is_initialized():
            local = address is None
            try:
                self.ray.init(
                    address=address,
                    num_cpus=(workers or os.cpu_count() or 1) if local else None,
                    object_store_memory=OBJECT_STORE_BYTES if local else None,
                    include_dashboard=False,
                    log_to_driver=False,
                    configure_logging=False,
                )
            except (ConnectionError, RuntimeError, ValueError) as err:
                reason = " ".join(str(err).split())[:300] or type(err).__name__
                where = address or "this machine"
                raise InputError(message("ray_unreachable", address=where, reason=reason)) from None
        self.workers = workers or max(1, int(self.ray.cluster_resources().get("CPU", 1)))
        # The job reports progress itself; Ray Data's own bars and notes would interleave with it.
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        self.ray.data.DataContext.get_current().enable_progress_bars = False

    def scan(
        self, shards: Sequence[Path], input_format: str | None, encoding: str, text_column: str
    ) -> list[tuple[io.InputTable | None, str | None]]:
        """Every shard checked: a Parquet shard here (its footer says all), the others in parallel, one Ray task
        each (a CSV or JSONL shard is read whole to be checked)."""
        task = self.ray.remote(num_cpus=1)(scan_shard)
        pending = {
            i: task.remote(path, input_format, encoding, text_column)
            for i, path in enumerate(shards)
            if (input_format or io.EXTENSIONS.get(path.suffix.lower())) != "parquet"
        }
        done = dict(zip(pending, self.ray.get(list(pending.values())), strict=False))
        return [
            done[i] if i in done else scan_shard(path, input_format, encoding, text_column)
            for i, path in enumerate(shards)
        ]

    def score(self, parts: Sequence[Part], settings: ScoringSettings) -> Iterator[PartResult]:
        """Score `parts` on a pool of `workers` actors; results arrive as parts finish."""
        if not parts:
            return
        ray = self.ray
        dataset = ray.data.from_items([asdict(p) for p in parts], override_num_blocks=len(parts))
        scored = dataset.map_batches(
            _RayPartScorer,
            fn_constructor_kwargs={"settings": settings},
            batch_size=1,
            compute=ray.data.ActorPoolStrategy(size=min(self.workers, len(parts))),
            num_cpus=1,
            batch_format="numpy",
        )
        by_key = {(p.shard, p.index): p for p in parts}
        for row in scored.iter_rows():
            part = by_key[(int(row["shard"]), int(row["index"]))]
            yield PartResult(
                part, int(row["rows_in"]), int(row["rows_out"]), int(row["not_ok"]), str(row["error"]) or None
            )
