"""Killed and injured counts from an incident sentence: "Eight people have been injured", "killing three people",
"hundreds killed" (a lower bound)."""

from __future__ import annotations

import re

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "a dozen": 12, "dozen": 12,
}
# Vague quantities: the smallest number they can mean, reported as a lower bound.
_LOWER_BOUNDS = {"several": 2, "a few": 2, "dozens of": 24, "dozens": 24, "scores of": 40, "hundreds of": 200,
                 "hundreds": 200, "thousands of": 2000, "thousands": 2000}
_QUANTITY = (r"(?P<q>at least \d[\d,]*|more than \d[\d,]*|\d[\d,]*|dozens of|dozens|scores of|hundreds of|hundreds|"
             r"thousands of|thousands|several|a few|a dozen|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
             + r")")
_WHO = (r"(?:\s+(?:more\s+|other\s+)?(?:people|persons|person|civilians|residents|soldiers|servicemen|troops|others|"
        r"children|women|men|workers|officers|fighters|of them|border guards))?")
_KILLED = r"(?:killed|dead|died|killing|kills|perished|lost their lives)"
_INJURED = r"(?:injured|wounded|hurt|injuring|wounding|injures|wounds)"
_AUXILIARIES = (r"(?:(?:have|has|had|were|was|are|is|been|being|reportedly|later|also|seriously|critically|slightly|"
                r"badly|lightly|left|got)\s+){0,3}")
# "Eight people have been injured", "three killed", "killing three people", "left two residents wounded"
_PATTERNS = {
    kind: [re.compile(rf"\b{_QUANTITY}{_WHO}\s+{_AUXILIARIES}{verb}\b", re.I),
           re.compile(rf"\b{verb}\s+{_QUANTITY}{_WHO}", re.I)]
    for kind, verb in (("killed", _KILLED), ("injured", _INJURED))
}


def _value(quantity: str) -> tuple[int | None, bool]:
    q = quantity.lower().strip()
    for prefix in ("at least ", "more than "):
        if q.startswith(prefix):
            return int(q[len(prefix):].replace(",", "")), True
    if q in _LOWER_BOUNDS:
        return _LOWER_BOUNDS[q], True
    if q[0].isdigit():
        return int(q.replace(",", "")), False
    return _NUMBER_WORDS.get(q), False


def casualties(sentence: str) -> tuple[int | None, int | None, bool]:
    """(killed, injured, counts_are_lower_bounds) stated in one sentence; None where it states nothing."""
    found: dict[str, int | None] = {"killed": None, "injured": None}
    lower_bound = False
    for kind, patterns in _PATTERNS.items():
        for pattern in patterns:
            m = pattern.search(sentence)
            if m:
                value, bound = _value(m.group("q"))
                if value is not None and not _is_date_or_time(sentence, m):
                    found[kind], lower_bound = value, lower_bound or bound
                    break
    return found["killed"], found["injured"], lower_bound


def _is_date_or_time(sentence: str, match: re.Match) -> bool:
    """"On 5 May killed…": a number followed by a month name is a date, not a count."""
    following = sentence[match.start("q"): match.end("q") + 12].lower()
    return bool(re.match(r"\d+\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", following))
