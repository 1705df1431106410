"""Micro-batching: concurrent requests are scored together, and each caller gets exactly its own rows."""

from __future__ import annotations

import asyncio
import itertools
import threading
import time

import pandas as pd
import pytest

from disclosure.analyzer import Encoded, cached_analyzer
from disclosure.schema import STATUS_FORCED_LANGUAGE, STATUS_UNSUPPORTED_LANGUAGE
from disclosure.serve.batching import ModelWorker, ServerBusy


class CountingAnalyzer:
    """The fast analyzer, recording the size of every batch it is asked to score."""

    def __init__(self) -> None:
        self.inner = cached_analyzer("fast")
        self.sizes: list[int] = []

    def encode(
        self, cells: list[object], previous: list[object] | None = None, *, any_language: bool | None = None
    ) -> Encoded:
        self.sizes.append(len(cells))
        return self.inner.encode(cells, previous, any_language=any_language)

    def measure_encoded(self, encoded: Encoded) -> pd.DataFrame:
        return self.inner.measure_encoded(encoded)

    def measure(
        self, cells: list[object], previous: list[object] | None = None, *, any_language: bool | None = None
    ) -> pd.DataFrame:
        return self.measure_encoded(self.encode(cells, previous, any_language=any_language))


def one_call_per_text(
    analyzer: CountingAnalyzer, texts: list[str], *, window: float, max_batch: int
) -> list[pd.DataFrame]:
    """Each text sent as its own call, all at once, through a worker with these settings; each call's rows."""

    async def main() -> list[pd.DataFrame]:
        worker = ModelWorker(analyzer, window=window, max_batch=max_batch)  # type: ignore[arg-type]
        worker.start()
        try:
            return await asyncio.gather(*(worker.measure([text]) for text in texts))
        finally:
            await worker.stop()

    return asyncio.run(main())


def test_concurrent_calls_share_batches_and_get_their_own_rows() -> None:
    analyzer = CountingAnalyzer()
    texts = [f"I have lived in this town for {n} years and I love it." for n in range(40)]
    results = one_call_per_text(analyzer, texts, window=0.01, max_batch=16)
    alone = analyzer.inner.measure(texts)
    assert [len(r) for r in results] == [1] * 40
    for n, result in enumerate(results):
        assert result["disclosure"].iloc[0] == pytest.approx(alone["disclosure"].iloc[n])
    assert sum(analyzer.sizes) == 40 and max(analyzer.sizes) <= 16 and len(analyzer.sizes) <= 4


def test_a_failed_batch_fails_its_callers_and_the_worker_goes_on() -> None:
    class Failing(CountingAnalyzer):
        def encode(
            self, cells: list[object], previous: list[object] | None = None, *, any_language: bool | None = None
        ) -> Encoded:
            if "fail" in cells:
                raise RuntimeError("the model failed")
            return super().encode(cells, previous, any_language=any_language)

    async def main() -> tuple[BaseException | pd.DataFrame, pd.DataFrame]:
        worker = ModelWorker(Failing(), window=0.0)  # type: ignore[arg-type]
        worker.start()
        try:
            failed = (await asyncio.gather(worker.measure(["fail"]), return_exceptions=True))[0]
            return failed, await worker.measure(["still here"])
        finally:
            await worker.stop()

    failed, after = asyncio.run(main())
    assert isinstance(failed, RuntimeError) and after["status"].tolist() == ["ok"]


def test_callers_who_force_other_languages_and_callers_who_do_not_each_get_their_own_answer() -> None:
    spanish = "Me siento muy sola desde que perdí mi trabajo."

    async def main() -> list[pd.DataFrame]:
        worker = ModelWorker(CountingAnalyzer(), window=0.01)  # type: ignore[arg-type]
        worker.start()
        try:
            calls = [worker.score([spanish], any_language=forced) for forced in (False, True, False, True)]
            return [rows.frame() for rows in await asyncio.gather(*calls)]
        finally:
            await worker.stop()

    results = asyncio.run(main())
    assert [r["status"].iloc[0] for r in results] == [STATUS_UNSUPPORTED_LANGUAGE, STATUS_FORCED_LANGUAGE] * 2
    assert [r["disclosure"].notna().iloc[0] for r in results] == [False, True] * 2


class HeldAnalyzer(CountingAnalyzer):
    """The fast analyzer, taking at least half a second a batch and holding every batch after the first until the
    test lets it go (so calls pile up behind it)."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def encode(
        self, cells: list[object], previous: list[object] | None = None, *, any_language: bool | None = None
    ) -> Encoded:
        time.sleep(0.5)
        if self.sizes:
            self.release.wait(timeout=30)
        return super().encode(cells, previous, any_language=any_language)


def test_a_call_that_would_wait_too_long_is_refused_at_once_and_told_when_to_come_back() -> None:
    analyzer = HeldAnalyzer()

    async def main() -> tuple[list[pd.DataFrame], ServerBusy, int]:
        worker = ModelWorker(analyzer, window=0.0, max_wait=0.1)  # type: ignore[arg-type]
        worker.start()
        try:
            # The first batch is timed: 10 texts in at least 0.5 s, so 4 waiting texts would take at least 0.2 s.
            first = await worker.measure([f"I have been anxious for {n} weeks." for n in range(10)])
            held = asyncio.ensure_future(worker.measure(["the batch being scored"]))
            await asyncio.sleep(0.1)  # the worker has taken it and is held
            waiting = asyncio.ensure_future(worker.measure(["Nobody waits, so I get in.", "Me too."]))
            await asyncio.sleep(0)
            with pytest.raises(ServerBusy) as refused:
                await worker.measure(["Two are waiting already,", "so I am refused."])
            analyzer.release.set()
            answered = [first, *await asyncio.gather(held, waiting)]
            answered.append(await worker.measure(["Once the queue drained, calls get in again."]))
            return answered, refused.value, worker.refused
        finally:
            analyzer.release.set()
            await worker.stop()

    answered, refused, count = asyncio.run(main())
    assert [len(rows) for rows in answered] == [10, 1, 2, 1]
    assert refused.retry_after >= 1 and "2 texts are already waiting" in str(refused)
    assert count == 1


def test_a_call_however_large_gets_in_when_nothing_waits() -> None:
    async def main() -> list[pd.DataFrame]:
        worker = ModelWorker(CountingAnalyzer(), window=0.0, max_wait=1e-9)  # type: ignore[arg-type]
        worker.start()
        try:
            return [await worker.measure([f"I moved here {n} years ago." for n in range(k)]) for k in (5, 50)]
        finally:
            await worker.stop()

    assert [len(rows) for rows in asyncio.run(main())] == [5, 50]


def test_other_model_calls_are_bounded_too() -> None:
    analyzer = HeldAnalyzer()

    async def main() -> tuple[list[int], BaseException | pd.DataFrame]:
        worker = ModelWorker(analyzer, max_waiting_calls=2)  # type: ignore[arg-type]
        worker.start()
        try:
            running = [asyncio.ensure_future(worker.run(analyzer.measure, [f"call {n}"])) for n in range(2)]
            await asyncio.sleep(0.05)
            third = (await asyncio.gather(worker.run(analyzer.measure, ["a third"]), return_exceptions=True))[0]
            analyzer.release.set()
            return [len(frame) for frame in await asyncio.gather(*running)], third
        finally:
            analyzer.release.set()
            await worker.stop()

    done, third = asyncio.run(main())
    assert done == [1, 1] and isinstance(third, ServerBusy)


def test_a_lone_caller_is_not_kept_waiting_for_company() -> None:
    """The batching window is a cap, not a fixed wait: with nobody else arriving the batch is scored at once."""

    async def main() -> float:
        worker = ModelWorker(CountingAnalyzer(), window=5.0)  # type: ignore[arg-type]
        worker.start()
        try:
            await worker.measure(["warm up"])
            start = time.perf_counter()
            await worker.measure(["I have been feeling low since the move."])
            return time.perf_counter() - start
        finally:
            await worker.stop()

    assert asyncio.run(main()) < 2.5


class TimedStages(CountingAnalyzer):
    """The fast analyzer, each stage taking at least 0.2 s and noting when it ran."""

    def __init__(self) -> None:
        super().__init__()
        self.encoding: list[tuple[float, float]] = []
        self.measuring: list[tuple[float, float]] = []

    def encode(
        self, cells: list[object], previous: list[object] | None = None, *, any_language: bool | None = None
    ) -> Encoded:
        start = time.perf_counter()
        time.sleep(0.2)
        encoded = super().encode(cells, previous, any_language=any_language)
        self.encoding.append((start, time.perf_counter()))
        return encoded

    def measure_encoded(self, encoded: Encoded) -> pd.DataFrame:
        start = time.perf_counter()
        time.sleep(0.2)
        measured = super().measure_encoded(encoded)
        self.measuring.append((start, time.perf_counter()))
        return measured


def test_the_next_batch_is_encoded_while_the_last_is_measured() -> None:
    analyzer = TimedStages()
    texts = [f"I have not slept properly for {n} nights." for n in range(4)]
    results = one_call_per_text(analyzer, texts, window=0.0, max_batch=1)
    assert [len(r) for r in results] == [1] * 4 and analyzer.sizes == [1] * 4
    overlapping = [
        (e, m) for e in analyzer.encoding for m in analyzer.measuring if e[0] < m[1] - 0.05 and m[0] < e[1] - 0.05
    ]
    assert len(overlapping) >= 2
    ordered = sorted(analyzer.measuring)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(ordered))  # one batch measured at a time


def test_a_batch_that_fails_while_measured_fails_only_the_caller_whose_cells_broke_it() -> None:
    class FailsWhenMeasured(CountingAnalyzer):
        def measure_encoded(self, encoded: Encoded) -> pd.DataFrame:
            if "poison" in encoded.texts:
                raise RuntimeError("the measures cannot read this")
            return super().measure_encoded(encoded)

    async def main() -> list[BaseException | pd.DataFrame]:
        worker = ModelWorker(FailsWhenMeasured(), window=0.2)  # type: ignore[arg-type]
        worker.start()
        try:
            calls = [worker.measure(["fine one"]), worker.measure(["poison"]), worker.measure(["fine two"])]
            return await asyncio.gather(*calls, return_exceptions=True)
        finally:
            await worker.stop()

    first, poisoned, second = asyncio.run(main())
    assert isinstance(poisoned, RuntimeError)
    assert isinstance(first, pd.DataFrame) and isinstance(second, pd.DataFrame)
    assert first["status"].tolist() == ["ok"] and second["status"].tolist() == ["ok"]
