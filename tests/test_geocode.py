"""The geocoding fallback through geopy's real Nominatim client against a real server on 127.0.0.1 only."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from geomap.geocode import GeocodeCache, GeocoderFallback, GeocoderSettings

from .nominatim_server import FakeNominatim, village

ANSWERS = {
    "Zavodovtsevo": [village("Zavodovtsevo", 50.512, 35.702, "Belgorod Oblast", "ru", 101)],
    "Kleverinovka": [village("Kleverinovka", 50.455, 35.790, "Belgorod Oblast", "ru", 102)],
    "Falshivtsevo": [village("Falshivtsevo", 52.10, 21.00, "Masovian Voivodeship", "pl", 103)],  # wrong country
}
ARTICLES = {
    "a.md": "---\ndate: 2024-03-12\n---\nShelling hit the village of Zavodovtsevo near Graivoron on Monday.\n",
    "b.md": "---\ndate: 2024-03-13\n---\nDrones struck the village of Kleverinovka near Graivoron on Tuesday. "
            "Shells also fell on the village of Nigdevka and the village of Falshivtsevo near Graivoron.\n",
}


@pytest.fixture()
def articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text)
    return folder


def build(tmp_path, articles, server, *extra, config=None):
    cfg = tmp_path / "geocoder.toml"
    cfg.write_text(config or "[geocoder]\ntimeout = 1.0\nbackoff = 0.2\nmax_retries = 3\n")
    args = [sys.executable, "-m", "geomap.cli", "build", str(articles), "-o", str(tmp_path / "out"),
            "--nominatim-url", server.url, "--geocoder-contact", "analyst@example.org",
            "--geocoder-cache", str(tmp_path / "geocache.sqlite"), "--geocoder-config", str(cfg), *extra]
    result = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def places(tmp_path) -> dict[str, dict]:
    collection = json.loads((tmp_path / "out" / "incidents.geojson").read_text())
    return {f["properties"]["place_name"]: f for f in collection["features"]}


def unresolved(tmp_path) -> set[str]:
    return {line.split(",")[0] for line in (tmp_path / "out" / "unresolved.csv").read_text().splitlines()[1:]}


@pytest.mark.slow
def test_invented_villages_reach_the_map_politely_and_once(tmp_path, articles):
    with FakeNominatim(ANSWERS) as server:
        first = build(tmp_path, articles, server)
        sent = list(server.requests)
        second = build(tmp_path, articles, server)
    assert first.returncode == 0 and second.returncode == 0
    found = places(tmp_path)
    assert {"Zavodovtsevo", "Kleverinovka"} <= set(found)
    lon, lat = found["Zavodovtsevo"]["geometry"]["coordinates"]
    assert (lat, lon) == (50.512, 35.702) and found["Zavodovtsevo"]["properties"]["gazetteer_id"] == "nominatim:node101"
    # Not found (Nigdevka) and found in the wrong country (Falshivtsevo): unresolved and listed for the user.
    assert {"Nigdevka", "Falshivtsevo"} <= unresolved(tmp_path)
    assert "Falshivtsevo" not in found
    # Polite: one request per name, at least a second apart, with geomap and the contact in the User-Agent,
    # the query carrying the region of the article's other places.
    assert len(sent) == 4
    gaps = [b[0] - a[0] for a, b in zip(sent, sent[1:], strict=False)]
    assert min(gaps) >= 0.98, gaps
    assert all(ua.startswith("geomap/") and "analyst@example.org" in ua for _, _, ua in sent)
    assert all(q.endswith(", Belgorod Oblast") for _, q, _ in sent)
    # The second run answered everything from the cache, negative answers included.
    assert len(server.requests) == len(sent)
    assert "0 requests" in second.stdout


@pytest.mark.slow
def test_faults_are_retried_until_an_answer(tmp_path, articles):
    (articles / "b.md").unlink()
    with FakeNominatim(ANSWERS, faults=["429", "503", "stall", "badjson"], stall=2.0) as server:
        result = build(tmp_path, articles, server, config="[geocoder]\ntimeout = 0.5\nbackoff = 0.1\nmax_retries = 4\n")
    assert result.returncode == 0
    assert "Zavodovtsevo" in places(tmp_path)
    assert len(server.requests) == 5
    gaps = [b[0] - a[0] for a, b in zip(server.requests, server.requests[1:], strict=False)]
    assert min(gaps) >= 0.98, gaps  # retries obey the rate limit too (and the 429's Retry-After of 1 s)


@pytest.mark.slow
def test_a_name_is_given_up_after_bounded_retries_and_asked_again_next_run(tmp_path, articles):
    (articles / "b.md").unlink()
    with FakeNominatim(ANSWERS, faults=["503"] * 3) as server:
        result = build(tmp_path, articles, server, config="[geocoder]\nbackoff = 0.1\nmax_retries = 2\n")
        assert result.returncode == 0 and "1 names given up" in result.stdout
        assert "Zavodovtsevo" in unresolved(tmp_path) and len(server.requests) == 3
        again = build(tmp_path, articles, server)  # failures are not cached: the fault is gone, the answer comes
    assert "Zavodovtsevo" in places(tmp_path) and len(server.requests) == 4 and again.returncode == 0


@pytest.mark.slow
def test_offline_and_none_send_nothing(tmp_path, articles):
    with FakeNominatim(ANSWERS) as server:
        assert build(tmp_path, articles, server, "--offline").returncode == 0
        assert build(tmp_path, articles, server, "--geocoder", "none").returncode == 0
    assert server.requests == []
    assert "Zavodovtsevo" in unresolved(tmp_path)


def test_public_nominatim_needs_a_contact(monkeypatch):
    monkeypatch.delenv("GEOMAP_CONTACT", raising=False)
    assert "contact" in GeocoderSettings.load().disabled_reason()
    assert GeocoderSettings.load(contact="me@example.org").disabled_reason() is None
    assert GeocoderSettings.load(url="http://127.0.0.1:9").disabled_reason() is None
    assert GeocoderSettings.load(provider="none").disabled_reason() == "--geocoder none"


def test_api_lookup_vets_answers_against_the_country_outline(tmp_path):
    answers = {"Zavodovtsevo": ANSWERS["Zavodovtsevo"],
               # The address claims Russia but the point lies in Poland: not inside Russia's outline.
               "Lzhivka": [village("Lzhivka", 52.10, 21.00, "Belgorod Oblast", "ru", 104)]}
    with FakeNominatim(answers) as server:
        fallback = GeocoderFallback(GeocoderSettings(url=server.url, contact="analyst@example.org",
                                                     cache=str(tmp_path / "c.sqlite"), timeout=2))
        place = fallback.lookup("Zavodovtsevo", "Belgorod Oblast", "RU")
        assert (place.name, place.lat, place.lon, place.country_code) == ("Zavodovtsevo", 50.512, 35.702, "RU")
        assert place.source == "geocoder-nominatim"
        assert fallback.lookup("Lzhivka", "Belgorod Oblast", "RU") is None
        assert fallback.lookup("Zavodovtsevo", "Belgorod Oblast", "RU") == place  # from the cache
    assert fallback.requests_sent == 2 and len(server.requests) == 2


@pytest.mark.parametrize("provider", ["nominatim", "photon"])
def test_each_provider_answer_becomes_a_place_and_a_good_one_is_never_cached_as_not_found(tmp_path, provider):
    """Country, kind of feature and region come from each provider's own shape of answer (geopy's Location.raw)."""
    answers = {"Zavodovtsevo": ANSWERS["Zavodovtsevo"],
               "Dorozhnaya": [{**village("Dorozhnaya", 50.3, 36.1, "Belgorod Oblast", "ru", 105), "class": "highway",
                               "type": "residential"}]}
    with FakeNominatim(answers) as server:
        settings = GeocoderSettings(provider=provider, url=server.url, cache=str(tmp_path / "c.sqlite"),
                                    contact="analyst@example.org", timeout=2)
        fallback = GeocoderFallback(settings)
        place = fallback.lookup("Zavodovtsevo", "Belgorod Oblast", "RU")
        assert fallback.lookup("Dorozhnaya", "Belgorod Oblast", "RU") is None  # a street, not a place
        assert server.requests[0][1] == "Zavodovtsevo, Belgorod Oblast"
        assert fallback.lookup("Zavodovtsevo", "Belgorod Oblast", "RU") == place  # cached as found, not as not found
        assert len(server.requests) == 2
    assert (place.name, place.lat, place.lon) == ("Zavodovtsevo", 50.512, 35.702)
    assert (place.country_code, place.admin1, place.feature) == ("RU", "Belgorod Oblast", "P.PPL")
    assert place.id == f"{provider}:node101" and place.source == f"geocoder-{provider}"


def test_not_found_answers_of_other_providers_from_before_the_adapters_are_asked_again(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as con:  # a cache as geomap wrote it before reading Photon's answers right
        con.execute("CREATE TABLE answers (provider TEXT, query TEXT, answer TEXT, stored REAL, "
                    "PRIMARY KEY (provider, query))")
        con.executemany("INSERT INTO answers VALUES (?, ?, ?, 1e12)", [("photon", "a", "null"),
                                                                      ("nominatim", "a", "null"),
                                                                      ("photon", "b", '{"name": "B"}')])
    cache = GeocodeCache(path)
    assert cache.get("photon", "a", 1e9, 1e9) == (False, None)  # never there: asked again
    assert cache.get("nominatim", "a", 1e9, 1e9) == (True, None)  # Nominatim's answers were read right
    assert cache.get("photon", "b", 1e9, 1e9) == (True, {"name": "B"})


def test_a_provider_without_an_adapter_is_placed_by_its_point_and_the_country_outline():
    from geopy.location import Location

    from geomap.geocode import vet
    from geomap.geocoders import adapter_for

    generic = adapter_for("some-other-service")
    inside = Location("Zavodovtsevo, Belgorod Oblast, Russia", (50.512, 35.702), {"whatever": 1})
    outside = Location("Zavodovtsevo, Masovia, Poland", (52.1, 21.0), {})
    answer = vet(inside, generic, "RU")
    assert (answer["name"], answer["country_code"], answer["lat"]) == ("Zavodovtsevo", "RU", 50.512)
    assert vet(outside, generic, "RU") is None


WRITER = """
import sys
from pathlib import Path
from geomap.geocode import GeocodeCache
cache = GeocodeCache(Path(sys.argv[1]))
for i in range(200):
    cache.put("nominatim", f"{sys.argv[2]}-{i}", {"n": i} if i % 2 else None)
"""


def test_cache_survives_two_writers_at_once(tmp_path):
    path = tmp_path / "shared.sqlite"
    GeocodeCache(path)  # created before the writers race
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name]) for name in ("a", "b")]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    cache = GeocodeCache(path)
    for name in ("a", "b"):
        assert cache.get("nominatim", f"{name}-199", 1e9, 1e9) == (True, {"n": 199})
        assert cache.get("nominatim", f"{name}-0", 1e9, 1e9) == (True, None)  # a cached "not found"


@pytest.mark.slow
def test_parallel_workers_together_keep_one_request_per_second(tmp_path):
    """With --jobs 2 each worker waits twice as long, so the provider still sees at most one request a second."""
    folder = tmp_path / "many"
    folder.mkdir()
    villages = ["Zavodovtsevo", "Kleverinovka", "Nigdevka", "Pustovka"]
    for n in range(160):  # three chunks: the pool starts, both workers geocode
        name = villages[n % len(villages)]
        (folder / f"{n:03d}.md").write_text(f"---\ndate: 2024-03-{n % 28 + 1:02d}\n---\n"
                                             f"Shelling hit the village of {name} near Graivoron.\n")
    with FakeNominatim(ANSWERS) as server:
        result = build(tmp_path, folder, server, "--jobs", "2", "--no-cache")
        sent = list(server.requests)
    assert result.returncode == 0, result.stderr
    asked = sorted(q for _, q, _ in sent)
    assert len(sent) >= len(villages) and set(asked) == {f"{v}, Belgorod Oblast" for v in villages}
    times = sorted(t for t, _, _ in sent)
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.98


# Invented articles about invented villages of two words, each word of which the gazetteer knows as some other
# village, in the phrasings the news uses to state their region. The loopback server knows them all, and answers a
# query only in the region the village lies in, as a real server would.
STATED_REGION_VILLAGES = {
    "Nizhnyaya Gorlovka": ("Belgorod Oblast", "ru", 50.601, 36.402, 201),
    "Belaya Krinitsa": ("Belgorod Oblast", "ru", 50.452, 35.951, 202),
    "Staraya Lipovka": ("Belgorod Oblast", "ru", 50.452, 36.751, 203),
    "Mala Hlynka": ("Sumy Oblast", "ua", 51.262, 34.118, 204),
    "Tykha Dibrova": ("Kharkiv Oblast", "ua", 49.702, 36.911, 205),
    "Sukhyi Brid": ("Kherson Oblast", "ua", 46.811, 33.004, 206),
    "Dubovyi Hai": ("Kharkiv Oblast", "ua", 50.101, 37.322, 207),
    "Verkhnia Roztoka": ("Kharkiv Oblast", "ua", 49.873, 37.561, 208),
}
STATED_REGION_ARTICLES = {
    "belgorod.md": "Ukrainian artillery struck the village of Nizhnyaya Gorlovka in Russia's Belgorod region on "
                   "Sunday, the regional governor said. Later a drone hit a farm in Belaya Krinitsa, wounding a "
                   "tractor driver. Shelling in Staraya Lipovka near the border damaged two houses and a shop.",
    "ukraine.md": "Russian glide bombs damaged a school in Mala Hlynka, Sumy, on Thursday morning. Two civilians "
                  "were wounded when shelling hit Tykha Dibrova, Kharkiv Oblast. A drone attack on Sukhyi Brid in "
                  "the Kherson region set a barn on fire.",
    "border.md": "Artillery fire reached Dubovyi Hai, a village in the Kharkiv region close to the Russian border, "
                 "on Friday, and a woman was injured. Officials said a drone also struck a warehouse in Verkhnia "
                 "Roztoka.",
}
STATED_REGION_ANSWERS = {name: [village(name, lat, lon, state, code, osm)]
                         for name, (state, code, lat, lon, osm) in STATED_REGION_VILLAGES.items()}


@pytest.fixture()
def stated_region_articles(tmp_path):
    folder = tmp_path / "stated"
    folder.mkdir()
    for name, text in STATED_REGION_ARTICLES.items():
        (folder / name).write_text(f"---\ndate: 2024-05-0{len(name) % 9 + 1}\n---\n{text}\n")
    return folder


def mapped(tmp_path) -> dict[str, tuple[float, float]]:
    return {name: (f["geometry"]["coordinates"][1], f["geometry"]["coordinates"][0])
            for name, f in places(tmp_path).items()}


@pytest.mark.parametrize("provider", ["nominatim", "photon"])
def test_villages_the_gazetteer_lacks_are_asked_in_the_region_the_article_states(tmp_path, stated_region_articles,
                                                                                 provider):
    config = "[geocoder]\ntimeout = 1.0\nbackoff = 0.2\nmax_retries = 3\n"
    # As a user's own server might: the first request of every query fails (429, 503, or a stall past the timeout).
    with FakeNominatim(STATED_REGION_ANSWERS, first_try_faults=["429", "503", "stall"], stall=1.5) as server:
        first = build(tmp_path, stated_region_articles, server, "--geocoder", provider, config=config)
        sent = [q for _, q, _ in server.requests]
        found = mapped(tmp_path)
        second = build(tmp_path, stated_region_articles, server, "--geocoder", provider, "--force", config=config)
    assert first.returncode == 0 and second.returncode == 0
    # Every village at the place the geocoder gave, none split into the villages its words name elsewhere,
    # none at a namesake in another region or country.
    expected = {name: (lat, lon) for name, (_, _, lat, lon, _) in STATED_REGION_VILLAGES.items()}
    assert {n: found.get(n) for n in expected} == expected
    # Each asked in the region the text gives for it or else the one its article states: twice, the first
    # attempt failing.
    asked = {q.split(",")[0]: q.split(",")[1].strip() for q in sent}
    assert asked == {name: state for name, (state, *_) in STATED_REGION_VILLAGES.items()}
    assert len(sent) == 2 * len(STATED_REGION_VILLAGES)
    # The region that only said where a village lies is no incident of its own (not Sumy the city either).
    assert not set(found) - set(expected), sorted(set(found) - set(expected))
    # The second run, extracting everything again, took every answer from the geocoder cache.
    assert len(server.requests) == len(sent) and "0 requests" in second.stdout
    assert mapped(tmp_path) == found


def test_a_damaged_geocoder_cache_is_rebuilt_and_the_build_goes_on(tmp_path, articles):
    (articles / "b.md").unlink()
    (tmp_path / "geocache.sqlite").write_bytes(b"not sqlite at all\n" * 100)
    with FakeNominatim(ANSWERS) as server:
        result = build(tmp_path, articles, server)
    assert result.returncode == 0 and "Zavodovtsevo" in places(tmp_path)
    (line,) = [x for x in result.stderr.splitlines() if "geocoder cache" in x]
    assert str(tmp_path / "geocache.sqlite") in line and "not an SQLite database" in line


def test_a_namesake_far_from_the_stated_region_is_not_mapped_without_the_geocoder(tmp_path, stated_region_articles):
    with FakeNominatim({}) as server:
        result = build(tmp_path, stated_region_articles, server, "--offline")
    assert result.returncode == 0
    assert set(STATED_REGION_VILLAGES) <= unresolved(tmp_path)
    # Only the regions the articles state remain, at region precision: no village, no fragment, no namesake.
    assert {f["properties"]["geo_precision"] for f in places(tmp_path).values()} == {3}
