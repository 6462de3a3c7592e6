"""The build as a function: its report says what was read, found and written, without parsing printed text."""

import json

import pytest

from geomap.build import build
from geomap.cache import ExtractionCache
from geomap.engines.local import LocalEngine
from geomap.extraction import ExtractionSettings
from geomap.toponyms import DEFAULT_MODEL


@pytest.mark.slow
def test_the_report_counts_articles_reports_events_problems_and_unresolved_names(tmp_path):
    articles = tmp_path / "in"
    articles.mkdir()
    (articles / "a.txt").write_text("Drones struck Shebekino on Monday. A civilian was killed.", encoding="utf-8")
    (articles / "b.txt").write_text("Shebekino came under drone attack on Monday, officials said.", encoding="utf-8")
    (articles / "d.txt").write_text("A drone hit the village of Zorvanka.", encoding="utf-8")  # a place unknown
    (articles / "e.jsonl").write_text("{not json\n", encoding="utf-8")
    settings = ExtractionSettings(DEFAULT_MODEL)
    cache = ExtractionCache(tmp_path / "cache.sqlite")
    heard = []
    report = build([articles], tmp_path / "out", settings, LocalEngine(), cache,
                   on_problem=lambda where, why: heard.append(where))
    assert (report.read, report.processed, report.cached) == (3, 3, 0)
    assert report.reports == 2 and report.events == 1  # two articles, one incident in Shebekino
    assert [where for where, _ in report.problems] == heard and "e.jsonl" in heard[0]
    assert set(report.unresolved) == {("Zorvanka", "d")}
    features = json.loads((tmp_path / "out" / "incidents.geojson").read_text())["features"]
    assert [(f["properties"]["place_name"], f["properties"]["killed"]) for f in features] == [("Shebekino", 1)]
    assert all(path.is_file() for path in report.outputs)
    again = build([articles], tmp_path / "out", settings, LocalEngine(), cache)
    assert (again.processed, again.cached, again.events) == (0, 3, 1)
    assert any(line.startswith("3 articles read (0 processed, 3 from cache)") for line in again.summary())
