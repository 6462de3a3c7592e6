"""Shared fixtures: the real spaCy pipeline, the real gazetteer, and one real build of the example articles."""

from __future__ import annotations

import math
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


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


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
def run(pipeline):
    """Run the whole per-article pipeline on one text."""

    def _run(text: str, date: str | None = None, article_id: str = "t"):
        return next(pipeline.run([Article(id=article_id, text=text, date=date)]))

    return _run


@pytest.fixture(scope="session")
def example_build(tmp_path_factory):
    """`geomap build examples -o OUT`, run once through the real CLI."""
    out = tmp_path_factory.mktemp("maps")
    assert main(["build", str(REPO / "examples"), "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
