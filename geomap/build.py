"""A build: articles in, the incident map, its GeoJSON and the unresolved names out, and a report of what it did.

extract (per article, on an engine) → merge (one event per incident) → export (GeoJSON) → render (HTML). Outputs
are written atomically, so a killed build leaves the previous ones whole. `geomap build` prints the report.
"""

from __future__ import annotations

import csv
import io
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from geomap import atomic
from geomap.cache import ExtractionCache
from geomap.extraction import Engine, ExtractionSettings, RunCounts, extract

OUTPUTS = ("incidents.html", "incidents.geojson", "unresolved.csv")


class WorkerDied(Exception):
    """A worker process died mid-run (killed, or out of memory): the previous outputs are untouched."""


@dataclass
class BuildReport:
    """What a build read, found and wrote."""

    outdir: Path
    read: int = 0  # articles read
    processed: int = 0  # of them, processed in this run
    cached: int = 0  # of them, read back from the extraction cache
    problems: list[tuple[str, str]] = field(default_factory=list)  # (where, why) for input that could not be read
    reports: int = 0  # incident reports, one per article and incident
    events: int = 0  # incidents after merging the reports
    unresolved: Counter = field(default_factory=Counter)  # (mention, article id) → count, for names not placed
    geocoder: str | None = None  # provider, when the geocoder fallback was on
    geocoder_requests: int = 0
    geocoder_failures: int = 0  # names given up after retries (asked again next run)
    seconds: float = 0.0

    @property
    def outputs(self) -> list[Path]:
        return [self.outdir / name for name in OUTPUTS]

    def summary(self) -> list[str]:
        """The lines `geomap build` prints."""
        lines = [f"{self.read} articles read ({self.processed} processed, {self.cached} from cache), "
                 f"{len(self.problems)} input problems, {self.events} events (from {self.reports} reports), "
                 f"{sum(self.unresolved.values())} unresolved mentions, {self.seconds:.1f} s"]
        if self.problems:
            reasons = Counter(reason.split(" (")[0].split(";")[0] for _, reason in self.problems)
            lines.append("input problems: " + ", ".join(f"{n} × {reason}" for reason, n in reasons.most_common()))
        if self.unresolved:
            names = sorted({mention for mention, _ in self.unresolved})
            lines.append(f"unresolved: {', '.join(names[:15])}{' …' if len(names) > 15 else ''} "
                         f"(all in {self.outdir / 'unresolved.csv'})")
        lines.append("wrote " + ", ".join(str(p) for p in self.outputs))
        if self.geocoder is not None:
            lines.append(f"geocoder {self.geocoder}: {self.geocoder_requests} requests, "
                         f"{self.geocoder_failures} names given up after retries")
        return lines


def build(inputs: Sequence[str | Path], outdir: Path, settings: ExtractionSettings, engine: Engine,
          cache: ExtractionCache | None = None, force: bool = False, title: str = "geomap: incidents",
          on_problem: Callable[[str, str], None] | None = None,
          progress: AbstractContextManager[Callable[[int], None]] | None = None,
          started: float | None = None) -> BuildReport:
    """Build the outputs in `outdir`. `on_problem(where, why)` hears of each input problem as it is met; `progress`
    (the CLI's progress bar) is open while articles are extracted and hears of each chunk done. The engine is
    closed before the outputs are built, so that its workers' memory is given back first."""
    from geomap.export import geojson_features, geojson_text
    from geomap.ingest import read_articles
    from geomap.merge import merge_events
    from geomap.render import write_map

    started = time.monotonic() if started is None else started
    report = BuildReport(Path(outdir), geocoder=settings.geocoder.provider if settings.geocoder else None)

    def problem(where: str, reason: str) -> None:
        report.problems.append((where, reason))
        if on_problem is not None:
            on_problem(where, reason)

    events, counts = [], RunCounts()
    try:
        with progress if progress is not None else nullcontext() as advance:
            if advance is not None:
                counts.listeners.append(advance)
            for result in extract(read_articles(inputs, problem), settings, engine, cache, force=force,
                                  counts=counts):
                if result.problem:
                    problem(result.article.path or result.article.id, result.problem)
                events.extend(result.events)
                report.unresolved.update((r.mention.text, result.article.id) for r in result.resolutions
                                         if r.place is None)
    except BrokenProcessPool as exc:
        raise WorkerDied(f"a worker process died (killed, or out of memory); the previous outputs are untouched "
                         f"and the {counts.processed} articles done are cached for the next run") from exc
    engine.close()
    report.reports = len(events)
    merged = merge_events(events)
    features = geojson_features(merged)
    atomic.write_text(report.outdir / "incidents.geojson", geojson_text(features))
    write_map(features, report.outdir / "incidents.html", title=title)
    atomic.write_text(report.outdir / "unresolved.csv", unresolved_csv(report.unresolved))
    report.events = len(merged)
    report.read, report.processed, report.cached = counts.read, counts.processed, counts.cached
    report.geocoder_requests, report.geocoder_failures = counts.geocoder_requests, counts.geocoder_failures
    report.seconds = time.monotonic() - started
    return report


def unresolved_csv(unresolved: Counter) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["mention", "article", "count"])
    for (mention, article), count in sorted(unresolved.items()):
        writer.writerow([mention, article, count])
    return buffer.getvalue()
