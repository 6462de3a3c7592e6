"""Incremental re-runs: `geomap build` over a synthetic corpus (benchmarks/corpus.py) with a fresh cache, then again
after one article is appended, each in a fresh process started by this script.

    python benchmarks/incremental.py [--size 10000] [--jobs 2]

The baseline is the first build in the same script; the re-run should cost a small fraction of it (it reads the
cached results back, extracts the one new article, and merges and writes everything again).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import article, write_corpus  # noqa: E402


def build(corpus: Path, tmp: Path, jobs: int) -> tuple[float, str]:
    """(seconds from process start to exit, the summary line)."""
    command = [sys.executable, "-m", "geomap.cli", "build", str(corpus), "-o", str(tmp / "out"), "--offline",
               "--cache-dir", str(tmp / "cache"), "--jobs", str(jobs), "--no-progress"]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    summary = next(line for line in done.stdout.splitlines() if "articles read" in line)
    return time.perf_counter() - start, summary


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        corpus = write_corpus(tmp / "corpus.jsonl", args.size)
        first_s, _ = build(corpus, tmp, args.jobs)
        with corpus.open("a", encoding="utf-8") as f:
            f.write(json.dumps(article(args.size, random.Random(args.size))) + "\n")
        rerun_s, summary = build(corpus, tmp, args.jobs)
        cache_mb = sum(p.stat().st_size for p in (tmp / "cache").glob("extractions.sqlite*")) / 2**20
    print(json.dumps({"articles": args.size, "first_build_s": round(first_s, 1), "rerun_s": round(rerun_s, 1),
                      "rerun_share": round(rerun_s / first_s, 3), "cache_mb": round(cache_mb, 1),
                      "summary": summary.removeprefix("geomap: ")}))


if __name__ == "__main__":
    main()
