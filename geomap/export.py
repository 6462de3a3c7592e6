"""Export: events as RFC 7946 GeoJSON (through geopandas) and the `extract` JSONL records."""

from __future__ import annotations

import json
from collections.abc import Sequence

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from geomap.border import border_km
from geomap.records import Event, Report, Resolution

# Properties every Feature carries, in this order (documented in README.md, "Output").
PROPERTIES = ("event_id", "event_type", "place_name", "mention", "gazetteer_id", "country_code", "admin1",
              "border_km", "geo_precision", "date", "date_precision", "quote", "trigger", "actors", "killed", "injured",
              "casualties_at_least", "source_count", "source", "sources")


def _sources(reports: Sequence[Report]) -> list[dict]:
    """One entry per article, with every sentence it reported the incident in."""
    by_article: dict[str, tuple[dict, dict]] = {}
    for r in reports:
        a = r.article
        entry, quotes = by_article.setdefault(a.id, ({"id": a.id, "title": a.title, "url": a.url, "date": a.date,
                                                      "outlet": a.source, "mention": r.mention}, {}))
        quotes[r.quote] = None  # a dict keeps the first-seen order, and finds repeats at once
    return [entry | {"quotes": list(quotes)} for entry, quotes in by_article.values()]


def event_properties(event: Event, distance_to_border: float | None = None) -> dict:
    """`distance_to_border` in km when already computed (for many events at once), else computed here."""
    sources = _sources(event.reports)
    if distance_to_border is None:
        (distance_to_border,) = border_km([event.place.lat], [event.place.lon])
    return {
        "event_id": event.event_id, "event_type": event.event_type, "place_name": event.place.name,
        "mention": event.mention, "gazetteer_id": event.place.id, "country_code": event.place.country_code,
        "admin1": event.place.admin1 or None, "border_km": distance_to_border,
        "geo_precision": event.geo_precision, "date": event.date,
        "date_precision": event.date_precision, "quote": event.quote, "trigger": event.trigger,
        "actors": [{"name": x.name, "role": x.role} for x in event.actors], "killed": event.killed,
        "injured": event.injured, "casualties_at_least": event.casualties_at_least, "source_count": len(sources),
        "source": {k: sources[0][k] for k in ("id", "title", "url", "date", "outlet")}, "sources": sources,
    }


def events_frame(events: Sequence[Event]) -> gpd.GeoDataFrame:
    distances = border_km([e.place.lat for e in events], [e.place.lon for e in events])
    rows = [event_properties(e, d) for e, d in zip(events, distances, strict=True)]
    geometry = [Point(round(e.place.lon, 6), round(e.place.lat, 6)) for e in events]
    # object columns keep counts as integers and missing values as null (pandas would make them float and NaN)
    columns = {name: pd.Series([row[name] for row in rows], dtype=object) for name in PROPERTIES}
    return gpd.GeoDataFrame(columns, geometry=geometry, crs="EPSG:4326")


def geojson_features(events: Sequence[Event]) -> list[dict]:
    """One RFC 7946 Feature per event: WGS 84 [lon, lat]."""
    return events_frame(events).to_geo_dict(drop_id=True)["features"]


def geojson_text(features: Sequence[dict]) -> str:
    """A FeatureCollection with no "crs" member, one Feature per line (diffs between runs show which events
    changed; json's C encoder does not indent, and indenting in Python took two thirds of the time)."""
    lines = "".join(f"\n{json.dumps(feature, ensure_ascii=False)}," for feature in features).rstrip(",")
    return f'{{"type": "FeatureCollection", "features": [{lines}\n]}}\n'


def toponym_record(resolution: Resolution) -> dict:
    m, p = resolution.mention, resolution.place
    record = {"start": m.start, "end": m.end, "text": m.text, "role": m.role, "designator": m.designator}
    fields = ("name", "lat", "lon", "gazetteer_id", "feature", "country_code", "admin1", "confidence")
    if p is None:
        return record | dict.fromkeys(fields)
    return record | {"name": p.name, "lat": p.lat, "lon": p.lon, "gazetteer_id": p.id, "feature": p.feature,
                     "country_code": p.country_code, "admin1": p.admin1 or None,
                     "confidence": resolution.confidence}


def extract_record(article_id: str, resolutions: Sequence[Resolution], events: Sequence[Event]) -> dict:
    """One line of `geomap extract`: toponyms with offsets into the input text, events main incident first."""
    return {
        "id": article_id,
        "toponyms": [toponym_record(r) for r in resolutions],
        "events": [event_properties(e) | {"lat": e.place.lat, "lon": e.place.lon} for e in events],
    }
