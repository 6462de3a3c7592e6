"""Which language an article is read in: detected per article, or forced with --language."""

from __future__ import annotations

import json

import pytest

from geomap.cli import main
from geomap.language import detect, language_of
from geomap.records import Article


@pytest.mark.parametrize(("text", "lang"), [
    ("Two drones hit an oil depot near the border overnight, the regional governor said.", "en"),
    ("Уночі ворожі дрони атакували нафтобазу поблизу кордону, повідомив голова обласної адміністрації.", "uk"),
    ("Ночью вражеские беспилотники атаковали нефтебазу у границы, сообщил губернатор области.", "ru"),
    ("Ракета влучила в Одеський порт.", "uk"),  # no і ї є, but the Ukrainian -ський
    ("Шахеды летели над Днепром.", "ru"),
    ("ВИБУХИ У СУМАХ", "uk"),  # no mark of either language: the words only the Ukrainian dictionary knows
    ("ВЗРЫВЫ В СУМАХ", "ru"),
    ("Reported by the channel «Новини» at 07:00: shelling of Kupiansk resumed in the morning hours.", "en"),
    ("", "en"),
])
def test_detect(text, lang):
    assert detect(text) == lang


def test_a_link_does_not_make_a_russian_post_english():
    assert detect("Пожар на нефтебазе после удара.[Источник](https://example.org/ru/photo_news/voyska_gorit)") == "ru"


def test_forced_and_given_languages():
    text = "Уночі дрони атакували нафтобазу."
    assert language_of(text) == "uk"
    assert language_of(text, forced="ru") == "ru"
    assert language_of(text, given="ru") == "ru"  # what the source says beats the guess
    assert language_of(text, forced="en", given="ru") == "en"


def test_a_mixed_feed_gives_each_article_its_own_language_in_input_order(pipeline):
    articles = [Article("en", "Shelling hit Shebekino on Monday, the governor said.", date="2024-05-06"),
                Article("uk", "У понеділок ворог обстріляв Шебекине.", date="2024-05-06"),
                Article("en2", "A drone struck a house in Sumy.", date="2024-05-06"),
                Article("ru", "В понедельник противник обстрелял Шебекино.", date="2024-05-06")]
    results = list(pipeline.run(articles))
    assert [r.article.id for r in results] == ["en", "uk", "en2", "ru"]
    assert [r.article.language for r in results] == ["en", "uk", "en", "ru"]
    assert [[e.place.name for e in r.events] for r in results] == [["Shebekino"], ["Shebekino"], ["Sumy"],
                                                                    ["Shebekino"]]


def test_language_option_forces_one_for_every_article(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "u1", "text": "Вночі у Бєлгороді пролунали вибухи.", "date": "2024-05-01"},
                                 ensure_ascii=False) + "\n", encoding="utf-8")
    places = {}
    for language in ("auto", "en"):
        out = tmp_path / f"{language}.jsonl"
        assert main(["extract", str(source), "-o", str(out), "--offline", "--no-cache", "--no-progress", "-j", "1",
                     "--language", language]) == 0
        (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        places[language] = [t["name"] for t in record["toponyms"]]
    assert places["auto"] == ["Belgorod"]
    assert places["en"] != ["Belgorod"]  # read as English, the inflected form is no name the gazetteer knows


def test_a_mixed_folder_builds_one_map(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "en.txt").write_text("Shelling hit Shebekino on Monday, the governor said.", encoding="utf-8")
    (articles / "uk.txt").write_text("Уночі ворожі дрони атакували Суми, пошкоджено будинки.", encoding="utf-8")
    (articles / "ru.txt").write_text("Ночью над Курском сбили два беспилотника.", encoding="utf-8")
    out = tmp_path / "maps"
    assert main(["build", str(articles), "-o", str(out), "--offline", "--no-cache", "--no-progress", "-j", "1"]) == 0
    features = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))["features"]
    assert sorted(f["properties"]["place_name"] for f in features) == ["Kursk", "Shebekino", "Sumy"]
    quotes = {f["properties"]["place_name"]: f["properties"]["quote"] for f in features}
    assert quotes["Sumy"].startswith("Уночі ворожі дрони")  # the original text, as written
    assert "Суми" in (out / "incidents.html").read_text(encoding="utf-8")
