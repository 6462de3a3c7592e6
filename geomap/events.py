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

from geomap import event_score
from geomap.actors import actors
from geomap.casualties import casualties
from geomap.dates import resolve_when
from geomap.records import Article, Event, Report, Resolution
from geomap.taxonomy import NON_VIOLENT
from geomap.triggers import is_ambiguous, matcher_for
from geomap.vocabulary import LOCATIVE_PREPOSITIONS, WAR_THEATRE

if TYPE_CHECKING:  # spaCy's import is slow and merging events needs none of it
    from spacy.tokens import Doc, Span

_ORIGIN_PREPOSITIONS = {"from"}


def event_type(sent: Span) -> tuple[str, str] | None:
    """(type, trigger words) for a sentence, or None when it reports no incident."""
    found = matcher_for(sent.doc.vocab, sent.doc.lang_).find(sent)
    return None if found is None else (found.event_type, found.text)


def _span(doc: Doc, resolution: Resolution) -> Span | None:
    return doc.char_span(resolution.mention.start, resolution.mention.end, alignment_mode="expand")


def _preposition(doc: Doc, resolution: Resolution) -> str | None:
    span = _span(doc, resolution)
    return event_score.preposition(span.root) if span is not None else None


def _location_candidates(doc: Doc, resolutions: Sequence[Resolution]) -> list[Resolution]:
    places = [r for r in resolutions if r.place and r.mention.role == "place"]
    places = [r for r in places if _preposition(doc, r) not in _ORIGIN_PREPOSITIONS]
    places = [r for r in places if r.place.feature != "A.PCLI"]  # a whole country is no incident location
    settled_regions = {r.place.admin1 for r in places if r.place.geo_precision == 1}
    places = [r for r in places if not (r.place.feature == "A.ADM1" and r.place.admin1 in settled_regions)]
    places = [r for r in places if not (_landmark(doc, r) and len(places) > 1)]
    locative = [r for r in places if _preposition(doc, r) in LOCATIVE_PREPOSITIONS
                or _targeted(doc, r)]
    return locative or places


def _targeted(doc: Doc, resolution: Resolution) -> bool:
    """The place is what was hit: "shelling hit Shebekino", "Belgorod was attacked", "drones struck Sumy and
    Okhtyrka"."""
    span = _span(doc, resolution)
    return span is not None and event_score.first_conjunct(span.root).dep_ in ("dobj", "nsubjpass")


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


def _event(article: Article, sent: Span, r: Resolution, kind: tuple[str, str], fallback: bool) -> Event:
    quote = " ".join(sent.text.split())
    date, date_precision = resolve_when(sent.text, article.date, sent.doc.lang_)  # uk/ru through dateparser
    killed, injured, lower_bound = casualties(sent)
    precision = max(r.place.geo_precision, 2) if fallback else r.place.geo_precision
    return Event(
        event_id=event_id(r.place.id, kind[0], date), event_type=kind[0], place=r.place, geo_precision=precision,
        date=date, date_precision=date_precision, reports=(Report(article, quote, r.mention.text),),
        trigger=kind[1], actors=actors(sent), killed=killed, injured=injured, casualties_at_least=lower_bound)


# (incident sentence, (type, trigger), places it locates the incident at, the sentences right after it that continue it)
Incident = tuple["Span", tuple[str, str], list, list]


def incidents_of(doc: Doc, resolutions: Sequence[Resolution]) -> Iterator[Incident]:
    """Each incident sentence with its places and the sentences that continue it (see _continues)."""
    by_sentence: dict[int, list[Resolution]] = {}
    for r in resolutions:
        by_sentence.setdefault(r.mention.sentence, []).append(r)
    triggers = matcher_for(doc.vocab, doc.lang_).by_sentence(doc)
    current: Incident | None = None
    for n, sent in enumerate(doc.sents):
        found = triggers.get(sent.start)
        if found is None:
            continue
        kind = (found.event_type, found.text)
        located = _location_candidates(doc, by_sentence.get(n, []))
        if current is not None and _continues((current[3] or [current[0]])[-1], current[1][0], sent, kind[0],
                                              located):
            current[3].append(sent)
            continue
        if current is not None:
            yield current
        current = (sent, kind, located, [])
    if current is not None:
        yield current


def needs_stand_in(incidents: Sequence[Incident]) -> bool:
    """Whether an incident sentence names no place of its own, so that a place of its paragraph stands in."""
    return any(not located for _, _, located, _ in incidents)


def _continues(last: Span, kind_before: str, sent: Span, kind: str, located: list) -> bool:
    """A sentence right after an incident sentence, naming no place and no other kind of incident, tells more of
    the same one ("Missiles hit Kharkiv on Monday. A civilian was killed.")."""
    if located:
        return False
    last_word = next((t for t in reversed(last) if not t.is_space), last[-1])
    first_word = next((t for t in sent if not t.is_space), sent[0])
    gap = sent.doc.text[last_word.idx + len(last_word): first_word.idx]  # a paragraph break, or what the gate left out
    return last.end == sent.start and "\n" not in gap and kind in ("attack", kind_before)


def candidates(doc: Doc, resolutions: Sequence[Resolution], layout: event_score.Layout | None = None,
               theatre: frozenset[str] | None = WAR_THEATRE, incidents: Sequence[Incident] | None = None
               ) -> Iterator[tuple[Span, tuple[str, str], Resolution, bool, dict[str, float]]]:
    """(sentence, (type, trigger), place, whether a place of its paragraph stands in, evidence) for every place
    an incident sentence may locate its incident at (geomap.event_score weighs the evidence). A place outside
    `theatre` (None: anywhere) is a candidate only where its sentence names its country too: "a missile fell near
    Rzeszow, Poland", not "Nato", a village in the Philippines, or "Barry", a town in Wales."""
    layout = layout or event_score.Layout.of(doc.text)
    people = event_score.person_words(doc)
    incidents = incidents if incidents is not None else list(incidents_of(doc, resolutions))
    incidents = [(sent, kind, [r for r in located if _in_theatre(r, theatre, resolutions)], more)
                 for sent, kind, located, more in incidents]
    # The place that stands in for incident sentences naming none passes the same test of the theatre: a think
    # tank's acronym that is a Romanian village does not place an article's strikes.
    eligible = [r for r in resolutions if r.place is not None and r.mention.role == "place"
                and r.place.geo_precision == 1 and _in_theatre(r, theatre, resolutions)
                and _preposition(doc, r) not in _ORIGIN_PREPOSITIONS]
    incident_kinds: dict[str, set[str]] = {}
    for _, kind, located, _ in incidents:
        for r in located:
            incident_kinds.setdefault(r.place.id, set()).add(kind[0])
    for sent, kind, located, _ in incidents:
        places = [(r, False) for r in located]
        stand_in = None if places else _place_of_paragraph(sent, kind[0], eligible, incident_kinds, layout)
        if stand_in is not None:
            places = [(stand_in, True)]
        for r, is_fallback in places:
            evidence = event_score.features(doc, sent, r, kind[0], kind[1], is_ambiguous(kind[1], doc.lang_),
                                            kind[0] in NON_VIOLENT, is_fallback, len(located), people, layout)
            yield sent, kind, r, is_fallback, evidence


def _place_of_paragraph(sent: Span, kind: str, places: Sequence[Resolution], incident_kinds: dict[str, set[str]],
                        layout: event_score.Layout) -> Resolution | None:
    """The place a sentence that names none goes on about, among the precise places named in its paragraph: one
    named before it rather than after ("Missiles hit Kharkiv. A school was destroyed."); among those, where an
    incident of its kind is located ("… attacked Kozinka. … said they had carried out the raid"), else where any
    incident is, else the nearest. Not a place named paragraphs away: an article about Moscow's policy does not
    place its "strikes overnight" in Moscow. A note is one paragraph (event_score.Layout.of)."""
    here = layout.paragraph(sent.start_char)
    around = [r for r in places if layout.paragraph(r.mention.start) == here
              and not sent.start_char <= r.mention.start < sent.end_char]  # its own places were no candidates

    def rank(r: Resolution) -> tuple:
        kinds = incident_kinds.get(r.place.id, set())
        before = r.mention.end <= sent.start_char
        distance = sent.start_char - r.mention.end if before else r.mention.start - sent.end_char
        return before, kind in kinds, bool(kinds), -distance

    return max(around, key=rank) if around else None


def _in_theatre(r: Resolution, theatre: frozenset[str] | None, resolutions: Sequence[Resolution]) -> bool:
    return theatre is None or r.place.country_code in theatre \
        or _country_named(r.place.country_code, r.mention.sentence, resolutions)


def _country_named(country_code: str, sentence: int, resolutions: Sequence[Resolution]) -> bool:
    return any(r.mention.sentence == sentence and r.place is not None and r.place.feature.startswith("A.PCL")
               and r.place.country_code == country_code for r in resolutions)


def extract_events(article: Article, doc: Doc, resolutions: Sequence[Resolution],
                   layout: event_score.Layout | None = None, theatre: frozenset[str] | None = WAR_THEATRE,
                   incidents: Sequence[Incident] | None = None) -> list[Event]:
    """Events of one article, at most one per place and type, in text order: each from the sentences whose
    evidence scores as an incident at that place, with the counts and actors of the sentences that continue them.
    When none does, the best candidate still counts if it scores above the table's `rescue` level: an incident
    note reports an incident even where its wording is unusual.
    `layout`: where `doc` sits in the article, when it holds only some of its sentences; `incidents`: those of
    `incidents_of`, when the caller has them already."""
    incidents = list(incidents) if incidents is not None else list(incidents_of(doc, resolutions))
    continued = {sent.start: more for sent, _, _, more in incidents}
    weights = event_score.weights()
    scored = [(weights.probability(c[4]), c) for c in candidates(doc, resolutions, layout, theatre, incidents)]
    chosen = [c for p, c in scored if p >= weights.threshold]
    if not chosen and scored:
        p, best = max(scored, key=lambda pc: pc[0])
        chosen = [best] if p >= weights.rescue else []
    events: dict[tuple[str, str], Event] = {}
    for sent, kind, r, is_fallback, _ in chosen:
        key = (r.place.id, kind[0])
        if key not in events:
            events[key] = _event(article, sent, r, kind, is_fallback)
        else:
            events[key] = _enrich(events[key], sent)
        for more in continued[sent.start]:
            events[key] = _enrich(events[key], more)
    # Counts told in a trigger sentence that is no incident of its own ("Eight people were injured, said the
    # governor, who declared a counter-terrorist regime") belong to the article's violent incident.
    chosen_sentences = {c[0].start for c in chosen}
    told = [(sent, casualties(sent)) for sent, _, _, _ in incidents if sent.start not in chosen_sentences]
    return _casualties_to_violence(list(events.values()), [(s, c) for s, c in told if c[0] is not None or
                                                           c[1] is not None])


def _casualties_to_violence(events: list[Event], told: Sequence[tuple[Span, tuple]] = ()) -> list[Event]:
    """Counts told next to a security measure or evacuation ("Eight people have been injured, … who declared a
    counter-terrorist regime"), as its event or in a sentence that is no event, belong to the article's violent
    incident, when it has one without counts."""
    violent = [i for i, e in enumerate(events) if e.event_type not in NON_VIOLENT]
    for _, (killed, injured, lower_bound) in told:
        target = next((j for j in violent if events[j].killed is None and events[j].injured is None), None)
        if target is not None:
            events[target] = replace(events[target], killed=killed, injured=injured, casualties_at_least=lower_bound)
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
