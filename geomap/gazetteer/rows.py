"""Gazetteer rows: the shared record format of every source reader, and how rows are written."""

from __future__ import annotations

import csv
import gzip
import io
import json
import lzma
import unicodedata
from pathlib import Path

from geomap.gazetteer.translit import is_cyrillic, latin_variants
from geomap.names import normalise

COLUMNS = ("id", "name", "lat", "lon", "feature", "country_code", "admin1", "population", "source",
           "alternates", "translits")
SEPARATOR = "|"


def open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path), encoding="utf-8", newline="")
    if path.suffix == ".xz":
        return io.TextIOWrapper(lzma.open(path), encoding="utf-8", newline="")
    return path.open(encoding="utf-8", newline="")


def features(path: Path) -> list[dict]:
    """The features of a GeoJSON file, gzipped or not."""
    with open_text(path) as f:
        return json.load(f)["features"]


def _keep_alternate(name: str) -> bool:
    """Latin or Cyrillic names only; no airport/IATA-like codes ("MOW", "URS") that would match common words."""
    name = name.strip()
    if len(name) < 3 or (name.isupper() and len(name) <= 4):
        return False
    return all(not ch.isalpha() or ch.isascii() or is_cyrillic(ch) or "LATIN" in unicodedata.name(ch, "")
               for ch in name)


def make_row(id_, name, lat, lon, feature, country, admin1, population, source, alternates=(), translit=True) -> dict:
    """One row; Latin spellings are generated from Cyrillic names unless translit is False."""
    names = _distinct(alternates, {normalise(name)})
    generated = set().union(*(latin_variants(n) for n in [name, *names])) if translit else set()
    translits = _distinct(generated, {normalise(n) for n in [name, *names]})
    return {
        "id": id_, "name": name, "lat": round(float(lat), 5), "lon": round(float(lon), 5), "feature": feature,
        "country_code": country, "admin1": admin1, "population": int(population or 0), "source": source,
        "alternates": SEPARATOR.join(names), "translits": SEPARATOR.join(translits),
    }


def _distinct(names, taken: set[str]) -> list[str]:
    """One spelling per lookup key ("Moscú" and "Moscu" are one), none whose key is already taken."""
    out = {}
    for name in sorted(n.strip() for n in names if _keep_alternate(n)):
        key = normalise(name)
        if key and key not in taken and key not in out:
            out[key] = name
    return sorted(out.values())


def write_compressed(out: Path, data: bytes) -> None:
    """gzip or xz by suffix, without timestamps (byte-identical output for identical data), atomically."""
    tmp = out.with_name(out.name + ".tmp")
    if out.suffix == ".xz":
        tmp.write_bytes(lzma.compress(data, preset=9))
    else:
        with tmp.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
            gz.write(data)
    tmp.replace(out)


def write_places(places: list[dict], out: Path) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                            escapechar="\\")
    writer.writeheader()
    writer.writerows(places)
    write_compressed(out, buffer.getvalue().encode("utf-8"))
