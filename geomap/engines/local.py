"""The local engine: chunks run in this process (one job, or a lone chunk) or in a pool of `jobs` processes."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor

from geomap.extraction import ExtractionSettings, extract_chunk
from geomap.records import Article


class LocalEngine:
    def __init__(self, jobs: int = 1):
        self.workers = max(1, jobs)
        self._pool: ProcessPoolExecutor | None = None

    def warm_up(self, settings: ExtractionSettings) -> None:
        """Start the workers and their pipelines now, while this process is still importing and reading (for large
        inputs): a pool only starts a worker when a task arrives, so each is handed one that does nothing."""
        if self.workers > 1 and self._pool is None:
            self._start(settings)
            for _ in range(self.workers):
                self._pool.submit(int)

    def submit(self, settings: ExtractionSettings, articles: list[Article], more: bool) -> Future:
        if self.workers == 1 or (self._pool is None and not more):
            return _done(extract_chunk, settings, articles)  # a pool would cost more to start than it saves
        if self._pool is None:
            self._start(settings)
        return self._pool.submit(extract_chunk, settings, articles)

    def _start(self, settings: ExtractionSettings) -> None:
        # forkserver: workers start clean, not as copies of a parent holding SQLite handles and threads. (Preloading
        # spaCy in the server was measured: this process then waits for it, and the build ends 0.3 s later.)
        context = multiprocessing.get_context("forkserver")
        self._pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=extract_chunk,
                                         initargs=(settings, []))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


def _done(function, *args) -> Future:
    future: Future = Future()
    future.set_result(function(*args))
    return future
