import json

from geomap.ingest import read_articles, strip_boilerplate


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


def test_unreadable_inputs_are_named_and_skipped(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\xff\xfe\x00\x81 binary")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "ok.txt").write_text("Shelling hit Shebekino.")
    (articles, problems) = read([tmp_path, tmp_path / "missing.txt"])
    assert [a.id for a in articles] == ["ok"]
    reasons = {p[0].rsplit("/", 1)[-1]: p[1] for p in problems}
    assert "UTF-8" in reasons["bin.txt"]
    assert "empty" in reasons["empty.txt"]
    assert "no such file" in reasons["missing.txt"]


def test_boilerplate_lines_are_dropped():
    text = ("Shelling hit Shebekino.\nReuters/ Sputnik/ AFP\nPhoto: Reuters\nRead more at example.org\n"
            "Sign up for our free newsletter\nOops! Something went wrong\nThe governor spoke.")
    assert strip_boilerplate(text) == "Shelling hit Shebekino.\nThe governor spoke."
