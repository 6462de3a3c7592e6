"""The per-article stages in order: toponyms → resolve → events, batched through spaCy's nlp.pipe."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from geomap import toponyms
from geomap.events import extract_events
from geomap.gazetteer import open_gazetteer
from geomap.geocode import GeocoderFallback, fill_unresolved
from geomap.records import Article, Event, Resolution
from geomap.resolve import Resolver


@dataclass(frozen=True)
class ArticleResult:
    article: Article
    resolutions: list[Resolution]
    events: list[Event]


class Pipeline:
    def __init__(self, model: str = toponyms.DEFAULT_MODEL, region_prior: str = "ru-ua",
                 geocoder: GeocoderFallback | None = None):
        """`region_prior` "ru-ua" favours namesakes in the war's theatre; "none" ranks the world evenly.
        `geocoder`, when given, places the names the gazetteer cannot."""
        self.geocoder = geocoder
        self.nlp = toponyms.load_pipeline(model)
        if region_prior == "none":
            self.resolver = Resolver(open_gazetteer(), theatre={}, frontline=frozenset())
        else:
            self.resolver = Resolver(open_gazetteer())

    def run(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[ArticleResult]:
        pairs = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            resolutions = self.resolver.resolve_article(toponyms.mentions(doc))
            if self.geocoder is not None:
                resolutions = fill_unresolved(resolutions, self.geocoder)
            yield ArticleResult(article, resolutions, extract_events(article, doc, resolutions))
