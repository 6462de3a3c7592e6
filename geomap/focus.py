"""Focus: the parts of an article that can report an incident, found with the tokenizer alone.

The statistical pipeline (tagger, parser, NER) costs ~50× the tokenizer. An event needs a sentence with an incident
trigger, so only runs of such sentences go through it; the rest of the article is skipped. The gate errs towards
keeping: it runs the same trigger matcher (geomap.triggers) as the event extractor, on the tokenizer's output.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.tokens import Span

from geomap.gazetteer import Gazetteer
from geomap.names import normalise
from geomap.toponyms import MAX_NAME_TOKENS
from geomap.triggers import matcher_for


def has_trigger(sentence: str) -> bool:
    """Whether a text holds an incident trigger (the gate's test, on a text of its own)."""
    return bool(matcher_for(_blank().vocab).by_sentence(_blank()(sentence)))


@lru_cache(maxsize=1)
def _blank() -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@dataclass(frozen=True)
class Focus:
    """Runs of incident sentences: `text` joins them, `segments` maps each back to the article (start offsets)."""

    text: str
    segments: tuple[tuple[int, int], ...]  # (offset in text, offset in the article), in order
    context: bool = False  # whether sentences that only name places are in

    def to_article(self, offset: int) -> int:
        """An offset into `text` as an offset into the article."""
        base = max((s for s in self.segments if s[0] <= offset), default=(0, 0))
        return base[1] + offset - base[0]


def focus_of(text: str, sentences: list[tuple[int, int]], keep: list[bool], context: bool) -> Focus:
    """The kept sentences ((start, end) offsets) as runs, one newline between runs; adjacent kept sentences stay
    one segment."""
    runs: list[list[int]] = []
    for (start, end), kept in zip(sentences, keep, strict=True):
        if not kept:
            continue
        if runs and not text[runs[-1][1]: start].strip():
            runs[-1][1] = end  # adjacent to the previous run: one segment keeps the parse whole
        else:
            runs.append([start, end])
    parts, segments, offset = [], [], 0
    for start, end in runs:
        segments.append((offset, start))
        parts.append(text[start:end])
        offset += end - start + 1
    return Focus("\n".join(parts), tuple(segments), context)


class SentenceGate:
    """Keeps an article's incident sentences and, with `context`, also those naming a place the gazetteer knows
    (they resolve namesakes and give the place of the paragraph that stands in for an incident told without a
    place). Nothing of an article without an incident."""

    def __init__(self, gazetteer: Gazetteer):
        self._nlp = spacy.blank("en")
        self._nlp.add_pipe("sentencizer")
        self._triggers = matcher_for(self._nlp.vocab)
        self._known = gazetteer.has_key

    def focus(self, text: str, context: bool | None = None) -> Focus:
        """`context` None: only when an incident sentence names no place the gazetteer knows."""
        doc = self._nlp(text)
        sentences = list(doc.sents)
        found = self._triggers.by_sentence(doc)
        triggered = [s.start in found for s in sentences]
        if not any(triggered):
            return Focus("", (), context=bool(context))
        if context is None:
            context = not all(self._names_a_place(s) for s, t in zip(sentences, triggered, strict=True) if t)
        keep = [trigger or (context and self._names_a_place(sent)) for sent, trigger in
                zip(sentences, triggered, strict=True)]
        return focus_of(text, [(s.start_char, s.end_char) for s in sentences], keep, context)

    def _names_a_place(self, sent: Span) -> bool:
        """A capitalised n-gram the gazetteer knows (the toponym matcher's first test, without its context checks)."""
        for i, token in enumerate(sent):
            if token.text[:1].isupper():
                for n in range(1, min(MAX_NAME_TOKENS, len(sent) - i) + 1):
                    if self._known(normalise(sent[i: i + n].text)):
                        return True
        return False
