"""The per-article stages in order: toponyms → resolve → events, batched through spaCy's nlp.pipe."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from spacy.tokens import Doc
from spacy.util import minibatch

from geomap import toponyms
from geomap.event_score import Layout
from geomap.events import WAR_THEATRE, extract_events, needs_main_place
from geomap.focus import Focus, SentenceGate
from geomap.gazetteer import open_gazetteer
from geomap.geocode import GeocoderFallback, fill_unresolved
from geomap.records import Article, ArticleResult, Resolution
from geomap.resolve import Resolver, settle_qualifiers


class Pipeline:
    def __init__(self, model: str = toponyms.DEFAULT_MODEL, region_prior: str = "ru-ua",
                 geocoder: GeocoderFallback | None = None, focus: bool = False):
        """`region_prior` "ru-ua" favours namesakes in the war's theatre; "none" ranks the world evenly.
        `geocoder`, when given, places the names the gazetteer cannot. `focus` reads only the sentences that can
        report an incident (geomap.focus): events stay the same, places named elsewhere are not listed."""
        self.geocoder = geocoder
        self.nlp = toponyms.load_pipeline(model)
        self.gate = SentenceGate(open_gazetteer()) if focus else None
        self.theatre = None if region_prior == "none" else WAR_THEATRE
        if region_prior == "none":
            self.resolver = Resolver(open_gazetteer(), theatre={}, frontline=frozenset())
        else:
            self.resolver = Resolver(open_gazetteer())

    def run(self, articles: Iterable[Article], batch_size: int = 128) -> Iterator[ArticleResult]:
        """Results in input order, streaming: `batch_size` articles at a time."""
        for batch in minibatch(articles, size=batch_size):
            read = [_read(article) for article in batch]
            results = iter(self._run_batch([a for a, _ in read if a is not None], batch_size))
            for (article, problem), original in zip(read, batch, strict=True):
                yield next(results) if article is not None else _unreadable(original, problem)

    def _run_batch(self, batch: Sequence[Article], batch_size: int) -> list[ArticleResult]:
        if self.gate is None:
            return [r for r, _ in self._process([(a, Focus(a.text, ((0, 0),))) for a in batch], batch_size)]
        # The gate adds context where an incident sentence names no known place; where the parse shows that one
        # still lacks a place (a country, an origin), the article is read again with its context.
        focused = [(a, self.gate.focus(a.text)) for a in batch]
        narrow = self._process(focused, batch_size)
        again = [i for i, (_, needs_context) in enumerate(narrow) if needs_context and not focused[i][1].context]
        wide = self._process([(batch[i], self.gate.focus(batch[i].text, context=True)) for i in again], batch_size)
        results = [r for r, _ in narrow]
        for i, (result, _) in zip(again, wide, strict=True):
            results[i] = result
        return results

    def _process(self, focused: list[tuple[Article, Focus]], batch_size: int) -> list[tuple[ArticleResult, bool]]:
        """(result, whether an incident lacked a place of its own) per article."""
        inputs = ((focus.text, (article, focus)) for article, focus in focused)
        return [self._result(doc, article, focus)
                for doc, (article, focus) in self.nlp.pipe(inputs, as_tuples=True, batch_size=batch_size)]

    def _result(self, doc: Doc, article: Article, focus: Focus) -> tuple[ArticleResult, bool]:
        mentions = toponyms.mentions(doc)
        stated = self.resolver.stated_regions(mentions, doc.text)
        resolutions = self.resolver.resolve_article(mentions, stated)
        before = self._geocoder_counts()
        if self.geocoder is not None:
            resolutions = fill_unresolved(resolutions, self.geocoder, stated)
        resolutions = settle_qualifiers(resolutions, stated)
        requests, failures = (now - then for now, then in zip(self._geocoder_counts(), before, strict=True))
        lean = replace(article, text="")
        layout = Layout(len(article.text), focus.to_article)
        result = ArticleResult(lean, [_to_article(r, focus) for r in resolutions],
                               extract_events(lean, doc, resolutions, layout, self.theatre), requests, failures)
        return result, needs_main_place(doc, resolutions)

    def _geocoder_counts(self) -> tuple[int, int]:
        """(requests sent, names given up) so far."""
        return (self.geocoder.requests_sent, self.geocoder.failures) if self.geocoder else (0, 0)


def _read(article: Article) -> tuple[Article | None, str | None]:
    """A saved page is reduced to its article here, where the work runs in parallel: (article, None) or (None, why)."""
    if article.page is None:
        return article, None
    from geomap.ingest import read_page  # trafilatura: imported only where pages arrive

    return read_page(article)


def _unreadable(article: Article, problem: str) -> ArticleResult:
    return ArticleResult(replace(article, page=None), [], [], problem=problem)


def _to_article(resolution: Resolution, focus: Focus) -> Resolution:
    """Mention offsets were counted in the focus text; report them in the article's."""
    m = resolution.mention
    start = focus.to_article(m.start)
    return replace(resolution, mention=replace(m, start=start, end=start + m.end - m.start))
