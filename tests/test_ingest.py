import json

from geomap.ingest import read_articles, read_page, strip_boilerplate


def read(paths):
    problems = []
    articles = list(read_articles(paths, lambda where, why: problems.append((where, why))))
    return articles, problems


def test_txt_first_line_is_title(tmp_path):
    (tmp_path / "a.txt").write_text("Drones hit Kursk\n\nA drone struck a depot in Kursk on Monday.\n")
    (articles, problems) = read([tmp_path])
    assert problems == []
    assert articles[0].title == "Drones hit Kursk"
    assert articles[0].text.strip() == "A drone struck a depot in Kursk on Monday."
    assert articles[0].id == "a"


def test_txt_without_title_keeps_first_sentence(tmp_path):
    (tmp_path / "b.txt").write_text("A drone struck a depot in Kursk on Monday.\n\nNobody was hurt.\n")
    (articles, _) = read([tmp_path / "b.txt"])
    assert articles[0].title is None
    assert articles[0].text.startswith("A drone struck")


def test_markdown_front_matter(tmp_path):
    (tmp_path / "c.md").write_text("---\ntitle: Blast in Belgorod\ndate: 2023-05-22\nurl: https://example.org/x\n"
                                   "source: Example Wire\n---\nAn explosion was heard in Belgorod.\n")
    (articles, problems) = read([tmp_path])
    a = articles[0]
    assert (a.title, a.date, a.url, a.source) == ("Blast in Belgorod", "2023-05-22", "https://example.org/x",
                                                  "Example Wire")
    assert a.text.strip() == "An explosion was heard in Belgorod."
    assert problems == []


def test_broken_front_matter_is_reported_and_article_still_read(tmp_path):
    (tmp_path / "d.md").write_text("---\ntitle: [unclosed\n---\nShelling hit Shebekino.\n")
    (articles, problems) = read([tmp_path])
    assert [a.text.strip() for a in articles] == ["Shelling hit Shebekino."]
    assert problems and "d.md" in problems[0][0] and "YAML" in problems[0][1]


def test_jsonl_lines_and_bad_lines(tmp_path):
    good = {"id": "x1", "title": "T", "date": "2024-03-12T08:00:00Z", "url": "https://e.org", "text": "Kursk."}
    (tmp_path / "e.jsonl").write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"id": "x2"}) + "\n")
    (articles, problems) = read([tmp_path])
    assert [(a.id, a.date) for a in articles] == [("x1", "2024-03-12")]
    assert [p[0].rsplit(":", 1)[1] for p in problems] == ["2", "3"]
    assert "malformed JSON" in problems[0][1] and "text" in problems[1][1]


def test_bad_inputs_are_named_with_reasons_and_good_ones_read(tmp_path):
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "huge.txt").write_text("x" * 20_000_000)  # 20 MB, no newline
    (tmp_path / "long.md").write_text("A line of text that goes on.\n" * 40_000)  # 1.2M characters, under 4 MB
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "ok.txt").write_text("Shelling hit Shebekino.")
    (articles, problems) = read([tmp_path, tmp_path / "missing.txt"])
    assert [a.id for a in articles] == ["ok"]
    reasons = {p[0].rsplit("/", 1)[-1]: p[1] for p in problems}
    assert reasons == {"photo.txt": "binary file, not text", "empty.txt": "empty article",
                       "huge.txt": "too large for one article (20.0 MB; limit 4 MB)",
                       "long.md": "too long for one article (1,159,999 characters; limit 1,000,000)",
                       "gone.txt": "cannot read: broken link", "missing.txt": "no such file or folder"}


def test_other_encodings_are_detected_and_noted(tmp_path):
    (tmp_path / "ru.txt").write_bytes("Обстрел Белгорода продолжался всю ночь. Shelling hit Shebekino on Monday, "
                                      "officials said.".encode("cp1251"))
    (tmp_path / "wide.txt").write_bytes("Shelling hit Shebekino on Monday.".encode("utf-16"))
    (articles, problems) = read([tmp_path])
    texts = {a.id: a.text for a in articles}
    assert texts["ru"].startswith("Обстрел Белгорода") and texts["wide"] == "Shelling hit Shebekino on Monday."
    assert problems == [(str(tmp_path / "ru.txt"),
                         "not UTF-8 (invalid continuation byte at byte 0): decoded as cp1251; read anyway")]


def test_jsonl_is_streamed_and_overlong_or_undecodable_lines_skipped(tmp_path):
    lines = [json.dumps({"id": "a", "text": "Shelling hit Shebekino."}).encode(),
             json.dumps({"id": "b", "text": "x" * 1_200_000}).encode(),
             b'{"id": "c", "text": "\xff\xfe"}',
             json.dumps({"id": "d", "text": "Drones hit Kursk."}).encode()]
    (tmp_path / "feed.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    (articles, problems) = read([tmp_path])
    assert [a.id for a in articles] == ["a", "d"]
    assert [(p[0].rsplit(":", 1)[1], p[1].split(" (")[0]) for p in problems] == [
        ("2", "too long for one article"), ("3", "not UTF-8")]


def test_html_page_read_with_trafilatura(tmp_path):
    (tmp_path / "2024-05-02_page.html").write_text(
        "<html><head><title>Depot hit | Example Wire</title>"
        '<meta property="og:title" content="Drones hit a fuel depot in Belgorod">'
        '<meta property="article:published_time" content="2024-05-02T06:00:00Z">'
        '<link rel="canonical" href="https://example.org/depot"></head><body>'
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article>"
        "<h1>Drones hit a fuel depot in Belgorod</h1>"
        "<p>Drones struck a fuel depot on the edge of Belgorod overnight, the regional governor said on Thursday "
        "morning. Two workers were injured and a fire burned for several hours before it was put out.</p>"
        "<p>Residents of nearby streets were told to keep their windows closed because of the smoke.</p>"
        "</article><footer>Copyright Example Wire. All rights reserved.</footer></body></html>")
    (articles, problems) = read([tmp_path])
    assert problems == []
    (page,) = articles
    assert page.text == "" and "<article>" in page.page  # read as is; its text is extracted where it is processed
    a, problem = read_page(page)
    assert problem is None and a.page is None
    assert a.title == "Drones hit a fuel depot in Belgorod"
    assert (a.date, a.url) == ("2024-05-02", "https://example.org/depot")
    assert a.text.startswith("Drones struck a fuel depot") and "windows closed" in a.text
    assert "Copyright" not in a.text and "Home" not in a.text


def test_a_page_without_article_text_is_a_problem_not_an_article(tmp_path):
    (tmp_path / "app.html").write_text("<html><head><title>Loading</title></head><body><div id='app'></div>"
                                      "<script src='app.js'></script></body></html>")  # drawn by script
    (page,), _ = read([tmp_path])
    assert read_page(page) == (None, "no article text found in this page")


def test_rss_and_atom_feeds_give_one_article_per_entry(tmp_path):
    (tmp_path / "wire.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>'
        "<item><title>Shelling in Shebekino</title><link>https://example.org/1</link>"
        "<guid>wire-1</guid><pubDate>Mon, 22 May 2023 09:00:00 GMT</pubDate>"
        "<description>&lt;p&gt;Artillery &lt;b&gt;shelled&lt;/b&gt; Shebekino on Monday.&lt;/p&gt;</description>"
        "</item><item><title>Empty</title><description></description></item></channel></rss>")
    (tmp_path / "blog.atom").write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title>'
        "<entry><title>Drones over Kursk</title><id>urn:blog:7</id><link href=\"https://example.org/7\"/>"
        "<updated>2024-03-12T08:00:00Z</updated><content type=\"html\">Drones were shot down over Kursk."
        "</content></entry></feed>")
    (tmp_path / "notes.xml").write_text("<notes><note>not a feed</note></notes>")
    (articles, problems) = read([tmp_path])
    by_id = {a.id: a for a in articles}
    assert set(by_id) == {"wire-1", "urn:blog:7"}
    wire = by_id["wire-1"]
    assert (wire.title, wire.date, wire.url, wire.source) == ("Shelling in Shebekino", "2023-05-22",
                                                              "https://example.org/1", "Example Wire")
    assert wire.text == "Artillery shelled Shebekino on Monday."
    assert by_id["urn:blog:7"].date == "2024-03-12"
    reasons = {p[0].rsplit("/", 1)[-1]: p[1] for p in problems}
    assert reasons["wire.rss#2"] == "feed entry without text"
    assert reasons["notes.xml"].startswith("not an RSS or Atom feed")


def test_boilerplate_lines_are_dropped():
    text = ("Shelling hit Shebekino.\nReuters/ Sputnik/ AFP\nPhoto: Reuters\nRead more at example.org\n"
            "Sign up for our free newsletter\nOops! Something went wrong\nThe governor spoke.")
    assert strip_boilerplate(text) == "Shelling hit Shebekino.\nThe governor spoke."
