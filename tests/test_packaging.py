"""geomap as a newcomer gets it: a wheel installed into a fresh virtual environment that sees nothing but what
pip brings for [project.dependencies]. Every command then runs from that environment, outside the source tree, so
a module that imports a package only an extra (or the developer's machine) provides fails here."""

import json
import os
import subprocess
import sys

import pytest

from .conftest import REPO

pytestmark = pytest.mark.slow  # a wheel built and installed into a fresh venv

# A report written for this test; the gold point is Kozinka, Belgorod Oblast.
REPORT = ("Shelling hit Kozinka in Russia's Belgorod region on Tuesday, the regional governor said. "
          "Two houses were damaged.")
KOZINKA = {"lat": 50.4613, "lon": 35.6026}


@pytest.fixture(scope="module")
def fresh_install(tmp_path_factory):
    """The wheel and its runtime dependencies, installed the normal way into a venv without system packages."""
    root = tmp_path_factory.mktemp("fresh")
    wheels = root / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(REPO)],
                   check=True, timeout=300)
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    (wheel,) = wheels.glob("geomap-*.whl")
    subprocess.run([venv / "bin" / "pip", "install", "-q", "--disable-pip-version-check", str(wheel)], check=True,
                   timeout=900)
    work = root / "work"
    work.mkdir()
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(root), "GEOMAP_CACHE_DIR": str(root / "cache"),
           "LANG": os.environ.get("LANG", "C.UTF-8")}
    return venv, work, env


def run(fresh_install, *command):
    venv, work, env = fresh_install
    return subprocess.run([str(venv / "bin" / command[0]), *map(str, command[1:])], cwd=work, env=env,
                          capture_output=True, text=True, timeout=600)


def test_the_venv_sees_only_runtime_dependencies(fresh_install):
    listed = run(fresh_install, "python", "-c", "import importlib.util as u; print(u.find_spec('pytest'))")
    assert listed.stdout.strip() == "None", "the environment must not see the test extras"
    where = run(fresh_install, "python", "-c", "import geomap.gazetteer as g; print(g.data_dir())")
    assert str(fresh_install[0]) in where.stdout and where.stdout.strip().endswith("_gazetteer")


def test_build_maps_the_examples(fresh_install):
    result = run(fresh_install, "geomap", "build", REPO / "examples", "-o", "out")
    assert result.returncode == 0, result.stderr
    features = json.loads((fresh_install[1] / "out" / "incidents.geojson").read_text())["features"]
    assert "Kozinka" in {f["properties"]["place_name"] for f in features}
    assert (fresh_install[1] / "out" / "incidents.html").stat().st_size > 100_000


def test_extract_render_and_eval_run(fresh_install):
    work = fresh_install[1]
    (work / "articles.jsonl").write_text(json.dumps({"id": "a1", "text": REPORT}) + "\n")
    (work / "gold.jsonl").write_text(json.dumps({"id": "g1", "text": REPORT, "annotation": "event",
                                                  "event": {**KOZINKA, "location_name": "Kozinka"}}) + "\n")
    extracted = run(fresh_install, "geomap", "extract", "articles.jsonl", "-o", "extracted.jsonl")
    assert extracted.returncode == 0, extracted.stderr
    (record,) = [json.loads(line) for line in (work / "extracted.jsonl").read_text().splitlines()]
    assert any(t["name"] == "Kozinka" for t in record["toponyms"])

    scored = run(fresh_install, "geomap", "eval", "gold.jsonl", "--events", "--json")
    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout)["events"]["within_50km"] == 1.0

    built = run(fresh_install, "geomap", "build", "articles.jsonl", "-o", "one")
    assert built.returncode == 0, built.stderr
    drawn = run(fresh_install, "geomap", "render", "one/incidents.geojson", "-o", "again.html")
    assert drawn.returncode == 0, drawn.stderr
    assert (work / "again.html").stat().st_size > 100_000


def test_gazetteer_lookup_and_a_clear_word_for_the_build_extra(fresh_install):
    lookup = run(fresh_install, "geomap", "gazetteer", "lookup", "Graivoron", "--json")
    assert lookup.returncode == 0, lookup.stderr
    assert json.loads(lookup.stdout)["candidates"][0]["country_code"] == "RU"
    rebuild = run(fresh_install, "geomap", "gazetteer", "build")
    assert rebuild.returncode == 2
    assert "build-gazetteer" in rebuild.stderr and "Traceback" not in rebuild.stderr
