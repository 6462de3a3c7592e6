"""The gazetteer at run time: the .tsv.xz layers compiled once into an indexed SQLite file in the user's cache.

The compiled file is named by a hash of the TSV it came from, written to a temporary name and renamed into place,
so a killed process never leaves a half-built index and a rebuilt gazetteer never reads a stale one. The temp files
of a killed compile are removed on the next start, and a damaged index (not a database, a truncated copy) is moved
aside and compiled again.
"""

from __future__ import annotations

import csv
import hashlib
import os
import socket
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from geomap.gazetteer.rows import open_text
from geomap.names import normalise
from geomap.records import Place
from geomap.stores import damage, is_damage, move_aside, report_healed
from geomap.vocabulary import GAZETTEER_NAME_SUFFIXES

# Order matters: a lower kind is a better-quality match (see resolve.py). "fuzzy" is never stored: it marks
# candidates found by Gazetteer.fuzzy_candidates.
NAME_KINDS = ("preferred", "alternate", "generated", "stripped", "fuzzy")
FUZZY_CUTOFF = 88  # rapidfuzz ratio, 0–100
FUZZY_WORD_CUTOFF = 80  # and for each word of a name of several: "Nizhnyaya Gorlovka" is not Nizhnyaya Pokrovka
_DESIGNATOR_SUFFIXES = tuple(" " + suffix for suffix in GAZETTEER_NAME_SUFFIXES)
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


# Sources whose Latin names are machine transliterations, not names attested in English: their names rank as
# "generated" (the Russian villages: "Mozyr" in Kaliningrad must not beat Mazyr, Belarus, written Mozyr in the news).
GENERATED_NAME_SOURCES = {"ru-settlements"}


def _keys(row: dict) -> dict[str, int]:
    """Every lookup key of a row with the best kind it arrives under."""
    keys: dict[str, int] = {}
    groups = ([row["name"]], row["alternates"].split("|"), row["translits"].split("|"))
    kinds = (2, 1, 2) if row["source"] in GENERATED_NAME_SOURCES else (0, 1, 2)
    for kind, names in zip(kinds, groups, strict=True):
        for name in filter(None, names):
            key = normalise(name)
            keys.setdefault(key, kind)
            stripped = _stripped(key)
            if stripped and row["feature"][0] in "AS":
                keys.setdefault(stripped, 3)
    keys.pop("", None)
    return keys


def _word_by_word(key: str, matched: str) -> bool:
    """A near-miss of a name of several words is one in every word: the same words, each spelt nearly alike."""
    words, other = key.split(), matched.split()
    return len(words) == len(other) and all(fuzz.ratio(a, b) >= FUZZY_WORD_CUTOFF for a, b in zip(words, other,
                                                                                                strict=True))


def _rows(tsvs: list[Path]):
    for tsv in tsvs:
        with open_text(tsv) as f:
            yield from csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\")


def compile_index(tsvs: list[Path], target: Path) -> None:
    """Compile the gazetteer TSVs (earlier files win on duplicate ids) into an indexed SQLite file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f"{target.name}.{_OWNER}.", suffix=TEMP_SUFFIX, dir=target.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript(_SCHEMA)
        longest, seen = 1, set()
        for rowid, row in enumerate(_rows(tsvs)):
            if row["id"] in seen:
                continue
            seen.add(row["id"])
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


TEMP_SUFFIX = ".tmp"
_OWNER = f"{socket.gethostname().replace('.', '_')}-{os.getpid()}"  # who is writing a temp file, in its name
STALE_AFTER = 600.0  # seconds: a compile writes its file all the time; one untouched this long was abandoned


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Temp files of compiles killed mid-way (27 MB each): those of a process of this host that no longer runs,
    and any left untouched for STALE_AFTER seconds (older versions of geomap did not name their owner)."""
    removed = []
    for path in folder.glob(f"gazetteer-*{TEMP_SUFFIX}*"):
        try:
            if _abandoned(path):
                path.unlink()
                removed.append(path)
        except FileNotFoundError:
            pass  # another process removed or renamed it first
    return removed


def _abandoned(path: Path) -> bool:
    owner = path.name.split(".sqlite.", 1)[-1].split(".", 1)[0]
    host, _, pid = owner.rpartition("-")
    if host == _OWNER.rpartition("-")[0] and pid.isdigit() and not _running(int(pid)):
        return True
    return time.time() - path.stat().st_mtime > STALE_AFTER


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def default_cache_dir() -> Path:
    if os.environ.get("GEOMAP_CACHE_DIR"):
        return Path(os.environ["GEOMAP_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "geomap"


# Bump when the compiled index changes for the same TSVs (schema, keys, kinds): the cache name includes it.
INDEX_VERSION = 2


def layers_digest(paths: list[Path]) -> str:
    h = hashlib.sha256(f"index-v{INDEX_VERSION}".encode())
    for path in paths:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


class Gazetteer:
    """Read-only access to the compiled gazetteer. Thread-confined: open one per process."""

    def __init__(self, tsvs: list[Path], cache_dir: Path | None = None):
        folder = cache_dir or default_cache_dir()
        index = folder / f"gazetteer-{layers_digest(tsvs)}.sqlite"
        if folder.is_dir():
            remove_stale_temp_files(folder)
        reason = damage(index)
        if reason is None:
            try:
                self._open(tsvs, index)
                return
            except sqlite3.DatabaseError as error:
                if not is_damage(error):
                    raise
                self._con.close()
                reason = str(error)
        aside = move_aside(index)  # a damaged index is compiled again from the TSVs
        report_healed("gazetteer index", index, reason, aside)
        self._open(tsvs, index)

    def _open(self, tsvs: list[Path], index: Path) -> None:
        if not index.exists():
            compile_index(tsvs, index)
        self._con = sqlite3.connect(f"file:{index}?mode=ro", uri=True, check_same_thread=False)
        self.longest_key_tokens = int(self._con.execute(
            "SELECT v FROM meta WHERE k='longest_key_tokens'").fetchone()[0])
        # Bounded: a long run over thousands of articles must not grow memory with every place it touches.
        self._place = lru_cache(maxsize=50_000)(self._load_place)
        self.has_key = lru_cache(maxsize=200_000)(self._has_key)  # the matcher asks for the same n-grams often

    def _has_key(self, key: str) -> bool:
        """Whether any place is known under this normalised name."""
        return self._con.execute("SELECT 1 FROM names WHERE key=? LIMIT 1", (key,)).fetchone() is not None

    def candidates(self, name: str) -> list[Candidate]:
        """Every place known under this name (normalised first), best name kind first."""
        rows = self._con.execute("SELECT place, kind FROM names WHERE key=? ORDER BY kind", (normalise(name),))
        return [Candidate(self._place(rowid), NAME_KINDS[kind]) for rowid, kind in rows.fetchall()]

    def fuzzy_candidates(self, name: str, limit: int = 3) -> list[Candidate]:
        """Near-misses such as "Hraivoron" → Graivoron or "Kupjansk" → Kupiansk: keys sharing the first two letters
        and within two characters of length, scored by rapidfuzz's edit similarity (at least FUZZY_CUTOFF)."""
        key = normalise(name)
        if len(key) < 5:
            return []
        rows = self._con.execute("SELECT DISTINCT key FROM names WHERE key >= ? AND key < ? "
                                 "AND length(key) BETWEEN ? AND ?", (key[:2], key[:2] + "\uffff", len(key) - 2,
                                                                     len(key) + 2)).fetchall()
        matches = process.extract(key, [r[0] for r in rows], scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF,
                                  limit=limit)
        out = []
        for matched, _, _ in matches:
            if not _word_by_word(key, matched):
                continue
            rows = self._con.execute("SELECT place FROM names WHERE key=?", (matched,)).fetchall()
            out.extend(Candidate(self._place(rowid), "fuzzy") for (rowid,) in rows)
        return out

    def get(self, place_id: str) -> Place | None:
        row = self._con.execute("SELECT rowid FROM places WHERE id=?", (place_id,)).fetchone()
        return self._place(row[0]) if row else None

    def _load_place(self, rowid: int) -> Place:
        row = self._con.execute("SELECT id, name, lat, lon, feature, country_code, admin1, population, source "
                                "FROM places WHERE rowid=?", (rowid,)).fetchone()
        return Place(*row)

    def close(self) -> None:
        self._con.close()
