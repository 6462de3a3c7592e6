"""The local gazetteer: build recipe (build.py), run-time index (store.py), name variants (translit.py)."""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path

from geomap.gazetteer.store import Candidate, Gazetteer, layers_digest

__all__ = ["BORDER_FILE", "LAYERS", "Candidate", "Gazetteer", "basemap_geojson", "data_dir", "digest", "layer_paths",
           "open_gazetteer", "ru_ua_border_geojson"]


def data_dir() -> Path:
    """gazetteer/ of the source tree, or its copy inside an installed wheel."""
    packaged = Path(__file__).resolve().parent.parent / "_gazetteer"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "gazetteer"


# Layers in order of precedence: a place id found in an earlier file is not read again from a later one.
LAYERS = ("places.tsv.xz", "ru_settlements.tsv.xz", "world.tsv.xz")
BORDER_FILE = "ru_ua_border.geojson.gz"  # the Russia–Ukraine land border, geoBoundaries resolution


def layer_paths() -> list[Path]:
    return [data_dir() / name for name in LAYERS if (data_dir() / name).exists()]


@lru_cache(maxsize=1)
def digest() -> str:
    """Identifies the gazetteer's content: results computed with another gazetteer are not reused."""
    return layers_digest(layer_paths())


@lru_cache(maxsize=1)
def basemap_geojson() -> dict:
    """Country outlines, land borders and regions (gazetteer/basemap.geojson.gz, Natural Earth, simplified)."""
    with gzip.open(data_dir() / "basemap.geojson.gz", "rt", encoding="utf-8") as f:
        return json.load(f)


@lru_cache(maxsize=1)
def ru_ua_border_geojson() -> dict:
    with gzip.open(data_dir() / BORDER_FILE, "rt", encoding="utf-8") as f:
        return json.load(f)


@lru_cache(maxsize=1)
def open_gazetteer() -> Gazetteer:
    return Gazetteer(layer_paths())
