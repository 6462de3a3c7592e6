"""Incident triggers: one spaCy `Matcher` over the registry's trigger phrases (geomap.taxonomy), used by the sentence
gate (a tokenizer-only pass, geomap.focus) and by the event extractor (the parsed pass, geomap.events), so that the
two agree by construction.

Matching reads only what the tokenizer gives (each token's lower-case form): every trigger lemma is expanded to its
inflections when the matcher is built. A trigger phrase is a space-separated sequence of positions:

- `shell` — the lemma in any inflection (shell, shells, shelled, shelling); `=downed` — this form only;
- `take|gain|claim` — any of these alternatives; `*` — one optional token of any kind;
- `find|discover & body|grave` — the phrase counts only when the sentence also holds one of the words after `&`.

A trigger inside a figurative phrase of the registry's `NOT_INCIDENTS` ("came under fire from critics", "a heart
attack") does not count.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from geomap.taxonomy import EVENT_TYPES, NOT_INCIDENTS, EventType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

_NOT = "NOT_INCIDENT"


def _english_forms(lemma: str) -> set[str]:
    from lemminflect import getAllInflections, getAllInflectionsOOV

    forms = getAllInflections(lemma) or getAllInflectionsOOV(lemma, upos="NOUN")
    return {lemma, *(f.lower() for group in forms.values() for f in group)}


# Word forms of a lemma, per language. A language without an entry is matched as written.
INFLECTORS: dict[str, Callable[[str], set[str]]] = {"en": _english_forms}


class Trigger(NamedTuple):
    event_type: str
    text: str  # the words that matched, as written
    start: int  # token offsets in the doc
    end: int


@cache
def _forms(word: str, lang: str) -> frozenset[str]:
    if word.startswith("="):
        return frozenset({word[1:].lower()})
    inflect = INFLECTORS.get(lang)
    return frozenset(inflect(word.lower()) if inflect and word.isalpha() else {word.lower()})


@cache
def _tokenizer(lang: str):
    import spacy

    return spacy.blank(lang).tokenizer


def _patterns(phrase: str, lang: str, tokenize) -> list[list[dict]]:
    """spaCy token patterns for one trigger phrase (its alternatives multiplied out)."""
    positions = [p.split("|") for p in phrase.split()]
    patterns = []
    for words in itertools.product(*positions):
        pattern: list[dict] = []
        for word in words:
            if word == "*":
                pattern.append({"OP": "?"})
                continue
            literal = word.startswith("=")
            for token in tokenize(word.lstrip("=")):
                if token.is_alpha:
                    pattern.append({"LOWER": {"IN": sorted(_forms(("=" if literal else "") + token.text, lang))}})
                else:
                    pattern.append({"ORTH": token.text})
        patterns.append(pattern)
    return patterns


def _required(words: str, lang: str) -> frozenset[str]:
    return frozenset(form for word in words.split("|") for form in _forms(word.strip(), lang))


class TriggerMatcher:
    """Finds each sentence's incident trigger: the trigger of the type that comes first in the registry, the
    earliest in the sentence among that type's."""

    def __init__(self, vocab: Vocab, lang: str = "en", event_types: Sequence[EventType] = EVENT_TYPES,
                 not_incidents: Mapping[str, Sequence[str]] = NOT_INCIDENTS):
        from spacy.matcher import Matcher

        tokenize = _tokenizer(lang)
        self._precedence = {t.key: i for i, t in enumerate(event_types)}
        self._matcher = Matcher(vocab)
        self._figurative = Matcher(vocab)
        self._rules: dict[int, tuple[str, frozenset[str] | None]] = {}
        for event_type in event_types:
            for n, trigger in enumerate(event_type.triggers.get(lang, ())):
                phrase, _, required = trigger.partition(" & ")
                key = f"{event_type.key}#{n}"
                self._matcher.add(key, _patterns(phrase, lang, tokenize))
                self._rules[vocab.strings[key]] = (event_type.key, _required(required, lang) if required else None)
        figurative = [p for phrase in not_incidents.get(lang, ()) for p in _patterns(phrase, lang, tokenize)]
        if figurative:
            self._figurative.add(_NOT, figurative)

    def by_sentence(self, doc: Doc) -> dict[int, Trigger]:
        """The trigger of each sentence that has one, by the sentence's first token."""
        starts = [s.start for s in doc.sents] if doc.has_annotation("SENT_START") else [0]
        figurative = [(start, end) for _, start, end in self._figurative(doc)] if len(self._figurative) else []
        words: dict[int, set[str]] = {}
        best: dict[int, Trigger] = {}
        for match_id, start, end in self._matcher(doc):
            if any(start < f_end and f_start < end for f_start, f_end in figurative):
                continue
            sentence = starts[bisect_right(starts, start) - 1]
            event_type, required = self._rules[match_id]
            if required is not None:
                if sentence not in words:
                    end_of_sentence = next((s for s in starts if s > sentence), len(doc))
                    words[sentence] = {t.lower_ for t in doc[sentence:end_of_sentence]}
                if not required & words[sentence]:
                    continue
            found = Trigger(event_type, doc[start:end].text, start, end)
            known = best.get(sentence)
            if known is None or (self._precedence[found.event_type], start) < (self._precedence[known.event_type],
                                                                             known.start):
                best[sentence] = found
        return best

    def find(self, sent: Span) -> Trigger | None:
        """The trigger of one sentence."""
        return self.by_sentence(sent.as_doc()).get(0)


_matchers: dict[int, tuple[Vocab, TriggerMatcher]] = {}


def matcher_for(vocab: Vocab, lang: str = "en") -> TriggerMatcher:
    """One matcher per vocabulary (a spaCy Matcher matches docs of its own vocab), built on first use."""
    key = id(vocab)
    if key not in _matchers or _matchers[key][0] is not vocab:
        _matchers[key] = (vocab, TriggerMatcher(vocab, lang))
    return _matchers[key][1]

