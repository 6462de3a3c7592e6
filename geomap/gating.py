"""Parse gating for `extract`: which sentences need spaCy's tagger, parser and lemmatizer after NER has run on all.

`extract` lists every place, so every sentence needs NER. The rest of the pipeline decides only where a place or
an incident may be: a toponym's plausibility, role (metonymy) and designator read the tags and the parse, and so
do events. A sentence with no place entity, no gazetteer name that the checks needing no parse would keep, no
"village of X" and no incident trigger yields nothing whatever the parse says, so it is skipped. The test is a
superset of ToponymFinder's and events.event_type's: it never drops a sentence they would use.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from geomap.focus import Focus, focus_of, has_trigger
from geomap.gazetteer import Gazetteer
from geomap.names import normalise
from geomap.toponyms import (
    _BLOCKING_LABELS,
    _TIME_LABELS,
    MAX_NAME_TOKENS,
    PLACE_LABELS,
    _capitalised,
    _extends_name,
    _inside_organisation_name,
    _names_a_site,
    _overlaps,
)
from geomap.vocabulary import ADMIN_WORDS, NEWS_OUTLETS, SETTLEMENT_WORDS

_OPENING = "\"'“‘«( \n"  # and the space between them


def _sentences(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of the sentencizer's sentences, joined where the next begins with a digit or a lowercase
    letter ("School No. 24 was hit": the parser keeps that one sentence)."""
    out: list[list[int]] = []
    for sent in doc.sents:
        first = sent.text.lstrip()[:1]
        if out and first and (first.isdigit() or first.islower()):
            out[-1][1] = sent.end_char
        else:
            out.append([sent.start_char, sent.end_char])
    return [(start, end) for start, end in out]


class PlaceGate:
    """Sentences of an NER-tagged doc (sentence starts set by a sentencizer) that may hold a toponym or an incident,
    as a Focus of runs of them; Focus(text, ((0, 0),)) when that is nearly all of the text anyway."""

    WHOLE = 0.85  # share of the text above which the whole text is parsed (no joins, exactly today's parse)

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer

    def focus(self, doc: Doc) -> Focus:
        sentences = _sentences(doc)
        keep = [self._needed(doc.char_span(start, end, alignment_mode="expand")) for start, end in sentences]
        kept = sum(end - start for (start, end), k in zip(sentences, keep, strict=True) if k)
        if kept >= self.WHOLE * len(doc.text):
            return Focus(doc.text, ((0, 0),), context=True)
        # A run that follows a dropped sentence starts after its opening quotes: the parser gives them to the
        # sentence before (where the gate made its cut, the parse of the whole text has no sentence start).
        for i, (start, end) in enumerate(sentences):
            if keep[i] and i and not keep[i - 1]:
                while start < end and doc.text[start] in _OPENING:
                    start += 1
                sentences[i] = (start, end)
        return focus_of(doc.text, sentences, keep, context=True)

    def _needed(self, sent: Span) -> bool:
        if any(ent.label_ in PLACE_LABELS for ent in sent.ents):
            return True
        if has_trigger(sent.text):
            return True
        for i, token in enumerate(sent):
            if not token.text[:1].isupper():
                continue
            if i >= 2 and sent[i - 1].lower_ == "of" and sent[i - 2].lower_ in SETTLEMENT_WORDS:
                return True  # "the village of Zelenyi Hai"
            for n in range(1, min(MAX_NAME_TOKENS, len(sent) - i) + 1):
                span = sent[i: i + n]
                if span[-1].text[:1].isalpha() and _capitalised(span) \
                        and self.gazetteer.has_key(normalise(span.text)) and self._may_keep(span):
                    return True
        return False

    def _may_keep(self, span: Span) -> bool:
        """False only where ToponymFinder._plausible rejects the span on NER and spelling alone."""
        doc = span.doc
        for ent in doc.ents:
            if ent.label_ in _BLOCKING_LABELS and _overlaps(ent, span) and _extends_name(ent, span) \
                    and not _names_a_site(ent, span):
                return False
        if _inside_organisation_name(span):
            return False
        ner = next((e for e in doc.ents if e.start == span.start and e.end == span.end), None)
        if ner is not None and ner.label_ in PLACE_LABELS:
            return True
        first = span[0]
        if len(span) == 1 and first.is_stop and not first.text.isupper():
            return False  # "We", "Since", "To" opening a sentence
        if any(e.label_ in _TIME_LABELS and _overlaps(e, span) for e in doc.ents):
            return False
        key = normalise(span.text)
        if key in NEWS_OUTLETS:
            return False
        if ner is not None and ner.label_ == "PERSON" and len(span) > 1 and span[-1].lower_ not in ADMIN_WORDS:
            return False
        if len(span) == 1 and span.text.isupper() and len(span.text) <= 4:
            return any(c.place.feature in ("A.PCLI", "A.ADM1") for c in self.gazetteer.candidates(key))
        return True
