"""Geocoding fallback: names the gazetteer cannot place are asked of an online geocoder through geopy.

Polite by construction (Nominatim's usage policy): a User-Agent naming geomap and the user's contact, at most one
request per `min_delay` seconds across the whole run, a real timeout. Faults (429 with Retry-After, 5xx, timeouts,
connection errors, malformed answers) are retried with backoff `max_retries` times, then the name stays
unresolved: the run always finishes. geopy's urllib adapter is used because the requests adapter retries on its
own, which would hide requests from the rate limit. Answers, read from geopy's Location through a per-provider
adapter (geomap.geocoders), are vetted (country, kind of feature) and cached in SQLite, negative answers too, so a
second run over the same articles sends nothing already answered.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import tomllib
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import shapely
from geopy import exc as geopy_exc
from geopy.adapters import URLLibAdapter
from geopy.geocoders import get_geocoder_for_service
from geopy.location import Location
from shapely.geometry import shape

from geomap import __version__
from geomap.gazetteer import basemap_geojson
from geomap.gazetteer.store import default_cache_dir
from geomap.geocoders import ProviderAdapter, adapter_for
from geomap.names import normalise
from geomap.records import Mention, Place, Resolution
from geomap.resolve import CLEAR, TRUSTED, StatedRegions, geocoder_region, within_region
from geomap.stores import HealingStore

PUBLIC_NOMINATIM = "nominatim.openstreetmap.org"
_TRANSIENT = (geopy_exc.GeocoderTimedOut, geopy_exc.GeocoderUnavailable, geopy_exc.GeocoderServiceError,
              geopy_exc.GeocoderParseError)
# Kinds of OSM object that cannot be an incident place named like a town.
_REJECTED_CLASSES = {"highway", "shop", "office", "craft", "emergency"}
_FEATURES = {"place": "P.PPL", "aeroway": "S.AIRP", "military": "S.MILB", "boundary": "A.ADM3", "railway": "S.RSTN"}


@dataclass
class GeocoderSettings:
    """Read from a TOML or JSON config file (table [geocoder]) and overridden by command-line options."""

    provider: str = "nominatim"  # any geopy service name, or "none"
    url: str | None = None  # a self-hosted Nominatim, e.g. http://127.0.0.1:8080
    contact: str | None = None  # e-mail or URL, sent in the User-Agent
    timeout: float = 10.0
    min_delay: float = 1.0  # seconds between requests, across the run
    max_retries: int = 3
    backoff: float = 2.0  # first retry wait in seconds; doubles each time
    cache: str | None = None  # SQLite path; default: the geomap cache folder
    ttl_days: float = 90.0
    negative_ttl_days: float = 14.0
    options: dict = field(default_factory=dict)  # extra keyword arguments for the geopy geocoder

    @classmethod
    def load(cls, config: str | None = None, **overrides) -> GeocoderSettings:
        values: dict = {}
        if config:
            text = Path(config).read_text(encoding="utf-8")
            data = json.loads(text) if config.endswith(".json") else tomllib.loads(text)
            values = data.get("geocoder", data)
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in values.items() if k in known}
        values.update({k: v for k, v in overrides.items() if v is not None})
        if values.get("contact") is None and os.environ.get("GEOMAP_CONTACT"):
            values["contact"] = os.environ["GEOMAP_CONTACT"]
        return cls(**values)

    def disabled_reason(self) -> str | None:
        """Why the fallback must stay off, or None."""
        if self.provider == "none":
            return "--geocoder none"
        if self.provider == "nominatim" and not self.url and not self.contact:
            return ("the public Nominatim server asks for a contact: set --geocoder-contact EMAIL (or GEOMAP_CONTACT), "
                    "or --nominatim-url for your own server")
        return None


ANSWERS_VERSION = 2  # of the cached answers' meaning (PRAGMA user_version of the cache file)


class GeocodeCache(HealingStore):
    """(provider, normalised query) → answer or None, with the time it was stored. Safe for concurrent writers
    (WAL, busy timeout) and for killed processes (each answer is its own transaction). A damaged file is moved
    aside and its readable answers are copied into a new one: each cost a second of the provider's time."""

    what = "geocoder cache"
    schema = ("CREATE TABLE IF NOT EXISTS answers (provider TEXT, query TEXT, answer TEXT, stored REAL, "
              "PRIMARY KEY (provider, query))",
              "CREATE TABLE IF NOT EXISTS pace (provider TEXT PRIMARY KEY, next_at REAL)")

    def _connect(self) -> sqlite3.Connection:
        con = super()._connect()
        if con.execute("PRAGMA user_version").fetchone()[0] < ANSWERS_VERSION:
            # Before version 2 every provider's answer was read as Nominatim's, so that other providers' good
            # answers were stored as "not found": those are asked again.
            con.execute("DELETE FROM answers WHERE answer = 'null' AND provider != 'nominatim'")
            con.execute(f"PRAGMA user_version = {ANSWERS_VERSION}")
        return con

    def _salvage(self, aside: Path) -> str:
        kept = _readable_answers(aside)
        with self._con:
            self._con.execute("BEGIN")
            self._con.executemany("INSERT OR REPLACE INTO answers VALUES (?,?,?,?)", kept)
        return f", {len(kept)} answers kept"

    def get(self, provider: str, query: str, ttl: float, negative_ttl: float) -> tuple[bool, dict | None]:
        row = self._guarded(lambda: self._con.execute("SELECT answer, stored FROM answers WHERE provider=? AND "
                                                      "query=?", (provider, query)).fetchone())
        if row is None:
            return False, None
        answer = json.loads(row[0])
        age = time.time() - row[1]
        return (age <= (ttl if answer else negative_ttl)), answer

    def put(self, provider: str, query: str, answer: dict | None) -> None:
        self._guarded(lambda: self._con.execute("INSERT OR REPLACE INTO answers VALUES (?,?,?,?)",
                                                (provider, query, json.dumps(answer), time.time())))

    def take_turn(self, provider: str, hold: float) -> tuple[float, float]:
        """(0, turn) when this process may send a request now, holding the turn for at most `hold` seconds (its
        timeout), else (seconds to wait before asking again, 0). Every process sharing the cache file takes its
        turns from one schedule, so parallel workers together keep the provider's rate limit."""
        return self._guarded(lambda: self._take_turn(provider, hold))

    def _take_turn(self, provider: str, hold: float) -> tuple[float, float]:
        self._con.execute("BEGIN IMMEDIATE")  # one process at a time reads and moves the schedule
        try:
            row = self._con.execute("SELECT next_at FROM pace WHERE provider=?", (provider,)).fetchone()
            now = time.time()
            if row is not None and row[0] > now:
                return row[0] - now, 0.0
            self._con.execute("INSERT OR REPLACE INTO pace VALUES (?, ?)", (provider, now + hold))
            return 0.0, now + hold
        finally:
            if self._con.in_transaction:
                self._con.execute("COMMIT")

    def end_turn(self, provider: str, turn: float, min_delay: float) -> None:
        """The answer is in: the next request, from any process, may go `min_delay` seconds from now."""
        self._guarded(lambda: self._con.execute("UPDATE pace SET next_at=? WHERE provider=? AND next_at=?",
                                                (time.time() + min_delay, provider, turn)))


def _readable_answers(path: Path) -> list[tuple]:
    """The rows of a damaged cache that SQLite can still read, in rowid order, skipping over damaged stretches."""
    rows: list[tuple] = []
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        con.execute("PRAGMA writable_schema=ON")  # SQLite then reads a file shorter than its header says
    except sqlite3.Error:
        return rows
    after, gap = -1, 1
    try:
        while gap < 1 << 24:
            try:
                for row in con.execute("SELECT rowid, provider, query, answer, stored FROM answers WHERE rowid > ? "
                                       "ORDER BY rowid", (after,)):
                    json.loads(row[3])
                    rows.append(row[1:])
                    after, gap = row[0], 1
                break
            except (sqlite3.Error, ValueError, TypeError):
                after, gap = after + gap, gap * 2  # past the damaged page, further each time
    finally:
        con.close()
    return rows


class GeocoderFallback:
    def __init__(self, settings: GeocoderSettings):
        self.settings = settings
        self.provider = settings.provider
        self.geocoder = self._make_geocoder(settings)
        self.adapter = adapter_for(settings.provider)
        self.cache = GeocodeCache(Path(settings.cache) if settings.cache else default_cache_dir() / "geocoder.sqlite")
        self.requests_sent = 0
        self.failures = 0

    @staticmethod
    def _make_geocoder(s: GeocoderSettings):
        agent = f"geomap/{__version__}" + (f" ({s.contact})" if s.contact else "")
        kwargs = {"user_agent": agent, "timeout": s.timeout, "adapter_factory": URLLibAdapter, **s.options}
        if s.url:
            parts = urlsplit(s.url if "://" in s.url else f"https://{s.url}")
            kwargs.update(domain=parts.netloc + parts.path.rstrip("/"), scheme=parts.scheme)
        return get_geocoder_for_service(s.provider)(**kwargs)

    def lookup(self, name: str, admin1: str | None = None, country: str | None = None) -> Place | None:
        """A vetted place for a name the gazetteer lacks, or None. Never raises for network faults."""
        query = ", ".join(p for p in (name, admin1) if p)
        key = normalise(f"{query} | {country or ''}")
        fresh, answer = self.cache.get(self.provider, key, self.settings.ttl_days * 86400,
                                       self.settings.negative_ttl_days * 86400)
        if not fresh:
            found, answer = self._ask(query, country)
            if not found:
                return None  # transient failure: not cached, asked again next run
            self.cache.put(self.provider, key, answer)
        return place_from_answer(self.provider, answer) if answer else None

    def _ask(self, query: str, country: str | None) -> tuple[bool, dict | None]:
        """(answered, vetted answer or None). Retries transient faults with backoff."""
        wait = self.settings.backoff
        for attempt in range(self.settings.max_retries + 1):
            turn = self._wait_for_turn()
            try:
                location = self._geocode(query, country)
            except geopy_exc.GeocoderRateLimited as error:
                wait = max(error.retry_after or wait, wait)
            except _TRANSIENT:
                pass
            else:
                return True, vet(location, self.adapter, country)
            finally:
                self.cache.end_turn(self.provider, turn, self.settings.min_delay)
            if attempt < self.settings.max_retries:
                time.sleep(wait)
                wait *= 2
        self.failures += 1
        return False, None

    def _geocode(self, query: str, country: str | None):
        self.requests_sent += 1
        return self.geocoder.geocode(query, **self.adapter.request_options(country))

    def _wait_for_turn(self) -> float:
        """Wait until no request is in flight and `min_delay` has passed since the last answer, from any process
        sharing the cache: counted from the answer, not from the sending, the provider sees at least `min_delay`
        between two requests however late a loaded machine sends them."""
        hold = self.settings.timeout + self.settings.min_delay  # a process killed mid-request frees its turn then
        while True:
            wait, turn = self.cache.take_turn(self.provider, hold)
            if not wait:
                return turn
            time.sleep(wait)


@lru_cache(maxsize=1)
def _country_outlines() -> dict[str, object]:
    """ISO 3166-1 alpha-2 → outline (buffered ~10 km for the basemap's simplification) of the theatre's countries."""
    outlines = {}
    for f in basemap_geojson()["features"]:
        if f["properties"]["kind"] == "country" and f["properties"].get("iso2", "-99") != "-99":
            outlines[f["properties"]["iso2"]] = shapely.buffer(shape(f["geometry"]), 0.1)
    return outlines


def _inside(country: str, lat: float, lon: float) -> bool:
    outline = _country_outlines().get(country.upper())
    return outline is None or outline.contains(shapely.Point(lon, lat))


def vet(location: Location | None, adapter: ProviderAdapter, country: str | None) -> dict | None:
    """The answer as cached, if it lies in the expected country (its address says so when the provider tells,
    and, for the theatre's countries, the point falls inside the country's outline) and is a kind of place, not a
    road or a shop; else None."""
    if location is None or location.latitude is None or location.longitude is None:
        return None
    lat, lon = float(location.latitude), float(location.longitude)
    code = adapter.country_code(location)
    if country and code and code != country.upper():
        return None
    if country and not _inside(country, lat, lon):
        return None
    osm_class, osm_type = adapter.feature(location)
    if osm_class in _REJECTED_CLASSES:
        return None
    return {"name": adapter.name(location), "lat": lat, "lon": lon, "class": osm_class, "type": osm_type,
            "country_code": code or (country or "").upper(), "admin1": adapter.admin1(location),
            "osm": adapter.ident(location)}


def place_from_answer(provider: str, answer: dict) -> Place:
    return Place(id=f"{provider}:{answer['osm']}", name=answer["name"], lat=answer["lat"], lon=answer["lon"],
                 feature=_FEATURES.get(answer.get("class") or "", "S.OTHR"), country_code=answer["country_code"],
                 admin1=answer["admin1"], population=0, source=f"geocoder-{provider}")


def fill_unresolved(resolutions: list[Resolution], fallback: GeocoderFallback,
                    stated: StatedRegions | None = None) -> list[Resolution]:
    """Ask the geocoder for the article's unresolved places, each in the region the text states for it (else the
    article's, else the one its clearly placed towns share: resolve.geocoder_region)."""
    stated = stated or StatedRegions()
    out = list(resolutions)
    for i, r in enumerate(resolutions):
        if r.place is None and r.mention.role == "place":
            admin1, country = geocoder_region(resolutions, i, stated) or ("", "")
            place = fallback.lookup(r.mention.name, admin1 or None, country or None)
            out[i] = Resolution(r.mention, place, answer_confidence(place, r.mention, stated) if place else 0.0)
    return out


def answer_confidence(place: Place, mention: Mention, stated: StatedRegions) -> float:
    """How far the text vouches for a geocoder's answer: lying in the region the text gives for that very name,
    it is as good as a clear gazetteer choice; in a region the article states, a trusted one; else an unchecked
    guess (the incident score weighs confidence)."""
    own = stated.region_for(normalise(mention.name))
    if own is not None and within_region(place, own):
        return CLEAR
    if any(within_region(place, region) for region in stated.article):
        return TRUSTED
    return 0.5
