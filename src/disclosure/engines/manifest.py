"""The manifest of an output folder: which run it belongs to, which parts of which shards are done, and the rows.

The manifest is written atomically after each part file is in place, so it never claims a part that is not
there. A part file that is there but not yet claimed (the run was killed between the two writes) is taken in
when the run resumes: part files are only ever renamed into place whole.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from .. import io
from ..constants import __version__
from ..errors import InputError, message
from ..schema import SCORED_STATUSES
from .parts import Part, PartResult, shard_parts, status_column

MANIFEST = "manifest.json"
FORMAT = 1


def model_digest(directory: Path) -> str:
    """SHA-256 over the names and bytes of every file in a model directory: the model's identity."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(directory)).encode() + b"\0")
        with open(path, "rb") as stream:
            while block := stream.read(1 << 20):
                digest.update(block)
    return digest.hexdigest()


def run_identity(model: str, options: dict[str, object]) -> dict[str, object]:
    """What makes two runs give the same values: the model (name and content), the options and the version."""
    from ..measure.detectors import model_directory

    return {
        "model": model,
        "model_sha256": model_digest(model_directory(model)),
        "options": options,
        "disclosure": __version__,
    }


@dataclass
class ShardRecord:
    """One input shard: where it is, how it looked when the run began, and its parts done so far."""

    path: str
    size: int
    mtime_ns: int
    rows_in: int | None
    """Rows in the shard (None when it could not be read)."""
    error: str | None = None
    parts: dict[int, dict[str, Any]] = field(default_factory=dict)

    @property
    def rows_out(self) -> int:
        return sum(int(p["rows_out"]) for p in self.parts.values())

    @property
    def not_ok(self) -> int:
        return sum(int(p["not_ok"]) for p in self.parts.values())

    def planned(self, position: int) -> list[Part]:
        return [] if self.rows_in is None else shard_parts(position, self.rows_in)

    @property
    def done(self) -> bool:
        return self.error is None and self.rows_in is not None and len(self.parts) == len(self.planned(0))

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "size": self.size,
            "mtime_ns": self.mtime_ns,
            "rows_in": self.rows_in,
            "rows_out": self.rows_out,
            "not_ok": self.not_ok,
            "state": "failed" if self.error else ("done" if self.done else "pending"),
            "error": self.error,
            "parts": [self.parts[i] for i in sorted(self.parts)],
        }


@dataclass
class Manifest:
    """An output folder's record of its run; `rows_out == rows_in` for every shard that is done."""

    folder: Path
    identity: dict[str, object]
    shards: list[ShardRecord]

    @property
    def path(self) -> Path:
        return self.folder / MANIFEST

    def pending(self) -> list[Part]:
        """The parts still to score, shard by shard (failed shards excluded)."""
        return [
            part
            for position, shard in enumerate(self.shards)
            if shard.error is None
            for part in shard.planned(position)
            if part.index not in shard.parts
        ]

    def record(self, result: PartResult) -> None:
        """Note a scored part (or the error that stopped it); call `save` to write it."""
        shard = self.shards[result.part.shard]
        if result.error is not None:
            shard.error = result.error
            return
        shard.parts[result.part.index] = _part_json(result, self.folder / result.part.file)

    def save(self) -> None:
        io.write_text(self.path, json.dumps(self.as_json(), indent=1) + "\n")

    def as_json(self) -> dict[str, Any]:
        shards = [s.as_json() for s in self.shards]
        return {
            "format": FORMAT,
            "run": self.identity,
            "totals": {
                "shards": len(shards),
                "shards_done": sum(s["state"] == "done" for s in shards),
                "shards_failed": sum(s["state"] == "failed" for s in shards),
                "rows_in": sum(s["rows_in"] or 0 for s in shards),
                "rows_out": sum(s["rows_out"] for s in shards),
                "not_ok": sum(s["not_ok"] for s in shards),
            },
            "shards": shards,
        }

    @property
    def failed(self) -> list[ShardRecord]:
        return [s for s in self.shards if s.error is not None]

    @property
    def complete(self) -> bool:
        """Every readable shard is done."""
        return all(s.done for s in self.shards if s.error is None)

    def output_files(self) -> list[Path]:
        """The part files of the done shards, in input order (shard by shard, part by part)."""
        return [self.folder / s.parts[i]["file"] for s in self.shards if s.done for i in sorted(s.parts)]

    def adopt_written_parts(self, tables: Sequence[io.InputTable | None]) -> None:
        """Claim part files already in the folder but missing from the manifest (a run killed between writing a
        part and saving the manifest), counting their rows from the files; forget claimed parts whose file is
        gone, damaged or not what the manifest says (its rows, its checksum), so they are scored again; remove
        half-written temporary files."""
        for leftover in self.folder.glob(".part-*.partial"):
            leftover.unlink()
        for position, shard in enumerate(self.shards):
            table = tables[position]
            if shard.error is not None or table is None:
                continue
            status = status_column(table.columns)
            for part in shard.planned(position):
                target = self.folder / part.file
                if not target.is_file():
                    shard.parts.pop(part.index, None)  # claimed, but deleted since: scored again
                    continue
                claimed = shard.parts.get(part.index)
                if claimed is not None:
                    if not _intact(target, claimed, part):  # not the file the manifest describes: scored again
                        shard.parts.pop(part.index)
                        target.unlink()
                    continue
                statuses = _statuses(target, status, part)
                if statuses is None:  # truncated, unreadable or of the wrong length: scored again
                    target.unlink()
                    continue
                rows = len(statuses)
                not_ok = sum(value not in SCORED_STATUSES for value in statuses)
                self.record(PartResult(part, part.stop - part.start, rows, not_ok))


def _part_json(result: PartResult, path: Path) -> dict[str, Any]:
    part = result.part
    return {
        "part": part.index,
        "rows": [part.start, part.stop],
        "file": part.file,
        "rows_in": result.rows_in,
        "rows_out": result.rows_out,
        "not_ok": result.not_ok,
        "sha256": _checksum(path),
    }


def _checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _intact(path: Path, claimed: dict[str, Any], part: Part) -> bool:
    """Whether a claimed part file is the one the manifest describes: its rows, and its checksum (when recorded)."""
    rows = part.stop - part.start
    if claimed.get("rows_out") != rows or claimed.get("rows_in") != rows:
        return False
    if "sha256" in claimed:
        return bool(claimed["sha256"] == _checksum(path))
    try:
        return bool(pq.ParquetFile(path).metadata.num_rows == rows)
    except (OSError, ValueError):
        return False


def _statuses(path: Path, status: str, part: Part) -> list[object] | None:
    """The status column of a part file, or None when the file cannot be read whole or has the wrong row count."""
    try:
        statuses: list[object] = pq.read_table(path, columns=[status]).column(status).to_pylist()
    except (OSError, ValueError, KeyError):
        return None
    return statuses if len(statuses) == part.stop - part.start else None


def shard_record(path: Path, rows: int | None, error: str | None) -> ShardRecord:
    stat = path.stat()
    return ShardRecord(str(path), stat.st_size, stat.st_mtime_ns, rows, error)


def load_manifest(folder: Path) -> Manifest | None:
    """The manifest in `folder`, or None when there is none yet."""
    path = folder / MANIFEST
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        shards = []
        for item in data["shards"]:
            record = ShardRecord(item["path"], item["size"], item["mtime_ns"], item["rows_in"], item["error"])
            record.parts = {int(p["part"]): dict(p) for p in item["parts"]}
            shards.append(record)
        return Manifest(folder, dict(data["run"]), shards)
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        reason = " ".join(str(err).split()) or type(err).__name__
        raise InputError(message("bad_manifest", path=path, reason=f"{type(err).__name__}: {reason}"[:300])) from None


def check_resumable(manifest: Manifest, identity: dict[str, object], shards: list[Path]) -> None:
    """Refuse to continue an output folder begun by a different run: another model, options or version, other
    input shards, or a shard changed since."""
    if manifest.identity != identity:
        before, now = manifest.identity, identity
        changed = [
            f"{key}: {before.get(key)!r} then, {now.get(key)!r} now"
            for key in sorted(set(before) | set(now))
            if before.get(key) != now.get(key)
        ]
        raise InputError(message("changed_run", folder=manifest.folder, changes="; ".join(changed)))
    recorded = [s.path for s in manifest.shards]
    if recorded != [str(p) for p in shards]:
        added = sorted(set(map(str, shards)) - set(recorded))
        gone = sorted(set(recorded) - set(map(str, shards)))
        raise InputError(message("changed_shards", folder=manifest.folder, added=added, gone=gone))
    for shard in manifest.shards:
        stat = os.stat(shard.path)
        if shard.error is None and (stat.st_size, stat.st_mtime_ns) != (shard.size, shard.mtime_ns):
            raise InputError(message("changed_shard", folder=manifest.folder, path=shard.path))
