"""Whether a candidate incident is real: an explicit score over evidence, with weights fitted on data.

A candidate is a sentence with an incident trigger and one place it may locate the incident at. Most sentences
of a full news article are context, politics, quotes and background, and a trigger word alone ("strike a deal",
"Moscow-appointed officials said the attack…") says little; so each candidate gets features — how the trigger
reads (tense, modality, negation), how the place is written (NER label, preposition, role, a hyphenated modifier,
a surname of a person named in the article), what the gazetteer says of it (kind, population, country) — and a
logistic score. The weights and the threshold live in `event_weights.json`, written by
`benchmarks/fit_event_weights.py` from the development sets with cross-validation (figures in BENCHMARKS.md);
the code holds no hand-set weight.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from geomap.names import normalise
from geomap.vocabulary import (
    DESIGNATOR_LEMMAS,
    LOCATIVE_PREPOSITIONS,
    PREPOSITIONS,
    SEATS_OF_POWER,
    SEATS_OF_POWER_BY_LANGUAGE,
    SETTLEMENT_LEMMAS,
    WAR_THEATRE,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from geomap.records import Resolution

WEIGHTS_FILE = Path(__file__).with_name("event_weights.json")
THEATRE = frozenset({"UA", "RU"})
NEIGHBOURS = WAR_THEATRE - THEATRE  # Belarus, Moldova and the seas
# Words that make a sentence about what may, should or will happen rather than what did.
_MODAL_LEMMAS = frozenset({"will", "would", "could", "may", "might", "should", "must", "can", "plan", "threaten",
                           "warn", "intend", "prepare", "fear", "risk", "if", "unless", "expect", "vow", "pledge",
                           "promise", "propose", "aim", "possible", "likely", "potential", "future", "able"})
# Words of the diplomatic, economic and aid news that surrounds the war.
_POLITICS_LEMMAS = frozenset({"aid", "sanction", "talk", "visit", "summit", "meeting", "deliver", "delivery",
                              "supply", "provide", "package", "negotiation", "deal", "agreement", "vote", "election",
                              "price", "export", "economy", "market", "grain", "minister", "president", "parliament",
                              "embassy", "ambassador", "policy", "decision", "invasion", "war", "conflict"})

FEATURES = (
    "bias", "ambiguous_trigger", "type_attack", "type_control", "type_non_violent", "type_air_defence",
    "place_stands_in", "modal", "negated", "quoted", "past_tense", "politics_words", "locative", "targeted",
    "subject", "modifier", "hyphenated", "ner_place", "ner_other", "no_ner", "settlement", "region", "site", "water",
    "log_population", "in_theatre", "neighbour", "outside_theatre", "seat_of_power", "surname_in_article",
    "places_in_sentence", "has_number", "early_in_article", "confidence", "designator", "origin",
    "long_document", "sentence_position", "stands_in_long_document", "all_caps", "seat_of_power_not_locative",
    "person_or_org_entity", "trigger_verb", "trigger_past", "place_under_trigger", "trigger_distance",
)
# The direction each piece of evidence can push, where its meaning fixes it: the fit keeps these weights on their
# side of zero (or at zero), so that twenty articles cannot teach that a negated sentence or a quote is more likely
# an incident. Features not listed (the bias, types, kinds of places, position) may go either way.
EXPECTED_SIGNS: dict[str, int] = {
    **dict.fromkeys(("locative", "targeted", "place_under_trigger", "trigger_verb", "trigger_past", "past_tense",
                     "ner_place", "confidence", "in_theatre", "has_number", "designator"), 1),
    **dict.fromkeys(("negated", "modal", "quoted", "politics_words", "seat_of_power", "seat_of_power_not_locative",
                     "person_or_org_entity", "surname_in_article", "outside_theatre", "water", "hyphenated",
                     "origin", "place_stands_in", "stands_in_long_document", "all_caps", "trigger_distance",
                     "ambiguous_trigger"), -1),
}


# Notes (incident descriptions, headlines, posts) run to a few hundred characters, articles to thousands; the dev
# sets hold none between 900 and 1,800.
NOTE_CHARS = 1_500
_QUOTES = frozenset({'"', "“", "”", "‘", "’", "«", "»", "„"})  # marks of quoted speech, Latin and Cyrillic
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LINE_BREAK = re.compile(r"\n")


@dataclass(frozen=True)
class Layout:
    """Where the parsed text sits in its article: the pipeline may parse only some of an article's sentences
    (geomap.focus), and the evidence must not depend on that."""

    length: int  # the article's length in characters
    to_article: Callable[[int], int] = field(default=lambda offset: offset)  # parsed offset → article offset
    line_breaks: tuple[int, ...] = ()  # article offsets where its paragraphs end

    @classmethod
    def of(cls, text: str, to_article: Callable[[int], int] | None = None) -> Layout:
        """The layout of the article `text`, parsed whole or (through `to_article`) in part."""
        # Paragraphs end at blank lines where the text has them (hard-wrapped files), else at line breaks
        # (extracted web pages, feeds). A note is one paragraph: all of it is about the incident it reports.
        blank = _BLANK_LINE.search(text) is not None
        breaks = () if len(text) < NOTE_CHARS else tuple(
            m.start() for m in (_BLANK_LINE if blank else _LINE_BREAK).finditer(text))
        return cls(len(text), to_article or (lambda offset: offset), breaks)

    def paragraph(self, offset: int) -> int:
        """The number of the article's paragraph that the parsed offset `offset` lies in."""
        return bisect_left(self.line_breaks, self.to_article(offset))


@dataclass(frozen=True)
class Weights:
    coefficients: dict[str, float]
    threshold: float  # a candidate whose probability is below it is no incident
    rescue: float  # … unless it is its article's best and scores at least this

    def probability(self, features: dict[str, float]) -> float:
        z = sum(self.coefficients.get(name, 0.0) * value for name, value in features.items())
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def weights(path: Path = WEIGHTS_FILE) -> Weights:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Weights({k: float(v) for k, v in data["coefficients"].items()}, float(data["threshold"]),
                   float(data["rescue"]))


def person_words(doc: Doc) -> frozenset[str]:
    """Every word of a PERSON entity in the document, to tell "Governor X Y … Y said" from the village Y."""
    return frozenset(normalise(t.text) for ent in doc.ents if ent.label_ == "PERSON" for t in ent)


def features(doc: Doc, sent: Span, resolution: Resolution, kind: str, trigger: str, trigger_ambiguous: bool,
             non_violent: bool, stands_in: bool, places_in_sentence: int, people: frozenset[str], layout: Layout
             ) -> dict[str, float]:
    """The evidence for one candidate, each feature in [0, 1] (log population scaled)."""
    place, mention = resolution.place, resolution.mention
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    token = span.root if span is not None else None
    role_token = first_conjunct(token)
    lemmas = {t.lemma_.lower() for t in sent}
    governing = preposition(token)
    after = doc[span.end] if span is not None and span.end < len(doc) else None
    label = mention.ner_label
    root = sent.root
    where = layout.to_article(sent.start_char)
    first_word = trigger.split()[0].lower() if trigger.strip() else ""
    trigger_token = next((t for t in sent if t.lower_ == first_word), None)
    in_sentence = token is not None and sent.start <= token.i < sent.end
    long_document = min(math.log10(1 + layout.length) / 4, 1.5)
    locative = governing in LOCATIVE_PREPOSITIONS
    key = normalise(mention.name)
    seat_of_power = key in SEATS_OF_POWER or key in SEATS_OF_POWER_BY_LANGUAGE.get(doc.lang_, frozenset())
    f = {
        "bias": 1.0,
        "ambiguous_trigger": float(trigger_ambiguous),
        "type_attack": float(kind == "attack"),
        "type_control": float(kind == "territorial_control"),
        "type_non_violent": float(non_violent),
        "type_air_defence": float(kind == "air_defence"),
        "place_stands_in": float(stands_in),
        "modal": float(bool(lemmas & _MODAL_LEMMAS)),
        "negated": float(any(t.dep_ == "neg" for t in sent)),
        "quoted": float(any(t.text in _QUOTES and t.is_quote for t in sent)),
        "past_tense": float(root.tag_ in {"VBD", "VBN"} or (doc.has_annotation("DEP") and any(
            c.lemma_ == "have" and c.dep_ == "aux" for c in root.children))),
        "politics_words": min(len(lemmas & _POLITICS_LEMMAS), 3) / 3,
        "locative": float(locative),
        "origin": float(governing == "from"),
        "targeted": float(role_token is not None and role_token.dep_ in {"dobj", "nsubjpass"}),
        "subject": float(role_token is not None and role_token.dep_ == "nsubj"),
        "modifier": float(token is not None and token.dep_ in {"compound", "amod", "poss", "nmod"}),
        "hyphenated": float(after is not None and after.text in {"-", "–"}),
        "ner_place": float(label in {"GPE", "LOC", "FAC"}),
        "ner_other": float(label is not None and label not in {"GPE", "LOC", "FAC"}),
        "no_ner": float(label is None),
        "settlement": float(place.feature_class == "P"),
        "region": float(place.feature_class == "A"),
        "site": float(place.feature_class == "S"),
        "water": float(place.feature_class == "H"),
        "log_population": math.log10(1 + max(place.population, 0)) / 7,
        "in_theatre": float(place.country_code in THEATRE),
        "neighbour": float(place.country_code in NEIGHBOURS),
        "outside_theatre": float(place.country_code not in THEATRE | NEIGHBOURS),
        "seat_of_power": float(seat_of_power),
        "seat_of_power_not_locative": float(seat_of_power and not locative),
        "all_caps": float(mention.text.isupper() and len(mention.text) > 3),
        # NER calls a longer span around the name a person or an organisation ("Zelenskiy's adviser").
        "person_or_org_entity": float(span is not None and any(e.label_ in {"PERSON", "ORG"} and e.start <= span.start
                                                               and span.end <= e.end for e in doc.ents)),
        "surname_in_article": float(any(normalise(w) in people for w in mention.text.split())
                                    and label not in {"GPE", "LOC", "FAC"}),
        "places_in_sentence": min(places_in_sentence, 5) / 5,
        "has_number": float(any(t.like_num for t in sent)),
        "early_in_article": float(where < 600),
        # A short incident note reports in nearly every trigger sentence; a long article mostly gives context.
        "long_document": long_document,
        "stands_in_long_document": float(stands_in) * long_document,
        "sentence_position": min(where / max(layout.length, 1), 1.0),
        "confidence": max(0.0, min(resolution.confidence, 1.0)),
        "designator": float(mention.designator is not None),
        "trigger_verb": float(trigger_token is not None and trigger_token.pos_ == "VERB"),
        "trigger_past": float(trigger_token is not None and trigger_token.tag_ in {"VBD", "VBN"}),
        # The place hangs off the trigger ("shelled the village of X", "a strike on X") or the trigger off it.
        "place_under_trigger": float(trigger_token is not None and in_sentence and doc.has_annotation("DEP")
                                     and (trigger_token in token.ancestors or token in trigger_token.ancestors)),
        "trigger_distance": (min(abs(trigger_token.i - token.i), 20) / 20 if trigger_token is not None and in_sentence
                             else 1.0),
    }
    return f


def first_conjunct(token):
    """The first of the conjuncts a token stands in ("Okhtyrka" in "struck Sumy and Okhtyrka" → "Sumy"): its role in
    the sentence is theirs."""
    while token is not None and token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def preposition(token) -> str | None:
    """The preposition governing a token ("in" for X in "shelling in the town of X"), or None."""
    if token is None:
        return None
    if token.doc.lang_ in PREPOSITIONS:
        return _preposition_before(token)
    for ancestor in [token, *token.ancestors][:3]:
        if ancestor.dep_ == "pobj" and ancestor.head.pos_ == "ADP":
            return ancestor.head.lower_
    return None


def _preposition_before(token) -> str | None:
    """Without a parse (Ukrainian, Russian): the preposition right before the name, or before the one lower-case
    settlement word or adjective between ("у селі X", "под городом X", "в окупованому X"), as the English preposition
    of the same sense; a name in the genitive right after a noun is its "of" ("аеродром Х-а": the airfield of X)."""
    from geomap.morphology import readings

    doc, lang = token.doc, token.doc.lang_
    senses = PREPOSITIONS[lang]
    before = doc[token.i - 1] if token.i > 0 else None
    if token.i > 1 and f"{doc[token.i - 2].lower_} {before.lower_}" in senses:
        return senses[f"{doc[token.i - 2].lower_} {before.lower_}"]
    if before is None or before.lower_ in senses:
        return senses.get(before.lower_) if before is not None else None
    if not (before.is_alpha and before.is_lower):
        return None
    word = readings(before.lower_, lang)[:1]
    between = bool(word) and (word[0].pos in ("ADJF", "PRTF") or word[0].lemma in SETTLEMENT_LEMMAS[lang]
                              or word[0].lemma in DESIGNATOR_LEMMAS[lang])
    if between and token.i > 1 and doc[token.i - 2].lower_ in senses:
        return senses[doc[token.i - 2].lower_]  # "у селі X", "в окупованому X"; not "з електропідстанцій X"
    if word and word[0].pos == "NOUN" and any("gent" in r.grammemes for r in readings(token.lower_, lang)):
        return "of"
    return None
