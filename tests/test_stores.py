"""Local stores heal: a damaged extraction cache, gazetteer index or geocoder cache is moved aside and rebuilt with a
one-line message, and a killed compile's temp files do not stay behind."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time

import pytest

from geomap.cache import ExtractionCache
from geomap.gazetteer.rows import make_row, write_places
from geomap.gazetteer.store import STALE_AFTER, Gazetteer, compile_index
from geomap.geocode import GeocodeCache
from geomap.stores import damage


@pytest.fixture()
def layer(tmp_path):
    """A small layer of invented villages: compiling it takes a fraction of a second, unlike the whole gazetteer."""
    path = tmp_path / "layer" / "villages.tsv.gz"
    path.parent.mkdir()
    write_places([make_row(f"test:{i}", f"Selo Nomer {i}", 50 + i / 1e4, 36, "P.PPL", "UA", "Sumy Oblast", i, "test")
                  for i in range(3000)], path)
    return [path]


def truncate(path, keep: float = 0.4) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def not_a_database(path) -> None:
    path.write_bytes(b"these bytes were never a database\n" * 200)


def index_of(folder):
    (index,) = folder.glob("gazetteer-*.sqlite")
    return index


def some_name(index) -> str:
    with sqlite3.connect(index) as con:
        return con.execute("SELECT name FROM places ORDER BY rowid LIMIT 1").fetchone()[0]


@pytest.mark.parametrize("spoil", [truncate, not_a_database])
def test_a_damaged_gazetteer_index_is_compiled_again(tmp_path, layer, capsys, spoil):
    Gazetteer(layer, cache_dir=tmp_path).close()
    index = index_of(tmp_path)
    name = some_name(index)
    spoil(index)
    assert damage(index) is not None
    gazetteer = Gazetteer(layer, cache_dir=tmp_path)
    assert gazetteer.candidates(name), "the rebuilt index answers again"
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"geomap: gazetteer index {index}") and "damaged" in line
    assert damage(index) is None and (tmp_path / f"{index.name}.damaged").exists()
    Gazetteer(layer, cache_dir=tmp_path)  # healthy now: opened without a word
    assert capsys.readouterr().err == ""


def test_temp_files_of_a_killed_compile_are_removed_on_the_next_start(tmp_path, layer):
    Gazetteer(layer, cache_dir=tmp_path).close()
    target = index_of(tmp_path)
    # A compile killed mid-way: a child process starts writing the temp file and is killed.
    child = subprocess.Popen([sys.executable, "-c", KILLED_COMPILE, str(layer[0]), str(tmp_path / "other.sqlite")])
    deadline = time.time() + 60
    while not list(tmp_path.glob("other.sqlite.*.tmp")) and time.time() < deadline:
        time.sleep(0.05)
    child.kill()
    child.wait()
    (orphan,) = tmp_path.glob("other.sqlite.*.tmp")
    killed = orphan.rename(tmp_path / orphan.name.replace("other", target.name.removesuffix(".sqlite")))
    old_style = tmp_path / f"{target.name}x7f3k.tmp"  # older geomap named no owner: judged by its age
    old_style.write_bytes(b"\0" * 4096)
    os.utime(old_style, (time.time() - STALE_AFTER - 60,) * 2)
    running = tmp_path / f"{target.name}.{os.uname().nodename.replace('.', '_')}-{os.getpid()}.abc.tmp"
    running.write_bytes(b"\0" * 4096)  # a compile of a process still alive, just started
    Gazetteer(layer, cache_dir=tmp_path).close()
    assert not killed.exists() and not old_style.exists()
    assert running.exists()


KILLED_COMPILE = """
import sys, time
from pathlib import Path
import geomap.gazetteer.store as store
rows = store._rows
def slow(tsvs):
    for row in rows(tsvs):
        yield row
        time.sleep(1)
store._rows = slow
store.compile_index([Path(sys.argv[1])], Path(sys.argv[2]))
"""


def test_a_compile_removes_its_temp_file_when_it_fails(tmp_path):
    bad = tmp_path / "broken.tsv"
    bad.write_text("id\tname\nonly-two-columns\tX\n")
    with pytest.raises((KeyError, ValueError, TypeError)):
        compile_index([bad], tmp_path / "gazetteer-x.sqlite")
    assert list(tmp_path.iterdir()) == [bad]


@pytest.mark.parametrize("spoil", [truncate, not_a_database])
def test_a_damaged_extraction_cache_starts_again(tmp_path, capsys, spoil):
    path = tmp_path / "extractions.sqlite"
    cache = ExtractionCache(path)
    cache.put_many((f"k{i}", {"payload": "x" * 2000, "n": i}) for i in range(2000))
    cache.close()
    spoil(path)
    cache = ExtractionCache(path)
    assert len(cache) == 0 and cache.get_many(["k1"]) == {}
    cache.put_many([("k1", {"n": 1})])
    assert cache.get_many(["k1"]) == {"k1": {"n": 1}}
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"geomap: extraction cache {path}") and "rebuilt" in line


def test_damage_found_while_running_is_healed_too(tmp_path, capsys):
    """SQLite reports the damage only when a statement reads the damaged page: the store heals there."""
    path = tmp_path / "extractions.sqlite"
    cache = ExtractionCache(path)
    cache.put_many((f"k{i}", "x" * 3000) for i in range(3000))
    cache.close()
    with sqlite3.connect(path) as con:  # the header still promises the full size: only the reading finds out
        pages = con.execute("PRAGMA page_count").fetchone()[0]
    with open(path, "r+b") as f:
        f.seek(4096 * (pages // 2))
        f.write(b"\xff" * 4096 * 8)
    assert damage(path) is None
    cache = ExtractionCache(path)
    assert cache.get_many([f"k{i}" for i in range(3000)]) == {}
    assert "extraction cache" in capsys.readouterr().err


def test_a_damaged_geocoder_cache_keeps_the_answers_it_can_read(tmp_path, capsys):
    path = tmp_path / "geocoder.sqlite"
    cache = GeocodeCache(path)
    for i in range(3000):
        cache.put("nominatim", f"village {i}", {"name": f"V{i}", "pad": "x" * 400} if i % 3 else None)
    cache._con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    cache.close()
    truncate(path, keep=0.5)
    cache = GeocodeCache(path)
    found = {i: answer for i in range(3000) for fresh, answer in [cache.get("nominatim", f"village {i}", 1e9, 1e9)]
             if fresh}
    assert 300 < len(found) < 3000  # much of what was stored before the cut is still there, as it was
    assert all(answer == ({"name": f"V{i}", "pad": "x" * 400} if i % 3 else None) for i, answer in found.items())
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"geomap: geocoder cache {path}") and f"{len(found)} answers kept" in line
    cache.put("nominatim", "new", {"name": "N"})  # and it takes new answers
    assert cache.get("nominatim", "new", 1e9, 1e9) == (True, {"name": "N"})


def test_build_with_a_damaged_extraction_cache_exits_0_with_one_line(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.md").write_text("---\ndate: 2024-03-12\n---\nShelling hit Graivoron on Monday.\n")
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    (cache_dir / "extractions.sqlite").write_bytes(b"\x00garbage" * 512)
    env = {**os.environ, "GEOMAP_CACHE_DIR": os.environ.get("GEOMAP_CACHE_DIR", str(tmp_path / "gaz"))}
    args = [sys.executable, "-m", "geomap.cli", "build", str(folder), "-o", str(tmp_path / "out"), "--offline",
            "--cache-dir", str(cache_dir)]
    first = subprocess.run(args, capture_output=True, text=True, timeout=300, env=env)
    assert first.returncode == 0 and "Traceback" not in first.stderr, first.stderr
    (line,) = [x for x in first.stderr.splitlines() if "extraction cache" in x]
    assert "damaged (not an SQLite database)" in line
    features = json.loads((tmp_path / "out" / "incidents.geojson").read_text())["features"]
    assert [f["properties"]["place_name"] for f in features] == ["Grayvoron"]
    second = subprocess.run(args, capture_output=True, text=True, timeout=300, env=env)
    assert second.returncode == 0 and "damaged" not in second.stderr and "1 from cache" in second.stdout
