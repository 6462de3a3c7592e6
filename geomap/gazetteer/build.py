"""Rebuild the gazetteer files in gazetteer/ from the staged source data and the pinned world-layer packages.

Deterministic: the same sources give byte-identical outputs (rows sorted by id, gzip without timestamps).
Sources and licences are listed in gazetteer/SOURCES.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import mapping, shape
from shapely.ops import polylabel

from geomap.gazetteer import BORDER_FILE, LAYERS
from geomap.gazetteer.rows import SEPARATOR, features, write_compressed, write_places
from geomap.gazetteer.sources import (
    ADMIN1_CODES,
    AIRBASES,
    AIRPORTS,
    CITIES500,
    GB_UA_REGIONS,
    NE_BORDERS,
    NE_COUNTRIES,
    NE_REGIONS,
    RU_SETTLEMENTS,
    UA_DUMP,
    UA_OUTLINE,
    _region_iso_to_admin1,
    read_admin1_names,
    read_airbases,
    read_airports,
    read_cities500,
    read_curated,
    read_regions,
    read_ru_districts,
    read_ru_settlements,
    read_ukraine_dump,
    ukraine_admin1_names,
)
from geomap.gazetteer.world import (
    read_continents,
    read_world_cities,
    read_world_countries,
    read_world_regions,
    ukraine_populations,
)
from geomap.names import normalise


def _admin1_of_iso(sources: Path) -> dict[str, str]:
    return _region_iso_to_admin1(sources / NE_REGIONS, _admin1_names(sources))


@lru_cache(maxsize=4)
def _admin1_names(sources: Path) -> dict[str, str]:
    """Read once per build: three readers need it, and it walks the whole Ukraine dump."""
    admin1 = read_admin1_names(sources / ADMIN1_CODES, sources / NE_REGIONS)
    admin1.update(ukraine_admin1_names(sources))
    return admin1


def _dedupe(streams: Iterable[Iterable[dict]]) -> list[dict]:
    by_id: dict[str, dict] = {}
    for stream in streams:
        for place in stream:
            by_id.setdefault(place["id"], place)  # first source wins: the UA dump over cities500
    return [by_id[k] for k in sorted(by_id)]


def region_centre(geometry) -> shapely.Point:
    """Where a region-level incident is drawn: the region's centroid, or for a region whose centroid falls outside
    it (Odesa Oblast curls round the Dniester estuary) the point farthest inside it."""
    centroid = geometry.centroid
    return centroid if geometry.contains(centroid) else polylabel(max(getattr(geometry, "geoms", [geometry]),
                                                                      key=lambda part: part.area), tolerance=0.01)


def centre_ukraine_regions(places: list[dict], sources: Path) -> list[dict]:
    """Ukraine's oblasts at the centres of their geoBoundaries outlines: GeoNames puts several at their capitals
    (Kherson Oblast on Kherson, Zaporizhzhia Oblast on Zaporizhzhia, 60–90 km from the centre), so an incident
    "in the Kherson region" looked like one in the city."""
    centres = {f["properties"]["shapeName"]: region_centre(shape(f["geometry"]))
               for f in features(sources / GB_UA_REGIONS)}
    for p in places:
        centre = centres.get(p["name"])
        if p["feature"] == "A.ADM1" and p["country_code"] == "UA" and centre is not None:
            p["lat"], p["lon"] = round(centre.y, 5), round(centre.x, 5)
    return places


def collect_theatre(sources: Path, curated_places: Iterable[dict] = ()) -> list[dict]:
    """Ukraine, Russia, Belarus and neighbours: settlements, regions, air bases; plus every country."""
    admin1 = _admin1_names(sources)
    by_iso = _admin1_of_iso(sources)
    return centre_ukraine_regions(_dedupe([
        read_ukraine_dump(sources / UA_DUMP, admin1, ukraine_populations()),
        read_cities500(sources / CITIES500, admin1),
        read_regions(sources / NE_REGIONS, admin1),
        read_world_countries(),
        read_airbases(sources / AIRBASES, by_iso),
        read_airports(sources / AIRPORTS, by_iso, {"UA", "RU", "BY"}),
        curated_places,
    ]), sources)


def add_aliases(layers: Iterable[list[dict]], aliases: dict[str, list[str]]) -> None:
    """Curated aliases onto the places of any layer ("NSW" for New South Wales in the world layer); an id no layer
    has is an error, not a silently ignored line."""
    by_id = {p["id"]: p for rows in layers for p in rows}
    unknown = sorted(set(aliases) - set(by_id))
    if unknown:
        raise ValueError(f"curated.tsv: aliases for ids no layer has: {', '.join(unknown)}")
    for id_, names in aliases.items():
        p = by_id[id_]
        p["alternates"] = SEPARATOR.join(sorted(set(filter(None, p["alternates"].split(SEPARATOR))) | set(names)))


def _region_locator(sources: Path):
    """(lat, lon) → English name of the Russian region containing the point ("" outside every region)."""
    admin1 = _admin1_names(sources)
    regions = [f for f in features(sources / NE_REGIONS) if f["properties"]["adm0_a3"] == "RUS"
               and f["properties"].get("geonames_admin1") in admin1]
    tree = shapely.STRtree([shape(f["geometry"]) for f in regions])
    names = [admin1[f["properties"]["geonames_admin1"]] for f in regions]

    def locate(lat: float, lon: float) -> str:
        hits = tree.query(shapely.Point(lon, lat), predicate="intersects")
        return names[min(hits)] if len(hits) else ""

    return locate


def collect_ru_settlements(sources: Path, theatre: list[dict]) -> list[dict]:
    known = set()
    for p in theatre:
        if p["feature"].startswith("P.") and p["country_code"] == "RU":
            for name in [p["name"], *p["alternates"].split(SEPARATOR), *p["translits"].split(SEPARATOR)]:
                known.add((normalise(name), round(p["lat"] * 10), round(p["lon"] * 10)))
    locate = _region_locator(sources)
    return _dedupe([read_ru_settlements(sources / RU_SETTLEMENTS, locate, known),
                    read_ru_districts(sources / RU_SETTLEMENTS, locate)])


def collect_world() -> list[dict]:
    return _dedupe([read_world_cities(), read_world_regions(), read_continents()])


def _simplified(geometry: dict, tolerance: float) -> dict:
    geom = shapely.simplify(shape(geometry), tolerance, preserve_topology=True)
    geom = shapely.transform(geom, lambda xy: np.round(xy, 3))
    return mapping(geom)


def build_basemap(sources: Path, out: Path) -> None:
    """Country outlines, land borders and first-level regions, simplified for an offline basemap."""
    items = []
    for f in features(sources / NE_COUNTRIES):
        props = {"kind": "country", "name": f["properties"]["NAME_EN"], "iso": f["properties"]["ADM0_A3"],
                 "iso2": f["properties"]["ISO_A2"]}
        items.append({"type": "Feature", "properties": props, "geometry": _simplified(f["geometry"], 0.01)})
    for f in features(sources / NE_BORDERS):
        props = {"kind": "border", "pair": f["properties"]["pair"]}
        items.append({"type": "Feature", "properties": props, "geometry": _simplified(f["geometry"], 0.002)})
    for f in features(sources / NE_REGIONS):
        p = f["properties"]
        if not p.get("name"):
            continue
        props = {"kind": "region", "name": p["name"], "country": p["adm0_a3"],
                 "iso_3166_2": p.get("iso_3166_2_from_geonames") or ""}
        items.append({"type": "Feature", "properties": props, "geometry": _simplified(f["geometry"], 0.01)})
    data = json.dumps({"type": "FeatureCollection", "features": items}, separators=(",", ":"), sort_keys=True)
    write_compressed(out, data.encode("utf-8"))


def build_border(sources: Path, out: Path) -> None:
    """The Russia–Ukraine land border at geoBoundaries' resolution: the stretches of the geoBoundaries Ukraine
    outline within ~8 km of Natural Earth's coarser RUS-UKR line (which locates them), simplified to ~50 m."""
    outline = shapely.union_all([shape(f["geometry"]) for f in features(sources / UA_OUTLINE)])
    coarse = shapely.union_all([shape(f["geometry"]) for f in features(sources / NE_BORDERS)
                                if f["properties"]["pair"] == "RUS-UKR"])
    line = shapely.line_merge(shapely.intersection(outline.boundary, coarse.buffer(0.08)))
    line = shapely.transform(shapely.simplify(line, 0.0005), lambda xy: np.round(xy, 5))
    props = {"kind": "border", "pair": "RUS-UKR", "source": "geoBoundaries gbOpen UKR (CC BY 4.0), located with "
             "Natural Earth"}
    data = json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": props,
                                                                  "geometry": mapping(line)}]},
                      separators=(",", ":"), sort_keys=True)
    write_compressed(out, data.encode("utf-8"))


def build(sources: Path, out_dir: Path) -> dict[str, int]:
    """Write the gazetteer layers (places, ru_settlements, world) and basemap.geojson.gz; rows per source."""
    curated = out_dir / "curated.tsv"
    curated_places, aliases = read_curated(curated) if curated.exists() else ([], {})
    theatre = collect_theatre(sources, curated_places)
    layers = dict(zip(LAYERS, (theatre, collect_ru_settlements(sources, theatre), collect_world()), strict=True))
    add_aliases(layers.values(), aliases)
    counts: dict[str, int] = {}
    for name, rows in layers.items():
        write_places(rows, out_dir / name)
        for row in rows:
            counts[row["source"]] = counts.get(row["source"], 0) + 1
    build_basemap(sources, out_dir / "basemap.geojson.gz")
    build_border(sources, out_dir / BORDER_FILE)
    return counts
