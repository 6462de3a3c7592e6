"""One incident, one event: reports of the same incident in different articles merge into one event that carries
every source and quote.

Two events are the same incident when their types are compatible (any two violent types: a raid, its shelling
and the drones shot down over the same town that day are one incident; a non-violent development only with its
own type), their places are the same or within MERGE_KM at the same precision, and their dates overlap (allowing
for each date's precision; an undated report joins only undated ones). The merged event keeps the most specific
type and place, the earliest of the most precise dates, the largest casualty counts and every actor. Its id
derives from place, type and date, so more articles reporting the same incident leave it unchanged (unless one
of them dates the incident more precisely).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache

from geomap.events import event_id
from geomap.geo import km
from geomap.records import Event
from geomap.taxonomy import NON_VIOLENT, PRECEDENCE

MERGE_KM = 5.0
_SPAN_DAYS = {"day": 1, "week": 7, "month": 31, "year": 366}


def _interval(e: Event) -> tuple[dt.date, dt.date] | None:
    return _date_span(e.date, e.date_precision)


@lru_cache(maxsize=10_000)  # a corpus has few distinct dates, and every comparison needs both events' spans
def _date_span(date: str | None, precision: str) -> tuple[dt.date, dt.date] | None:
    if date is None:
        return None
    start = dt.date.fromisoformat(date)
    return start, start + dt.timedelta(days=_SPAN_DAYS.get(precision, 1))


def _compatible(a: str, b: str) -> bool:
    return a == b or (a not in NON_VIOLENT and b not in NON_VIOLENT)


def same_incident(a: Event, b: Event) -> bool:
    if not _compatible(a.event_type, b.event_type):
        return False
    apart = km(a.place.lat, a.place.lon, b.place.lat, b.place.lon)
    if a.place.id != b.place.id and (a.geo_precision != b.geo_precision or apart > MERGE_KM):
        return False
    ia, ib = _interval(a), _interval(b)
    if ia is None or ib is None:
        return ia is None and ib is None  # an undated report could be any year: it joins only undated ones
    # Reports of a day-precise incident may come out a day apart ("on Monday" vs "yesterday").
    return ia[0] <= ib[1] and ib[0] <= ia[1]


def _combine(a: Event, b: Event) -> Event:
    first, second = sorted((a, b), key=_specificity)
    actors = {x.name: x for x in (*second.actors, *first.actors)}
    counts = [x for x in (a.killed, b.killed) if x is not None], [x for x in (a.injured, b.injured) if x is not None]
    kind = min(a.event_type, b.event_type, key=_precedence)  # the most specific: a raid over an attack
    when = min((a, b), key=lambda e: (_DATE_PRECISIONS.index(e.date_precision), e.date or "9999"))
    merged = Event(
        event_id="", event_type=kind,
        place=first.place, geo_precision=first.geo_precision, date=when.date, date_precision=when.date_precision,
        reports=_reports(a, b), trigger=first.trigger, actors=tuple(actors.values()),
        killed=max(counts[0]) if counts[0] else None, injured=max(counts[1]) if counts[1] else None,
        casualties_at_least=a.casualties_at_least or b.casualties_at_least)
    return _with_id(merged)


_DATE_PRECISIONS = ("day", "week", "month", "year", "unknown")


def _precedence(event_type: str) -> int:
    return PRECEDENCE.get(event_type, len(PRECEDENCE))  # a type this version does not know (an old cache) last


def _specificity(e: Event) -> tuple:
    precision = _DATE_PRECISIONS.index(e.date_precision)
    return e.geo_precision, e.date is None, precision, _precedence(e.event_type), e.place.id


def _reports(a: Event, b: Event):
    seen, out = set(), []
    for report in sorted((*a.reports, *b.reports), key=lambda r: (r.article.date or "9999", r.article.id)):
        key = (report.article.id, report.quote)
        if key not in seen:
            seen.add(key)
            out.append(report)
    return tuple(out)


def _with_id(e: Event) -> Event:
    return replace(e, event_id=event_id(e.place.id, e.event_type, e.date))


_CELL_DEG = 0.05  # grid cell for finding nearby events: 5.6 km of latitude, at least MERGE_KM
_WEEK = 7


class _Index:
    """Merged events by grid cell and by the weeks their dates span, so that each report is compared only with
    events near it in space and time: merging stays linear where a busy town has hundreds of incidents."""

    def __init__(self):
        self._buckets: dict[tuple, list[int]] = defaultdict(list)

    def add(self, i: int, e: Event) -> None:
        for week in _weeks(e):
            self._buckets[(*_cell(e), week)].append(i)

    def remove(self, i: int, e: Event) -> None:
        for week in _weeks(e):
            self._buckets[(*_cell(e), week)].remove(i)

    def near(self, e: Event) -> list[int]:
        """Indices of every event that can be the same incident (and some that cannot), in merge order."""
        weeks = _weeks(e)
        return sorted({i for cell in _nearby_cells(e) for week in weeks
                       for i in self._buckets.get((*cell, week), ())})


def _weeks(e: Event) -> list[int | None]:
    """The weeks an event's dates may fall in, with a day's slack either side; [None] when undated."""
    span = _interval(e)
    if span is None:
        return [None]
    return list(range((span[0].toordinal() - 1) // _WEEK, (span[1].toordinal() + 1) // _WEEK + 1))


def _cell(e: Event) -> tuple[int, int]:
    return math.floor(e.place.lat / _CELL_DEG), math.floor(e.place.lon / _CELL_DEG)


def _nearby_cells(e: Event) -> Iterator[tuple[int, int]]:
    """Cells that may hold an event within MERGE_KM: one row up and down, more columns where meridians converge."""
    row, col = _cell(e)
    cell_km = _CELL_DEG * 111.32 * max(math.cos(math.radians(e.place.lat)), 0.01)
    reach = math.ceil(MERGE_KM / cell_km)
    for r in (row - 1, row, row + 1):
        for c in range(col - reach, col + reach + 1):
            yield r, c


def merge_events(events: Iterable[Event]) -> list[Event]:
    """Merge reports of the same incident; the result is ordered by date, then place, independent of input order."""
    merged: list[Event] = []
    index = _Index()
    for event in sorted(events, key=_specificity):
        match = next((i for i in index.near(event) if same_incident(merged[i], event)), None)
        if match is None:
            merged.append(_with_id(event))
            index.add(len(merged) - 1, merged[-1])
            continue
        index.remove(match, merged[match])
        merged[match] = _combine(merged[match], event)
        index.add(match, merged[match])
    return sorted(merged, key=lambda e: (e.date or "9999", e.place.name, e.event_type, e.event_id))
