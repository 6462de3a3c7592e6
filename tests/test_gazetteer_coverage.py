"""Coverage: spellings of the war's places as English-language reporting writes them (tests/data/news_spellings.tsv,
coordinates from our own notes) resolve within 5 km (settlements), 3 km (air bases) or to the right oblast."""

import csv

import pytest

from geomap.geo import km

from .conftest import REPO

ROWS = list(csv.DictReader((line for line in (REPO / "tests/data/news_spellings.tsv").open(encoding="utf-8")
                            if not line.startswith("#")), delimiter="\t"))
TOLERANCE_KM = {"settlement": 5, "airbase": 3}


def test_the_list_is_long_enough():
    assert len(ROWS) >= 100
    assert {row["kind"] for row in ROWS} == {"settlement", "airbase", "region"}


@pytest.mark.parametrize("row", ROWS, ids=[r["spelling"] for r in ROWS])
def test_spelling_resolves(resolver, row):
    query = row["spelling"]
    if row["kind"] == "airbase" and " " not in query:
        query += " air base"
    ranked = resolver.lookup(query)
    assert ranked, f"{query}: no candidates"
    place = ranked[0][0]
    if row["kind"] == "region":
        assert (place.feature, place.admin1) == ("A.ADM1", row["admin1"])
        return
    distance = km(place.lat, place.lon, float(row["lat"]), float(row["lon"]))
    assert distance < TOLERANCE_KM[row["kind"]], f"{query} → {place.name} ({place.admin1}) {distance:.1f} km off"
    if row["admin1"]:
        assert place.admin1 == row["admin1"]
