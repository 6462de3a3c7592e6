"""Incremental, parallel and distributed builds: the cache, the process pool and the dask engine, end to end
through the CLI on corpora the tests write."""

import datetime as dt
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time

import distributed
import psutil
import pytest

from geomap.cli import main
from geomap.engines.local import LocalEngine
from geomap.extraction import CHUNK, CHUNK_CHARS, ExtractionSettings, _chunks
from geomap.ingest import read_articles
from geomap.records import Article
from geomap.toponyms import DEFAULT_MODEL

from .conftest import REPO


def write_corpus(path, copies):
    """The example articles `copies` times over, each copy dated a day later (so its events are new ones)."""
    examples = list(read_articles([REPO / "examples"], lambda *problem: None))
    with path.open("w", encoding="utf-8") as f:
        for n in range(copies):
            for a in examples:
                day = (dt.date(2024, 1, 1) + dt.timedelta(days=n)).isoformat()
                f.write(json.dumps({"id": f"{a.id}-{n}", "title": a.title, "date": day, "url": a.url,
                                    "text": a.text}) + "\n")
    return path


def build(capsys, *args):
    code = main(["build", *map(str, args), "--offline", "--no-progress"])
    return code, capsys.readouterr()


def counts(stdout):
    """The summary line without its time."""
    line = next(x for x in stdout.splitlines() if "articles read" in x)
    return re.sub(r", [0-9.]+ s$", "", line)


@pytest.mark.slow
def test_rerun_processes_only_new_articles_and_force_redoes_all(tmp_path, capsys):
    corpus = tmp_path / "articles"
    corpus.mkdir()
    for path in (REPO / "examples").iterdir():
        if path.is_file():  # the example articles; not examples/telegram's channel export
            (corpus / path.name).write_bytes(path.read_bytes())
    out, cache = tmp_path / "out", tmp_path / "cache"
    code, first = build(capsys, corpus, "-o", out, "--cache-dir", cache)
    assert code == 0 and "8 articles read (8 processed, 0 from cache)" in first.out
    (corpus / "2024-07-01_novi.txt").write_text("Drones struck an oil depot in Novozybkov overnight.\n")
    code, second = build(capsys, corpus, "-o", out, "--cache-dir", cache)
    assert "9 articles read (1 processed, 8 from cache)" in second.out
    places = {f["properties"]["place_name"] for f in json.loads((out / "incidents.geojson").read_text())["features"]}
    assert "Novozybkov" in places and "Kozinka" in places
    code, third = build(capsys, corpus, "-o", out, "--cache-dir", cache, "--force")
    assert "9 articles read (9 processed, 0 from cache)" in third.out
    code, other = build(capsys, corpus, "-o", out, "--cache-dir", cache, "--region-prior", "none")
    assert "(9 processed, 0 from cache)" in other.out  # other settings, other results


@pytest.mark.slow
def test_process_pool_output_equals_single_process_output(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "corpus.jsonl", copies=CHUNK // 8 + 4)  # more than one chunk: the pool runs
    code, one = build(capsys, corpus, "-o", tmp_path / "one", "--no-cache", "--jobs", "1")
    code, two = build(capsys, corpus, "-o", tmp_path / "two", "--no-cache", "--jobs", "2")
    assert counts(one.out) == counts(two.out)
    single = (tmp_path / "one" / "incidents.geojson").read_text()
    assert len(json.loads(single)["features"]) > 50
    assert single == (tmp_path / "two" / "incidents.geojson").read_text()


def test_chunks_are_cut_by_count_and_by_size():
    """Saved pages can run to megabytes: a chunk in flight holds at most CHUNK_CHARS of them, not CHUNK pages."""
    short = [Article(id=str(n), text="Shelling hit Shebekino.") for n in range(2 * CHUNK + 44)]
    assert [len(chunk) for chunk in _chunks(short)] == [CHUNK, CHUNK, 44]
    page = "<p>" + "x" * (CHUNK_CHARS // 3) + "</p>"
    pages = [Article(id=str(n), text="", page=page) for n in range(7)]
    assert [len(chunk) for chunk in _chunks(pages)] == [3, 3, 1]


@pytest.mark.slow
def test_warming_up_starts_every_worker_and_its_pipeline_before_any_work():
    """Workers load spaCy and the gazetteer while the main process is still importing and reading, not after the
    first chunk arrives (1.5 s of a 1,000-article build)."""
    engine = LocalEngine(jobs=2)
    try:
        engine.warm_up(ExtractionSettings(DEFAULT_MODEL))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(_with_gazetteer_open(_pool_workers())) < 2:
            time.sleep(0.2)
        assert len(_pool_workers()) == 2
        assert len(_with_gazetteer_open(_pool_workers())) == 2  # the pipeline is built, no chunk was submitted
    finally:
        engine.close()


def _pool_workers() -> list[psutil.Process]:
    """Live pool workers: the children of this process's forkserver."""
    servers = [p for p in psutil.Process().children() if "forkserver" in " ".join(p.cmdline())]
    return [w for server in servers for w in server.children()]


def _with_gazetteer_open(processes: list[psutil.Process]) -> list[psutil.Process]:
    return [p for p in processes if any("gazetteer-" in f.path for f in p.open_files())]


@pytest.mark.slow
def test_dask_engine_on_a_real_scheduler_gives_the_local_output_for_build_and_extract(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "corpus.jsonl", copies=3 * CHUNK // 8)  # three chunks: work for both workers
    code, local = build(capsys, corpus, "-o", tmp_path / "local", "--no-cache", "--jobs", "1")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        code, remote = build(capsys, corpus, "-o", tmp_path / "dask", "--no-cache", "--engine", "dask",
                             "--scheduler", cluster.scheduler_address)
        assert code == 0, remote.err
        pipelines = client.run(lambda: len(sys.modules["geomap.extraction"]._pipelines))
        code, _ = extract(capsys, corpus, "-o", tmp_path / "dask.jsonl", "--no-cache", "--engine", "dask",
                          "--scheduler", cluster.scheduler_address)
        assert code == 0
    assert list(pipelines.values()) == [1, 1]  # both worker processes built a pipeline and worked
    assert counts(remote.out) == counts(local.out)
    assert (tmp_path / "dask" / "incidents.geojson").read_text() == \
        (tmp_path / "local" / "incidents.geojson").read_text()
    assert extract(capsys, corpus, "-o", tmp_path / "local.jsonl", "--no-cache", "--jobs", "1")[0] == 0
    assert (tmp_path / "dask.jsonl").read_text() == (tmp_path / "local.jsonl").read_text()


def test_dask_engine_needs_a_scheduler(tmp_path, capsys):
    assert main(["build", str(REPO / "examples"), "-o", str(tmp_path), "--engine", "dask"]) == 2
    assert "--scheduler" in capsys.readouterr().err


@pytest.mark.slow
def test_sigkill_leaves_previous_outputs_whole_and_the_cache_usable(tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    small = write_corpus(tmp_path / "small.jsonl", copies=1)
    per_copy = len(small.read_text(encoding="utf-8").splitlines())  # the example articles and channel posts
    command = [sys.executable, "-m", "geomap.cli", "build", "-o", str(out), "--cache-dir", str(cache),
               "--offline", "--jobs", "1", "--no-progress"]
    subprocess.run([*command, str(small)], check=True, capture_output=True, timeout=300)
    before = {name: (out / name).read_bytes() for name in ("incidents.geojson", "incidents.html")}

    big = write_corpus(tmp_path / "big.jsonl", copies=60)  # several cache commits
    total = per_copy * 60
    process = subprocess.Popen([*command, str(big)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    database = cache / "extractions.sqlite"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and _stored(database) < per_copy + CHUNK:
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    stored = _stored(database)
    assert per_copy + CHUNK <= stored < per_copy + total  # killed mid-run, after some chunks were committed

    for name, content in before.items():  # the previous map and GeoJSON, whole
        assert (out / name).read_bytes() == content
    assert json.loads(before["incidents.geojson"])["features"]
    with sqlite3.connect(database) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    rerun = subprocess.run([*command, str(big)], capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    line = next(x for x in rerun.stdout.splitlines() if "articles read" in x)
    processed = int(line.split("(")[1].split(" processed")[0])
    assert processed <= total - (stored - per_copy)  # what the killed run stored is not redone
    assert len(json.loads((out / "incidents.geojson").read_text())["features"]) > \
        len(json.loads(before["incidents.geojson"])["features"])


def _stored(database) -> int:
    if not database.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as con:
            return con.execute("SELECT COUNT(*) FROM results").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_a_worker_killed_mid_run_is_one_line_and_keeps_the_cache(tmp_path):
    corpus = write_corpus(tmp_path / "big.jsonl", copies=60)
    process = psutil.Popen([sys.executable, "-m", "geomap.cli", "build", str(corpus), "-o", str(tmp_path / "out"),
                            "--cache-dir", str(tmp_path / "cache"), "--offline", "--jobs", "2", "--no-progress"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and _stored(tmp_path / "cache" / "extractions.sqlite") < CHUNK:
        time.sleep(0.2)
    (server,) = [p for p in process.children() if "forkserver" in " ".join(p.cmdline())]
    server.children()[-1].kill()  # pool workers are forked by the forkserver
    _, err = process.communicate(timeout=120)
    assert process.returncode == 1
    assert err.strip().splitlines()[-1].startswith("geomap: error: a worker process died")
    assert not (tmp_path / "out" / "incidents.geojson").exists()
    assert _stored(tmp_path / "cache" / "extractions.sqlite") >= CHUNK


def extract(capsys, *args):
    code = main(["extract", *map(str, args), "--offline", "--no-progress"])
    return code, capsys.readouterr().out


def test_extract_through_the_pool_and_gated_equals_the_single_process_pass_in_input_order(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "corpus.jsonl", CHUNK // 8 + 1)  # more than one chunk: the pool runs them
    pooled, gated, full = tmp_path / "pooled.jsonl", tmp_path / "gated.jsonl", tmp_path / "full.jsonl"
    assert extract(capsys, corpus, "-o", pooled, "--jobs", "2", "--no-cache")[0] == 0
    assert extract(capsys, corpus, "-o", gated, "--jobs", "2", "--no-cache", "--gate-parser")[0] == 0
    assert extract(capsys, corpus, "-o", full, "--jobs", "1", "--no-cache")[0] == 0
    assert pooled.read_text() == full.read_text()
    ids = [json.loads(line)["id"] for line in corpus.read_text().splitlines()]
    records = [json.loads(line) for line in gated.read_text().splitlines()]
    assert [r["id"] for r in records] == ids
    assert sum(len(r["toponyms"]) for r in records) > 20
    assert gated.read_text() == full.read_text()


def test_extract_reads_unchanged_articles_back_from_the_cache(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "corpus.jsonl", 1)
    n = len(corpus.read_text().splitlines())  # the example articles and the example channel's posts
    first, second, cache = tmp_path / "first.jsonl", tmp_path / "second.jsonl", tmp_path / "cache"
    code, out = extract(capsys, corpus, "-o", first, "--cache-dir", cache)
    assert code == 0 and f"{n} articles extracted" in out and f"({n} processed, 0 from cache)" in out
    code, out = extract(capsys, corpus, "-o", second, "--cache-dir", cache)
    assert code == 0 and f"(0 processed, {n} from cache)" in out
    assert first.read_text() == second.read_text()
