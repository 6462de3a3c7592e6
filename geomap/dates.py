"""When an incident happened: time expressions in a sentence resolved against the article's publication date.

"on Monday" is the latest Monday on or before publication, "over the weekend" the Saturday before it, "in December"
the latest December, "last week" the Monday of the week before. With no publication date a relative expression
gives no date (null), never today's.

English is read by the rules below; Ukrainian and Russian by dateparser ("вчора", "позавчера", "три дні тому",
"12 березня 2023 року", "в ночь на 12 марта" → the 12th, weekdays), with the same meanings where it differs: a
weekday is the latest one on or before publication (dateparser takes the week before on that very day), and the
weekend, last week, last month and "у березні 2022" come from geomap.vocabulary. What dateparser finds is kept only
when it reads as a date: a number with a month's name, in 12.03 or 12:30 form or before "тому"; a weekday written in
full, not an abbreviation ("ВС России" is the armed forces, not Sunday). dateparser is imported only when a
Ukrainian or Russian sentence is read (about 0.3 s once per process, then about 1 ms a sentence).
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from geomap.vocabulary import DATEPARSER_LANGUAGES, MONTHS, MONTHS_IN, RELATIVE_PERIODS, WEEKDAYS

_MONTH = "(" + "|".join(MONTHS) + ")"
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}(?:\s+(\d{{4}}))?\b", re.I)
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)
_MONTH_YEAR = re.compile(rf"\b(?:in|since|during|by|early|late|mid-?)\s+{_MONTH}(?:\s+(\d{{4}}))?\b", re.I)
_WEEKDAY = re.compile(r"\b(?:on|last|this|early|late)?\s*(" + "|".join(WEEKDAYS) + ")"
                      r"(?:\s+(?:morning|afternoon|evening|night))?\b", re.I)


def _latest_weekday(publication: dt.date, weekday: int) -> dt.date:
    return publication - dt.timedelta(days=(publication.weekday() - weekday) % 7)


def _latest_month(publication: dt.date, month: int) -> dt.date:
    year = publication.year if month <= publication.month else publication.year - 1
    return dt.date(year, month, 1)


def _explicit(text: str, publication: dt.date | None) -> tuple[str | None, str] | None:
    for pattern, day_group, month_group in ((_DAY_MONTH_YEAR, 1, 2), (_MONTH_DAY_YEAR, 2, 1)):
        m = pattern.search(text)
        if m:
            month = MONTHS.index(m.group(month_group).lower()) + 1
            year = int(m.group(3)) if m.group(3) else (publication.year if publication else None)
            if year is None:
                return None, "unknown"
            try:
                day = dt.date(year, month, int(m.group(day_group)))
            except ValueError:
                continue
            if not m.group(3) and publication and day > publication:
                day = day.replace(year=year - 1)
            return day.isoformat(), "day"
    return None


def _weekend(pub: dt.date) -> tuple[str, str]:
    return _latest_weekday(pub - dt.timedelta(days=1), 5).isoformat(), "week"


def _last_week(pub: dt.date) -> tuple[str, str]:
    return (pub - dt.timedelta(days=pub.weekday() + 7)).isoformat(), "week"


def _last_month(pub: dt.date) -> tuple[str, str]:
    return (pub.replace(day=1) - dt.timedelta(days=1)).replace(day=1).isoformat(), "month"


_PERIODS = {"weekend": _weekend, "last week": _last_week, "last month": _last_month}


def resolve_when(text: str, publication: str | None, language: str = "en") -> tuple[str | None, str]:
    """(ISO date or None, precision) for the incident a sentence in `language` reports."""
    pub = dt.date.fromisoformat(publication) if publication else None
    if language in DATEPARSER_LANGUAGES:
        return _resolve_with_dateparser(text, pub, language)
    lowered = text.lower()
    explicit = _explicit(text, pub)
    if explicit:
        return explicit
    if pub is None:
        return None, "unknown"
    if "yesterday" in lowered:
        return (pub - dt.timedelta(days=1)).isoformat(), "day"
    if "over the weekend" in lowered or "at the weekend" in lowered or "last weekend" in lowered:
        return _weekend(pub)
    if "last week" in lowered:
        return _last_week(pub)
    if "last month" in lowered:
        return _last_month(pub)
    m = _WEEKDAY.search(text)
    if m:
        return _latest_weekday(pub, WEEKDAYS.index(m.group(1).lower())).isoformat(), "day"
    m = _MONTH_YEAR.search(text)
    if m:
        month = MONTHS.index(m.group(1).lower()) + 1
        if m.group(2):
            return dt.date(int(m.group(2)), month, 1).isoformat(), "month"
        return _latest_month(pub, month).isoformat(), "month"
    # No time expression: news reports what happened on or just before its publication day.
    return pub.isoformat(), "day"


_PRECISION = {"time": "day", "day": "day", "week": "week", "month": "month"}  # a year alone dates no incident
_YEAR = re.compile(r"\b(19|20)\d\d\b")


def _resolve_with_dateparser(text: str, pub: dt.date | None, language: str) -> tuple[str | None, str]:
    """Explicit dates first, then the periods of RELATIVE_PERIODS, then dateparser's relative words and weekdays,
    then "in <month> [year]"; a sentence with none happened on the publication day."""
    lowered = text.lower()
    found = _dateparser_dates(text, pub, language)
    stated = [(sub, when) for sub, when in found if any(c.isdigit() for c in sub) and when[1] != "time"]
    if pub is None:  # only a date written with its year stands without a publication date
        dated = [when for sub, when in stated if _YEAR.search(sub)] + \
            [when for when in [_month_in(lowered, None, language)] if when]
        return dated[0] if dated else (None, "unknown")
    if stated:
        return stated[0][1]
    for phrase, period in RELATIVE_PERIODS[language].items():
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", lowered):
            return _PERIODS[period](pub)
    if found:
        return found[0][1]
    return _month_in(lowered, pub, language) or (pub.isoformat(), "day")


def _dateparser_dates(text: str, pub: dt.date | None, language: str) -> list[tuple[str, tuple[str, str]]]:
    """[(the words, (ISO date, precision))] dateparser finds in the text, in order, none after publication."""
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    settings = {"PREFER_DATES_FROM": "past", "DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first",
                "RETURN_TIME_AS_PERIOD": True}
    if pub is not None:  # the end of the publication day: "at 12:30" that day is no later than publication
        settings["RELATIVE_BASE"] = dt.datetime.combine(pub, dt.time(23, 59, 59))
    parser = DateDataParser(languages=[language], settings=settings)
    weekdays, full_weekdays, months, ago = _date_words(language)
    found = []
    for words, _ in search_dates(text, languages=[language], settings=settings) or ():
        tokens = set(re.findall(r"\w+", words.lower()))
        if any(c.isdigit() for c in words):
            # a number is a date with a month's name, in 12.03 or 12:30 form, or before "тому": not "Україна 24"
            if not (tokens & months or tokens & ago or re.search(r"\d{1,2}[.:/]\d{2}", words)):
                continue
        elif tokens & weekdays and not tokens & full_weekdays:
            continue  # an abbreviation: "ВС России" (armed forces, not "вс", Sunday), "серед" (among, not Wednesday)
        data = parser.get_date_data(words)
        if data.date_obj is None or data.period not in _PRECISION or data.date_obj.year < 1900:
            continue
        if data.period == "month" and not any(c.isdigit() for c in words) and not tokens & ago:
            continue  # a month named alone ("Травень", "Мая") is rarely a date; "у березні" is read by _month_in
        day = data.date_obj.date()
        if pub is not None and tokens & full_weekdays and not any(c.isdigit() for c in words):
            day = _latest_weekday(pub, day.weekday())  # "у понеділок" on a Monday is that Monday
        if pub is None or day <= pub:
            found.append((words, (day.isoformat(), _PRECISION[data.period])))
    return found


@functools.cache
def _date_words(language: str) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(weekday words, weekdays written in full, month names in full, "ago" words) of dateparser's data for the
    language. A form that begins another ("серед" of "середа") or a weekday's of up to three letters ("вс") is an
    abbreviation."""
    from dateparser.languages.loader import default_loader

    info = default_loader.get_locale(language).info

    def full(keys: tuple[str, ...], shortest: int) -> tuple[frozenset[str], frozenset[str]]:
        every, whole = set(), set()
        for key in keys:
            forms = {f.lower() for f in info.get(key, ())}
            every |= forms
            whole |= {f for f in forms if len(f) >= shortest and not any(o != f and o.startswith(f) for o in forms)}
        return frozenset(every), frozenset(whole)

    weekdays, full_weekdays = full(WEEKDAYS, 4)
    _, months = full(MONTHS, 3)
    return weekdays, full_weekdays, months, frozenset(w.lower() for w in info.get("ago", ()))


def _month_in(lowered: str, pub: dt.date | None, language: str) -> tuple[str, str] | None:
    """"у березні 2022 року", "в марте": the month's first day, the latest such month without a year."""
    months = MONTHS_IN[language]
    m = re.search(rf"(?<!\w)(?:у|в|во)\s+({'|'.join(months)})(?:\s+(\d{{4}}))?(?!\w)", lowered)
    if m is None:
        return None
    month = months.index(m.group(1)) + 1
    if m.group(2):
        return dt.date(int(m.group(2)), month, 1).isoformat(), "month"
    return (_latest_month(pub, month).isoformat(), "month") if pub else None
