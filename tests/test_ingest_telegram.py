"""Telegram Desktop channel exports (result.json) read by geomap.ingest. The posts are written for these tests."""

import json

import pytest

from geomap.ingest import read_articles


def read(paths):
    problems = []
    articles = list(read_articles(paths, lambda where, why: problems.append((where, why))))
    return articles, problems


def message(id_, text, day="2024-03-02", kind="message", **more):
    return {"id": id_, "type": kind, "date": f"{day}T07:45:10", "date_unixtime": "1709365510",
            "from": "Вісті Прикордоння", "from_id": "channel777", "text": text, **more}


SIGN_OFF = {"type": "text_link", "text": "Вісті Прикордоння", "href": "https://t.me/visti_prykordonnya"}


def channel(messages, **header):
    return {"name": "Вісті Прикордоння", "type": "public_channel", "id": 777, **header, "messages": messages}


@pytest.fixture
def export(tmp_path):
    """A channel's export in Telegram Desktop's layout: Ukrainian, Russian and English posts, text as a string and
    as a list of entities, a service message and a photo without caption."""
    posts = [
        message(1, "", kind="service", actor="Вісті Прикордоння", action="create_channel", title="Вісті"),
        message(2, "Вранці дрон влучив у гараж на околиці Сум, постраждалих немає.", day="2024-03-02"),
        message(3, ["Вечером ", {"type": "bold", "text": "беспилотник"}, " упал возле котельной в Судже.\n\n",
                    SIGN_OFF], day="2024-03-03"),
        message(4, "", day="2024-03-03", photo="(File not included. Change data exporting settings to download.)"),
        message(5, [{"type": "plain", "text": "Air raid sirens sounded in Chernihiv for two hours. "},
                    {"type": "hashtag", "text": "#alert"}], day="2024-03-04"),
    ]
    path = tmp_path / "result.json"
    path.write_text(json.dumps(channel(posts), ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def test_one_article_per_message_with_text_dated_and_sourced(export):
    articles, problems = read([export])
    assert problems == []
    assert [a.text for a in articles] == [
        "Вранці дрон влучив у гараж на околиці Сум, постраждалих немає.",
        "Вечером беспилотник упал возле котельной в Судже.",  # the channel's sign-off is not reporting
        "Air raid sirens sounded in Chernihiv for two hours. #alert",
    ]
    assert [a.date for a in articles] == ["2024-03-02", "2024-03-03", "2024-03-04"]
    assert {a.source for a in articles} == {"Вісті Прикордоння"}
    assert {a.title for a in articles} == {None}
    assert len({a.id for a in articles}) == 3
    assert articles[0].path.endswith("result.json#2")


def test_posts_link_to_t_me_through_the_channels_own_sign_off(export):
    articles, _ = read([export])
    assert [a.url for a in articles] == ["https://t.me/visti_prykordonnya/2", "https://t.me/visti_prykordonnya/3",
                                         "https://t.me/visti_prykordonnya/5"]


def test_no_username_no_link(tmp_path):
    """Telegram Desktop writes no username: without a sign-off no link is made up."""
    path = tmp_path / "result.json"
    other = {"type": "text_link", "text": "сусідній канал", "href": "https://t.me/another_channel"}
    path.write_text(json.dumps(channel([message(9, ["Обстріл Ахтирки тривав годину. ", other])]),
                            ensure_ascii=False))
    articles, problems = read([path])
    assert problems == [] and [a.url for a in articles] == [None]


def test_a_username_field_links_posts(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(channel([message(12, "Shelling hit Vovchansk at dawn.")], username="@border_news")))
    articles, _ = read([path])
    assert articles[0].url == "https://t.me/border_news/12"


def test_the_date_comes_from_unixtime_when_date_is_missing(tmp_path):
    post = {"id": 3, "type": "message", "date_unixtime": "1709365510", "text": "Взрыв прогремел в Белгороде."}
    path = tmp_path / "result.json"
    path.write_text(json.dumps(channel([post]), ensure_ascii=False))
    articles, _ = read([path])
    assert articles[0].date == "2024-03-02"


def test_an_account_export_reads_every_chat_with_its_own_name(tmp_path):
    path = tmp_path / "result.json"
    chats = [channel([message(1, "Дрон атакував Шостку.")]),
             {"name": "Frontline Notes", "type": "private_channel", "id": 88,
              "messages": [message(1, "A drone hit a depot near Kupiansk.")]}]
    path.write_text(json.dumps({"about": "", "chats": {"about": "", "list": chats}}, ensure_ascii=False))
    articles, problems = read([path])
    assert problems == []
    assert [(a.source, a.text) for a in articles] == [("Вісті Прикордоння", "Дрон атакував Шостку."),
                                                      ("Frontline Notes", "A drone hit a depot near Kupiansk.")]
    assert articles[0].id != articles[1].id


def test_a_message_without_id_is_named_and_the_others_read(tmp_path):
    path = tmp_path / "result.json"
    posts = [message(1, "Обстріл Краснопілля."), {"type": "message", "text": "без номера"}, ["не", "об'єкт"],
             message(4, "Ракета.")]
    path.write_text(json.dumps(channel(posts), ensure_ascii=False))
    articles, problems = read([path])
    assert [a.text for a in articles] == ["Обстріл Краснопілля.", "Ракета."]
    assert problems == [(str(path), "message 2 (after message 1) has no id; skipped"),
                        (str(path), "message 3 (after message 1) is not an object; skipped")]


def test_a_truncated_export_keeps_the_messages_before_the_break(tmp_path):
    path = tmp_path / "result.json"
    whole = json.dumps(channel([message(1, "Дрон над Глуховом."), message(2, "Вибухи в Конотопі.")]),
                       ensure_ascii=False, indent=1)
    path.write_text(whole[: whole.index("Вибухи")])
    articles, problems = read([path])
    assert [a.text for a in articles] == ["Дрон над Глуховом."]
    assert len(problems) == 1 and problems[0][0] == str(path)
    assert problems[0][1].startswith("malformed JSON after message 1")


def test_a_damaged_byte_keeps_the_messages_before_it(tmp_path):
    # A fault in an export's first buffer used to hide every message parsed in that buffer.
    path = tmp_path / "result.json"
    whole = json.dumps(channel([message(1, "Дрон над Глуховом."), message(2, "Вибухи в Конотопі."),
                                message(3, "BROKEN")]), ensure_ascii=False).encode()
    path.write_bytes(whole.replace(b'"BROKEN"', b"\xff\xfe"))
    articles, problems = read([path])
    assert [a.text for a in articles] == ["Дрон над Глуховом.", "Вибухи в Конотопі."]
    assert len(problems) == 1 and problems[0][1].startswith("malformed JSON after message 2 (")
    assert "b'" not in problems[0][1] and "\n" not in problems[0][1]  # the parser's words, as text on one line


@pytest.mark.parametrize(("content", "reason"), [
    ("Вибух у Харкові, не JSON", "not JSON"),
    ("", "not JSON"),
    ('{"name": "x", "version": "1.0"}', 'not a Telegram Desktop export (no "messages" list)'),
    ('[{"id": 1, "text": "a list"}]', "not a Telegram Desktop export"),
    ('{"name": "x", "messages": {"id": 1}}', '"messages" is not a list'),
    ('{"id": "a", "text": "Вибух."}\n{"id": "b", "text": "Ще один."}\n', "JSON Lines are read from .jsonl files"),
])
def test_json_that_is_no_export_is_one_line_naming_the_file(tmp_path, content, reason):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("Shelling hit Shebekino.\n")
    articles, problems = read([tmp_path])
    assert [a.text.strip() for a in articles] == ["Shelling hit Shebekino."]
    assert len(problems) == 1 and problems[0][0] == str(bad) and reason in problems[0][1]
    assert "\n" not in problems[0][1]


def test_the_example_channel_export_is_mapped_with_the_example_articles(example_build):
    """examples/ mixes articles and a Telegram export: `geomap build` puts both on one map."""
    features = json.loads((example_build / "incidents.geojson").read_text(encoding="utf-8"))["features"]
    from_channel = [f["properties"] for f in features
                    if f["properties"]["source"]["outlet"] == "Прикордоння: приклад каналу"]
    assert ("Vovchansk", "2024-03-04") in [(p["place_name"], p["date"]) for p in from_channel]  # "on Monday"
    assert len(features) > len(from_channel)
