import gzip
import os
import sqlite3

import pytest

from geomap.gazetteer import BORDER_FILE, LAYERS, data_dir
from geomap.gazetteer.store import Gazetteer, compile_index
from geomap.gazetteer.translit import latin_variants

from .conftest import SHARED_DATA


def names_of(gazetteer, name):
    return {(c.place.name, c.place.country_code) for c in gazetteer.candidates(name)}


@pytest.mark.parametrize("spelling", ["Graivoron", "Grayvoron", "Grajvoron", "GRAIVORON"])
def test_news_spellings_of_graivoron_reach_the_town(gazetteer, spelling):
    assert ("Grayvoron", "RU") in names_of(gazetteer, spelling)


def test_ukrainian_and_russian_forms(gazetteer):
    assert ("Vovchansk", "UA") in names_of(gazetteer, "Volchansk")
    assert ("Tëtkino", "RU") in names_of(gazetteer, "Tyotkino")
    assert ("Tëtkino", "RU") in names_of(gazetteer, "Tetkino")
    assert ("Bakhmut", "UA") in names_of(gazetteer, "Artemovsk")


def test_air_bases_under_news_names(gazetteer):
    assert "ourairports:RU-8602" in {c.place.id for c in gazetteer.candidates("Engels-2")}
    assert "ourairports:UUBD" in {c.place.id for c in gazetteer.candidates("Diaghilevo")}


def test_every_row_names_its_source(gazetteer):
    place = gazetteer.get("geonames:543229")
    assert (place.name, place.source, place.admin1) == ("Kozinka", "geonames-cities500", "Belgorod Oblast")
    assert gazetteer.get("ourairports:UUBD").source == "ourairports-watchlist"


def test_transliteration_variants():
    assert {"Grayvoron", "Graivoron", "Grajvoron"} <= latin_variants("Грайворон")
    assert "Vovchansk" in latin_variants("Вовчанськ")
    assert latin_variants("Kursk") == set()


def test_compiled_index_is_reused_and_built_atomically(tmp_path):
    tsv = [data_dir() / "places.tsv.xz"]
    first = Gazetteer(tsv, cache_dir=tmp_path)
    files = list(tmp_path.iterdir())
    assert len(files) == 1 and files[0].suffix == ".sqlite"
    mtime = files[0].stat().st_mtime_ns
    Gazetteer(tsv, cache_dir=tmp_path)
    assert files[0].stat().st_mtime_ns == mtime  # opened, not rebuilt
    assert first.has_key("kozinka") and not first.has_key("no such place anywhere")


def test_interrupted_compile_leaves_no_index(tmp_path, monkeypatch):
    bad = tmp_path / "places.tsv.gz"
    with gzip.open(bad, "wt") as f:
        f.write("id\tname\nonly-two-columns\tX\n")
    target = tmp_path / "index.sqlite"
    with pytest.raises((KeyError, ValueError, TypeError)):
        compile_index([bad], target)
    assert not target.exists() and not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


@pytest.mark.skipif(not SHARED_DATA.is_dir() and not os.environ.get("GEOMAP_REQUIRE_SOURCES"),
                    reason="staged source data ../shared/data is not beside this checkout")
@pytest.mark.slow
def test_build_is_deterministic_and_matches_the_shipped_gazetteer(tmp_path):
    from geomap.gazetteer.build import build

    assert SHARED_DATA.is_dir(), "GEOMAP_REQUIRE_SOURCES is set but ../shared/data is missing"
    (tmp_path / "curated.tsv").write_bytes((data_dir() / "curated.tsv").read_bytes())
    build(SHARED_DATA, tmp_path)
    for name in (*LAYERS, "basemap.geojson.gz", BORDER_FILE):
        assert (tmp_path / name).read_bytes() == (data_dir() / name).read_bytes(), f"{name} differs: rebuild it"


def test_index_is_read_only(gazetteer):
    with pytest.raises(sqlite3.OperationalError):
        gazetteer._con.execute("DELETE FROM places")


def test_russian_villages_beyond_geonames_have_latin_names(gazetteer):
    glotovo = [c.place for c in gazetteer.candidates("Glotovo") if c.place.admin1 == "Belgorod Oblast"]
    assert glotovo and glotovo[0].source == "ru-settlements" and glotovo[0].id.startswith("rusettlements:")
    assert [c.place.name for c in gazetteer.candidates("Глотово")][:1] == ["Glotovo"]


def test_ukrainian_spelling_of_a_russian_town(gazetteer):
    assert ("Grayvoron", "RU") in names_of(gazetteer, "Hraivoron")


def test_fuzzy_fallback_finds_near_misses_only(gazetteer):
    assert "Shebekino" in {c.place.name for c in gazetteer.fuzzy_candidates("Shebekinno")}
    assert all(c.kind == "fuzzy" for c in gazetteer.fuzzy_candidates("Shebekinno"))
    assert gazetteer.fuzzy_candidates("Qwertyuiop") == []


def test_curated_row_with_a_stray_tab_is_refused(tmp_path):
    from geomap.gazetteer.sources import read_curated

    path = tmp_path / "curated.tsv"
    header = "id\tname\tlat\tlon\tfeature\tcountry_code\tadmin1\tpopulation\taliases\tnote\n"
    path.write_text(header + "naturalearth:GBR\tUnited Kingdom\t\t\t\t\t\t\t\t\tUK|Britain\n", encoding="utf-8")
    with pytest.raises(ValueError, match="naturalearth:GBR"):
        read_curated(path)
    path.write_text(header + "naturalearth:GBR\tUnited Kingdom\t\t\t\t\t\t\tUK|Britain\n", encoding="utf-8")
    assert read_curated(path) == ([], {"naturalearth:GBR": ["UK", "Britain"]})


@pytest.mark.parametrize("word", ["West", "Central", "Far North", "Region", "Eastern"])
def test_regions_named_only_by_position_or_kind_are_left_out(gazetteer, word):
    # Cameroon's "West", Uganda's "Central", an alias "Region": in English text these are ordinary words.
    assert not [c for c in gazetteer.candidates(word) if c.place.feature == "A.ADM1"]


def test_a_country_stands_at_the_centre_of_its_main_landmass(gazetteer):
    def country(code):
        return next(c.place for c in gazetteer.candidates(code) if c.place.feature == "A.PCLI")

    russia, indonesia = country("Russia"), country("Indonesia")
    assert 60 < russia.lon < 110  # east of the Urals, not at Natural Earth's label point near Moscow
    assert 106 < indonesia.lon < 120  # Borneo, not the label point on Sumatra


def test_curated_aliases_reach_every_layer_and_unknown_ids_are_refused():
    from geomap.gazetteer.build import add_aliases

    theatre = [{"id": "naturalearth:GBR", "alternates": "Britain"}]
    world = [{"id": "geonames:2155400", "alternates": ""}]
    add_aliases([theatre, world], {"naturalearth:GBR": ["UK"], "geonames:2155400": ["NSW"]})
    assert (theatre[0]["alternates"], world[0]["alternates"]) == ("Britain|UK", "NSW")
    with pytest.raises(ValueError, match="geonames:1"):
        add_aliases([theatre, world], {"geonames:1": ["Nowhere"]})


def test_a_region_abbreviation_from_curated_is_found(gazetteer):
    assert "New South Wales" in {c.place.name for c in gazetteer.candidates("NSW")}
