"""Ukrainian and Russian reports through the real pipeline: places in their inflected forms, oblasts as the
context of their villages, people told from places, governments from locations. Posts written for these tests."""

from __future__ import annotations

import pytest


def _places(result) -> dict[str, str | None]:
    return {r.mention.text: r.place.name if r.place else None for r in result.resolutions}


@pytest.mark.parametrize(("text", "written", "place"), [
    ("Вночі у Бєлгороді пролунали три вибухи.", "Бєлгороді", "Belgorod"),
    ("Под Харьковом ночью сбили два беспилотника.", "Харьковом", "Kharkiv"),
    ("Уламки ракети впали біля Нової Каховки.", "Нової Каховки", "Nova Kakhovka"),
    ("Ворог знову обстріляв Суми з артилерії.", "Суми", "Sumy"),
    ("Ракета влучила в Одеський порт.", "Одеський", "Odesa"),
])
def test_a_place_is_found_in_its_inflected_form(run, text, written, place):
    result = run(text, date="2024-05-01")
    assert result.article.language in ("uk", "ru")
    assert _places(result)[written] == place
    (event,) = result.events
    assert event.place.name == place and event.mention == written  # the text as written, the Latin name


@pytest.mark.parametrize(("text", "written", "oblast"), [
    ("Дроны атаковали нефтебазу в Белгородской области.", "Белгородской области", "Belgorod Oblast"),
    ("Уночі ворог обстріляв прикордоння Курської області.", "Курської області", "Kursk Oblast"),
    ("Противник продовжує обстрілювати Харківщину.", "Харківщину", "Kharkiv Oblast"),
    ("На Донеччині знищили склад боєприпасів.", "Донеччині", "Donetsk Oblast"),
])
def test_oblast_adjectives_and_region_names_are_the_oblast(run, text, written, oblast):
    resolution = next(r for r in run(text).resolutions if r.mention.text == written)
    assert resolution.place.name == oblast and resolution.place.feature == "A.ADM1"
    assert resolution.mention.designator == "region"


def test_a_village_with_its_oblast_makes_the_oblast_context_not_a_second_incident(run):
    result = run("Внаслідок обстрілу в селі Глотово Бєлгородської області поранено двох людей.", date="2024-05-01")
    places = {r.mention.text: r for r in result.resolutions}
    assert places["Глотово"].place.name == "Glotovo" and places["Глотово"].place.admin1 == "Belgorod Oblast"
    assert places["Бєлгородської області"].mention.role == "qualifier"
    assert [e.place.name for e in result.events] == ["Glotovo"]


def test_the_oblast_chooses_among_namesakes(run):
    """Many villages are called Іванівка; the oblast written after it says which."""
    result = run("Росіяни скинули авіабомбу на Іванівку Херсонської області.")
    ivanivka = next(r for r in result.resolutions if r.mention.text == "Іванівку")
    assert ivanivka.place is not None and ivanivka.place.admin1 == "Kherson Oblast"


def test_a_surname_is_no_place(run):
    """Gladkov and Kovalenko are villages too; after a title, or beside a first name, they are people."""
    result = run("Губернатор Вячеслав Гладков повідомив про вибухи у Бєлгороді. Гладков закликав людей "
                 "залишатися в укриттях. Голова ОВА Коваленко розповів про наслідки.")
    places = _places(result)
    assert places.get("Бєлгороді") == "Belgorod"
    assert not {"Гладков", "Коваленко"} & set(places)


def test_a_title_before_a_towns_genitive_is_no_person(run):
    places = _places(run("Губернатор Севастополя повідомив про вибух біля аеродрому."))
    assert places["Севастополя"] == "Sevastopol"


@pytest.mark.parametrize("text", [
    "Москва заявила, що не визнає результатів переговорів.",
    "Кремль отверг обвинения в подготовке нового наступления.",
])
def test_a_government_named_by_its_capital_is_no_incident(run, text):
    result = run(text)
    assert result.events == []
    assert all(r.mention.role == "metonymic" for r in result.resolutions if r.place is not None)


def test_a_city_in_the_genitive_before_a_verb_of_saying_is_still_a_place(run):
    """"Мер Харкова заявив": the mayor speaks, the city is where the strike was."""
    result = run("Мер Харкова заявив про влучання ракети у житловий будинок.")
    (kharkiv,) = [r for r in result.resolutions if r.mention.text == "Харкова"]
    assert kharkiv.mention.role == "place" and kharkiv.place.name == "Kharkiv"


def test_the_capital_as_a_place_is_one(run):
    result = run("У Москві вночі пролунали вибухи.")
    assert [e.place.name for e in result.events] == ["Moscow"]


def test_countries_are_named_by_their_cyrillic_names_and_are_no_incident_place(run):
    result = run("Росія вночі атакувала Україну дронами, вибухи пролунали у Львові.")
    places = _places(result)
    assert places["Росія"] == "Russia" and places["Україну"] == "Ukraine"
    assert [e.place.name for e in result.events] == ["Lviv"]


def test_a_nations_adjective_is_no_town(run):
    places = _places(run("Українські дрони атакували нафтобазу у Брянську."))
    assert "Українські" not in places and places["Брянську"] == "Bryansk"
