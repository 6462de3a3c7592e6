import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geomap import __version__
from geomap.cli import main

from .conftest import REPO


def geomap(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "geomap.cli", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def test_version():
    result = geomap("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"geomap {__version__}"


def test_build_help_names_every_input_format_geomap_reads():
    from geomap.ingest import SUFFIXES

    result = geomap("build", "--help")
    assert result.returncode == 0
    listed = set(re.findall(r"\.[a-z]+", " ".join(result.stdout.split())))
    assert set(SUFFIXES) <= listed, f"missing from --help: {set(SUFFIXES) - listed}"


@pytest.mark.slow
def test_build_defaults_to_examples_and_maps(tmp_path):
    (tmp_path / "examples").symlink_to(REPO / "examples")
    result = geomap("build", "--offline", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "maps" / "incidents.html").stat().st_size > 100_000
    assert json.loads((tmp_path / "maps" / "incidents.geojson").read_text())["features"]
    assert "articles read" in result.stdout and "events" in result.stdout


@pytest.mark.slow
def test_build_lists_the_mentions_it_could_not_place(tmp_path):
    """unresolved.csv: each name no gazetteer (nor, offline, any geocoder) knows, per article, with its count."""
    articles = tmp_path / "in"
    articles.mkdir()
    (articles / "a.txt").write_text("Shelling hit the village of Zorvanka on Monday. Later the village of Zorvanka "
                                    "lost power, and drones struck Shebekino.", encoding="utf-8")
    (articles / "b.txt").write_text("A drone hit a shop in the village of Zorvanka.", encoding="utf-8")
    assert main(["build", str(articles), "-o", str(tmp_path / "out"), "--offline", "--no-cache", "--no-progress"]) == 0
    with (tmp_path / "out" / "unresolved.csv").open(encoding="utf-8", newline="") as f:
        rows = {(r["mention"], Path(r["article"]).stem): int(r["count"]) for r in csv.DictReader(f)}
    assert rows == {("Zorvanka", "a"): 2, ("Zorvanka", "b"): 1}


def test_usage_errors_are_one_line_and_non_zero(tmp_path):
    for args in (["build", str(tmp_path / "nope")], ["render", str(tmp_path / "nope.geojson"), "-o", "x.html"],
                 ["build", "--spacy-model", "no_such_pipeline", str(REPO / "examples")]):
        result = geomap(*args)
        assert result.returncode == 2, args
        assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("geomap: error:")
    assert geomap("frobnicate").returncode == 2


def test_extract_jsonl_machine_interface(tmp_path):
    text = "Eight people were injured when shelling hit Graivoron. Moscow has accused Kyiv."
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a1", "text": text, "date": "2023-05-22"}) + "\n{oops\n")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(source), "-o", str(out)]) == 0
    (record,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert record["id"] == "a1"
    toponyms = {t["text"]: t for t in record["toponyms"]}
    graivoron = toponyms["Graivoron"]
    assert text[graivoron["start"]:graivoron["end"]] == "Graivoron"
    assert graivoron["name"] == "Grayvoron" and graivoron["country_code"] == "RU"
    assert {"start", "end", "text", "name", "lat", "lon", "gazetteer_id", "feature", "country_code",
            "admin1"} <= set(graivoron)
    assert toponyms["Moscow"]["role"] == "metonymic"
    (event,) = record["events"]
    assert event["place_name"] == "Grayvoron" and event["date"] == "2023-05-22"
    assert {"lat", "lon", "event_id", "quote"} <= set(event)


def test_extract_strict_fails_on_bad_lines(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("{oops\n")
    assert main(["extract", str(source), "-o", str(tmp_path / "o.jsonl"), "--strict"]) == 1


@pytest.mark.slow
def test_render_redraws_a_map_from_geojson(example_build, tmp_path):
    out = tmp_path / "again.html"
    assert main(["render", str(example_build / "incidents.geojson"), "-o", str(out)]) == 0
    html = out.read_text()
    assert "Kozinka" in html and "cdn." not in html.split("<body>")[0]


def test_gazetteer_lookup_json(capsys):
    assert main(["gazetteer", "lookup", "Kozinka, Belgorod region", "Nowhereville", "--json"]) == 0
    first, second = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert first["query"] == "Kozinka, Belgorod region"
    top = first["candidates"][0]
    assert (top["name"], top["admin1"], top["country_code"]) == ("Kozinka", "Belgorod Oblast", "RU")
    assert set(top) == {"id", "name", "lat", "lon", "feature", "country_code", "admin1", "population", "source",
                        "score"}
    assert second == {"query": "Nowhereville", "candidates": []}


@pytest.mark.slow
def test_build_maps_good_articles_past_bad_inputs_and_strict_fails(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text("Shelling hit Shebekino on Friday, injuring two residents.\n")
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "wall.txt").write_text("y" * 20_000_000)
    (folder / "broken.md").write_text("---\ntitle: [unclosed\n---\nDrones struck an oil depot in Novozybkov.\n")
    (folder / "feed.jsonl").write_text('{"id": "j1", "text": "A blast hit Graivoron."}\n{oops\n')
    (folder / "ru.txt").write_bytes("Взрыв в Белгороде. A blast hit Belgorod on Monday.".encode("cp1251"))
    (folder / "app.html").write_text("<html><body><div id='app'></div><script src='app.js'></script></body></html>")
    (folder / "story.html").write_text("<html><body><article><p>Artillery shelled Vovchansk on Tuesday morning, "
                                       "and two houses near the school burned down.</p></article></body></html>")
    out = tmp_path / "out"
    result = geomap("build", str(folder), "-o", str(out), "--offline", "--no-cache")
    assert result.returncode == 0, result.stderr
    places = {f["properties"]["place_name"] for f in
              json.loads((out / "incidents.geojson").read_text())["features"]}
    assert {"Shebekino", "Novozybkov", "Grayvoron", "Belgorod", "Vovchansk"} <= places
    for name, reason in (("photo.txt", "binary file"), ("wall.txt", "too large"), ("broken.md", "YAML"),
                         ("feed.jsonl:2", "malformed JSON"), ("ru.txt", "decoded as cp1251"),
                         ("app.html", "no article text")):
        assert any(name in line and reason in line for line in result.stderr.splitlines()), (name, result.stderr)
    assert "6 input problems" in result.stdout
    strict = geomap("build", str(folder), "-o", str(out), "--offline", "--no-cache", "--strict")
    assert strict.returncode == 1


@pytest.mark.slow
def test_progress_bar_shows_on_a_terminal(tmp_path):
    import os
    import pty
    import threading

    leader, follower = pty.openpty()
    chunks: list[bytes] = []

    def drain():  # a terminal's buffer holds a few KB: read as the bar redraws, or a slow build blocks on it
        while True:
            try:
                chunk = os.read(leader, 1 << 16)
            except OSError:  # the follower side closed
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    result = subprocess.run([sys.executable, "-m", "geomap.cli", "build", str(REPO / "examples"), "-o",
                             str(tmp_path), "--offline", "--no-cache"], stderr=follower, stdout=subprocess.PIPE,
                            timeout=300)
    os.close(follower)
    reader.join(timeout=10)
    shown = b"".join(chunks).decode(errors="replace")
    assert result.returncode == 0
    assert "geomap build" in shown and "articles" in shown


def test_default_jobs_follow_the_cores_this_process_may_use():
    """Under `taskset` or a container's CPU set, `--jobs` defaults to the cores allowed, not the machine's."""
    code = "from geomap.cli import _usable_cores; print(_usable_cores())"
    one_core = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              preexec_fn=lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}))
    assert one_core.stdout.strip() == "1"
    every_core = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert every_core.stdout.strip() == str(len(os.sched_getaffinity(0)))
