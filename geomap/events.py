"""Incident events: a sentence with an incident trigger and a resolved place is an event at that place.

Types follow ACLED's event and sub-event types where they fit (see README.md, "Event types"). The location is the
sentence's place in a locative role (in/into/at/near/over…), never an agent (a metonymic capital) nor an origin
("from Ukraine"); a region is dropped when a settlement inside it is also named.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from geomap.records import Article, Event, Resolution

# (event_type, trigger lemmas), in order of precedence: the first type with a trigger in the sentence wins.
EVENT_TYPES: tuple[tuple[str, frozenset[str]], ...] = (
    ("cross_border_raid", frozenset({"raid", "incursion", "infiltrate", "infiltration", "storm", "sabotage",
                                     "saboteur", "cross", "invade"})),
    ("air_defence", frozenset({"intercept", "interception", "shoot", "down", "air defence", "air defense"})),
    ("air_drone_strike", frozenset({"drone", "airstrike", "air strike", "uav", "bomb", "bombing"})),
    ("shelling_artillery_missile", frozenset({"shell", "shelling", "artillery", "mortar", "bombard", "bombardment",
                                              "missile", "rocket", "barrage"})),
    ("explosion", frozenset({"explosion", "blast", "explode", "detonate", "detonation", "fire", "blaze"})),
    ("territorial_control", frozenset({"capture", "seize", "take", "liberate", "control", "recapture", "fall"})),
    ("evacuation", frozenset({"evacuate", "evacuation", "flee", "relocate"})),
    ("security_measure", frozenset({"counter-terrorist", "counterterrorist", "regime", "curfew", "martial"})),
    ("attack", frozenset({"attack", "kill", "injure", "wound", "destroy", "damage", "hit", "fight", "clash",
                          "assault", "die", "casualty", "strike"})),
)
_LOCATIVE_PREPOSITIONS = {"in", "into", "at", "near", "on", "over", "outside", "around", "across", "inside", "to",
                          "towards", "toward", "of"}
_ORIGIN_PREPOSITIONS = {"from"}
_AMBIGUOUS_TRIGGERS = {"take", "fall", "fire", "control", "cross", "down", "regime", "hit"}


def event_type(tokens: Sequence[Token]) -> tuple[str, str] | None:
    """(type, trigger word) for a sentence, or None when it reports no incident."""
    lemmas = {t.lemma_.lower(): t.text for t in tokens}
    text = " ".join(t.lower_ for t in tokens)
    for name, triggers in EVENT_TYPES:
        for trigger in sorted(triggers):
            if trigger in lemmas and (trigger not in _AMBIGUOUS_TRIGGERS or _confirmed(trigger, text)):
                return name, lemmas[trigger]
            if " " in trigger and trigger in text:
                return name, trigger
    return None


def _confirmed(trigger: str, text: str) -> bool:
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
    }[trigger]


def _preposition(doc: Doc, start_char: int) -> str | None:
    span = doc.char_span(start_char, start_char + 1, alignment_mode="expand")
    if span is None:
        return None
    token = span.root
    for ancestor in [token, *token.ancestors][:3]:
        if ancestor.dep_ == "pobj" and ancestor.head.pos_ == "ADP":
            return ancestor.head.lower_
    return None


def _location_candidates(doc: Doc, resolutions: Sequence[Resolution]) -> list[Resolution]:
    places = [r for r in resolutions if r.place and r.mention.role == "place"]
    places = [r for r in places if _preposition(doc, r.mention.start) not in _ORIGIN_PREPOSITIONS]
    places = [r for r in places if r.place.feature != "A.PCLI"]  # a whole country is no incident location
    settled_regions = {r.place.admin1 for r in places if r.place.geo_precision == 1}
    places = [r for r in places if not (r.place.feature == "A.ADM1" and r.place.admin1 in settled_regions)]
    places = [r for r in places if not (_landmark(doc, r) and len(places) > 1)]
    locative = [r for r in places if _preposition(doc, r.mention.start) in _LOCATIVE_PREPOSITIONS]
    return locative or places


def _landmark(doc: Doc, resolution: Resolution) -> bool:
    """A place that only locates another noun: Ryazan in "the Dyagilevo base near Ryazan"."""
    span = doc.char_span(resolution.mention.start, resolution.mention.end, alignment_mode="expand")
    token = span.root if span is not None else None
    if token is None or token.dep_ != "pobj":
        return False
    preposition = token.head
    return preposition.lower_ in {"near", "outside"} and preposition.head.pos_ in {"NOUN", "PROPN"}


def event_id(article: Article, place_id: str, kind: str) -> str:
    return hashlib.sha1(f"{article.id}\x1f{place_id}\x1f{kind}".encode()).hexdigest()[:16]


def extract_events(article: Article, doc: Doc, resolutions: Sequence[Resolution]) -> list[Event]:
    """Events of one article, at most one per place and type, in text order."""
    by_sentence: dict[int, list[Resolution]] = {}
    for r in resolutions:
        by_sentence.setdefault(r.mention.sentence, []).append(r)
    events: dict[tuple[str, str], Event] = {}
    for n, sent in enumerate(doc.sents):
        kind = event_type(list(sent))
        if kind is None:
            continue
        for r in _location_candidates(doc, by_sentence.get(n, [])):
            key = (r.place.id, kind[0])
            if key in events:
                continue
            events[key] = Event(
                event_id=event_id(article, r.place.id, kind[0]), event_type=kind[0], place=r.place,
                mention=r.mention.text, geo_precision=r.place.geo_precision, date=article.date,
                date_precision="day" if article.date else "unknown", quote=" ".join(sent.text.split()), article=article,
                trigger=kind[1])
    return list(events.values())
