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

if TYPE_CHECKING:  # spaCy's import is slow and merging events needs none of it
    from spacy.tokens import Doc, Span

# (event_type, trigger lemmas), in order of precedence: the first type with a trigger in the sentence wins.
EVENT_TYPES: tuple[tuple[str, frozenset[str]], ...] = (
    ("cross_border_raid", frozenset({"raid", "incursion", "infiltrate", "infiltration", "storm", "sabotage",
                                     "saboteur", "cross", "invade"})),
    ("air_defence", frozenset({"intercept", "interception", "shoot", "down", "air defence", "air defense"})),
    ("air_drone_strike", frozenset({"drone", "airstrike", "air strike", "uav", "bomb", "bombing"})),
    ("shelling_artillery_missile", frozenset({"shell", "shelling", "artillery", "mortar", "bombard", "bombardment",
                                              "missile", "rocket", "barrage", "warhead", "thermobaric"})),
    ("explosion", frozenset({"explosion", "blast", "explode", "detonate", "detonation", "fire", "blaze", "impact",
                             "crater", "munition", "incendiary", "explosive", "landmine", "mine", "on fire",
                             "crash"})),
    ("territorial_control", frozenset({"capture", "seize", "take", "liberate", "control", "recapture", "fall"})),
    ("evacuation", frozenset({"evacuate", "evacuation", "flee", "relocate"})),
    ("security_measure", frozenset({"counter-terrorist", "counterterrorist", "regime", "curfew", "martial"})),
    ("attack", frozenset({"attack", "kill", "injure", "wound", "destroy", "damage", "hit", "fight", "clash",
                          "assault", "die", "casualty", "strike", "destruction", "atrocity", "execution", "execute",
                          "impacted", "damaged", "destroyed"})),
)
_LOCATIVE_PREPOSITIONS = {"in", "into", "at", "near", "on", "over", "outside", "around", "across", "inside", "to",
                          "towards", "toward", "of"}
_ORIGIN_PREPOSITIONS = {"from"}
_SORTED_TRIGGERS = tuple((name, tuple(sorted(triggers))) for name, triggers in EVENT_TYPES)
NON_VIOLENT = {"evacuation", "security_measure", "territorial_control"}
_AMBIGUOUS_TRIGGERS = {"take", "fall", "fire", "control", "cross", "down", "regime", "hit", "mine"}


def event_type(sent: Span) -> tuple[str, str] | None:
    """(type, trigger word) for a sentence, or None when it reports no incident."""
    lemmas = {t.lemma_.lower(): t.text for t in sent}
    text = " ".join(sent.text.lower().split())
    for name, triggers in _SORTED_TRIGGERS:
        for trigger in triggers:
            if trigger in lemmas and (trigger not in _AMBIGUOUS_TRIGGERS or confirmed(trigger, text)):
                return name, lemmas[trigger]
            if (" " in trigger or "-" in trigger) and trigger in text:
                return name, trigger
    return None


def is_ambiguous(trigger: str) -> bool:
    return trigger in _AMBIGUOUS_TRIGGERS


def confirmed(trigger: str, text: str) -> bool:
    """Common verbs count only in their incident sense: "shot down", "came under fire", "took control"."""
    return {
        "down": "shot down" in text or "shoot down" in text,
        "fire": "under fire" in text or "caught fire" in text or "opened fire" in text or "fire broke" in text,
        "take": "took control" in text or "taken control" in text or "take control" in text,
        "control": "control of" in text and ("claim" in text or "took" in text or "taken" in text),
        "fall": "fell to" in text or "fallen to" in text,
        "cross": "crossed the border" in text or "crossed into" in text or "across the border" in text,
        "regime": "counter-terrorist" in text or "counterterrorist" in text,
        "hit": True,
        "mine": "landmine" in text or "mine explo" in text or "mine blast" in text or "stepped on a mine" in text,
    }[trigger]


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
    killed, injured, lower_bound = casualties(quote)
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
    for n, sent in enumerate(doc.sents):
        kind = event_type(sent)
        if kind is not None:
            yield sent, kind, _location_candidates(doc, by_sentence.get(n, []))


def needs_main_place(doc: Doc, resolutions: Sequence[Resolution]) -> bool:
    """Whether an incident sentence names no place of its own, so that the article's main place stands in."""
    return any(not located for _, _, located in _incidents(doc, resolutions))


def candidates(article: Article, doc: Doc, resolutions: Sequence[Resolution]
               ) -> Iterator[tuple[Span, tuple[str, str], Resolution, bool, dict[str, float]]]:
    """(sentence, (type, trigger), place, whether the article's main place stands in, evidence) for every place
    an incident sentence may locate its incident at (geomap.event_score weighs the evidence)."""
    fallback = main_place(resolutions)
    people = event_score.person_words(doc)
    for sent, kind, located in _incidents(doc, resolutions):
        places = [(r, False) for r in located]
        if not places and fallback is not None:
            places = [(fallback, True)]
        for r, is_fallback in places:
            evidence = event_score.features(doc, sent, r, kind[0], is_ambiguous(kind[1].lower()),
                                            kind[0] in NON_VIOLENT, is_fallback, len(located), people)
            yield sent, kind, r, is_fallback, evidence


def extract_events(article: Article, doc: Doc, resolutions: Sequence[Resolution]) -> list[Event]:
    """Events of one article, at most one per place and type, in text order: each from the sentences whose
    evidence scores as an incident at that place."""
    weights = event_score.weights()
    events: dict[tuple[str, str], Event] = {}
    for sent, kind, r, is_fallback, evidence in candidates(article, doc, resolutions):
        if weights.probability(evidence) < weights.threshold:
            continue
        key = (r.place.id, kind[0])
        if key not in events:
            events[key] = _event(article, sent, r, kind, is_fallback)
        else:
            events[key] = _enrich(events[key], sent)
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
    killed, injured, lower_bound = casualties(sent.text)
    return replace(event, killed=killed, injured=injured, casualties_at_least=lower_bound)
