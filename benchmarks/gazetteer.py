"""Gazetteer speed and memory: cold load, lookup latency, peak memory with every layer (world included).

    python benchmarks/gazetteer.py

Cold load is a fresh process opening the compiled index and answering one lookup, against a fresh process that
only starts Python and imports sqlite3 (the baseline, same script). Lookups are timed over the spellings in
tests/data/news_spellings.tsv plus 1,000 gazetteer names, each looked up through Gazetteer.candidates (the exact
index) and Resolver.lookup (ranking included).
"""

from __future__ import annotations

import csv
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BASELINE = "import sqlite3"
COLD = "from geomap.gazetteer import open_gazetteer; open_gazetteer().candidates('Graivoron')"


def fresh_process(code: str, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def queries() -> list[str]:
    with (REPO / "tests/data/news_spellings.tsv").open(encoding="utf-8") as f:
        spellings = [r["spelling"] for r in csv.DictReader((x for x in f if not x.startswith("#")), delimiter="\t")]
    from geomap.gazetteer import open_gazetteer

    con = open_gazetteer()._con
    names = [r[0] for r in con.execute("SELECT name FROM places WHERE rowid % 400 = 0 LIMIT 1000")]
    return spellings + names


def per_call_us(fn, items: list[str]) -> float:
    times = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def main() -> None:
    from geomap.gazetteer import open_gazetteer
    from geomap.resolve import Resolver

    open_gazetteer()  # compile once, outside the timings
    baseline, cold = fresh_process(BASELINE), fresh_process(COLD)
    items = queries()
    gazetteer = open_gazetteer()
    resolver = Resolver(gazetteer)
    exact = per_call_us(gazetteer.candidates, items)
    ranked = per_call_us(resolver.lookup, items)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    places = gazetteer._con.execute("SELECT count(*) FROM places").fetchone()[0]
    keys = gazetteer._con.execute("SELECT count(*) FROM names").fetchone()[0]
    print(f"places {places:,}, name keys {keys:,}")
    print(f"cold load + first lookup: {cold:.3f} s (python + sqlite3 alone: {baseline:.3f} s, "
          f"difference {cold - baseline:.3f} s)")
    print(f"median exact lookup: {exact:.1f} µs; median ranked lookup: {ranked:.1f} µs over {len(items)} names "
          f"(warm place cache on repeats)")
    print(f"peak resident memory of this process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
