"""Synthetic war-news articles for the throughput benchmark, written from templates with a fixed seed.

The mix follows what a scraped feed about the war looks like: seven in ten articles report incidents (two to four
incident sentences among sentences that name places for context, quotes and background), three in ten are
diplomacy, economy or analysis with places but no incident. Every sentence is ours; no news text is copied.
"""

from __future__ import annotations

import html
import json
import random
import re
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


def short_article(number: int, rng: random.Random) -> dict:
    """A wire item of two or three sentences (~250 characters): an incident in seven of ten, with a line of context."""
    sentences = [_fill(rng.choice(INCIDENTS), rng)] if rng.random() < 0.7 else []
    sentences += [_fill(rng.choice(CONTEXT), rng), _fill(rng.choice(BACKGROUND), rng)]
    date = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return {"id": f"short-{number}", "title": f"Brief {number}", "date": date, "text": " ".join(sentences)}


def write_corpus(path: Path, count: int, seed: int = 7, short: bool = False) -> Path:
    rng = random.Random(seed)
    make = short_article if short else article
    with path.open("w", encoding="utf-8") as f:
        for number in range(count):
            f.write(json.dumps(make(number, rng)) + "\n")
    return path


def saved_page(story: dict, rng: random.Random) -> str:
    """A story as a news site serves it, ~150 KB like a real page: menus, related stories, a style sheet and the
    page's data as inline script around a few paragraphs of article."""
    menu = "".join(f'<li class="menu-item"><a href="/section/{i}">Section {i} news</a></li>' for i in range(150))
    related = "".join(f'<div class="card"><a href="/story/{rng.randint(1, 99999)}"><img src="/i/{i}.jpg" alt="">'
                      f"<h3>Related story {i} from the region</h3></a><p>A teaser for another story.</p></div>"
                      for i in range(60))
    data = "<script>window.__DATA__=" + json.dumps([round(rng.random(), 6) for _ in range(3000)]) + "</script>"
    style = "<style>" + "".join(f".c{i}{{margin:{i % 9}px;padding:1px}}" for i in range(1500)) + "</style>"
    paragraphs = "".join(f"<p>{html.escape(sentence)}</p>" for sentence in re.split(r"(?<=\.) ", story["text"]))
    title = html.escape(story["title"])
    return (f'<!doctype html><html><head><title>{title} | Example Wire</title><meta property="article:published_time"'
            f' content="{story["date"]}">{style}{data}</head><body><header><nav><ul>{menu}</ul></nav></header>'
            f"<main><article><h1>{title}</h1><div class=\"byline\">By staff</div>{paragraphs}</article>"
            f'<section class="related">{related}</section></main><aside><ul>{menu}</ul></aside>'
            f"<footer><ul>{menu}</ul><p>Example Wire</p></footer>{data}</body></html>")


def write_pages(folder: Path, count: int, seed: int = 7) -> Path:
    """`count` saved pages, the articles of write_corpus(…, count, seed) in order."""
    rng, pages = random.Random(seed), random.Random(seed + 1)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        story = article(number, rng)
        (folder / f"{story['id']}.html").write_text(saved_page(story, pages), encoding="utf-8")
    return folder


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
    """A FeatureCollection of `count` incidents, written one feature at a time (a million stay out of memory)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        f.write('{"type": "FeatureCollection", "features": [')
        for n in range(count):
            f.write((", " if n else "") + json.dumps(feature(n, rng)))
        f.write("]}")
    return path
