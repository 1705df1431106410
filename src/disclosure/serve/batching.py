"""Micro-batching: concurrent requests share one model worker, which scores whatever has queued up in one batch."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

import pandas as pd

from ..analyzer import Analyzer

T = TypeVar("T")


@dataclass(frozen=True)
class Rows:
    """One caller's rows of a scored batch, as a table or as JSON (written once per batch, on the model thread)."""

    batch: pd.DataFrame
    lines: Sequence[str]
    """Every row of the batch as one JSON object (NaN as null, floats to four decimals)."""
    start: int
    stop: int

    def frame(self) -> pd.DataFrame:
        """The caller's rows as a table indexed from 0."""
        return self.batch.iloc[self.start : self.stop].reset_index(drop=True)

    def json(self) -> str:
        """The caller's rows as a JSON array of objects."""
        return "[" + ",".join(self.lines[self.start : self.stop]) + "]"


@dataclass
class _Job:
    cells: Sequence[object]
    previous: Sequence[object]
    done: asyncio.Future[Rows] = field(repr=False)
    any_language: bool = False


class ModelWorker:
    """The one thread that touches the loaded model, and the queue that feeds it batches.

    `measure` calls that arrive while the worker is busy wait in a queue; when it is free it takes every waiting
    call (up to `max_batch` texts), waits at most `window` seconds for more, scores them as one batch and hands
    each caller its rows. Other model work (`run`) goes through the same thread, so the model and the privacy
    recogniser are never used from two threads at once.
    """

    def __init__(self, analyzer: Analyzer, *, window: float = 0.002, max_batch: int = 64) -> None:
        self.analyzer = analyzer
        self.window = window
        self.max_batch = max_batch
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="disclosure-model")
        self._queue: asyncio.Queue[_Job] = asyncio.Queue()
        self._loop_task: asyncio.Task[None] | None = None
        self.batches = 0
        """Batches scored so far (the share of requests that were batched together is requests / batches)."""

    def start(self) -> None:
        """Begin taking batches (call from the event loop that will await `measure`)."""
        self._loop_task = asyncio.get_running_loop().create_task(self._serve())

    async def stop(self) -> None:
        """Stop taking batches and let the model thread finish what it is doing."""
        if self._loop_task is not None:
            self._loop_task.cancel()
            await asyncio.gather(self._loop_task, return_exceptions=True)
        self._executor.shutdown(wait=True)

    async def score(
        self, cells: Sequence[object], previous: Sequence[object] | None = None, *, any_language: bool = False
    ) -> Rows:
        """The analyzer's columns for `cells` (one row each, in order), scored together with concurrent calls;
        `previous` holds each cell's previous turn ('' where none; see `Analyzer.measure`); `any_language` scores
        cells in unsupported languages too (see `Analyzer`)."""
        before = [""] * len(cells) if previous is None else previous
        job = _Job(cells, before, asyncio.get_running_loop().create_future(), any_language)
        await self._queue.put(job)
        return await job.done

    async def measure(
        self, cells: Sequence[object], previous: Sequence[object] | None = None, *, any_language: bool = False
    ) -> pd.DataFrame:
        """`score` as a table."""
        return (await self.score(cells, previous, any_language=any_language)).frame()

    async def run(self, function: Callable[..., T], *args: object) -> T:
        """`function(*args)` on the model thread (for work that uses the model but is not a batch of texts)."""
        return await asyncio.get_running_loop().run_in_executor(self._executor, function, *args)

    async def _serve(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            jobs = [await self._queue.get()]
            size = len(jobs[0].cells)
            deadline = loop.time() + self.window
            while size < self.max_batch:
                if self._queue.empty():
                    remaining = deadline - loop.time()
                    if remaining <= 0:
                        break
                    try:
                        jobs.append(await asyncio.wait_for(self._queue.get(), remaining))
                    except asyncio.TimeoutError:
                        break
                else:
                    jobs.append(self._queue.get_nowait())
                size += len(jobs[-1].cells)
            await self._score(jobs)

    async def _score(self, jobs: list[_Job]) -> None:
        # Callers who force scoring of unsupported languages are batched apart from those who do not.
        for any_language in (False, True):
            together = [job for job in jobs if job.any_language == any_language]
            if together:
                await self._score_together(together, any_language)

    async def _score_together(self, jobs: list[_Job], any_language: bool) -> None:
        cells = [cell for job in jobs for cell in job.cells]
        previous = [cell for job in jobs for cell in job.previous]
        try:
            scored, lines = await self.run(self._measure_batch, cells, previous, any_language)
        except Exception as err:
            if len(jobs) > 1:
                # One caller's cells must never fail another's: each is scored again on its own.
                for job in jobs:
                    await self._score_together([job], any_language)
                return
            if not jobs[0].done.done():
                jobs[0].done.set_exception(err)
            return
        self.batches += 1
        start = 0
        for job in jobs:
            if not job.done.cancelled():
                job.done.set_result(Rows(scored, lines, start, start + len(job.cells)))
            start += len(job.cells)

    def _measure_batch(
        self, cells: list[object], previous: list[object], any_language: bool
    ) -> tuple[pd.DataFrame, list[str]]:
        # JSON lines escape newlines inside texts, so each line is one row.
        scored = self.analyzer.measure(cells, previous, any_language=any_language)
        lines = scored.to_json(orient="records", lines=True, double_precision=4, default_handler=str)
        return scored, lines.split("\n")[: len(scored)]
