"""Extraction at scale: articles streamed in chunks to an engine (this process, a process pool, a dask cluster),
results cached per article and handed back in input order.

The engine runs `extract_chunk` wherever its workers are; everything else (reading, the cache, merging) stays in
the calling process, so every engine gives the same output.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from typing import Protocol

from geomap.cache import ExtractionCache, article_key, settings_digest
from geomap.geocode import GeocoderSettings
from geomap.records import Article, ArticleResult, Event, Place

CHUNK = 128  # articles per task: large enough for nlp.pipe batching, small enough to keep memory flat
CHUNK_CHARS = 16_000_000  # and at most this much text per task: a saved page may run to megabytes


@dataclass(frozen=True)
class ExtractionSettings:
    """Everything a worker needs to build the same pipeline as any other worker."""

    model: str
    region_prior: str = "ru-ua"
    focus: bool = True  # only incident sentences (build); else every place (extract, eval)
    gated: bool = False  # without focus: tagger and parser only where a place or an incident may be
    geocoder: GeocoderSettings | None = None
    language: str = "auto"  # or "en", "uk", "ru": read every article in that language

    def digest(self) -> str:
        from geomap import gazetteer

        try:
            model_version = metadata.version(self.model.replace("_", "-"))
        except metadata.PackageNotFoundError:
            model_version = "unknown"
        geocoder = None if self.geocoder is None else [self.geocoder.provider, self.geocoder.url]
        return settings_digest({"model": [self.model, model_version], "region_prior": self.region_prior,
                                "focus": self.focus, "gated": self.gated, "geocoder": geocoder,
                                "language": self.language,
                                "gazetteer": gazetteer.digest()})

    def sharing(self, workers: int) -> ExtractionSettings:
        """Settings for one of `workers` workers that may not share a geocoder cache file (other machines): each
        waits `workers` times longer between requests, so that together they keep the provider's rate limit."""
        if self.geocoder is None or workers <= 1:
            return self
        return dataclasses.replace(self, geocoder=dataclasses.replace(
            self.geocoder, min_delay=self.geocoder.min_delay * workers))


_pipelines: dict[str, object] = {}  # by repr(settings): GeocoderSettings holds a dict, so settings do not hash


def extract_chunk(settings: ExtractionSettings, articles: list[Article]) -> list[ArticleResult]:
    """The per-article work; runs in an engine's worker, which keeps one pipeline per settings."""
    pipeline = _pipelines.get(repr(settings))
    if pipeline is None:
        pipeline = _pipelines[repr(settings)] = _make_pipeline(settings)
    return list(pipeline.run(articles))


def _make_pipeline(settings: ExtractionSettings):
    from geomap.geocode import GeocoderFallback
    from geomap.pipeline import Pipeline

    geocoder = GeocoderFallback(settings.geocoder) if settings.geocoder else None
    return Pipeline(settings.model, region_prior=settings.region_prior, geocoder=geocoder, focus=settings.focus,
                    gated=settings.gated, language=settings.language)


class Future(Protocol):
    def result(self) -> list[ArticleResult]: ...


class Engine(Protocol):
    workers: int

    def warm_up(self, settings: ExtractionSettings) -> None:
        """Get workers ready before the first chunk, when much input is expected."""

    def submit(self, settings: ExtractionSettings, articles: list[Article], more: bool) -> Future:
        """Start extract_chunk(settings, articles); `more` tells whether other chunks follow."""

    def close(self) -> None:
        """Stop the workers; calling it again does nothing."""


@dataclass
class RunCounts:
    """What a run did, for its summary; `listeners` hear of each chunk done (the progress bar)."""

    read: int = 0
    cached: int = 0
    processed: int = 0
    geocoder_requests: int = 0
    geocoder_failures: int = 0
    listeners: list[Callable[[int], None]] = field(default_factory=list)


def extract(articles: Iterable[Article], settings: ExtractionSettings, engine: Engine,
            cache: ExtractionCache | None = None, force: bool = False, counts: RunCounts | None = None,
            ) -> Iterator[ArticleResult]:
    """Results in input order. At most two chunks per worker are in flight, so memory does not grow with the
    corpus; results are cached as each chunk returns."""
    counts = counts if counts is not None else RunCounts()
    digest = settings.digest() if cache is not None else ""
    shared = _Shared()
    pending: deque = deque()
    for chunk, more in _lookahead(_chunks(articles)):
        keys = [article_key(digest, a) for a in chunk] if cache is not None else [str(i) for i in range(len(chunk))]
        known = cache.get_many(keys) if cache is not None and not force else {}
        missing = [a for a, k in zip(chunk, keys, strict=True) if k not in known]
        future = engine.submit(settings, missing, more) if missing else None
        pending.append((keys, known, future))
        counts.read += len(chunk)
        while len(pending) > 2 * engine.workers or (pending and not more):
            yield from map(shared.result, _collect(pending.popleft(), cache, counts))


class _Shared:
    """One copy in this process of what results from different articles hold alike: each result arrives
    unpickled with its own copy of every place and every date, type and spelling, and a build keeps a million
    articles' reports for merging (a report took ~1.1 KB; the place alone ~450 bytes of it)."""

    def __init__(self):
        self._places: dict[str, Place] = {}
        self._strings: dict[str, str] = {}
        self._last: tuple[Article, Article] | None = None

    def result(self, result: ArticleResult) -> ArticleResult:
        if not result.events:
            return result
        return dataclasses.replace(result, events=[self._event(e) for e in result.events])

    def _event(self, e: Event) -> Event:
        text = self._string
        reports = tuple(dataclasses.replace(r, mention=text(r.mention), article=self._article(r.article))
                        for r in e.reports)
        return dataclasses.replace(e, place=self._places.setdefault(e.place.id, e.place), reports=reports,
                                   event_id=text(e.event_id), event_type=text(e.event_type), date=text(e.date),
                                   trigger=text(e.trigger), date_precision=text(e.date_precision))

    def _article(self, article: Article) -> Article:
        """An article's reports share one copy of it, as they did before pickling."""
        if self._last is None or self._last[0] is not article:
            lean = dataclasses.replace(article, date=self._string(article.date), source=self._string(article.source))
            self._last = (article, lean)
        return self._last[1]

    def _string(self, value: str | None) -> str | None:
        return value if value is None else self._strings.setdefault(value, value)


def _collect(item, cache: ExtractionCache | None, counts: RunCounts) -> Iterator[ArticleResult]:
    keys, known, future = item
    fresh = iter(future.result() if future is not None else ())
    computed = []
    for key in keys:
        if key in known:
            counts.cached += 1
            result = known[key]
        else:
            result = next(fresh)
            counts.processed += 1
            counts.geocoder_requests += result.geocoder_requests
            counts.geocoder_failures += result.geocoder_failures
            if not result.geocoder_failures:
                computed.append((key, result))
        yield result
    if cache is not None and computed:
        cache.put_many(computed)
    for listener in counts.listeners:
        listener(len(keys))


def _chunks(articles: Iterable[Article]) -> Iterator[list[Article]]:
    """Lists of CHUNK articles, or fewer holding CHUNK_CHARS of text and pages; the last one shorter."""
    chunk, chars = [], 0
    for article in articles:
        chunk.append(article)
        chars += len(article.text) + len(article.page or "")
        if len(chunk) == CHUNK or chars >= CHUNK_CHARS:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def _lookahead(chunks: Iterator[list]) -> Iterator[tuple[list, bool]]:
    """(chunk, whether another follows)."""
    previous = next(chunks, None)
    for chunk in chunks:
        yield previous, True
        previous = chunk
    if previous is not None:
        yield previous, False
