"""Ukrainian and Russian word forms through pymorphy3 and its dictionaries: what a written form may be the form of
(toponyms: "Бєлгороді" is Бєлгород), and every form of a lemma (triggers: "обстріл" is also "обстрілом")."""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import metadata
from typing import NamedTuple

# Grammemes pymorphy3 gives names: a place (Geox), a person's first, family or father's name.
PLACE_NAME = "Geox"
PERSON_NAMES = frozenset({"Name", "Surn", "Patr"})
_MIN_SCORE = 0.05  # parses less likely than this are noise ("Суми" as a rare verb form)


class Reading(NamedTuple):
    """One way to read a written word."""

    nominative: str  # the same word in the nominative, number and gender kept ("Нової" → "нова", "Сумах" → "суми")
    lemma: str  # pymorphy3's normal form ("новий", "сума")
    pos: str | None  # NOUN, ADJF, VERB, …
    grammemes: frozenset[str]
    known: bool  # found in the dictionary, not guessed from its ending


@cache
def analyzer(lang: str):
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


@lru_cache(maxsize=200_000)
def readings(word: str, lang: str) -> tuple[Reading, ...]:
    """The likely readings of `word` (lower-cased), best first."""
    out, seen = [], set()
    for parse in analyzer(lang).parse(word.lower()):
        if parse.score < _MIN_SCORE and out:
            continue
        nominative = parse.inflect({"nomn"}) if "nomn" not in parse.tag else parse
        reading = Reading(nominative.word if nominative is not None else parse.normal_form, parse.normal_form,
                          parse.tag.POS, frozenset(parse.tag.grammemes), parse.is_known)
        if reading[:3] not in seen:
            seen.add(reading[:3])
            out.append(reading)
    return tuple(out)


def forms(lemma: str, lang: str) -> set[str]:
    """Every form of every word `lemma` may be the normal form of ("удар": удару, ударом, удари, …)."""
    out = {lemma}
    for parse in analyzer(lang).parse(lemma):
        if parse.normal_form == lemma:
            out.update(p.word for p in parse.lexeme)
    return out


def version() -> str:
    try:
        return metadata.version("pymorphy3") + "/" + metadata.version("pymorphy3-dicts-uk") + "/" + \
            metadata.version("pymorphy3-dicts-ru")
    except metadata.PackageNotFoundError:
        return ""
