"""Local SQLite stores that heal: a file that is not a database, or a truncated copy, is moved aside and rebuilt.

The extraction cache, the compiled gazetteer and the geocoder cache all live in the user's cache folder, where a
full disk, a killed copy or a sync tool can leave a damaged file. Each store checks its file when it opens it (the
header's signature, and the size the header promises, which catches truncation without reading the file) and
again when SQLite reports damage; either way the file and its WAL companions are renamed `*.damaged` and the store
starts again, with one line on stderr naming the file and the reason.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

_MAGIC = b"SQLite format 3\x00"
_COMPANIONS = ("-wal", "-shm", "-journal")


def damage(path: Path) -> str | None:
    """Why the file at `path` is no usable SQLite database, or None (also for a missing or empty file, which
    SQLite creates afresh)."""
    try:
        size = path.stat().st_size
        if size == 0:
            return None
        with open(path, "rb") as f:
            header = f.read(100)
    except FileNotFoundError:
        return None
    if not header.startswith(_MAGIC):
        return "not an SQLite database"
    if len(header) < 100:
        return f"truncated ({size} bytes)"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages, counter, valid_for = (int.from_bytes(header[i: i + 4], "big") for i in (28, 24, 92))
    if counter == valid_for and size < pages * page_size:  # the page count is trusted only when current
        return f"truncated ({size} of {pages * page_size} bytes)"
    return None


def move_aside(path: Path) -> Path:
    """Rename the damaged file and its WAL companions out of the way (replacing an older damaged copy)."""
    aside = path.with_name(path.name + ".damaged")
    for suffix in ("", *_COMPANIONS):
        source = Path(str(path) + suffix)
        if source.exists():
            os.replace(source, Path(str(aside) + suffix))
        elif Path(str(aside) + suffix).exists():
            os.unlink(Path(str(aside) + suffix))  # an older copy's companion would be read with this one
    return aside


def report_healed(what: str, path: Path, reason: str, aside: Path, kept: str = "") -> None:
    """The one line telling the user what was found and done."""
    print(f"geomap: {what} {path} was damaged ({reason}): moved to {aside.name} and rebuilt{kept}", file=sys.stderr)


def is_damage(error: sqlite3.Error) -> bool:
    """SQLite's errors for a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB), not for a locked or read-only one."""
    text = str(error).lower()
    return type(error) is sqlite3.DatabaseError or "malformed" in text or "not a database" in text
