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
