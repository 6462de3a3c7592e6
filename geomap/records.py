"""Typed records passed between pipeline stages (ingest → toponyms → resolve → events → export)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read from disk."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None  # ISO 8601 day, as given by the source
    url: str | None = None
    source: str | None = None  # outlet name
    path: str | None = None  # file it came from
    # A saved web page as read, its text not yet extracted (`text` empty): extracting it costs ~45 ms, so it
    # runs where the article is processed, in parallel, not in the process that reads (ingest.read_page).
    page: str | None = None
    language: str | None = None  # "en", "uk" or "ru": given by the source, else detected (geomap.language)


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry."""

    id: str  # "<source>:<key>", e.g. "geonames:578072", "ourairports:UUBD"
    name: str
    lat: float
    lon: float
    feature: str  # GeoNames-style "CLASS.CODE", e.g. "P.PPLA", "A.ADM1", "S.AIRB"
    country_code: str
    admin1: str  # admin1 name, e.g. "Belgorod Oblast"
    population: int
    source: str  # dataset the row came from

    @property
    def feature_class(self) -> str:
        return self.feature.split(".", 1)[0]

    @property
    def geo_precision(self) -> int:
        """1 = the place itself, 2 = a district, 3 = only a region, country, sea or continent."""
        code = self.feature.split(".", 1)[-1]
        if code in ("ADM1", "PCLI", "PCL", "PCLD", "RGN", "SEA", "OCN", "CONT"):
            return 3
        if code.startswith("ADM"):
            return 2
        return 1


@dataclass(frozen=True, slots=True)
class Mention:
    """A toponym found in an article's text (character offsets into Article.text)."""

    start: int
    end: int
    text: str
    sentence: int  # index of the sentence it stands in
    designator: str | None = None  # feature hint written next to it: "region", "air base", …
    # "place"; "metonymic" when the name stands for a government; "modifier" in "Kyiv-based"; "qualifier" when it
    # states another name's region ("Kozinka, Sumy")
    role: str = "place"
    ner_label: str | None = None  # spaCy's label when its NER found the span too
    # The name to look the place up by where the text inflects it ("бєлгород" for "у Бєлгороді"), or the
    # gazetteer's Latin name of the oblast an adjective names ("Курської області" → "Kursk Oblast").
    lemma: str | None = None

    @property
    def name(self) -> str:
        """The name as the gazetteer knows it: the lemma, or the text as written."""
        return self.lemma or self.text


@dataclass(frozen=True, slots=True)
class Resolution:
    """A mention tied to the gazetteer entry chosen for it."""

    mention: Mention
    place: Place | None
    confidence: float = 0.0


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Actor:
    """An organisation or group taking part in an incident ("the Freedom of Russia Legion", "Ukraine's military")."""

    name: str
    role: str  # "agent" (did it), "target" (had it done to them) or "mentioned"


@dataclass(frozen=True, slots=True)
class Report:
    """One article's account of an incident: where it was read and what it said."""

    article: Article
    quote: str
    mention: str  # the place as this article wrote it


@dataclass(frozen=True, slots=True)
class Event:
    """An incident at a place, as reported by one or more articles."""

    event_id: str
    event_type: str
    place: Place
    geo_precision: int
    date: str | None
    date_precision: str  # "day", "week", "month", "year" or "unknown"
    reports: tuple[Report, ...]
    trigger: str = ""
    actors: tuple[Actor, ...] = ()
    killed: int | None = None
    injured: int | None = None
    casualties_at_least: bool = False  # counts are lower bounds ("hundreds killed")

    @property
    def mention(self) -> str:
        return self.reports[0].mention

    @property
    def quote(self) -> str:
        return self.reports[0].quote

    @property
    def article(self) -> Article:
        return self.reports[0].article


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """What one article yields. `article` is kept without its text: results are cached and shipped between
    processes, and nothing downstream reads the text again."""

    article: Article
    resolutions: list[Resolution]
    events: list[Event]
    geocoder_requests: int = 0  # sent for this article's names
    geocoder_failures: int = 0  # names given up after retries: asked again on the next run, so never cached
    problem: str | None = None  # why no article could be read from it (a page without article text)
