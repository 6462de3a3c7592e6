"""Toponyms in Ukrainian and Russian text: each capitalised word's readings (pymorphy3) looked up in the gazetteer's
Cyrillic names, longest run first, so that inflected forms are found ("у Бєлгороді", "под Харьковом",
"Нової Каховки").

An oblast adjective with its designator ("Курської області", "в Белгородской области") and a region named after
its centre ("Харківщина", "Сумщини") become that oblast, written as the gazetteer's Latin name with the designator
"region", so that the resolver reads them exactly as "Kursk region" in English (a village with its oblast makes the
oblast the village's context, not a second incident). spaCy's blank Ukrainian and Russian pipelines have no NER,
so people are told from places by evidence: a title before the word ("губернатор", "голова ОВА"), a first name
before it or a patronymic after it (pymorphy3's Name, Patr grammemes), or the document using it so elsewhere.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from geomap.gazetteer import Gazetteer, open_gazetteer
from geomap.gazetteer.translit import english_name, is_cyrillic
from geomap.morphology import PERSON_NAMES, PLACE_NAME, Reading, readings
from geomap.names import normalise
from geomap.records import Mention
from geomap.toponyms import SPANS_KEY
from geomap.vocabulary import (
    AGENT_VERB_LEMMAS,
    COUNTRY_LEMMAS,
    DESIGNATOR_LEMMAS,
    FOREIGN_NAME_ENDINGS,
    NAME_CASE_ENDINGS,
    PLACE_ADJECTIVE_SUFFIXES,
    PLACE_STEM_ENDINGS,
    PREPOSITIONS,
    REGION_NAME_SUFFIXES,
    SEATS_OF_POWER_BY_LANGUAGE,
    SETTLEMENT_LEMMAS,
    TITLE_LEMMAS,
    WEAPON_NAMES,
)

MAX_NAME_TOKENS = 4
_MAJOR = 100_000  # people: a city this large keeps its name against weaker readings (a surname, a common word)
_FORMS_PER_TOKEN = 4
_TOWN = 5_000  # people: the least a town must have for its adjective to name it ("Одеський порт")
_CENTRE = 50_000  # people: a town this large that an oblast's adjective is made from is its centre
_CONNECTORS = {"-", "на", "над", "об"}  # Ростов-на-Дону, Новгород-Сіверський
_QUOTES = set("\"«»„“”'")
_OPENERS = _QUOTES | set(":—–-|(")
_NOT_A_PLACE = object()
_USER_DATA = "geomap_cyrillic_names"  # doc.user_data key: (start_char, end_char) → (lookup name, designator)


def load_pipeline(lang: str) -> Language:
    """spaCy's blank `lang` pipeline: sentencizer, spaCy's pymorphy3 lemmatizer, geomap's Cyrillic toponyms."""
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "pymorphy3"})
    nlp.add_pipe("geomap_cyrillic_toponyms", last=True)
    nlp.initialize()
    return nlp


@Language.factory("geomap_cyrillic_toponyms", default_config={"spans_key": SPANS_KEY})
def _make_component(nlp: Language, name: str, spans_key: str) -> CyrillicToponymFinder:
    return CyrillicToponymFinder(nlp.lang, open_gazetteer(), spans_key)


@dataclass(frozen=True)
class _Found:
    start: int  # token offsets
    end: int
    name: str  # the key the resolver looks the place up by
    designator: str | None


class CyrillicToponymFinder:
    """Sets doc.spans[spans_key] and, per span, the name to look it up by (see `mentions`)."""

    def __init__(self, lang: str, gazetteer: Gazetteer | None = None, spans_key: str = SPANS_KEY):
        self.lang = lang
        self.gazetteer = gazetteer if gazetteer is not None else open_gazetteer()
        self.spans_key = spans_key
        self.designators = DESIGNATOR_LEMMAS[lang]
        self.settlement_words = SETTLEMENT_LEMMAS[lang]
        self.titles = TITLE_LEMMAS[lang]
        self.prepositions = PREPOSITIONS[lang]
        self.case_endings = NAME_CASE_ENDINGS[lang]
        self.countries = COUNTRY_LEMMAS[lang]
        self.foreign_endings = FOREIGN_NAME_ENDINGS[lang]
        self._regions: dict[str, str | None] = {}

    def __call__(self, doc: Doc) -> Doc:
        people = self._people(doc)
        found, i = [], 0
        while i < len(doc):
            hit = self._match(doc, i, people)
            if hit is None:
                i += 1
                continue
            found.append(hit)
            i = hit.end
        spans = [Span(doc, f.start, f.end, label="GAZ") for f in found]
        doc.spans[self.spans_key] = spans
        doc.user_data[_USER_DATA] = {(s.start_char, s.end_char): (f.name, f.designator)
                                     for s, f in zip(spans, found, strict=True)}
        return doc

    # --- matching ---

    def _match(self, doc: Doc, i: int, people: frozenset[int]) -> _Found | None:
        token = doc[i]
        if not _name_word(token) or i in people or _quoted(doc, i):
            return None
        country = next((self.countries[w] for w in [token.lower_, *(r.lemma for r in self._readings(token))]
                        if w in self.countries), None)
        if country is not None:
            return _Found(i, i + 1, country, None)
        for n in range(min(MAX_NAME_TOKENS, len(doc) - i), 0, -1):
            if n == 1:  # an oblast adjective, a -щина name or a town's adjective before a single name
                region = self._region(doc, i)
                if region is _NOT_A_PLACE:
                    return None
                if region is not None:
                    return region
            span = doc[i: i + n]
            if not _name_word(span[-1]) or any(t.is_sent_start for t in span[1:]) \
                    or not all(_name_word(t) or t.lower_ in _CONNECTORS for t in span):
                continue
            if any(t.i in people for t in span) or (n > 1 and self._designator_word(span[-1])):
                continue  # "Курської області" is read as an oblast below
            key = self._best_key(span)
            if key is None or not self._plausible(doc, span, key):
                continue
            return _Found(i, i + n, key, self._designator(doc, span))
        return None

    def _best_key(self, span: Span) -> str | None:
        """Of the keys the gazetteer knows, the one naming the largest place: "в Василькове" reads as
        Васильков (a town) and as Васильковое (villages)."""
        keys = [k for k in dict.fromkeys(self._keys(span)) if self.gazetteer.has_key(k)]
        if len(keys) <= 1:
            return keys[0] if keys else None
        return max(keys, key=lambda k: max((c.place.population for c in self.gazetteer.candidates(k)), default=0))

    def _keys(self, span: Span) -> Iterator[str]:
        """Lookup keys for a run of words: every combination of each word's written and nominative forms."""
        options = []
        for t in span:
            if t.lower_ in _CONNECTORS:
                options.append([t.lower_])
                continue
            forms = [t.lower_] + [r.nominative for r in self._readings(t)] + [r.lemma for r in self._readings(t)]
            forms = list(dict.fromkeys(forms))[:_FORMS_PER_TOKEN]
            forms += [t.lower_[: -len(case)] + nominative for case, nominative in self.case_endings
                      if t.lower_.endswith(case)]
            forms += [f[: -len(ours)] + theirs for f in forms for ours, theirs in self.foreign_endings
                      if f.endswith(ours)]
            options.append(forms)
        for combination in itertools.product(*options):
            yield normalise(" ".join(combination))

    def _designator_word(self, token: Token) -> bool:
        return any(r.lemma in self.designators for r in self._readings(token))

    def _readings(self, token: Token) -> tuple[Reading, ...]:
        return readings(token.lower_, self.lang)

    def _plausible(self, doc: Doc, span: Span, key: str) -> bool:
        """Case and context checks for a gazetteer hit of the word's written or nominative form."""
        major = self._major(key)
        if normalise(english_name(key)) in WEAPON_NAMES and not major:
            return False  # "Калибр", "Искандер": weapons
        if len(span) > 1:
            return True
        token = span[0]
        found = self._readings(token)
        if self._designator(doc, span) or _before(doc, span.start, self.settlement_words, self.lang):
            return True
        if token.text.isupper() and len(token.text) <= 4:
            return major  # ЗСУ, РФ, ОВА: acronyms
        if any(PLACE_NAME in r.grammemes and r.pos == "NOUN" for r in found) or major:
            return True
        if found and all(r.pos in ("VERB", "INFN", "PRTF", "ADVB", "CONJ", "PREP", "NPRO", "PRCL") for r in found):
            return False  # a verb or a function word ("Повідомили", "Коли") is no place name
        supporting = [r for r in found if key in (normalise(r.nominative), normalise(r.lemma))]
        if supporting and all(r.pos in ("ADJF", "ADJS") for r in supporting):
            # Names that are adjectives (Приютное, Кіровське) stand alone; "Українська" before its noun does not.
            return not token.is_sent_start and self._preceded_by_preposition(doc, span.start)
        # A common word opening the sentence ("Удари", "Вибухи") is no place, though villages bear such names.
        return not (_opens(doc, span.start) and found and all(r.known for r in found))

    def _preceded_by_preposition(self, doc: Doc, i: int) -> bool:
        return i > 0 and doc[i - 1].lower_ in self.prepositions

    def _major(self, key: str) -> bool:
        return any(c.place.population >= _MAJOR for c in self.gazetteer.candidates(key))

    def _designator(self, doc: Doc, span: Span) -> str | None:
        """The feature a neighbouring word asks for: "… району", "аэродром …", "село …"."""
        if span.end < len(doc):
            hint = next((self.designators[r.lemma] for r in self._readings(doc[span.end])
                         if r.lemma in self.designators), None)
            if hint:
                return hint
        if span.start > 0:
            before = {r.lemma for r in self._readings(doc[span.start - 1])}
            if before & self.settlement_words:
                return "settlement"
            if any(self.designators.get(lemma) == "airbase" for lemma in before):
                return "airbase"
        return None

    # --- regions: oblast adjectives and -щина names ---

    def _region(self, doc: Doc, i: int) -> _Found | None:
        """"Курської області", "Бєлгородський район", "Харківщина": the oblast (or district) they name;
        "Одеський порт", "Харьковскому заводу": the town. _NOT_A_PLACE for an adjective whose town is unknown
        ("Українська", "Ровенскую область" when Рівне is not found): not a village that bears the adjective."""
        token = doc[i]
        found = self._readings(token)
        end = i + 1
        if i + 2 < len(doc) and doc[i + 1].text == "-" and _name_word(doc[i + 2]) and not doc[i + 1].whitespace_:
            end = i + 3  # "Ивано-Франковской": the tokenizer splits at the hyphen
            found = readings(doc[i: end].text.lower(), self.lang)
        nxt = doc[end] if end < len(doc) else None
        hint = None
        if nxt is not None:
            hint = next((self.designators[r.lemma] for r in self._readings(nxt) if r.lemma in self.designators),
                        None)
        adjective = next((r.lemma for r in found if r.pos == "ADJF"), None)
        stem = next((adjective[: -len(s)] for s in PLACE_ADJECTIVE_SUFFIXES if adjective.endswith(s)), None) \
            if adjective else None
        if hint in ("region", "district") and adjective:
            direct = self._region_by_key(found, nxt, hint)
            if direct is not None:
                return _Found(i, end + 1, direct, hint)
            region = self._region_of_stem(stem, hint) if stem else None
            if region is not None:
                return _Found(i, end + 1, region, hint if hint == "region" else None)
            return _NOT_A_PLACE
        if found and found[0].pos == "ADJF" and nxt is not None and nxt.is_alpha and (nxt.text.isupper() or (
                nxt.is_lower and any(r.pos in ("NOUN", "ADJF", "CONJ") for r in self._readings(nxt)))):
            # An adjective before its noun: "Одеський порт" is at Odesa, "Херсонському та Донецькому напрямках" at
            # Kherson and Donetsk; "Українські дрони" and "Чорному морі" name no town.
            if stem:
                town = self._region_of_stem(stem, "town")
                return _Found(i, end, town, None) if town is not None else _NOT_A_PLACE
            if self._readings(nxt)[:1] and self._readings(nxt)[0].pos == "NOUN":
                return _NOT_A_PLACE
        for r in found:
            suffix = next((s for s in REGION_NAME_SUFFIXES if r.lemma.endswith(s)), None)
            if suffix and r.pos == "NOUN":
                stem = r.lemma[: -len(suffix)] + ("ц" if suffix == "ччина" else "")  # Донеччина: Донецьк
                region = self._region_of_stem(stem, "region") or (
                    self._region_of_stem(stem + "с", "region") if suffix == "щина" else None)  # Одещина: Одеса
                if region is not None:
                    return _Found(i, i + 1, region, "region")
        return None

    def _region_by_key(self, adjective: tuple[Reading, ...], designator: Token, hint: str) -> str | None:
        """The gazetteer's own Cyrillic name of the unit ("белгородская область")."""
        wanted = ("A.ADM1",) if hint == "region" else ("A.ADM2", "A.ADM3")
        for a, d in itertools.product(adjective, self._readings(designator)):
            key = normalise(f"{a.nominative} {d.nominative}")
            place = next((c.place for c in self.gazetteer.candidates(key) if c.place.feature in wanted), None)
            if place is not None:
                return place.name if hint == "region" else key
        return None

    def _region_of_stem(self, stem: str, hint: str) -> str | None:
        """The region (its Latin name) or, for a district, its centre, of the town whose name `stem` is the stem
        of: "сум" → Суми → Sumy Oblast; "запоріз" → Запоріжжя."""
        cache_key = f"{stem}\x1f{hint}"
        if cache_key in self._regions:
            return self._regions[cache_key]
        stems = [stem] + ([stem[:-1] + "ж"] if stem.endswith("з") else []) \
            + ([stem[:-1] + "к"] if stem.endswith("ц") else []) \
            + ([stem[:-1]] if stem.endswith("й") else []) + [stem + "с"]  # Воронеж; Кременчук; Росія; Одеса
        places = {c.place.id: c.place for base, ending in itertools.product(stems, PLACE_STEM_ENDINGS)
                  for c in self.gazetteer.candidates(base + (base[-1:] + ending[1:] if ending.startswith("*")
                                                             else ending))}
        theatre = [p for p in places.values() if p.country_code in ("UA", "RU")]
        answer = None
        if any(base + ending in self.countries for base in stems for ending in ("а", "я", "ія", "ия")):
            answer = None  # a nation's adjective: "Українські", "Российские"
        elif hint == "region":
            region = next((p for p in theatre if p.feature == "A.ADM1"), None)
            centres = [p for p in theatre if p.admin1 and p.feature_class == "P"
                       and (p.feature in ("P.PPLA", "P.PPLC") or p.population >= _CENTRE)]
            centre = max(centres, key=lambda p: (p.feature in ("P.PPLA", "P.PPLC"), p.population), default=None)
            answer = region.name if region is not None else centre.admin1 if centre is not None else None
        else:  # a district, or a town its adjective names: the town
            town = max((p for p in theatre if p.feature_class == "P"),
                       key=lambda p: (p.feature in ("P.PPLA", "P.PPLC"), p.population), default=None)
            if town is not None and (town.population >= _TOWN or town.feature in ("P.PPLA", "P.PPLC")):
                answer = town.name
        self._regions[cache_key] = answer
        return answer

    # --- people ---

    def _people(self, doc: Doc) -> frozenset[int]:
        """Tokens that name a person: after a title, beside a first name or a patronymic, and words the document
        so uses elsewhere."""
        people: set[int] = set()
        for i, token in enumerate(doc):
            if not _name_word(token):
                continue
            grammemes = set().union(*(r.grammemes for r in self._readings(token))) if self._readings(token) else set()
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            common = _opens(doc, i) and any(PERSON_NAMES.isdisjoint(r.grammemes) for r in self._readings(token))
            if "Name" in grammemes and not common and nxt is not None and _name_word(nxt) \
                    and not self._geox_only(nxt):
                people.update((i, i + 1))  # Олег Синєгубов
                if i + 2 < len(doc) and "Patr" in self._grammemes(doc[i + 2]):
                    people.add(i + 2)
            elif "Patr" in grammemes and i > 0 and _name_word(doc[i - 1]):
                people.update((i - 1, i))
            if self._titled(doc, i) and self._may_be_person(token):
                people.add(i)
                if nxt is not None and _name_word(nxt) and self._may_be_person(nxt):
                    people.add(i + 1)
        surnames = {doc[i].lower_ for i in people}
        people.update(t.i for t in doc if t.lower_ in surnames)
        return frozenset(i for i in people if not self._major_reading(doc[i]) or self._titled(doc, i))

    def _major_reading(self, token: Token) -> bool:
        """One of the word's readings names a city of _MAJOR people ("Луцька" is Луцьк's genitive)."""
        return any(self._major(normalise(form)) for form in
                   {token.lower_, *(f for r in self._readings(token) for f in (r.nominative, r.lemma))})

    def _titled(self, doc: Doc, i: int) -> bool:
        """A title right before the word, or before a name and an acronym ("голова ОВА Синєгубов")."""
        for back in (1, 2, 3):
            j = i - back
            if j < 0:
                return False
            if {r.lemma for r in self._readings(doc[j])} & self.titles:
                return all(doc[k].text.isupper() or "Name" in self._grammemes(doc[k]) for k in range(j + 1, i))
        return False

    def _grammemes(self, token: Token) -> set[str]:
        return set().union(*(r.grammemes for r in self._readings(token))) if self._readings(token) else set()

    def _may_be_person(self, token: Token) -> bool:
        """A name pymorphy3 reads as a person's, or one the gazetteer does not know: "губернатор Гладков", not
        "губернатор Севастополя"."""
        found = self._readings(token)
        if any(PERSON_NAMES & r.grammemes for r in found):
            return True
        if any(r.lemma.endswith(REGION_NAME_SUFFIXES) for r in found):
            return False  # "губернатор Сумщини"
        return not any(self.gazetteer.has_key(normalise(form)) for r in found for form in (r.nominative, r.lemma))

    def _geox_only(self, token: Token) -> bool:
        found = self._readings(token)
        return bool(found) and all(PLACE_NAME in r.grammemes for r in found)


def _name_word(token: Token) -> bool:
    return token.text[:1].isupper() and token.text[:1].isalpha() and is_cyrillic(token.text)


def _opens(doc: Doc, i: int) -> bool:
    """The word opens a sentence, a headline's part or a quote ("Удар був", "Словакии: Удары")."""
    return doc[i].is_sent_start or (i > 0 and doc[i - 1].is_punct and doc[i - 1].text[-1:] in _OPENERS)


def _quoted(doc: Doc, i: int) -> bool:
    """A name in quotes is a unit's, a ship's or a company's ("группировка «Днепр»")."""
    return 0 < i < len(doc) - 1 and doc[i - 1].text[-1:] in _QUOTES and doc[i + 1].text[:1] in _QUOTES


def _before(doc: Doc, i: int, lemmas: frozenset[str], lang: str) -> bool:
    return i > 0 and bool({r.lemma for r in readings(doc[i - 1].lower_, lang)} & lemmas)


# --- Mentions ---

def mentions(doc: Doc, spans_key: str = SPANS_KEY) -> list[Mention]:
    """The doc's toponym spans as Mention records: `text` as written, `lemma` the name it is looked up by."""
    names = doc.user_data.get(_USER_DATA, {})
    sentence_index = {s.start: n for n, s in enumerate(doc.sents)}
    out = []
    for span in doc.spans[spans_key]:
        name, hint = names.get((span.start_char, span.end_char), (normalise(span.text), None))
        out.append(Mention(span.start_char, span.end_char, span.text, sentence_index[span.sent.start], hint,
                           role(span, name), None, lemma=name))
    return out


def role(span: Span, name: str) -> str:
    """"metonymic" for a name right before a verb of saying or deciding ("Москва заявила", "Київ відкинув") with no
    preposition before it, and for a seat of power named so anywhere in a sentence with such a verb."""
    doc, lang = span.doc, span.doc.lang_
    agent_verbs = AGENT_VERB_LEMMAS.get(lang, frozenset())
    if span.start > 0 and doc[span.start - 1].lower_ in PREPOSITIONS.get(lang, {}):
        return "place"
    following = [t for t in doc[span.end: min(span.end + 3, span.sent.end)] if not t.is_punct]

    def acts(token: Token) -> bool:
        return any(r.lemma in agent_verbs and r.pos in ("VERB", "INFN") for r in readings(token.lower_, lang))

    # Only a name that may be in the nominative acts: "Влада Луцька підтвердила" is the city's authorities.
    own = [r for r in readings(span[-1].lower_, lang) if normalise(r.nominative) in normalise(name)
           or normalise(r.lemma) in normalise(name)]
    if own and not any("nomn" in r.grammemes for r in own):
        return "place"
    if following and acts(following[0]):
        return "metonymic"
    seat = normalise(name) in SEATS_OF_POWER_BY_LANGUAGE.get(lang, frozenset()) or any(
        r.lemma in SEATS_OF_POWER_BY_LANGUAGE.get(lang, frozenset()) for r in readings(span[0].lower_, lang))
    nominative = any("nomn" in r.grammemes for r in readings(span[-1].lower_, lang))
    if seat and nominative and any(acts(t) for t in span.sent):
        return "metonymic"
    return "place"
