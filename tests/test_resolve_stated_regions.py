"""The region an article states for a name places it (resolve.py, "Regions the text states for its names"), and a
curated site wins a bare name against hamlets. Through the real pipeline and gazetteer, offline."""

from __future__ import annotations

import pytest

from geomap.gazetteer.rows import make_row, write_places
from geomap.gazetteer.store import Gazetteer
from geomap.records import Mention, Place, Resolution
from geomap.resolve import Resolver, StatedRegions, geocoder_region


def read(run, text):
    result = run(text)
    return ({r.mention.text: r for r in result.resolutions},
            sorted((e.place.name, e.place.admin1, e.geo_precision) for e in result.events))


@pytest.mark.parametrize("text", [
    "Shelling hit Kozinka, Sumy, on Monday, injuring two people.",
    "A drone struck Kozinka in the Sumy region overnight, injuring two people.",
    "Two people were injured when a drone struck Kozinka in Ukraine's Sumy region.",
])
def test_the_stated_region_chooses_the_namesake_and_is_no_incident_of_its_own(run, text):
    names, events = read(run, text)
    assert (names["Kozinka"].place.admin1, names["Kozinka"].place.country_code) == ("Sumy Oblast", "UA")
    assert events == [("Kozinka", "Sumy Oblast", 1)]  # not at Sumy the city, nor a second one at the oblast
    assert names["Sumy"].mention.role == "qualifier"


def test_without_a_stated_region_kozinka_stays_the_russian_village(run):
    names, _ = read(run, "Shelling hit Kozinka on Monday, injuring two people.")
    assert names["Kozinka"].place.admin1 == "Belgorod Oblast"


def test_a_list_of_cities_is_no_city_qualified_by_the_next(run):
    names, _ = read(run, "Russian missiles hit Kharkiv, Sumy and Odesa on Tuesday.")
    assert [names[n].place.feature[:1] for n in ("Kharkiv", "Sumy", "Odesa")] == ["P", "P", "P"]
    assert names["Sumy"].mention.role == "place"


@pytest.mark.parametrize("text", [
    "A drone hit a farm in Belaya Krinitsa in Russia's Belgorod region, wounding a tractor driver.",
    "Shelling in Staraya Lipovka near the border damaged two houses, the Belgorod region's governor said.",
    "Artillery fire reached Dubovyi Hai, a village in the Kharkiv region, and a woman was injured.",
    "Shelling damaged houses in Verkhnyaya Zubrovka in the Belgorod region on Monday.",  # one word unknown
])
def test_a_name_without_a_namesake_in_its_region_waits_for_the_geocoder(run, text):
    """Offline, such a name stays unresolved: neither a far namesake nor the villages its words name."""
    names, events = read(run, text)
    (unplaced,) = [name for name, r in names.items() if r.place is None]
    assert len(unplaced.split()) == 2  # the whole name, not a fragment of it
    assert all(precision == 3 for _, _, precision in events)  # only the region the text states


def test_several_word_names_are_no_fuzzy_match_of_other_words(gazetteer):
    assert not [c for c in gazetteer.fuzzy_candidates("Nizhnyaya Gorlovka") if "Pokrovka" in c.place.name]
    assert any(c.place.name == "Grayvoron" for c in gazetteer.fuzzy_candidates("Hraivoron"))


def place(name, admin1, country="UA", feature="P.PPL", population=500) -> Place:
    return Place(f"t:{name}:{admin1}", name, 50.0, 36.0, feature, country, admin1, population, "test")


def test_the_geocoder_region_is_never_one_of_doubtful_answers():
    unknown = Resolution(Mention(40, 50, "Novoye Selo", 1), None)
    doubtful = Resolution(Mention(0, 8, "Kyivska", 0), place("Kyivska", "Kyiv Oblast"), 0.55)
    clear = Resolution(Mention(20, 30, "Graivoron", 0), place("Graivoron", "Belgorod Oblast", "RU"), 0.83)
    assert geocoder_region([doubtful, unknown], 1, StatedRegions()) is None
    assert geocoder_region([doubtful, clear, unknown], 2, StatedRegions()) == ("Belgorod Oblast", "RU")
    sumy = place("Sumy Oblast", "Sumy Oblast", feature="A.ADM1")
    assert geocoder_region([clear, unknown], 1, StatedRegions(article=(sumy,))) == ("Sumy Oblast", "UA")
    own = StatedRegions(by_name={"novoye selo": place("Kursk Oblast", "Kursk Oblast", "RU", "A.ADM1")},
                        article=(sumy,))
    assert geocoder_region([clear, unknown], 1, own) == ("Kursk Oblast", "RU")


def test_bare_dyagilevo_is_the_air_base_unless_the_text_says_village(resolver, run):
    base = resolver.lookup("Dyagilevo")[0][0]
    assert (base.feature, base.admin1) == ("S.AIRB", "Ryazan Oblast")
    names, events = read(run, "Drones attacked Dyagilevo overnight, Russian military bloggers reported.")
    assert names["Dyagilevo"].place == base and [e[0] for e in events] == [base.name]
    names, _ = read(run, "Shelling damaged a barn in the village of Dyagilevo.")
    assert names["Dyagilevo"].place.feature_class == "P"


@pytest.fixture(scope="module")
def invented_sites(tmp_path_factory):
    """A real gazetteer compiled from invented rows: an air base beside hamlets and towns of its name."""
    folder = tmp_path_factory.mktemp("sites")
    rows = [make_row("curated:zorino-air-base", "Zorino Air Base", 53.1, 40.2, "S.AIRB", "RU", "Tambov Oblast", 0,
                     "curated"),
            make_row("ru:1", "Zorino", 57.3, 35.1, "P.PPL", "RU", "Tver Oblast", 60, "ru-settlements"),
            make_row("ru:2", "Zorino", 59.9, 41.2, "P.PPL", "RU", "Vologda Oblast", 950, "ru-settlements"),
            make_row("curated:lesnoye-air-base", "Lesnoye Air Base", 52.0, 39.0, "S.AIRB", "RU", "Lipetsk Oblast", 0,
                     "curated"),
            make_row("ru:3", "Lesnoye", 56.1, 38.4, "P.PPL", "RU", "Vladimir Oblast", 4_800, "ru-settlements"),
            make_row("adm:vologda", "Vologda Oblast", 60.0, 40.0, "A.ADM1", "RU", "Vologda Oblast", 1_100_000, "adm")]
    write_places(rows, folder / "sites.tsv.gz")
    return Resolver(Gazetteer([folder / "sites.tsv.gz"], cache_dir=folder))


def test_a_curated_site_beats_hamlets_not_towns(invented_sites):
    assert invented_sites.lookup("Zorino")[0][0].name == "Zorino Air Base"  # all its namesakes under 1,000
    assert invented_sites.lookup("Lesnoye")[0][0].name == "Lesnoye"  # a town of 4,800 is what a bare name means
    assert invented_sites.lookup("village of Zorino")[0][0].admin1 in ("Tver Oblast", "Vologda Oblast")
    assert invented_sites.lookup("Zorino, Vologda Oblast")[0][0].admin1 == "Vologda Oblast"  # context decides


@pytest.mark.parametrize(("text", "village", "oblast"), [
    ("Shelling damaged three houses in Pavlivka in the DPR on Tuesday.", "Pavlivka", "Donetsk Oblast"),
    ("A drone hit a warehouse in Pavlivka in the Luhansk People's Republic.", "Pavlivka", "Luhansk Oblast"),
])
def test_the_names_russia_gives_the_occupied_oblasts_state_the_region(run, text, village, oblast):
    names, events = read(run, text)
    assert names[village].place.admin1 == oblast
    assert events == [(village, oblast, 1)]  # the "republic" is no incident of its own
