"""Killed and injured counts from a parsed incident sentence: "Eight people have been injured", "killing three
people", "Twenty-five soldiers were killed", "hundreds killed" (a lower bound), "the death toll rose to 25".

A count is a run of spaCy's number-like tokens (`like_num`: digits and number words) next to a casualty word, with
only the people counted and auxiliaries between them; number words become numbers with text2num. Numbers that
spaCy's NER reads as a date, a time, money or a percentage are no count.

Ukrainian and Russian ("загинули 3 людини", "троє загиблих", "поранено п'ятьох", "погибли двое мирных жителей") are
read by lemma from the words of geomap.vocabulary.CASUALTY_WORDS, on any tokenisation: the doc's lemmas where it has
them, else pymorphy3's. Word order is free, so a count may stand on either side of its casualty word, with only the
people counted, their adjectives and a few fillers ("ще", "отримали") between them.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from text_to_num import text2num

from geomap.morphology import analyzer
from geomap.vocabulary import (
    CASUALTY_WORDS,
    COUNT_WORDS,
    COUNTED_PEOPLE,
    INJURED_WORDS,
    KILLED_WORDS,
    LOWER_BOUND_WORDS,
    MONTHS,
    VAGUE_QUANTITIES,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from spacy.tokens import Span, Token

    from geomap.vocabulary import CasualtyWords

    Words = Sequence[Token]  # a sentence's tokens, without whitespace tokens

_NOT_COUNTS = {"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"}
_FILLER_POS = {"AUX", "ADV", "ADJ"}
_FILLER_WORDS = {"been", "being", "left", "got", "reportedly", "reported", "confirmed"}
_NEGATIONS = {"not", "n't", "no", "nobody", "none"}
_MONTH_PREFIXES = {m[:3] for m in MONTHS}
_MAX_GAP = 7  # tokens between a count and its casualty word
# Nouns that name one person in the singular ("people", "police" or "crew" do not).
_ONE_PERSON = COUNTED_PEOPLE - {"people", "persons", "police", "military", "personnel", "crew", "more", "of", "them",
                                "whom", "other", "others", "border", "troops", "children", "women", "men"}


def casualties(sentence: Span) -> tuple[int | None, int | None, bool]:
    """(killed, injured, counts_are_lower_bounds) stated in one sentence; None where it states nothing."""
    if sentence.doc.lang_ in CASUALTY_WORDS:
        return _casualties_by_lemma(sentence, sentence.doc.lang_)
    sent = [t for t in sentence if not t.is_space]  # a line break inside a sentence is no word
    found: dict[str, int | None] = {"killed": None, "injured": None}
    lower_bound = False
    for i, token in enumerate(sent):
        kind = _kind(sent, i)
        if kind is None or found[kind] is not None:
            continue
        after = i + 1 + _skipped_after(sent, i)
        count = _count_before(sent, i) or _count_after(sent, after, toll=token.lower_ == "toll")
        if count is not None:
            found[kind], bound = count
            lower_bound = lower_bound or bound
    return found["killed"], found["injured"], lower_bound


def _kind(sent: Words, i: int) -> str | None:
    token = sent[i]
    words = {token.lower_, token.lemma_.lower()}
    if words & KILLED_WORDS:
        return "killed"
    if words & INJURED_WORDS:
        return "injured"
    following = " ".join(t.lower_ for t in sent[i + 1: i + 3])
    if token.lower_ in ("lost", "lose") and following in ("their lives", "his life", "her life"):
        return "killed"
    if token.lower_ == "toll" and i > 0 and sent[i - 1].lower_ == "death":
        return "killed"
    return None


def _skipped_after(sent: Words, i: int) -> int:
    """Words between a casualty word and a count after it: "lost their lives", "the bodies of (three men)"."""
    word = sent[i].lower_
    if word in ("lost", "lose"):
        return 2
    return 1 if word in ("bodies", "corpses") and i + 1 < len(sent) and sent[i + 1].lower_ == "of" else 0


def _is_number(token: Token) -> bool:
    return token.like_num or token.lower_ in VAGUE_QUANTITIES or token.lower_ == "dozen"


def _count_before(sent: Words, i: int) -> tuple[int, bool] | None:
    """A count ending before the casualty word: "Twenty-five soldiers were killed", "a civilian was wounded"."""
    j = i - 1
    while j >= 0 and i - j <= _MAX_GAP:
        token = sent[j]
        if token.lower_ in _NEGATIONS:
            return None
        if _in_compound(sent, j):
            j -= 1  # a modifier, not a count: "a 9-year-old boy", "a five-storey building"
            continue
        if _is_number(token) or (token.lower_ in COUNT_WORDS and j + 1 < i):
            start = j
            while start > 0 and (_is_number(sent[start - 1]) or (sent[start - 1].lower_ in ("-", "and")
                                                                  and start > 1 and _is_number(sent[start - 2]))):
                start -= 1
            if start > 0 and sent[start - 1].lower_ in ("a", "an") and sent[start].lower_ in ("dozen", "few"):
                start -= 1
            return _count(sent, start, j + 1)
        if not _between_count_and_word(token):
            return None
        j -= 1
    return _one_named(sent[i])


def _in_compound(sent: Words, j: int) -> bool:
    """A word of a hyphenated modifier ("9-year-old"), but not of a number ("twenty-five")."""
    def joins(a: int) -> bool:  # sent[a] is a hyphen written between two words
        return 0 < a < len(sent) - 1 and sent[a].text == "-" and not sent[a - 1].whitespace_ \
            and not sent[a].whitespace_ and not (sent[a - 1].like_num and sent[a + 1].like_num)
    return joins(j) or joins(j - 1) or joins(j + 1)


def _between_count_and_word(token: Token) -> bool:
    """Words that may stand between a count and its casualty word: the people counted and what qualifies them
    ("Thirteen rescuers of the DPR were reportedly killed"), auxiliaries and adverbs; not another noun ("three
    missiles killed" counts missiles)."""
    if token.pos_ == "NOUN":
        return token.lemma_.lower() in COUNTED_PEOPLE or token.lower_ in COUNTED_PEOPLE
    return token.pos_ in _FILLER_POS or token.pos_ == "PROPN" or token.lower_ in _FILLER_WORDS \
        or token.lower_ in COUNTED_PEOPLE or token.lower_ == "the"


def _one_named(word: Token) -> tuple[int, bool] | None:
    """One person, written without a number: "Woman killed in rocket attack", "the officer was wounded"."""
    subject = next((t for t in word.children if t.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None and word.dep_ == "acl" and word.head.pos_ == "NOUN":
        subject = word.head  # "Woman killed in …": the participle modifies the noun
    if subject is None or subject.tag_ != "NN" or subject.lemma_.lower() not in _ONE_PERSON:
        return None
    if any(t.dep_ == "nummod" or t.lower_ in _NEGATIONS for t in subject.children):
        return None
    return 1, False


def _count_after(sent: Words, k: int, toll: bool = False) -> tuple[int, bool] | None:
    """A count after the casualty word: "killing three people", "wounding at least 12", "the toll rose to 25"."""
    if toll:  # "the death toll … rose to 25", "… stands at 25", "… reached 25"
        verb = sent[k - 1].head
        numbers = [t for t in verb.subtree if t.like_num and t.head.dep_ in ("prep", "ROOT") or t.dep_ == "dobj"]
        position = {t.i: n for n, t in enumerate(sent)}
        numbers = [t for t in numbers if t.like_num and t.i > sent[k - 1].i and t.i in position]
        if not numbers:
            return None
        k = position[numbers[0].i]
    bound = _lower_bound_at(sent, k)
    k += len(bound or ())
    if k >= len(sent):
        return None
    end = k
    while end < len(sent) and (_is_number(sent[end]) or (sent[end].lower_ in ("-", "and") and end + 1 < len(sent)
                                                         and sent[end + 1].like_num and end > k)):
        end += 1
    if end == k and sent[k].lower_ in COUNT_WORDS and k + 1 < len(sent) and (
            sent[k + 1].lemma_.lower() in COUNTED_PEOPLE or sent[k + 1].lower_ in ("dozen", "few")):
        end = k + 1 if sent[k + 1].lower_ not in ("dozen", "few") else k + 2
    return _count(sent, k, end) if end > k else None


def _lower_bound_at(sent: Words, k: int) -> tuple[str, ...] | None:
    for words in LOWER_BOUND_WORDS:
        if tuple(t.lower_ for t in sent[k: k + len(words)]) == words:
            return words
    return None


def _count(sent: Words, start: int, end: int) -> tuple[int, bool] | None:
    """The value of sent[start:end] and whether it is a lower bound; None for a date, a sum of money…"""
    tokens = list(sent[start:end])
    if any(t.ent_type_ in _NOT_COUNTS for t in tokens) or (start > 0 and sent[start - 1].lower_ in _NEGATIONS):
        return None  # "No one was killed" states no count
    if end < len(sent) and sent[end].lower_[:3] in _MONTH_PREFIXES and sent[end].text[:1].isupper():
        return None  # "5 May"
    words = [t.lower_ for t in tokens]
    bound = any(_lower_bound_at(sent, start - len(w)) == w for w in LOWER_BOUND_WORDS if start >= len(w))
    if words[-1] in VAGUE_QUANTITIES:
        return VAGUE_QUANTITIES[words[-1]], True
    if words[-1] == "dozen":
        before = _number(words[:-1]) if words[:-1] not in ([], ["a"], ["an"]) else 1
        return (before * 12, bound) if before is not None else None
    if len(words) == 1 and words[0] in COUNT_WORDS:
        return COUNT_WORDS[words[0]], bound
    value = _number(words)
    return (value, bound) if value is not None else None


def _number(words: list[str]) -> int | None:
    if len(words) == 1 and words[0].replace(",", "").isdigit():
        return int(words[0].replace(",", ""))
    text = " ".join(words).replace(" - ", "-")
    try:
        return text2num(text, "en")
    except ValueError:
        return None


# --- Ukrainian and Russian: by lemma, either word order ---

_ADJECTIVES = {"ADJF", "ADJS", "PRTF", "PRTS"}  # pymorphy3's adjectives and participles: "мирних", "місцевих"
_APOSTROPHES = re.compile("[’ʼ`‘]")


class _Word:
    """A token as this reading sees it: its forms and lemmas, and what pymorphy3 takes it for."""
    __slots__ = ("digits", "form", "lemmas", "parses", "pos")

    def __init__(self, token: Token, language: str) -> None:
        self.form = _APOSTROPHES.sub("'", token.lower_)
        self.parses = _parses(language, self.form)
        self.lemmas = {self.form, _APOSTROPHES.sub("'", token.lemma_.lower())} | {p[0] for p in self.parses}
        self.lemmas.discard("")
        self.pos = {p[1] for p in self.parses}
        self.digits = self.form.replace(",", "").isdigit()

    def vague(self, vocab: CasualtyWords) -> int | None:
        """The least number a vague quantity means ("кілька", "нескольких", "десятки"), else None."""
        return next((vocab.vague[w] for w in sorted(self.lemmas) if w in vocab.vague), None)


@functools.lru_cache(maxsize=200_000)
def _parses(language: str, form: str) -> tuple[tuple[str, str | None, str | None], ...]:
    if not any(c.isalpha() for c in form):
        return ()
    return tuple((p.normal_form, p.tag.POS, p.tag.number) for p in analyzer(language).parse(form))


def _casualties_by_lemma(sentence: Span, language: str) -> tuple[int | None, int | None, bool]:
    vocab = CASUALTY_WORDS[language]
    words = [_Word(t, language) for t in sentence if not t.is_space]
    found: dict[str, int | None] = {"killed": None, "injured": None}
    lower_bound = False
    for i, word in enumerate(words):
        kind = "killed" if word.lemmas & vocab.killed else "injured" if word.lemmas & vocab.injured else None
        if kind is None or found[kind] is not None or _denied(words, i, vocab):
            continue
        candidates = [c for c in (_count_left(words, i, vocab), _count_right(words, i, vocab)) if c]
        if candidates:
            _, found[kind], bound = min(candidates)  # the nearer count
            lower_bound = lower_bound or bound
    return found["killed"], found["injured"], lower_bound


def _denied(words: list[_Word], i: int, vocab: CasualtyWords) -> bool:
    before = {w.form for w in words[max(0, i - 2): i]}
    after = words[i + 1].form if i + 1 < len(words) else ""
    return bool(before & vocab.negations) and not _bound_ends_at(words, i, vocab) or after in vocab.absent and \
        not _bound_starts_at(words, i + 1, vocab)


def _is_count_word(word: _Word, vocab: CasualtyWords) -> bool:
    return word.digits or bool(word.lemmas & vocab.numbers.keys()) or word.vague(vocab) is not None


def _is_between(word: _Word, vocab: CasualtyWords) -> bool:
    """May stand between a count and its casualty word: the people counted, what qualifies them, a filler."""
    if word.form in vocab.fillers or word.lemmas & vocab.people:
        return True
    return bool(word.pos & _ADJECTIVES) and "NOUN" not in word.pos


def _is_other_noun(word: _Word, vocab: CasualtyWords) -> bool:
    """A noun that is no one counted: "5 березня", "3 ракети", "2023 року"."""
    return "NOUN" in word.pos and not word.lemmas & vocab.people and not _is_count_word(word, vocab) \
        and not word.lemmas & (vocab.killed | vocab.injured)


def _count_left(words: list[_Word], i: int, vocab: CasualtyWords) -> tuple[int, int, bool] | None:
    """(distance, count, lower bound) ending before the casualty word: "троє загиблих", "3 людини загинули"."""
    j = i - 1
    while j >= 0 and i - j <= _MAX_GAP:
        if _is_count_word(words[j], vocab):
            start = j
            while start > 0 and _is_count_word(words[start - 1], vocab):
                start -= 1
            return _value(words, start, j + 1, i - j, vocab)
        if not _is_between(words[j], vocab):
            return _one_person(words, range(i - 1, j, -1), i - j, vocab)
        j -= 1
    return _one_person(words, range(i - 1, j, -1), i - j, vocab)


def _count_right(words: list[_Word], i: int, vocab: CasualtyWords) -> tuple[int, int, bool] | None:
    """(distance, count, lower bound) after the casualty word: "загинули 3 людини", "поранено п'ятьох"."""
    k = i + 1
    while k < len(words) and k - i <= _MAX_GAP:
        bound = _bound_starts_at(words, k, vocab)
        if bound:
            k += len(bound)
            continue
        if _is_count_word(words[k], vocab):
            end = k
            while end < len(words) and _is_count_word(words[end], vocab):
                end += 1
            if end < len(words) and _is_other_noun(words[end], vocab):
                k = end + 1  # "загинули 5 березня двоє людей": a date, not the count; read on
                continue
            return _value(words, k, end, k - i, vocab)
        if not _is_between(words[k], vocab):
            break
        k += 1
    return _one_person(words, range(i + 1, min(k, len(words))), k - i, vocab)


def _one_person(words: list[_Word], span: range, distance: int, vocab: CasualtyWords) -> tuple[int, int, bool] | None:
    """One person told without a number: "загинула жінка", "поранено чоловіка", "мирный житель погиб"."""
    for n in span:
        people = [p for p in words[n].parses if p[0] in vocab.people and p[1] == "NOUN"]
        if people:  # "людину" is one person, "люди" are not
            return None if any(p[2] == "plur" for p in people) else (distance, 1, False)
    return None


def _bound_starts_at(words: list[_Word], k: int, vocab: CasualtyWords) -> tuple[str, ...] | None:
    for bound in vocab.lower_bounds:
        if tuple(w.form for w in words[k: k + len(bound)]) == bound:
            return bound
    return None


def _bound_ends_at(words: list[_Word], end: int, vocab: CasualtyWords) -> bool:
    """A lower bound ends right before words[end]: "не менше" is no negation."""
    return any(end >= len(b) and _bound_starts_at(words, end - len(b), vocab) == b for b in vocab.lower_bounds)


def _value(words: list[_Word], start: int, end: int, distance: int,
           vocab: CasualtyWords) -> tuple[int, int, bool] | None:
    """(distance, the value of words[start:end], whether it is a lower bound); None when they are no number."""
    run = words[start:end]
    bound = _bound_ends_at(words, start, vocab)
    if run[-1].vague(vocab) is not None:
        return distance, run[-1].vague(vocab), True
    if len(run) == 1 and run[0].digits:
        return distance, int(run[0].form.replace(",", "")), bound
    values = [next((vocab.numbers[lemma] for lemma in sorted(w.lemmas) if lemma in vocab.numbers), None) for w in run]
    if None in values or any(b >= a for a, b in zip(values, values[1:], strict=False)):
        return None  # not a number word each, or not a compound like "двадцять п'ять"
    return distance, sum(values), bound
