import pytest
import spacy

from geomap.events import event_type
from geomap.focus import has_trigger
from geomap.taxonomy import EVENT_TYPES, EventType
from geomap.triggers import TriggerMatcher, matcher_for

REPORT = ("Drones struck a fuel depot near the port overnight. Two missiles were shot down over the city. "
          "The minister came under fire from critics for the delay. A column of tanks was spotted outside the town. "
          "Investigators found the bodies of four men in a basement. A fire broke out at the market. "
          "Talks took place in the capital. Russian forces took full control of the village. "
          "Rescuers said the blaze was put out by morning. Three people died and five were wounded.")


def _triggers(doc):
    found = matcher_for(doc.vocab).by_sentence(doc)
    return [(found[s.start].event_type, found[s.start].text) if s.start in found else None for s in doc.sents]


def test_the_tokenizer_pass_and_the_parsed_pass_find_the_same_triggers(pipeline):
    gate = spacy.blank("en")
    gate.add_pipe("sentencizer")
    parsed = pipeline.nlp(REPORT)
    tokenized = gate(REPORT)
    assert [s.text for s in parsed.sents] == [s.text for s in tokenized.sents]
    assert _triggers(parsed) == _triggers(tokenized) == [
        ("air_drone_strike", "Drones"), ("air_defence", "shot down"), None, ("military_presence", "column of tanks"),
        ("damage_found", "found"), ("fire", "fire broke out"), None, ("territorial_control", "took full control"),
        ("fire", "blaze"), ("attack", "died")]
    assert [event_type(s) for s in parsed.sents] == _triggers(parsed)  # one sentence at a time: the same


@pytest.mark.parametrize("sentence", [
    "The minister came under fire from critics over the budget.",
    "The mayor has come under fire for the closure of the market.",
    "The veteran suffered a heart attack on Monday.",
    "Dock workers went on a hunger strike.",
    "The government has shot itself in the foot.",
    "Prices were falling to a record low.",
    "A storm brought heavy snow to the coast.",
    "The talks took place behind closed doors.",
])
def test_figurative_uses_of_trigger_words_are_no_incidents(sentence):
    assert not has_trigger(sentence), sentence


@pytest.mark.parametrize(("sentence", "kind"), [
    ("The town came under fire overnight.", "attack"),
    ("Soldiers opened fire on the car.", "attack"),
    ("A warehouse caught fire after the explosion.", "explosion"),  # the explosion is the more specific type
    ("A fire was raging at the oil depot.", "fire"),
    ("Tanks and trucks were filmed moving through the village.", "military_presence"),
    ("Russia is massing troops near the border.", "military_presence"),
    ("A mass grave was discovered in the forest.", "damage_found"),
    ("Burnt-out tanks were found abandoned on the road.", "damage_found"),
    ("Troops stormed the administration building.", "cross_border_raid"),
    ("Two drones were downed over the city.", "air_defence"),
])
def test_incident_senses_give_the_type(pipeline, sentence, kind):
    (sent,) = pipeline.nlp(sentence).sents
    assert event_type(sent)[0] == kind
    assert has_trigger(sentence)


def test_an_event_type_is_one_entry_and_a_language_is_data():
    looting = EventType("looting", "Looting", "Strategic developments", "Looting/property destruction", "#000000",
                        "dot", False, {"en": ("loot", "plunder"), "uk": ("=мародерство",)})
    english = TriggerMatcher(spacy.blank("en").vocab, event_types=(*EVENT_TYPES, looting))
    doc = spacy.blank("en")("Soldiers looted the shops.")
    assert [(t.event_type, t.text) for t in english.by_sentence(doc).values()] == [("looting", "looted")]
    ukrainian = TriggerMatcher(spacy.blank("uk").vocab, lang="uk", event_types=(looting,), not_incidents={})
    doc = spacy.blank("uk")("У селі зафіксовано мародерство.")
    assert [t.text for t in ukrainian.by_sentence(doc).values()] == ["мародерство"]


def test_word_forms_are_kept_in_the_cache_and_made_again_when_damaged(tmp_path, monkeypatch):
    import json

    from geomap import triggers

    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path))
    TriggerMatcher(spacy.blank("en").vocab)
    (kept,) = tmp_path.glob("trigger-forms-*.json")
    assert "shelled" in json.loads(kept.read_text())["shell"]
    kept.write_text('{"shell": ["she', encoding="utf-8")  # a write cut short
    monkeypatch.setattr(triggers, "_FORMS", {})
    matcher = TriggerMatcher(spacy.blank("en").vocab)
    assert [t.text for t in matcher.by_sentence(spacy.blank("en")("The town was shelled.")).values()] == ["shelled"]
    assert "shelled" in json.loads(kept.read_text())["shell"]


@pytest.mark.parametrize(("lang", "sentence", "kind", "written"), [
    ("uk", "Село знову потрапило під обстріли ворожої артилерії.", "shelling_artillery_missile", "обстріли"),
    ("uk", "Сили ППО збили над містом шість ударних дронів.", "air_defence", "ППО"),
    ("uk", "Після влучання на підприємстві спалахнула пожежа.", "fire", "спалахнула"),
    ("uk", "Уночі пролунала серія вибухів.", "explosion", "вибухів"),
    ("ru", "Город ночью атаковали беспилотниками.", "air_drone_strike", "беспилотниками"),
    ("ru", "Над областью сбиты три ракеты.", "air_defence", "сбиты"),
    ("ru", "В результате ударов повреждены жилые дома.", "attack", "ударов"),
])
def test_ukrainian_and_russian_triggers_match_every_form_of_their_lemma(lang, sentence, kind, written):
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    (trigger,) = matcher_for(nlp.vocab, lang).by_sentence(nlp(sentence)).values()
    assert (trigger.event_type, trigger.text) == (kind, written)


@pytest.mark.parametrize(("lang", "sentence"), [
    ("uk", "Сайт міністерства зазнав хакерської атаки."),
    ("ru", "Санкции нанесли удар по экономике страны."),
])
def test_ukrainian_and_russian_figurative_uses_are_no_incidents(lang, sentence):
    nlp = spacy.blank(lang)
    assert matcher_for(nlp.vocab, lang).by_sentence(nlp(sentence)) == {}
