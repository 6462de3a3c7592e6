"""The per-article stages in order: toponyms → resolve → events, batched through spaCy's nlp.pipe."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from spacy.pipeline import Sentencizer
from spacy.tokens import Doc
from spacy.util import minibatch

from geomap import toponyms
from geomap.event_score import Layout
from geomap.events import WAR_THEATRE, extract_events, incidents_of, needs_stand_in
from geomap.focus import Focus, SentenceGate
from geomap.gating import PlaceGate
from geomap.gazetteer import open_gazetteer
from geomap.geocode import GeocoderFallback, fill_unresolved
from geomap.language import AUTO, language_of
from geomap.records import Article, ArticleResult, Resolution
from geomap.resolve import Resolver, settle_qualifiers

BATCH_CHARS = 160_000  # text per spaCy batch (see Pipeline._pipe)


class Pipeline:
    def __init__(self, model: str = toponyms.DEFAULT_MODEL, region_prior: str = "ru-ua",
                 geocoder: GeocoderFallback | None = None, focus: bool = False, gated: bool = False,
                 language: str = AUTO):
        """`region_prior` "ru-ua" favours namesakes in the war's theatre; "none" ranks the world evenly.
        `geocoder`, when given, places the names the gazetteer cannot. `focus` reads only the sentences that can
        report an incident (geomap.focus): events stay the same, places named elsewhere are not listed. `gated`
        (without `focus`) runs NER on every sentence and the rest of spaCy only on those that may hold a place
        or an incident (geomap.gating): every place is listed, as by the full pass. `language` "auto" reads each
        article in its own language (geomap.language); "en", "uk" or "ru" reads every article in that one.
        Ukrainian and Russian articles go through spaCy's blank pipelines for those languages
        (geomap.toponyms_cyrillic), loaded when the first article in one arrives; `focus` and `gated` apply to
        English."""
        self.geocoder = geocoder
        self.language = language
        self.nlp = toponyms.load_pipeline(model)
        self._nlps = {"en": self.nlp}
        self.gate = SentenceGate(open_gazetteer()) if focus else None
        self.theatre = None if region_prior == "none" else WAR_THEATRE
        self.place_gate = PlaceGate(open_gazetteer()) if gated and not focus else None
        self._sentencizer = Sentencizer()
        if region_prior == "none":
            self.resolver = Resolver(open_gazetteer(), theatre={}, frontline=frozenset())
        else:
            self.resolver = Resolver(open_gazetteer())

    def run(self, articles: Iterable[Article], batch_size: int = 128) -> Iterator[ArticleResult]:
        """Results in input order, streaming: `batch_size` articles at a time, each language's in one pass."""
        for batch in minibatch(articles, size=batch_size):
            read = [_read(article) for article in batch]
            readable = [self._with_language(a) for a, _ in read if a is not None]
            by_language: dict[str, list[int]] = {}
            for i, article in enumerate(readable):
                by_language.setdefault(article.language, []).append(i)
            done: list[ArticleResult | None] = [None] * len(readable)
            for lang, indexes in by_language.items():
                articles_in = [readable[i] for i in indexes]
                found = self._run_batch(articles_in, batch_size) if lang == "en" else \
                    self._run_language(lang, articles_in, batch_size)
                for i, result in zip(indexes, found, strict=True):
                    done[i] = result
            results = iter(done)
            for (article, problem), original in zip(read, batch, strict=True):
                yield next(results) if article is not None else _unreadable(original, problem)

    def _with_language(self, article: Article) -> Article:
        lang = language_of(article.text, self.language, article.language)
        return article if article.language == lang else replace(article, language=lang)

    def _run_language(self, lang: str, batch: Sequence[Article], batch_size: int) -> list[ArticleResult]:
        """Ukrainian or Russian articles, read whole through that language's pipeline."""
        nlp = self._nlps.get(lang)
        if nlp is None:
            from geomap import toponyms_cyrillic

            nlp = self._nlps[lang] = toponyms_cyrillic.load_pipeline(lang)
        inputs = [(a.text, (a, Focus(a.text, ((0, 0),)))) for a in batch]
        return [self._result(doc, article, focus)[0]
                for doc, (article, focus) in self._pipe(inputs, batch_size, nlp=nlp)]

    def _run_batch(self, batch: Sequence[Article], batch_size: int) -> list[ArticleResult]:
        if self.place_gate is not None:
            return self._run_gated(batch, batch_size)
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

    def _run_gated(self, batch: Sequence[Article], batch_size: int) -> list[ArticleResult]:
        """NER over every article, then the rest of the pipeline over the sentences the place gate keeps, NER's
        entities carried over. An article whose entities cannot be carried over unchanged (one crosses a
        sentence boundary the parse draws, which NER in the full pipeline respects) goes through the full pass."""
        besides_ner = [name for name in self.nlp.pipe_names if name != "ner"]
        named = list(self._pipe([(a.text, None) for a in batch], batch_size, disable=besides_ner))
        named = [doc for doc, _ in named]
        focused = [(i, self.place_gate.focus(self._sentencizer(doc))) for i, doc in enumerate(named)]
        results: list[ArticleResult | None] = [None] * len(batch)
        inputs = [(focus.text, (i, focus)) for i, focus in focused if focus.text]
        again = []
        for doc, (i, focus) in self._pipe(inputs, batch_size, disable=["ner", "geomap_toponyms"]):
            if not _carry_entities(named[i], doc, focus):
                again.append(i)
                continue
            results[i] = self._result(self.nlp.get_pipe("geomap_toponyms")(doc), batch[i], focus)[0]
        whole = self._process([(batch[i], Focus(batch[i].text, ((0, 0),))) for i in again], batch_size)
        for i, (result, _) in zip(again, whole, strict=True):
            results[i] = result
        return [r if r is not None else ArticleResult(replace(a, text=""), [], []) for r, a in
                zip(results, batch, strict=True)]

    def _process(self, focused: list[tuple[Article, Focus]], batch_size: int) -> list[tuple[ArticleResult, bool]]:
        """(result, whether an incident lacked a place of its own) per article."""
        inputs = [(focus.text, (article, focus)) for article, focus in focused]
        return [self._result(doc, article, focus) for doc, (article, focus) in self._pipe(inputs, batch_size)]

    def _pipe(self, inputs: list[tuple[str, object]], batch_size: int, disable: Sequence[str] = (), nlp=None):
        """nlp.pipe over (text, context) pairs in batches of at most `batch_size` texts and BATCH_CHARS characters:
        the parser and NER hold state for every token of a batch (128 articles of 8,000 characters took ~800 MB
        in one worker; 128 of 760, 60 MB). `nlp`: another language's pipeline than the English one."""
        nlp = nlp or self.nlp
        batch, chars = [], 0
        for item in inputs:
            if batch and (len(batch) == batch_size or chars + len(item[0]) > BATCH_CHARS):
                yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch), disable=disable)
                batch, chars = [], 0
            batch.append(item)
            chars += len(item[0])
        if batch:
            yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch), disable=disable)

    def resolutions(self, doc: Doc) -> list[Resolution]:
        """The places of a parsed article as the pipeline settles them: resolved in the regions the text states,
        the rest asked of the geocoder (when there is one), a village's stated region no place of its own.
        benchmarks/fit_event_weights.py reads candidates through this too, so the weights are fitted on what runs."""
        mentions = toponyms.mentions(doc)
        stated = self.resolver.stated_regions(mentions, doc.text)
        resolutions = self.resolver.resolve_article(mentions, stated)
        if self.geocoder is not None:
            resolutions = fill_unresolved(resolutions, self.geocoder, stated)
        return settle_qualifiers(resolutions, stated)

    def _result(self, doc: Doc, article: Article, focus: Focus) -> tuple[ArticleResult, bool]:
        before = self._geocoder_counts()
        resolutions = self.resolutions(doc)
        requests, failures = (now - then for now, then in zip(self._geocoder_counts(), before, strict=True))
        lean = replace(article, text="")
        layout = Layout.of(article.text, focus.to_article)
        incidents = list(incidents_of(doc, resolutions))  # matched once, for the events and for the gate
        result = ArticleResult(lean, [_to_article(r, focus) for r in resolutions],
                               extract_events(lean, doc, resolutions, layout, self.theatre, incidents), requests,
                               failures)
        return result, needs_stand_in(incidents)

    def _geocoder_counts(self) -> tuple[int, int]:
        """(requests sent, names given up) so far."""
        return (self.geocoder.requests_sent, self.geocoder.failures) if self.geocoder else (0, 0)


def _carry_entities(named: Doc, doc: Doc, focus: Focus) -> bool:
    """Set `named`'s entities on `doc` (the focus text's parse); False when one does not fall whole inside one
    segment of the focus or crosses one of `doc`'s sentences."""
    bounds = [(f, a, (nxt[0] - 1 if nxt else len(focus.text)) - f)
              for (f, a), nxt in zip(focus.segments, [*focus.segments[1:], None], strict=True)]
    spans = []
    for ent in named.ents:
        segment = next(((f, a) for f, a, length in bounds if a <= ent.start_char and ent.end_char <= a + length),
                       None)
        if segment is None:
            if any(a < ent.end_char and ent.start_char < a + length for _, a, length in bounds):
                return False  # straddles a segment's edge
            continue  # in a sentence the gate dropped: no place, no incident
        start = ent.start_char - segment[1] + segment[0]
        span = doc.char_span(start, start + len(ent.text), label=ent.label_)
        if span is None or any(t.is_sent_start for t in span[1:]):
            return False
        spans.append(span)
    doc.ents = spans
    return True


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
