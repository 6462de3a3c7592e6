"""When an incident happened: time expressions in a sentence resolved against the article's publication date.

"on Monday" is the latest Monday on or before publication, "over the weekend" the Saturday before it, "in December"
the latest December, "last week" the Monday of the week before. With no publication date a relative expression
gives no date (null), never today's.
"""

from __future__ import annotations

import datetime as dt
import re

from geomap.vocabulary import MONTHS, WEEKDAYS

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


def resolve_when(text: str, publication: str | None) -> tuple[str | None, str]:
    """(ISO date or None, precision) for the incident a sentence reports."""
    pub = dt.date.fromisoformat(publication) if publication else None
    lowered = text.lower()
    explicit = _explicit(text, pub)
    if explicit:
        return explicit
    if pub is None:
        return None, "unknown"
    if "yesterday" in lowered:
        return (pub - dt.timedelta(days=1)).isoformat(), "day"
    if "over the weekend" in lowered or "at the weekend" in lowered or "last weekend" in lowered:
        saturday = _latest_weekday(pub - dt.timedelta(days=1), 5)
        return saturday.isoformat(), "week"
    if "last week" in lowered:
        monday = pub - dt.timedelta(days=pub.weekday() + 7)
        return monday.isoformat(), "week"
    if "last month" in lowered:
        first = pub.replace(day=1) - dt.timedelta(days=1)
        return first.replace(day=1).isoformat(), "month"
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
