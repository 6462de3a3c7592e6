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

import contextlib
import hashlib
import itertools
import json
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from importlib import metadata
from typing import TYPE_CHECKING, NamedTuple

from geomap.taxonomy import AMBIGUOUS_WORDS, EVENT_TYPES, NOT_INCIDENTS, EventType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

_NOT = "NOT_INCIDENT"


def _english_forms(lemma: str) -> set[str]:
    from lemminflect import getAllInflections, getAllInflectionsOOV

    forms = getAllInflections(lemma) or getAllInflectionsOOV(lemma, upos="NOUN")
    return {lemma, *(f.lower() for group in forms.values() for f in group)}


def _pymorphy_forms(lang: str) -> Callable[[str], set[str]]:
    def forms(lemma: str) -> set[str]:
        from geomap.morphology import forms

        return forms(lemma, lang)

    return forms


# Word forms of a lemma, per language. A language without an entry is matched as written.
INFLECTORS: dict[str, Callable[[str], set[str]]] = {"en": _english_forms, "uk": _pymorphy_forms("uk"),
                                                    "ru": _pymorphy_forms("ru")}


class Trigger(NamedTuple):
    event_type: str
    text: str  # the words that matched, as written
    start: int  # token offsets in the doc
    end: int


_FORMS: dict[tuple[str, str], frozenset[str]] = {}


def _forms(word: str, lang: str) -> frozenset[str]:
    known = _FORMS.get((word, lang))
    if known is None:
        known = _FORMS[(word, lang)] = _inflect(word, lang)
    return known


def _inflect(word: str, lang: str) -> frozenset[str]:
    if word.startswith("="):
        return frozenset({word[1:].lower()})  # this form only
    inflect = INFLECTORS.get(lang)
    return frozenset(inflect(word.lower()) if inflect and word.isalpha() else {word.lower()})


def _load_forms(words: Iterable[str], lang: str) -> None:
    """Fill the form table for these words. Reading lemminflect's tables costs 0.3 s in every process that starts,
    so the forms of a registry's words are kept in geomap's cache folder, made again when missing or damaged."""
    from geomap import atomic
    from geomap.gazetteer.store import default_cache_dir

    words = sorted(set(words))
    key = json.dumps([lang, words, _inflector_version(lang)])
    path = default_cache_dir() / f"trigger-forms-{hashlib.sha256(key.encode()).hexdigest()[:16]}.json"
    try:
        table = json.loads(path.read_text(encoding="utf-8"))
        _FORMS.update({(w, lang): frozenset(table[w]) for w in words})
        return
    except (OSError, ValueError, KeyError, TypeError):
        pass
    table = {w: sorted(_forms(w, lang)) for w in words}
    with contextlib.suppress(OSError):  # a read-only cache folder costs time, not results
        atomic.write_text(path, json.dumps(table, ensure_ascii=False))


def _inflector_version(lang: str) -> str:
    if lang in ("uk", "ru"):
        from geomap.morphology import version

        return version()
    try:
        return metadata.version("lemminflect") if lang == "en" else ""
    except metadata.PackageNotFoundError:
        return ""


def _words(phrases: Iterable[str]) -> Iterator[str]:
    """The words of trigger phrases, as the form table is keyed."""
    for trigger in phrases:
        phrase, _, required = trigger.partition(" & ")
        for position in [*phrase.split(), required]:
            yield from (w.strip() for w in position.split("|") if w.strip() and w.strip() != "*")


@cache
def _tokenizer(lang: str):
    import spacy

    return spacy.blank(lang).tokenizer


def _segments(phrase: str) -> tuple[list[str], list[int]]:
    """A phrase cut at its optional tokens: the fixed parts, and how many tokens may stand between each two."""
    parts, gaps, current, stars = [], [], [], 0
    for position in phrase.split():
        if position == "*":
            stars += 1
            continue
        if stars and current:
            parts.append(" ".join(current))
            gaps.append(stars)
            current = []
        stars = 0
        current.append(position)
    parts.append(" ".join(current))
    return parts, gaps


def _variants(part: str, lang: str) -> Iterator[tuple[str, ...]]:
    """Every word sequence a fixed part stands for: its alternatives and inflections multiplied out."""
    positions = [sorted({f for word in p.split("|") for f in _forms(word, lang)}) for p in part.split()]
    return itertools.product(*positions)


class _Patterns:
    """Trigger phrases matched on the lower-case form by one spaCy PhraseMatcher: hashed, so its cost does not grow
    with the number of forms (a Matcher's `IN` sets and optional tokens call back into Python at every token).
    A phrase with optional tokens is matched part by part, and the parts joined when close enough."""

    def __init__(self, vocab: Vocab, lang: str):
        from spacy.matcher import PhraseMatcher

        self._tokenize = _tokenizer(lang)
        self._strings = vocab.strings
        self._phrases = PhraseMatcher(vocab, attr="LOWER")
        self._chains: dict[str, tuple[int, list[int]]] = {}  # phrase id → (key's hash, gaps between its parts)

    def add(self, key: str, phrase: str, lang: str) -> None:
        parts, gaps = _segments(phrase)
        chain = f"{key}\x1f{len(self._chains)}"
        self._chains[chain] = (self._strings.add(key), gaps)
        for n, part in enumerate(parts):
            self._phrases.add(f"{chain}\x1f{n}", [self._tokenize(" ".join(words)) for words in _variants(part, lang)])

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        if not self._chains:
            return []
        found: dict[str, dict[int, list[tuple[int, int]]]] = {}
        for match_id, start, end in self._phrases(doc):
            chain, _, part = self._strings[match_id].rpartition("\x1f")
            found.setdefault(chain, {}).setdefault(int(part), []).append((start, end))
        matches = []
        for chain, parts in found.items():
            key, gaps = self._chains[chain]
            for start, end in parts.get(0, ()):
                for n, gap in enumerate(gaps, start=1):
                    end = min((e for s, e in parts.get(n, ()) if end <= s <= end + gap), default=None)
                    if end is None:
                        break
                if end is not None:
                    matches.append((key, start, end))
        return matches


def _required(words: str, lang: str, vocab: Vocab) -> frozenset[int]:
    """The words one of which must be in the sentence, as the hashes spaCy keeps token forms under."""
    return frozenset(vocab.strings.add(form) for word in words.split("|") for form in _forms(word.strip(), lang))


class TriggerMatcher:
    """Finds each sentence's incident trigger: the trigger of the type that comes first in the registry, the
    earliest in the sentence among that type's."""

    def __init__(self, vocab: Vocab, lang: str = "en", event_types: Sequence[EventType] = EVENT_TYPES,
                 not_incidents: Mapping[str, Sequence[str]] = NOT_INCIDENTS):
        self._precedence = {t.key: i for i, t in enumerate(event_types)}
        _load_forms(_words([*(p for t in event_types for p in t.triggers.get(lang, ())),
                            *not_incidents.get(lang, ())]), lang)
        self._matcher = _Patterns(vocab, lang)
        self._figurative = _Patterns(vocab, lang)
        self._rules: dict[int, tuple[str, frozenset[int] | None]] = {}
        for event_type in event_types:
            for n, trigger in enumerate(event_type.triggers.get(lang, ())):
                phrase, _, required = trigger.partition(" & ")
                key = f"{event_type.key}#{n}"
                self._matcher.add(key, phrase, lang)
                needs = _required(required, lang, vocab) if required else None
                self._rules[vocab.strings[key]] = (event_type.key, needs)
        for phrase in not_incidents.get(lang, ()):
            self._figurative.add(_NOT, phrase, lang)

    def by_sentence(self, doc: Doc) -> dict[int, Trigger]:
        """The trigger of each sentence that has one, by the sentence's first token."""
        matches = self._matcher(doc)
        if not matches:
            return {}
        starts = [s.start for s in doc.sents] if doc.has_annotation("SENT_START") else [0]
        figurative = self._figurative(doc)
        lowers = None
        best: dict[int, tuple[int, int, int, str]] = {}  # sentence → (precedence, start, end, type)
        for match_id, start, end in matches:
            if any(start < f_end and f_start < end for _, f_start, f_end in figurative):
                continue
            n = bisect_right(starts, start) - 1
            event_type, required = self._rules[match_id]
            if required is not None:
                lowers = doc.to_array("LOWER") if lowers is None else lowers
                if required.isdisjoint(lowers[starts[n]: starts[n + 1] if n + 1 < len(starts) else len(doc)].tolist()):
                    continue
            found = (self._precedence[event_type], start, end, event_type)
            if starts[n] not in best or found < best[starts[n]]:
                best[starts[n]] = found
        return {sentence: Trigger(kind, doc[start:end].text, start, end)
                for sentence, (_, start, end, kind) in best.items()}

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


def is_ambiguous(trigger: str, lang: str = "en") -> bool:
    """Whether a trigger, as matched, is built on a common word of the registry's AMBIGUOUS_WORDS."""
    return bool(set(trigger.lower().split()) & _ambiguous_forms(lang))


@cache
def _ambiguous_forms(lang: str) -> frozenset[str]:
    return frozenset(form for word in AMBIGUOUS_WORDS.get(lang, ()) for form in _forms(word, lang))
