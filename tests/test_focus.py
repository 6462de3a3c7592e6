from geomap.focus import SentenceGate, has_trigger
from geomap.ingest import read_articles
from tests.conftest import REPO


def test_triggers_match_inflections_and_common_verbs_only_in_their_incident_sense():
    for sentence in ("Drones struck a depot.", "The village was shelled.", "Residents were evacuated.",
                     "Two missiles were shot down.", "The army took control of the town.", "Blasts rocked the port.",
                     "Saboteurs crossed the border.", "Three people died.", "Air defense was active."):
        assert has_trigger(sentence), sentence
    for sentence in ("The talks took place in Minsk.", "Prices fell sharply.", "The fire station reopened.",
                     "He crossed the street.", "The governor spoke to reporters."):
        assert not has_trigger(sentence), sentence


def test_focus_keeps_incident_sentences_and_maps_offsets_back(gazetteer):
    text = ("The governor spoke on Monday. Drones struck a depot in Kursk. Prices rose.\n\n"
            "Officials in Sumy said schools would reopen. A blast hit Shebekino.")
    gate = SentenceGate(gazetteer)
    narrow = gate.focus(text)
    assert narrow.text == "Drones struck a depot in Kursk.\nA blast hit Shebekino."
    for word in ("Kursk", "Shebekino"):
        at = narrow.text.index(word)
        assert text[narrow.to_article(at): narrow.to_article(at) + len(word)] == word
    assert "Officials in Sumy" in gate.focus(text, context=True).text  # names a place: context
    assert gate.focus("The governor spoke. Prices rose in Kursk.").text == ""  # nothing to report


def test_focused_pipeline_finds_the_same_events_as_the_full_one(pipeline, focus_pipeline):
    articles = list(read_articles([REPO / "examples"], lambda *problem: None))
    full = {a.article.id: a for a in pipeline.run(articles)}
    focused = {a.article.id: a for a in focus_pipeline.run(articles)}
    assert sum(len(r.events) for r in full.values()) >= 15
    for article in articles:
        assert [e.event_id for e in focused[article.id].events] == [e.event_id for e in full[article.id].events]
        for r in focused[article.id].resolutions:  # offsets point into the article, not the focus text
            assert article.text[r.mention.start: r.mention.end] == r.mention.text


def test_incident_without_a_place_reads_the_article_again_for_the_place_of_its_paragraph(focus_pipeline):
    from geomap.records import Article

    text = ("Shebekino has been without power since Sunday. Officials in Shebekino asked residents to stay home. "
            "The governor spoke about the harvest. A power substation was hit overnight.")
    (result,) = focus_pipeline.run([Article(id="x", text=text, date="2024-06-03")])
    assert [(e.place.name, e.event_type, e.geo_precision) for e in result.events] == [("Shebekino", "attack", 2)]
