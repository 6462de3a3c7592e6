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
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

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
        try:
            os.replace(source, Path(str(aside) + suffix))
        except FileNotFoundError:  # none, or another process moved it first
            Path(str(aside) + suffix).unlink(missing_ok=True)  # an older copy's companion would be read with it
    return aside


def report_healed(what: str, path: Path, reason: str, aside: Path, kept: str = "") -> None:
    """The one line telling the user what was found and done."""
    print(f"geomap: {what} {path} was damaged ({reason}): moved to {aside.name} and rebuilt{kept}", file=sys.stderr)


def is_damage(error: sqlite3.Error) -> bool:
    """SQLite's errors for a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB), not for a locked or read-only one."""
    text = str(error).lower()
    return type(error) is sqlite3.DatabaseError or "malformed" in text or "not a database" in text


class HealingStore:
    """An SQLite file in WAL mode that the store owns and may rebuild: subclasses give its tables (`schema`) and
    what of a damaged copy to keep (`_salvage`); statements run through `_guarded`, which heals and retries once."""

    what = "store"
    schema: tuple[str, ...] = ()
    timeout = 30.0  # seconds to wait for another writer

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        reason = damage(path)
        if reason is None:
            try:
                self._con = self._connect()
                return
            except sqlite3.DatabaseError as error:
                if not is_damage(error):
                    raise
                reason = str(error)
        self._heal(reason)

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        try:
            con.execute("PRAGMA journal_mode=WAL")
            for statement in self.schema:
                con.execute(statement)
        except sqlite3.Error:
            con.close()
            raise
        return con

    def _salvage(self, aside: Path) -> str:
        """Copy what can be read from the damaged file into the new one; a note for the message."""
        return ""

    def _heal(self, reason: str) -> None:
        if getattr(self, "_con", None) is not None:
            self._con.close()
        aside = move_aside(self.path)
        self._con = self._connect()
        report_healed(self.what, self.path, reason, aside, self._salvage(aside))

    def _guarded(self, work: Callable[[], T]) -> T:
        try:
            return work()
        except sqlite3.DatabaseError as error:
            if not is_damage(error):
                raise
            self._heal(str(error))
            return work()

    def close(self) -> None:
        self._con.close()
