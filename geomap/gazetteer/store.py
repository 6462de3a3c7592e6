"""The gazetteer at run time: places.tsv.gz compiled once into an indexed SQLite file in the user's cache.

The compiled file is named by a hash of the TSV it came from, written to a temporary name and renamed into place,
so a killed process never leaves a half-built index and a rebuilt gazetteer never reads a stale one.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from geomap.names import normalise
from geomap.records import Place

# Order matters: a lower kind is a better-quality match (see resolve.py).
NAME_KINDS = ("preferred", "alternate", "generated", "stripped")
_DESIGNATOR_SUFFIXES = (" oblast", " region", " raion", " rayon", " district", " air base", " airbase", " airport",
                        " airfield", " oblast", " krai", " kray", " city", " avtonomnyy okrug")
_SCHEMA = """
CREATE TABLE places (
    rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, name TEXT, lat REAL, lon REAL, feature TEXT, country_code TEXT,
    admin1 TEXT, population INTEGER, source TEXT);
CREATE TABLE names (key TEXT, place INTEGER, kind INTEGER, PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
"""


@dataclass(frozen=True)
class Candidate:
    """A place found under a name, and how the name matched."""

    place: Place
    kind: str  # one of NAME_KINDS


def _stripped(key: str) -> str | None:
    for suffix in _DESIGNATOR_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) + 2:
            return key[: -len(suffix)]
    return None


def _keys(row: dict) -> dict[str, int]:
    """Every lookup key of a row with the best kind it arrives under."""
    keys: dict[str, int] = {}
    groups = ([row["name"]], row["alternates"].split("|"), row["translits"].split("|"))
    for kind, names in enumerate(groups):
        for name in filter(None, names):
            key = normalise(name)
            keys.setdefault(key, kind)
            stripped = _stripped(key)
            if stripped and row["feature"][0] in "AS":
                keys.setdefault(stripped, 3)
    keys.pop("", None)
    return keys


def compile_index(tsv: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=target.name, suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript(_SCHEMA)
        longest = 1
        with io.TextIOWrapper(gzip.open(tsv), encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\")
            for rowid, row in enumerate(reader):
                con.execute("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)",
                            (rowid, row["id"], row["name"], float(row["lat"]), float(row["lon"]), row["feature"],
                             row["country_code"], row["admin1"], int(row["population"]), row["source"]))
                keys = _keys(row)
                con.executemany("INSERT INTO names VALUES (?,?,?)", [(k, rowid, kind) for k, kind in keys.items()])
                longest = max([longest, *(k.count(" ") + 1 for k in keys)])
        con.execute("INSERT INTO meta VALUES ('longest_key_tokens', ?)", (str(longest),))
        con.commit()
        con.close()
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def default_cache_dir() -> Path:
    if os.environ.get("GEOMAP_CACHE_DIR"):
        return Path(os.environ["GEOMAP_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "geomap"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


class Gazetteer:
    """Read-only access to the compiled gazetteer. Thread-confined: open one per process."""

    def __init__(self, tsv: Path, cache_dir: Path | None = None):
        index = (cache_dir or default_cache_dir()) / f"gazetteer-{_digest(tsv)}.sqlite"
        if not index.exists():
            compile_index(tsv, index)
        self._con = sqlite3.connect(f"file:{index}?mode=ro", uri=True, check_same_thread=False)
        self.longest_key_tokens = int(self._con.execute(
            "SELECT v FROM meta WHERE k='longest_key_tokens'").fetchone()[0])
        self._cache: dict[int, Place] = {}

    def has_key(self, key: str) -> bool:
        return self._con.execute("SELECT 1 FROM names WHERE key=? LIMIT 1", (key,)).fetchone() is not None

    def candidates(self, name: str) -> list[Candidate]:
        """Every place known under this name (normalised first), best name kind first."""
        rows = self._con.execute("SELECT place, kind FROM names WHERE key=? ORDER BY kind", (normalise(name),))
        return [Candidate(self._place(rowid), NAME_KINDS[kind]) for rowid, kind in rows.fetchall()]

    def get(self, place_id: str) -> Place | None:
        row = self._con.execute("SELECT rowid FROM places WHERE id=?", (place_id,)).fetchone()
        return self._place(row[0]) if row else None

    def _place(self, rowid: int) -> Place:
        if rowid not in self._cache:
            row = self._con.execute("SELECT id, name, lat, lon, feature, country_code, admin1, population, source "
                                    "FROM places WHERE rowid=?", (rowid,)).fetchone()
            self._cache[rowid] = Place(*row)
        return self._cache[rowid]

    def close(self) -> None:
        self._con.close()
