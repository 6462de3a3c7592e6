"""The extraction cache: each article's result stored under a hash of its content and of the settings that shape
it, so a re-run reads again only the articles that are new or changed.

SQLite in WAL mode, one transaction per batch: a killed run leaves every committed batch readable and nothing half
written. Values are pickled ArticleResults; the key covers geomap's version and the record classes' fields, so a
stored value always matches the code that reads it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import pickle
from collections.abc import Iterable

from geomap import __version__, records
from geomap.records import Article
from geomap.stores import HealingStore


def schema_fingerprint() -> str:
    """Names and fields of every record class: changes whenever a cached value could no longer be read back."""
    shapes = sorted((name, [f.name for f in dataclasses.fields(cls)], hasattr(cls, "__slots__"))
                    for name, cls in vars(records).items()
                    if dataclasses.is_dataclass(cls) and cls.__module__ == records.__name__)
    return hashlib.sha256(json.dumps(shapes).encode()).hexdigest()[:16]


def settings_digest(settings: dict) -> str:
    """A digest of everything besides the article that changes its result (model, priors, gazetteer, version)."""
    text = json.dumps({"geomap": __version__, "schema": schema_fingerprint(), **settings}, sort_keys=True)
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
