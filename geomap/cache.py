"""The extraction cache: each article's result stored under a hash of its content and of the settings that shape
it, so a re-run reads again only the articles that are new or changed.

SQLite in WAL mode, one transaction per batch: a killed run leaves every committed batch readable and nothing half
written. Values are pickled ArticleResults; the key covers the record classes' fields, so a stored value can always
be read back, and the package's own source, so a changed rule is never answered from results of the old one.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import pickle
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from geomap import __version__, records
from geomap.records import Article
from geomap.stores import HealingStore

_PACKAGE = Path(__file__).resolve().parent
# Folders of the package that never shape an article's result: drawing happens after extraction, and the
# gazetteer's data have a digest of their own in the settings.
_NOT_SHAPING = ("render", "_gazetteer", "__pycache__")


def schema_fingerprint() -> str:
    """Names and fields of every record class: changes whenever a cached value could no longer be read back."""
    shapes = sorted((name, [f.name for f in dataclasses.fields(cls)], hasattr(cls, "__slots__"))
                    for name, cls in vars(records).items()
                    if dataclasses.is_dataclass(cls) and cls.__module__ == records.__name__)
    return hashlib.sha256(json.dumps(shapes).encode()).hexdigest()[:16]


@cache
def code_fingerprint(package: Path = _PACKAGE) -> str:
    """A digest of the package's source and data files: an edited rule in toponyms.py or resolve.py, or an edited
    vocabulary file, changes it, so results cached under the old code are not reused (a version bump is not
    needed). Reads ~150 KB once per process."""
    h = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        relative = path.relative_to(package)
        if not path.is_file() or relative.parts[0] in _NOT_SHAPING or path.suffix in (".pyc", ".pyo"):
            continue
        h.update(relative.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def settings_digest(settings: dict) -> str:
    """A digest of everything besides the article that changes its result (model, priors, gazetteer, code)."""
    text = json.dumps({"geomap": __version__, "schema": schema_fingerprint(), "code": code_fingerprint(), **settings},
                      sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def article_key(settings: str, article: Article) -> str:
    fields = json.dumps(dataclasses.astuple(article), ensure_ascii=False)
    return hashlib.sha256(f"{settings}\x1f{fields}".encode()).hexdigest()


class ExtractionCache(HealingStore):
    """A damaged file (not a database, a truncated copy) is moved aside and the cache starts empty: every result
    in it can be computed again."""

    what = "extraction cache"
    schema = ("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value BLOB)",)
    timeout = 60.0

    def get_many(self, keys: list[str]) -> dict[str, object]:
        marks = ",".join("?" * len(keys))
        rows = self._guarded(lambda: self._con.execute(f"SELECT key, value FROM results WHERE key IN ({marks})",
                                                       keys).fetchall())
        return {key: pickle.loads(value) for key, value in rows}

    def put_many(self, items: Iterable[tuple[str, object]]) -> None:
        rows = [(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)) for key, value in items]
        self._guarded(lambda: self._put(rows))

    def _put(self, rows: list[tuple[str, bytes]]) -> None:
        with self._con:  # one transaction: all of the batch or none of it
            self._con.execute("BEGIN")
            self._con.executemany("INSERT OR REPLACE INTO results VALUES (?, ?)", rows)

    def __len__(self) -> int:
        return self._guarded(lambda: self._con.execute("SELECT COUNT(*) FROM results").fetchone()[0])
