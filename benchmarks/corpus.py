"""Synthetic war-news articles for the throughput benchmark, written from templates with a fixed seed.

The mix follows what a scraped feed about the war looks like: seven in ten articles report incidents (two to four
incident sentences among sentences that name places for context, quotes and background), three in ten are
diplomacy, economy or analysis with places but no incident. Every sentence is ours; no news text is copied.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

PLACES = ["Belgorod", "Shebekino", "Graivoron", "Kozinka", "Kursk", "Sudzha", "Bryansk", "Klimovo", "Kharkiv",
          "Kupiansk", "Vovchansk", "Sumy", "Okhtyrka", "Chernihiv", "Engels", "Voronezh", "Rylsk", "Valuyki",
          "Lgov", "Oryol", "Izium", "Balakliia", "Konotop", "Lyman", "Kramatorsk", "Sloviansk", "Pokrovsk"]
REGIONS = ["Belgorod region", "Kursk region", "Bryansk region", "Kharkiv region", "Sumy region", "Donetsk region"]
INCIDENTS = [
    "Drones struck a fuel depot in {place} overnight, the regional governor said.",
    "Artillery shelled the outskirts of {place} on {day}, damaging {n} houses.",
    "Air defences intercepted {n} missiles over {place}, officials reported.",
    "An explosion hit a rail yard near {place}, and firefighters worked through the night.",
    "{n} civilians were injured when shells hit a market in {place}.",
    "Saboteurs crossed the border near {place} and clashed with border guards.",
    "Residents of {place} were evacuated after the shelling intensified.",
    "A drone attack on {place} killed {n} people and wounded several more.",
    "A power substation was hit and the town lost electricity for hours.",
]
CONTEXT = [
    "{place} lies about {n} kilometres from the border with {other}.",
    "Schools in {place} will move their lessons online until further notice.",
    "The mayor of {place} met volunteers who deliver food to older residents.",
    "Trains between {place} and {other} are running on a reduced timetable.",
    "Officials in the {region} said the harvest would be smaller this year.",
]
BACKGROUND = [
    "The ministry did not answer a request for comment.",
    "Analysts expect the talks to resume after the summer.",
    "Prices for grain rose by {n} percent over the month, traders said.",
    "\"We are tired, but we are staying,\" one resident told reporters.",
    "The claims could not be independently verified.",
    "Negotiators met for a second day without announcing any agreement.",
    "Economists warned that the budget deficit would keep growing next year.",
    "The report was published on the agency's website on {day}.",
    "Several foreign delegations have postponed their visits.",
    "Insurance costs for shipping in the region have doubled since spring.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _fill(template: str, rng: random.Random) -> str:
    return template.format(place=rng.choice(PLACES), other=rng.choice(PLACES), region=rng.choice(REGIONS),
                           day=rng.choice(DAYS), n=rng.randint(2, 40))


def article(number: int, rng: random.Random) -> dict:
    incident = rng.random() < 0.7
    sentences = [_fill(t, rng) for t in rng.sample(INCIDENTS, rng.randint(2, 4))] if incident else []
    sentences += [_fill(t, rng) for t in rng.sample(CONTEXT, rng.randint(2, 4))]
    sentences += [_fill(t, rng) for t in rng.sample(BACKGROUND, rng.randint(5, 8))]
    rng.shuffle(sentences)
    date = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return {"id": f"synthetic-{number}", "title": f"Report {number}", "date": date, "text": " ".join(sentences)}


def write_corpus(path: Path, count: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        for number in range(count):
            f.write(json.dumps(article(number, rng)) + "\n")
    return path


QUOTES = ["Drones struck a fuel depot in {place} overnight, the regional governor said.",
          "Artillery shelled the outskirts of {place}, damaging {n} houses and a school.",
          "Air defences intercepted {n} drones over {place}, officials reported on {day}.",
          "An explosion hit a rail yard near {place}; {n} people were injured."]
EVENT_TYPES = ["cross_border_raid", "shelling_artillery_missile", "air_drone_strike", "air_defence", "explosion",
               "attack", "territorial_control", "evacuation", "security_measure"]


def feature(number: int, rng: random.Random) -> dict:
    """One synthetic incident as geomap's GeoJSON writes it, somewhere in the theatre."""
    place = f"{rng.choice(PLACES)}-{rng.randint(1, 999)}"
    lat, lon = round(rng.uniform(44.5, 56.0), 5), round(rng.uniform(29.0, 47.5), 5)
    day = f"20{rng.randint(22, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    quote = rng.choice(QUOTES).format(place=place, n=rng.randint(2, 40), day=rng.choice(DAYS))
    source = {"id": f"a{number}", "title": f"Report {number} on {place}", "url": f"https://example.org/a/{number}",
              "date": day, "outlet": rng.choice(["Example Wire", "Sample News", "Test Daily"])}
    props = {"event_id": f"{number:016x}", "event_type": rng.choice(EVENT_TYPES), "place_name": place,
             "mention": place, "gazetteer_id": f"synthetic:{number}", "country_code": rng.choice(["RU", "UA"]),
             "admin1": rng.choice(REGIONS), "geo_precision": rng.choice([1, 1, 1, 2, 3]), "date": day,
             "date_precision": "day", "quote": quote, "actors": [], "killed": None, "injured": rng.randint(0, 9),
             "casualties_at_least": False, "source_count": 1, "source": source,
             "sources": [{**source, "mention": place, "quotes": [quote]}]}
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}


def write_events(path: Path, count: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    collection = {"type": "FeatureCollection", "features": [feature(n, rng) for n in range(count)]}
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path
