"""Micro-batching: concurrent requests share one model worker, which scores whatever has queued up in one batch,
encoding the next batch while it measures the last; a bounded queue in front of it refuses work it could not start
soon (`ServerBusy`, answered 503 + Retry-After)."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

import pandas as pd

from ..analyzer import Analyzer, Encoded

T = TypeVar("T")


@dataclass(frozen=True)
class Rows:
    """One caller's rows of a scored batch, as a table or as JSON (written once per batch, on the model thread)."""

    batch: pd.DataFrame
    lines: Sequence[str]
    """Every row of the batch as one JSON object (NaN as null, floats to four decimals)."""
    start: int
    stop: int
    columns: Sequence[str]
    """The batch's column names, listed once per batch (not once per caller)."""

    def frame(self) -> pd.DataFrame:
        """The caller's rows as a table indexed from 0."""
        return self.batch.iloc[self.start : self.stop].reset_index(drop=True)

    def json(self) -> str:
        """The caller's rows as a JSON array of objects."""
        return "[" + ",".join(self.lines[self.start : self.stop]) + "]"


class ServerBusy(Exception):
    """More is waiting for the model than the server accepts: the caller should try again in `retry_after` seconds."""

    def __init__(self, waiting: str, retry_after: int) -> None:
        super().__init__(
            f"The server is busy: {waiting} already waiting for the model. Nothing was kept; "
            f"send the request again in {retry_after} s."
        )
        self.retry_after = retry_after


@dataclass
class _Job:
    cells: Sequence[object]
    previous: Sequence[object]
    done: asyncio.Future[Rows] = field(repr=False)
    any_language: bool = False


class ModelWorker:
    """The two threads that touch the loaded model, and the queue that feeds them batches.

    `measure` calls that arrive while the worker is busy wait in a queue; when the encoder is free it takes every
    waiting call (up to `max_batch` texts), waits for more (at most `window` seconds) only while the batch has
    fewer callers than the last one, and encodes them as one batch (`Analyzer.encode`) on the encoder thread; the
    model thread then measures it (`Analyzer.measure_encoded`) and hands each caller its rows, while the encoder
    thread already reads the next batch. Other model work (`run`) goes through the model thread, so the Python
    measures and the privacy recogniser are never used by two calls at once.

    The queue is bounded: a call whose texts would wait more than `max_wait` seconds (at the rate the model has
    been scoring), or a `run` beyond `max_waiting_calls` waiting or running, is refused at once with `ServerBusy`
    rather than left to wait without bound.
    """

    def __init__(
        self,
        analyzer: Analyzer,
        *,
        window: float = 0.002,
        max_batch: int = 64,
        max_wait: float = 2.0,
        max_waiting_calls: int = 64,
    ) -> None:
        self.analyzer = analyzer
        self.window = window
        self.max_batch = max_batch
        self.max_wait = max_wait
        self.max_waiting_calls = max_waiting_calls
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="disclosure-model")
        self._encoder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="disclosure-encoder")
        self._queue: asyncio.Queue[_Job] = asyncio.Queue()
        self._loop_task: asyncio.Task[None] | None = None
        self._waiting = 0
        self._calls = 0
        self._scored = (0.0, 0.0)  # texts and seconds of scoring, recent batches weighing most
        self._company = 1
        self.batches = 0
        """Batches scored so far (the share of requests that were batched together is requests / batches)."""
        self.refused = 0
        """Calls refused with `ServerBusy` so far."""

    def start(self) -> None:
        """Begin taking batches (call from the event loop that will await `measure`)."""
        self._loop_task = asyncio.get_running_loop().create_task(self._serve())

    async def stop(self) -> None:
        """Stop taking batches and let the model thread finish what it is doing."""
        if self._loop_task is not None:
            self._loop_task.cancel()
            await asyncio.gather(self._loop_task, return_exceptions=True)
        self._encoder.shutdown(wait=True)
        self._executor.shutdown(wait=True)

    async def score(
        self, cells: Sequence[object], previous: Sequence[object] | None = None, *, any_language: bool = False
    ) -> Rows:
        """The analyzer's columns for `cells` (one row each, in order), scored together with concurrent calls;
        `previous` holds each cell's previous turn ('' where none; see `Analyzer.measure`); `any_language` scores
        cells in unsupported languages too (see `Analyzer`).

        Raises `ServerBusy` when the texts waiting, these included, would take more than `max_wait` seconds to
        score at the rate measured so far (a call always gets in when none wait, and every call before the first
        batch has been timed)."""
        rate = self.rate()
        if self._waiting and rate and (self._waiting + len(cells)) / rate > self.max_wait:
            self._refuse(f"{self._waiting:,} texts are", self._waiting)
        before = [""] * len(cells) if previous is None else previous
        job = _Job(cells, before, asyncio.get_running_loop().create_future(), any_language)
        self._waiting += len(cells)
        await self._queue.put(job)
        return await job.done

    async def measure(
        self, cells: Sequence[object], previous: Sequence[object] | None = None, *, any_language: bool = False
    ) -> pd.DataFrame:
        """`score` as a table."""
        return (await self.score(cells, previous, any_language=any_language)).frame()

    async def run(self, function: Callable[..., T], *args: object) -> T:
        """`function(*args)` on the model thread (for work that uses the model but is not a batch of texts).

        Raises `ServerBusy` when `max_waiting_calls` such calls are already waiting or running."""
        if self._calls >= self.max_waiting_calls:
            self._refuse(f"{self._calls:,} requests are", self._waiting + self.max_batch)
        self._calls += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, function, *args)
        finally:
            self._calls -= 1

    def _refuse(self, what: str, texts: int) -> None:
        """Raise `ServerBusy` (`what` is waiting), asking the caller back after the seconds `texts` texts take at
        the scoring rate measured so far."""
        self.refused += 1
        raise ServerBusy(what, max(1, math.ceil(texts / (self.rate() or self.max_batch))))

    def rate(self) -> float | None:
        """Texts scored per second of the busier thread's time (encoder or model), recent batches weighing most
        (None before the first batch)."""
        texts, seconds = self._scored
        return texts / seconds if seconds > 0 else None

    async def _serve(self) -> None:
        measuring: asyncio.Task[None] | None = None
        try:
            while True:
                jobs = await self._gather(await self._queue.get())
                self._waiting -= sum(len(job.cells) for job in jobs)
                # Callers who force scoring of unsupported languages are batched apart from those who do not.
                for any_language in (False, True):
                    together = [job for job in jobs if job.any_language == any_language]
                    if not together:
                        continue
                    encoded = await self._encode(together, any_language)
                    if measuring is not None:
                        await asyncio.wait([measuring])  # one batch measured at a time, in order; never raises
                    measuring = asyncio.create_task(self._finish(together, encoded, any_language))
        finally:
            if measuring is not None:
                measuring.cancel()

    async def _gather(self, first: _Job) -> list[_Job]:
        """`first` and more waiting calls, up to `max_batch` texts: whatever has queued, then, while the batch has
        fewer callers than the last one had (they are likely on their way back), whatever arrives within `window`
        seconds. A lone client is never kept waiting for company it does not have."""
        loop = asyncio.get_running_loop()
        jobs, size, deadline = [first], len(first.cells), loop.time() + self.window
        while size < self.max_batch:
            if not self._queue.empty():
                jobs.append(self._queue.get_nowait())
            elif len(jobs) < self._company and (remaining := deadline - loop.time()) > 0:
                try:
                    jobs.append(await asyncio.wait_for(self._queue.get(), remaining))
                except asyncio.TimeoutError:
                    break
            else:
                break
            size += len(jobs[-1].cells)
        self._company = len(jobs)
        return jobs

    async def _encode(self, jobs: list[_Job], any_language: bool) -> tuple[Encoded, float] | BaseException:
        """The batch of `jobs` encoded on the encoder thread, with the seconds it took (or what went wrong)."""
        cells = [cell for job in jobs for cell in job.cells]
        previous = [cell for job in jobs for cell in job.previous]
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            encoded = await loop.run_in_executor(self._encoder, self._encode_batch, cells, previous, any_language)
        except Exception as err:
            return err
        return encoded, loop.time() - started

    async def _finish(
        self, jobs: list[_Job], encoded: tuple[Encoded, float] | BaseException, any_language: bool
    ) -> None:
        """Measure an encoded batch on the model thread and hand each caller its rows. Where anything failed, each
        caller's cells are scored again on their own: one caller's cells must never fail another's."""
        if isinstance(encoded, BaseException):
            failure: BaseException = encoded
        else:
            batch, encoding_seconds = encoded
            loop = asyncio.get_running_loop()
            started = loop.time()
            try:
                scored, lines = await loop.run_in_executor(self._executor, self._measure_batch, batch)
            except Exception as err:
                failure = err
            else:
                self._answer(jobs, scored, lines, max(encoding_seconds, loop.time() - started))
                return
        if len(jobs) > 1:
            for job in jobs:
                await self._finish([job], await self._encode([job], any_language), any_language)
        elif not jobs[0].done.done():
            jobs[0].done.set_exception(failure)

    def _answer(self, jobs: list[_Job], scored: pd.DataFrame, lines: list[str], seconds: float) -> None:
        """Hand each caller its rows of a batch that took `seconds` of the busier thread's time."""
        self.batches += 1
        texts, total = self._scored
        self._scored = (0.8 * texts + len(scored), 0.8 * total + seconds)
        start, columns = 0, list(scored.columns)
        for job in jobs:
            if not job.done.cancelled():
                job.done.set_result(Rows(scored, lines, start, start + len(job.cells), columns))
            start += len(job.cells)

    def _encode_batch(self, cells: list[object], previous: list[object], any_language: bool) -> Encoded:
        return self.analyzer.encode(cells, previous, any_language=any_language)

    def _measure_batch(self, encoded: Encoded) -> tuple[pd.DataFrame, list[str]]:
        # JSON lines escape newlines inside texts, so each line is one row.
        scored = self.analyzer.measure_encoded(encoded)
        lines = scored.to_json(orient="records", lines=True, double_precision=4, default_handler=str)
        return scored, lines.split("\n")[: len(scored)]
