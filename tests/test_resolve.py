import pytest

from geomap.geo import km
from geomap.records import Mention
from geomap.resolve import Resolver, split_designator


def top(resolver, query):
    ranked = resolver.lookup(query)
    assert ranked, f"no candidates for {query}"
    return ranked[0][0]


@pytest.mark.parametrize(("query", "lat", "lon", "admin1"), [
    ("Kozinka", 50.46, 35.60, "Belgorod Oblast"),
    ("Graivoron", 50.48, 35.67, "Belgorod Oblast"),
    ("Belgorod", 50.60, 36.59, "Belgorod Oblast"),
    ("Kursk", 51.73, 36.19, "Kursk Oblast"),
    ("Shebekino", 50.41, 36.90, "Belgorod Oblast"),
    ("Bakhmut", 48.60, 38.00, "Donetsk Oblast"),
])
def test_mission_places_resolve_within_5_km(resolver, query, lat, lon, admin1):
    place = top(resolver, query)
    assert km(place.lat, place.lon, lat, lon) < 5
    assert place.admin1 == admin1
    assert place.geo_precision == 1


def test_kozinka_is_the_russian_village_not_the_ukrainian_namesakes(resolver):
    ranked = resolver.lookup("Kozinka")
    assert (ranked[0][0].country_code, ranked[0][0].admin1) == ("RU", "Belgorod Oblast")
    assert {"Sumy Oblast", "Dnipropetrovsk Oblast"} <= {p.admin1 for p, _ in ranked[1:]}


@pytest.mark.parametrize("query", ["Belgorod region", "Belgorod oblast"])
def test_region_wording_gives_the_oblast(resolver, query):
    place = top(resolver, query)
    assert (place.feature, place.name, place.geo_precision) == ("A.ADM1", "Belgorod Oblast", 3)


def test_air_bases_are_not_the_cities(resolver):
    engels_base, engels = top(resolver, "Engels air base"), top(resolver, "Engels")
    dyagilevo, ryazan = top(resolver, "Dyagilevo base"), top(resolver, "Ryazan")
    assert engels_base.feature == dyagilevo.feature == "S.AIRB"
    assert engels.feature.startswith("P") and ryazan.feature.startswith("P")
    assert km(engels_base.lat, engels_base.lon, engels.lat, engels.lon) == pytest.approx(7.6, abs=0.5)
    assert km(dyagilevo.lat, dyagilevo.lon, ryazan.lat, ryazan.lon) == pytest.approx(8.8, abs=0.5)


def test_context_after_a_comma_steers_ranking(resolver):
    assert top(resolver, "Kozinka, Sumy region").admin1 == "Sumy Oblast"
    assert top(resolver, "Kozinka, Belgorod region").admin1 == "Belgorod Oblast"


def test_split_designator():
    assert split_designator("Belgorod region") == ("Belgorod", "region")
    assert split_designator("the village of Glotovo") == ("Glotovo", "settlement")
    assert split_designator("Engels air base") == ("Engels", "airbase")
    assert split_designator("Kursk") == ("Kursk", None)


def test_one_sense_per_name_per_article(resolver):
    mentions = [Mention(0, 7, "Kozinka", 0), Mention(50, 57, "Kozinka", 3)]
    first, second = resolver.resolve_article(mentions)
    assert first.place == second.place and first.place.country_code == "RU"


def test_unknown_names_stay_unresolved(resolver):
    (resolution,) = resolver.resolve_article([Mention(0, 11, "Zzyxwvutsky", 0)])
    assert resolution.place is None and resolution.confidence == 0.0


def test_theatre_prior_decides_between_namesakes_and_can_be_switched_off(gazetteer):
    with_prior, without = Resolver(gazetteer), Resolver(gazetteer, theatre={}, frontline=frozenset())
    assert with_prior.lookup("Alexandria")[0][0].country_code == "UA"  # Oleksandriia, Kirovohrad Oblast
    assert without.lookup("Alexandria")[0][0].country_code == "EG"  # the world's larger namesake


@pytest.mark.parametrize(("query", "admin1"), [("Graivoron district", "Belgorod Oblast"),
                                               ("Sudzha district", "Kursk Oblast"),
                                               ("Bakhmut raion", "Donetsk Oblast")])
def test_district_wording_gives_the_raion(resolver, query, admin1):
    place = top(resolver, query)
    assert place.feature.startswith("A.ADM2") and place.admin1 == admin1 and place.geo_precision == 2


def test_fuzzy_match_only_when_nothing_matches_exactly(resolver):
    assert top(resolver, "Shebekinno").name == "Shebekino"
    exact = resolver.lookup("Shebekino")
    assert exact[0][0].name == "Shebekino" and exact[0][1] > resolver.lookup("Shebekinno")[0][1]


def test_yo_spelling_finds_the_e_spelling(resolver):
    place, _ = resolver.lookup("Shakhtyorsk, Donetsk region")[0]
    assert (place.name, place.admin1) == ("Shakhtarsk", "Donetsk Oblast")


def resolve_names(resolver, *names):
    """The places one article naming `names` in that order gets, one mention each."""
    mentions, at = [], 0
    for name in names:
        mentions.append(Mention(at, at + len(name), name, 0))
        at += len(name) + 2
    return [r.place for r in resolver.resolve_article(mentions)]


@pytest.fixture(scope="module")
def world(gazetteer):
    """A resolver without the Russia–Ukraine prior, as `geomap eval --region-prior none` uses."""
    return Resolver(gazetteer, theatre={}, frontline=frozenset())


def test_a_state_or_country_named_plainly_is_context(resolver):
    def resolve(*names):
        return resolve_names(resolver, *names)

    odessa, texas = resolve("Odessa", "Texas")
    assert (odessa.country_code, odessa.admin1, texas.feature) == ("US", "Texas", "A.ADM1")
    (odesa,) = resolve("Odessa")
    assert odesa.country_code == "UA"
    # Ukraine, named on both sides of nearly every incident, says nothing about where Kozinka is.
    _, kozinka = resolve("Ukraine", "Kozinka")
    assert kozinka.admin1 == "Belgorod Oblast"


def test_a_doubtful_name_takes_the_namesake_near_the_clear_ones(world):
    def resolve(*names):
        return [(p.name, p.country_code) for p in resolve_names(world, *names)]

    assert resolve("Birmingham") == [("Birmingham", "GB")]
    assert resolve("Birmingham", "Tuscaloosa") == [("Birmingham", "US"), ("Tuscaloosa", "US")]


def test_first_level_regions_of_the_world_are_places_and_context(world):
    (ontario,) = resolve_names(world, "Ontario")
    assert (ontario.feature, ontario.country_code) == ("A.ADM1", "CA")
    assert 42 < ontario.lat < 57 and -95 < ontario.lon < -74  # inside the province, not Ontario, California
    (england,) = resolve_names(world, "England")
    assert (england.feature, england.country_code) == ("A.ADM1", "GB")
    kingston, _ = resolve_names(world, "Kingston", "Ontario")
    assert (kingston.country_code, kingston.admin1) == ("CA", "Ontario")
    (kingston,) = resolve_names(world, "Kingston")
    assert kingston.country_code == "JM"


def test_a_country_or_region_name_keeps_its_reading_beside_namesakes(world):
    mexico, monterrey = resolve_names(world, "Mexico", "Monterrey")
    assert (mexico.feature, mexico.country_code, monterrey.country_code) == ("A.PCLI", "MX", "MX")
    china, _ = resolve_names(world, "China", "Mexico")  # not China, Nuevo León
    assert (china.feature, china.country_code) == ("A.PCLI", "CN")
    ontario, _ = resolve_names(world, "Ontario", "California")  # not Ontario, California
    assert (ontario.feature, ontario.country_code) == ("A.ADM1", "CA")


def test_a_state_named_alone_is_the_state_not_a_town_of_its_name(world):
    (wyoming,) = resolve_names(world, "Wyoming")  # not Wyoming, Michigan
    (delaware,) = resolve_names(world, "Delaware")  # not Delaware, Ohio
    assert (wyoming.feature, delaware.feature) == ("A.ADM1", "A.ADM1")


def test_georgia_is_the_state_beside_the_united_states(world):
    (georgia,) = resolve_names(world, "Georgia")
    assert (georgia.feature, georgia.country_code) == ("A.PCLI", "GE")
    monroe, georgia, _ = resolve_names(world, "Monroe", "Georgia", "United States")
    assert (georgia.feature, georgia.country_code) == ("A.ADM1", "US")
    assert (monroe.country_code, monroe.admin1) == ("US", "Georgia")


@pytest.mark.parametrize(("name", "code"), [("UK", "GB"), ("US", "US"), ("Britain", "GB"), ("DR Congo", "CD")])
def test_country_abbreviations_and_short_names(world, name, code):
    (place,) = resolve_names(world, name)
    assert (place.feature, place.country_code) == ("A.PCLI", code)
