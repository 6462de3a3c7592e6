"""Incident events: a sentence with an incident trigger and a resolved place is an event at that place.

Types follow ACLED's event and sub-event types where they fit (see README.md, "Event types"). The location is the
sentence's place in a locative role (in/into/at/near/over…), never an agent (a metonymic capital) nor an origin
("from Ukraine"); a region is dropped when a settlement inside it is also named.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from geomap.actors import actors
from geomap.casualties import casualties
from geomap.dates import resolve_when
from geomap.records import Article, Event, Report, Resolution
from geomap.taxonomy import NON_VIOLENT
from geomap.triggers import matcher_for

if TYPE_CHECKING:  # spaCy's import is slow and merging events needs none of it
    from spacy.tokens import Doc, Span

_LOCATIVE_PREPOSITIONS = {"in", "into", "at", "near", "on", "over", "outside", "around", "across", "inside", "to",
                          "towards", "toward", "of"}
_ORIGIN_PREPOSITIONS = {"from"}


def event_type(sent: Span) -> tuple[str, str] | None:
    """(type, trigger words) for a sentence, or None when it reports no incident."""
    found = matcher_for(sent.doc.vocab).find(sent)
    return None if found is None else (found.event_type, found.text)


def _span(doc: Doc, resolution: Resolution) -> Span | None:
    return doc.char_span(resolution.mention.start, resolution.mention.end, alignment_mode="expand")


def _preposition(doc: Doc, resolution: Resolution) -> str | None:
    span = _span(doc, resolution)
    if span is None:
        return None
    token = span.root
    for ancestor in [token, *token.ancestors][:3]:
        if ancestor.dep_ == "pobj" and ancestor.head.pos_ == "ADP":
            return ancestor.head.lower_
    return None


def _location_candidates(doc: Doc, resolutions: Sequence[Resolution]) -> list[Resolution]:
    places = [r for r in resolutions if r.place and r.mention.role == "place"]
    places = [r for r in places if _preposition(doc, r) not in _ORIGIN_PREPOSITIONS]
    places = [r for r in places if r.place.feature != "A.PCLI"]  # a whole country is no incident location
    settled_regions = {r.place.admin1 for r in places if r.place.geo_precision == 1}
    places = [r for r in places if not (r.place.feature == "A.ADM1" and r.place.admin1 in settled_regions)]
    places = [r for r in places if not (_landmark(doc, r) and len(places) > 1)]
    locative = [r for r in places if _preposition(doc, r) in _LOCATIVE_PREPOSITIONS
                or _targeted(doc, r)]
    return locative or places


def _targeted(doc: Doc, resolution: Resolution) -> bool:
    """The place is what was hit: "shelling hit Shebekino", "Belgorod was attacked"."""
    span = _span(doc, resolution)
    return span is not None and span.root.dep_ in ("dobj", "nsubjpass")


def _landmark(doc: Doc, resolution: Resolution) -> bool:
    """A place that only locates another noun: Ryazan in "the Dyagilevo base near Ryazan"."""
    span = _span(doc, resolution)
    token = span.root if span is not None else None
    if token is None or token.dep_ != "pobj":
        return False
    preposition = token.head
    return preposition.lower_ in {"near", "outside"} and preposition.head.pos_ in {"NOUN", "PROPN"}


def event_id(place_id: str, kind: str, date: str | None) -> str:
    """Stable for the same incident: derived from where, what and when, not from which articles reported it."""
    return hashlib.sha1(f"{place_id}\x1f{kind}\x1f{date or 'undated'}".encode()).hexdigest()[:16]


def main_place(resolutions: Sequence[Resolution]) -> Resolution | None:
    """The article's most mentioned precise place (settlement or site), for incident sentences that name none."""
    counts: dict[str, list[Resolution]] = {}
    for r in resolutions:
        if r.place and r.mention.role == "place" and r.place.geo_precision == 1:
            counts.setdefault(r.place.id, []).append(r)
    if not counts:
        return None
    return max(counts.values(), key=lambda rs: (len(rs), -rs[0].mention.start))[0]


def _event(article: Article, sent: Span, r: Resolution, kind: tuple[str, str], fallback: bool) -> Event:
    quote = " ".join(sent.text.split())
    date, date_precision = resolve_when(sent.text, article.date)
    killed, injured, lower_bound = casualties(sent)
    precision = max(r.place.geo_precision, 2) if fallback else r.place.geo_precision
    return Event(
        event_id=event_id(r.place.id, kind[0], date), event_type=kind[0], place=r.place, geo_precision=precision,
        date=date, date_precision=date_precision, reports=(Report(article, quote, r.mention.text),),
        trigger=kind[1], actors=actors(sent), killed=killed, injured=injured, casualties_at_least=lower_bound)


def _incidents(doc: Doc, resolutions: Sequence[Resolution]) -> Iterator[tuple[Span, tuple[str, str], list]]:
    """(sentence, (type, trigger), places it locates the incident at) for each incident sentence."""
    by_sentence: dict[int, list[Resolution]] = {}
    for r in resolutions:
        by_sentence.setdefault(r.mention.sentence, []).append(r)
    triggers = matcher_for(doc.vocab).by_sentence(doc)
    for n, sent in enumerate(doc.sents):
        found = triggers.get(sent.start)
        if found is not None:
            yield sent, (found.event_type, found.text), _location_candidates(doc, by_sentence.get(n, []))


def needs_main_place(doc: Doc, resolutions: Sequence[Resolution]) -> bool:
    """Whether an incident sentence names no place of its own, so that the article's main place stands in."""
    return any(not located for _, _, located in _incidents(doc, resolutions))


def _continues(previous: tuple[Span, str] | None, sent: Span, kind: str, located: list) -> bool:
    """A sentence right after an incident sentence, naming no place and no other kind of incident, tells more of
    the same one ("Missiles hit Kharkiv on Monday. A civilian was killed.")."""
    if previous is None or located:
        return False
    before, previous_kind = previous
    first_word = next((t for t in sent if not t.is_space), sent[0])
    gap = sent.doc.text[before.end_char: first_word.idx]  # a paragraph break, or sentences the gate left out
    return before.end == sent.start and "\n" not in gap and kind in ("attack", previous_kind)


def extract_events(article: Article, doc: Doc, resolutions: Sequence[Resolution]) -> list[Event]:
    """Events of one article, at most one per place and type, in text order."""
    fallback = main_place(resolutions)
    events: dict[tuple[str, str], Event] = {}
    previous: tuple[Span, str] | None = None  # the last incident sentence and its type
    told: list[tuple[str, str]] = []  # the events that sentence told of
    for sent, kind, located in _incidents(doc, resolutions):
        if _continues(previous, sent, kind[0], located):
            for key in told:
                events[key] = _enrich(events[key], sent)
            previous = (sent, previous[1])
            continue
        places = [(r, False) for r in located]
        if not places and fallback is not None:
            places = [(fallback, True)]
        told = []
        for r, is_fallback in places:
            key = (r.place.id, kind[0])
            if key not in events:
                events[key] = _event(article, sent, r, kind, is_fallback)
            else:
                events[key] = _enrich(events[key], sent)
            told.append(key)
        previous = (sent, kind[0])
    return _casualties_to_violence(list(events.values()))


def _casualties_to_violence(events: list[Event]) -> list[Event]:
    """Counts told next to a security measure or evacuation ("Eight people have been injured, … who declared a
    counter-terrorist regime") belong to the article's violent incident, when it has one without counts."""
    violent = [i for i, e in enumerate(events) if e.event_type not in NON_VIOLENT]
    for i, e in enumerate(events):
        if e.event_type in NON_VIOLENT and (e.killed is not None or e.injured is not None):
            target = next((j for j in violent if events[j].killed is None and events[j].injured is None), None)
            if target is not None:
                events[target] = replace(events[target], killed=e.killed, injured=e.injured,
                                         casualties_at_least=e.casualties_at_least)
                events[i] = replace(e, killed=None, injured=None, casualties_at_least=False)
    return events


def _enrich(event: Event, sent: Span) -> Event:
    """A later sentence about the same incident may name its actors ("the Freedom of Russia Legion … said they
    had carried out the raid") or give the counts the first sentence lacked."""
    known = {a.name for a in event.actors}
    event = replace(event, actors=event.actors + tuple(a for a in actors(sent) if a.name not in known))
    if event.killed is not None or event.injured is not None:
        return event
    killed, injured, lower_bound = casualties(sent)
    return replace(event, killed=killed, injured=injured, casualties_at_least=lower_bound)
