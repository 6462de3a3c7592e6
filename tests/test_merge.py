"""One incident, one event: reports from several articles merge, ids stay stable as articles are added."""

from geomap.merge import merge_events
from geomap.records import Article

RAID = "Armed men crossed the border from Ukraine on Monday and attacked the village of Kozinka."
RAID_AGAIN = "Residents of Kozinka said the raid on Monday destroyed several houses."
OTHER = "Shelling hit Shebekino on Friday, injuring two residents."


def events_of(pipeline, *articles):
    out = []
    for result in pipeline.run(list(articles)):
        out.extend(result.events)
    return merge_events(out)


def test_two_articles_on_one_raid_give_one_event_with_two_sources(pipeline):
    a = Article(id="a", text=RAID, title="First report", date="2023-05-23")
    b = Article(id="b", text=RAID_AGAIN, title="Second report", date="2023-05-23")
    (event,) = events_of(pipeline, a, b)
    assert event.place.name == "Kozinka" and event.event_type == "cross_border_raid"
    assert {r.article.id for r in event.reports} == {"a", "b"}
    assert event.date == "2023-05-22"


def test_ids_stay_stable_when_articles_are_added(pipeline):
    a = Article(id="a", text=RAID, date="2023-05-23")
    first = {e.place.name: e.event_id for e in events_of(pipeline, a)}
    more = events_of(pipeline, Article(id="c", text=OTHER, date="2023-06-03"), a,
                     Article(id="b", text=RAID_AGAIN, date="2023-05-23"))
    assert {e.place.name: e.event_id for e in more}["Kozinka"] == first["Kozinka"]
    assert len(more) == 2


def test_different_days_or_places_stay_apart(pipeline):
    a = Article(id="a", text=RAID, date="2023-05-23")
    later = Article(id="b", text=RAID, date="2024-03-12")
    elsewhere = Article(id="c", text=OTHER, date="2023-05-23")
    assert len(events_of(pipeline, a, later, elsewhere)) == 3


def test_undated_reports_do_not_join_dated_ones(pipeline):
    dated, undated = Article(id="a", text=RAID, date="2023-05-23"), Article(id="b", text=RAID)
    assert len(events_of(pipeline, dated, undated)) == 2


def test_indexed_merge_equals_comparing_every_pair():
    """The grid-and-week index finds the same matches as comparing each report with every merged event."""
    import random

    from geomap import merge
    from geomap.records import Event, Place, Report

    rng = random.Random(3)
    places = [Place(f"p:{i}", f"P{i}", 50 + rng.random() * 0.3, 36 + rng.random() * 0.3, "P.PPL", "RU", "B", 0, "t")
              for i in range(40)] + [Place("p:north", "North", 78.2, 15.6, "P.PPL", "NO", "S", 0, "t"),
                                     Place("p:north2", "North2", 78.21, 15.75, "P.PPL", "NO", "S", 0, "t")]
    kinds = ["attack", "air_drone_strike", "evacuation", "territorial_control"]
    precisions = ["day", "day", "day", "week", "month", "year", "unknown"]
    reports = []
    for n in range(600):
        precision = rng.choice(precisions)
        date = None if precision == "unknown" else f"2024-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}"
        reports.append(Event("", rng.choice(kinds), rng.choice(places), rng.choice([1, 1, 2]), date, precision,
                             (Report(Article(id=f"a{n}", text=""), "q", "m"),)))

    def every_pair(events):
        merged = []
        for event in sorted(events, key=merge._specificity):
            i = next((i for i, m in enumerate(merged) if merge.same_incident(m, event)), None)
            if i is None:
                merged.append(merge._with_id(event))
            else:
                merged[i] = merge._combine(merged[i], event)
        return sorted(merged, key=lambda e: (e.date or "9999", e.place.name, e.event_type, e.event_id))

    expected = every_pair(reports)
    assert 50 < len(expected) < 500
    assert merge_events(reports) == expected
