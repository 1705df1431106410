"""Micro-batching: concurrent requests are scored together, and each caller gets exactly its own rows."""

from __future__ import annotations

import asyncio

import pandas as pd
import pytest

from disclosure.analyzer import cached_analyzer
from disclosure.schema import STATUS_FORCED_LANGUAGE, STATUS_UNSUPPORTED_LANGUAGE
from disclosure.serve.batching import ModelWorker


class CountingAnalyzer:
    """The fast analyzer, recording the size of every batch it is asked to score."""

    def __init__(self) -> None:
        self.inner = cached_analyzer("fast")
        self.sizes: list[int] = []

    def measure(
        self, cells: list[object], previous: list[object] | None = None, *, any_language: bool | None = None
    ) -> pd.DataFrame:
        self.sizes.append(len(cells))
        return self.inner.measure(cells, previous, any_language=any_language)


def test_concurrent_calls_share_batches_and_get_their_own_rows() -> None:
    analyzer = CountingAnalyzer()
    texts = [f"I have lived in this town for {n} years and I love it." for n in range(40)]

    async def main() -> list[pd.DataFrame]:
        worker = ModelWorker(analyzer, window=0.01, max_batch=16)  # type: ignore[arg-type]
        worker.start()
        try:
            return await asyncio.gather(*(worker.measure([text]) for text in texts))
        finally:
            await worker.stop()

    results = asyncio.run(main())
    alone = analyzer.inner.measure(texts)
    assert [len(r) for r in results] == [1] * 40
    for n, result in enumerate(results):
        assert result["disclosure"].iloc[0] == pytest.approx(alone["disclosure"].iloc[n])
    assert sum(analyzer.sizes) == 40 and max(analyzer.sizes) <= 16 and len(analyzer.sizes) <= 4


def test_a_failed_batch_fails_its_callers_and_the_worker_goes_on() -> None:
    class Failing(CountingAnalyzer):
        def measure(
            self, cells: list[object], previous: list[object] | None = None, *, any_language: bool | None = None
        ) -> pd.DataFrame:
            if "fail" in cells:
                raise RuntimeError("the model failed")
            return super().measure(cells, previous, any_language=any_language)

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
