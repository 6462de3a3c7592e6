"""Shared fixtures: the real spaCy pipeline, the real gazetteer, and one real build of the example articles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from geomap.cli import main
from geomap.gazetteer import open_gazetteer
from geomap.pipeline import Pipeline
from geomap.records import Article
from geomap.resolve import Resolver

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
ARTIFACTS = Path(os.environ.get("GEOMAP_TEST_ARTIFACTS", REPO / "tests" / "artifacts"))


@pytest.fixture(autouse=True, scope="session")
def _no_network_contact():
    """A contact in the environment would switch the public geocoder on: tests talk to loopback only."""
    os.environ.pop("GEOMAP_CONTACT", None)


@pytest.fixture(scope="session")
def gazetteer():
    return open_gazetteer()


@pytest.fixture(scope="session")
def resolver(gazetteer):
    return Resolver(gazetteer)


@pytest.fixture(scope="session")
def pipeline():
    return Pipeline()


@pytest.fixture(scope="session")
def focus_pipeline(pipeline):
    """The pipeline as `geomap build` runs it: only sentences that can report an incident are parsed."""
    focused = Pipeline(focus=True)
    focused.nlp = pipeline.nlp  # one spaCy pipeline in memory for both
    return focused


@pytest.fixture(scope="session")
def run(pipeline):
    """Run the whole per-article pipeline on one text."""

    def _run(text: str, date: str | None = None, article_id: str = "t"):
        return next(pipeline.run([Article(id=article_id, text=text, date=date)]))

    return _run


@pytest.fixture(scope="session")
def example_build(tmp_path_factory):
    """`geomap build examples -o OUT`, run once through the real CLI."""
    out = tmp_path_factory.mktemp("maps")
    cache = tmp_path_factory.mktemp("cache")
    assert main(["build", str(REPO / "examples"), "-o", str(out), "--offline", "--cache-dir", str(cache)]) == 0
    return out


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
