"""Saved web pages: `geomap build` over a folder of synthetic ~150 KB pages (benchmarks/corpus.py) against
trafilatura reducing the same pages to text in one process, each in a fresh process started by this script.

    python benchmarks/pages.py [--count 1000] [--jobs 2]

The baseline is what reading pages cost when the reading process extracted them itself, before any geoparsing;
geomap extracts each page in the worker that processes its article, so on several cores the whole build can take
less time than the extraction alone did in one process.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import write_pages  # noqa: E402
from throughput import measure  # noqa: E402

EXTRACT_ONLY = """
import sys, pathlib, trafilatura
for page in sorted(pathlib.Path(sys.argv[1]).glob("*.html")):
    trafilatura.bare_extraction(page.read_text(encoding="utf-8"), with_metadata=True, include_comments=False,
                                include_tables=False)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        pages = write_pages(Path(folder) / "pages", args.count)
        megabytes = sum(p.stat().st_size for p in pages.iterdir()) / 2**20
        extract_s, extract_mb = measure([sys.executable, "-c", EXTRACT_ONLY, str(pages)])
        build_s, build_mb = measure([sys.executable, "-m", "geomap.cli", "build", str(pages), "-o", f"{folder}/out",
                                     "--offline", "--no-cache", "--no-progress", "--jobs", str(args.jobs)])
    print(json.dumps({"pages": args.count, "megabytes": round(megabytes), "extraction_alone_s": round(extract_s, 1),
                      "geomap_build_s": round(build_s, 1), "build_over_extraction": round(build_s / extract_s, 2),
                      "extraction_peak_mb": round(extract_mb), "geomap_peak_mb": round(build_mb),
                      "jobs": args.jobs}))


if __name__ == "__main__":
    main()
