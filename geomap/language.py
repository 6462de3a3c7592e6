"""Which language an article is written in: English, Ukrainian or Russian, by a measured rule.

Mostly Latin letters is English. Cyrillic text is Ukrainian or Russian by the letters only one of the two has
(і ї є ґ and "-ський" against ы э ъ ё and "-ский") and by frequent words only one of them uses (the lists in
geomap.vocabulary): Cyrillic text with no Ukrainian mark at all is Russian, and a tie goes to Ukrainian; text
with no mark of either (a short headline) goes to the language whose dictionary alone knows more of its words.
Accuracy on the development sets is in BENCHMARKS.md ("Ukrainian and Russian"). No library is needed for three
languages this far apart, and the rule takes microseconds, where lingua's models take hundreds of megabytes.
"""

from __future__ import annotations

import re

from geomap.vocabulary import LANGUAGE_LETTERS, LANGUAGE_WORDS, LANGUAGES

AUTO = "auto"
CHOICES: tuple[str, ...] = (AUTO, *LANGUAGES)
_WORD = re.compile(r"[^\W\d_]+")
_LINK = re.compile(r"\S+://\S+|www\.\S+")
_SAMPLE = 4000  # characters read: the opening of an article tells its language


def detect(text: str) -> str:
    """"en", "uk" or "ru" for `text` ("en" for text with no letters)."""
    sample = _LINK.sub(" ", text[:_SAMPLE])  # a link's Latin letters say nothing of the text's language
    letters = [ch for ch in sample if ch.isalpha()]
    cyrillic = sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff")
    if not letters or cyrillic < len(letters) / 2:
        return "en"
    lowered = sample.lower()
    words = _WORD.findall(lowered)
    scores = {lang: sum(lowered.count(mark) for mark in LANGUAGE_LETTERS[lang])
              + 2 * sum(1 for w in words if w in LANGUAGE_WORDS[lang]) for lang in ("uk", "ru")}
    if not scores["uk"] and not scores["ru"]:
        return _by_dictionary(words)  # a headline with no mark either way: "ВИБУХИ У СУМАХ"
    # Ukrainian text of a line or more nearly always has one of і ї є or "-ськ": without any it is Russian.
    if not scores["uk"]:
        return "ru"
    return "ru" if scores["ru"] > scores["uk"] else "uk"


def _by_dictionary(words: list[str]) -> str:
    """The language whose pymorphy3 dictionary knows more of the words that only one of the two knows ("вибухи" is
    Ukrainian, "взрывы" Russian); Russian when they tie."""
    from geomap.morphology import analyzer

    known = {lang: {w for w in words if analyzer(lang).word_is_known(w)} for lang in ("uk", "ru")}
    return "uk" if len(known["uk"] - known["ru"]) > len(known["ru"] - known["uk"]) else "ru"


def language_of(text: str, forced: str = AUTO, given: str | None = None) -> str:
    """The language to read an article in: `forced` unless "auto", else the one the source gave, else detected."""
    if forced != AUTO:
        return forced
    return given if given in LANGUAGES else detect(text)
