"""`geomap extract` on real-length news against a bare en_core_web_sm `nlp.pipe` pass over the same texts, each in
a fresh process started by this script (timed from start to exit, peak memory of the process tree; see
throughput.py), and whether the gated, parallel extract gives the full single-process pass's output.

    python benchmarks/extract_speed.py [--articles 600] [--jobs 2]

The corpus: the dev sets' real news (GeoVirus's 229 WikiNews articles and the 20 full-length war articles of
news_articles, in ../shared/eval-dev/, not in the repo), repeated with new ids up to --articles. Runs:
1. the bare pass (baseline); 2. `extract --jobs 1`, every sentence through the whole pipeline in one process, as
extract ran before; 3. the same on --jobs workers, as it runs by default; 4. `extract --jobs N --gate-parser` (NER on
every sentence, the tagger and parser only where a place or an incident may be). All with --no-cache. Prints one
JSON line per run (wall seconds, CPU seconds of the process tree, peak memory), then how the outputs of runs 3 and 4
differ from run 2's.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from itertools import cycle, islice
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).parent))
from throughput import BARE, measure  # noqa: E402

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval-dev"
SETS = ("geovirus", "news_articles")


def write_news(path: Path, count: int) -> Path:
    records = [json.loads(line) for name in SETS for line in (DEV / name / "gold.jsonl").open(encoding="utf-8")]
    with path.open("w", encoding="utf-8") as f:
        for n, record in enumerate(islice(cycle(records), count)):
            f.write(json.dumps({"id": f"{n}:{record['id']}", "text": record["text"], "title": record.get("title"),
                                "date": record.get("date"), "url": record.get("url")}) + "\n")
    return path


def run(command: list[str], marker: str) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of the process tree, peak MB), the process found by `marker` in its command line.
    CPU time shows the work done even when other processes share the cores; the tree is read while it runs (pool
    workers are forkserver children, which no wait() accounts for)."""
    cpu: dict[int, float] = {}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            for process in psutil.process_iter(["cmdline"]):
                if marker not in " ".join(process.info["cmdline"] or ()):
                    continue
                try:
                    for member in [process, *process.children(recursive=True)]:
                        times = member.cpu_times()
                        cpu[member.pid] = times.user + times.system
                except psutil.Error:
                    pass
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    seconds, peak = measure(command)
    stop.set()
    sampler.join()
    return seconds, sum(cpu.values()), peak


def differences(a: Path, b: Path) -> dict:
    """How records of two extract outputs differ: whole records, toponym lists, event lists."""
    pairs = list(zip(a.read_text().splitlines(), b.read_text().splitlines(), strict=True))
    left, right = [json.loads(x) for x, _ in pairs], [json.loads(y) for _, y in pairs]
    return {"records": len(pairs), "identical": sum(x == y for x, y in pairs),
            "toponyms_differ": sum(x["toponyms"] != y["toponyms"] for x, y in zip(left, right, strict=True)),
            "events_differ": sum(x["events"] != y["events"] for x, y in zip(left, right, strict=True)),
            "same_order": [x["id"] for x in left] == [y["id"] for y in right]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_news(Path(tmp) / "news.jsonl", args.articles)
        bare = [sys.executable, "-c", BARE, str(corpus), str(args.articles)]
        bare_s, bare_cpu, bare_mb = run(bare, "import json, sys, spacy")
        print(json.dumps({"run": "bare nlp.pipe", "articles": args.articles, "seconds": round(bare_s, 1),
                          "cpu_s": round(bare_cpu, 1), "peak_mb": round(bare_mb)}), flush=True)
        runs = {"1 process": ["--jobs", "1"], f"{args.jobs} workers": ["--jobs", str(args.jobs)],
                f"{args.jobs} workers, --gate-parser": ["--jobs", str(args.jobs), "--gate-parser"]}
        outputs = {}
        for name, options in runs.items():
            outputs[name] = Path(tmp) / f"{len(outputs)}.jsonl"
            seconds, cpu, peak = run([sys.executable, "-m", "geomap.cli", "extract", str(corpus), "-o",
                                      str(outputs[name]), "--offline", "--no-cache", "--no-progress", *options],
                                     str(outputs[name]))
            print(json.dumps({"run": f"extract, {name}", "seconds": round(seconds, 1), "cpu_s": round(cpu, 1),
                              "peak_mb": round(peak), "speedup_over_bare": round(bare_s / seconds, 2)}), flush=True)
        first, *others = outputs
        for name in others:
            print(json.dumps({"compare": f"{name} against {first}", **differences(outputs[first], outputs[name])}),
                  flush=True)


if __name__ == "__main__":
    main()
