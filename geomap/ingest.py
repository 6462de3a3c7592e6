"""Ingest: read articles from .txt, .md (YAML front matter), .jsonl, .html pages (trafilatura, through read_page
where the article is processed), RSS/Atom feeds (feedparser) and folders of them.

Bad input never stops a run: each problem is passed to `on_problem(path, reason)` and reading goes on. Files are
streamed one at a time (JSONL line by line), so a corpus is never held in memory.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import charset_normalizer
import feedparser
import lxml.html
import trafilatura
import yaml

from geomap.records import Article
from geomap.vocabulary import PICTURE_CREDITS

SUFFIXES = (".txt", ".md", ".jsonl", ".html", ".htm", ".rss", ".atom", ".xml")
ProblemHandler = Callable[[str, str], None]
MAX_CHARS = 1_000_000  # longest article read (spaCy's default max_length): beyond it a file is no article
_MAX_FILE_BYTES = 4 * MAX_CHARS  # for formats holding one article; a JSONL file is read line by line instead
_SNIFF_BYTES = 8192

# Lines that are page furniture, not reporting.
_BOILERPLATE = re.compile(
    r"""^\s*(
        (photo|image|picture|video)\s*(credit)?s?\s*[:/]  |
        (\w+\s*/\s*){1,4}(CREDITS)\b.{0,40}$ |
        (CREDITS)(\s*/\s*\w+)*\s*$ |
        read\s+more\s*(at|:|on)\b |
        (sign\s+up|subscribe)\b.{0,80}(newsletter|updates|inbox|free) |
        .{0,40}\bnewsletter\b.{0,40}$ |
        oops!?\s+something\s+went\s+wrong |
        (share|follow\s+us)\s+(this|on)\b.{0,40}$ |
        advertisement\s*$
    )""".replace("CREDITS", "|".join(c.replace(" ", r"\s+") for c in PICTURE_CREDITS)),
    re.IGNORECASE | re.VERBOSE,
)


def strip_boilerplate(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not _BOILERPLATE.match(line))


def iso_date(value: object) -> str | None:
    """An ISO 8601 day from a date, a datetime or a string; None when it is not one."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip()[:10]).isoformat()
        except ValueError:
            return None
    return None


def expand(paths: Iterable[str | Path], on_problem: ProblemHandler) -> Iterator[Path]:
    """Files to read, folders walked recursively in sorted order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES):
                if found.is_file():
                    yield found
                elif not found.exists():
                    on_problem(str(found), "cannot read: broken link")
        elif path.is_file():
            yield path
        else:
            on_problem(str(path), "no such file or folder")


def read_articles(paths: Iterable[str | Path], on_problem: ProblemHandler) -> Iterator[Article]:
    for path in expand(paths, on_problem):
        suffix = path.suffix.lower()
        if suffix not in _READERS and suffix != ".jsonl":
            on_problem(str(path), f"unsupported file type {path.suffix or '(none)'}; expected one of "
                                  f"{', '.join(SUFFIXES)}")
            continue
        try:
            if suffix == ".jsonl":
                yield from _read_jsonl(path, on_problem)
                continue
            text = _read_text(path, on_problem)
        except OSError as exc:
            on_problem(str(path), f"cannot read: {exc.strerror or exc}")
            continue
        if text is not None:
            yield from _READERS[suffix](path, text, on_problem)


def _read_text(path: Path, on_problem: ProblemHandler) -> str | None:
    """The file's text, or None (reported) when it is binary, too large or in no encoding that can be told."""
    size = path.stat().st_size
    if size > _MAX_FILE_BYTES:
        on_problem(str(path), f"too large for one article ({size / 1e6:.1f} MB; limit {_MAX_FILE_BYTES / 1e6:.0f} MB)")
        return None
    data = path.read_bytes()
    text, reason = decode(data)
    if text is None:
        on_problem(str(path), reason)
    elif reason:
        on_problem(str(path), reason + "; read anyway")
    return text


def decode(data: bytes) -> tuple[str | None, str | None]:
    """(text, note): UTF-8, or UTF-16/32 by their byte-order mark, or the encoding charset-normalizer finds
    (cp1251 and the like, noted). (None, reason) for binary data."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), None
            except UnicodeDecodeError as exc:
                return None, f"broken {encoding} text ({exc.reason} at byte {exc.start})"
    if b"\0" in data[:_SNIFF_BYTES]:
        return None, "binary file, not text"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        utf8_error = f"{exc.reason} at byte {exc.start}"
    guess = charset_normalizer.from_bytes(data[:200_000]).best()
    if guess is None:
        return None, f"not text in any known encoding ({utf8_error} as UTF-8)"
    return data.decode(guess.encoding, errors="replace"), f"not UTF-8 ({utf8_error}): decoded as {guess.encoding}"


def _too_long(where: str, text: str, on_problem: ProblemHandler) -> bool:
    if len(text) > MAX_CHARS:
        on_problem(where, _too_long_reason(text))
        return True
    return False


def _too_long_reason(text: str) -> str:
    return f"too long for one article ({len(text):,} characters; limit {MAX_CHARS:,})"


def date_from_name(path: Path) -> str | None:
    """"2023-05-22_kozinka.txt" → "2023-05-22": the date a file name starts with, for files that carry none."""
    return iso_date(path.name[:10]) if re.match(r"\d{4}-\d{2}-\d{2}", path.name) else None


def _read_txt(path: Path, text: str, on_problem: ProblemHandler) -> Iterator[Article]:
    title, body = _split_title(text)
    body = strip_boilerplate(body)
    if not body.strip():
        on_problem(str(path), "empty article")
        return
    if _too_long(str(path), body, on_problem):
        return
    yield Article(id=path.stem, text=body, title=title, date=date_from_name(path), path=str(path))


def _split_title(text: str) -> tuple[str | None, str]:
    """A short first line followed by a blank line is the title."""
    lines = text.lstrip("\ufeff").split("\n")
    if len(lines) > 2 and lines[0].strip() and len(lines[0]) < 200 and not lines[1].strip() \
            and not lines[0].rstrip().endswith("."):
        return lines[0].strip(), "\n".join(lines[2:])
    return None, text


def _read_md(path: Path, text: str, on_problem: ProblemHandler) -> Iterator[Article]:
    meta, body = {}, text.lstrip("\ufeff")
    if body.startswith("---"):
        parts = body.split("\n---", 1)
        if len(parts) == 2:
            try:
                meta = yaml.safe_load(parts[0][3:]) or {}
            except yaml.YAMLError as exc:
                on_problem(str(path), f"broken YAML front matter ({str(exc).splitlines()[0]}); read without it")
                meta = {}
            body = parts[1].split("\n", 1)[1] if "\n" in parts[1] else ""
        if not isinstance(meta, dict):
            on_problem(str(path), "YAML front matter is not a mapping; read without it")
            meta = {}
    title = meta.get("title")
    if title is None:
        heading = re.match(r"\s*#\s+(.+)\n", body)
        if heading:
            title, body = heading.group(1).strip(), body[heading.end():]
    body = strip_boilerplate(body)
    if not body.strip():
        on_problem(str(path), "empty article")
        return
    if _too_long(str(path), body, on_problem):
        return
    date = iso_date(meta.get("date")) or date_from_name(path)
    yield Article(id=str(meta.get("id") or path.stem), text=body, title=_str(title), date=date,
                  url=_str(meta.get("url")), source=_str(meta.get("source")), path=str(path))


def _read_jsonl(path: Path, on_problem: ProblemHandler) -> Iterator[Article]:
    """One article per line, streamed; a bad line is reported with its number and skipped."""
    with path.open("rb") as f:
        for number, raw in enumerate(f, start=1):
            where = f"{path}:{number}"
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                on_problem(where, f"not UTF-8 ({exc.reason} at byte {exc.start})")
                continue
            if not line.strip() or _too_long(where, line, on_problem):
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                on_problem(where, f"malformed JSON ({exc.msg})")
                continue
            article = article_from_record(record, default_id=f"{path.stem}:{number}")
            if article is None:
                on_problem(where, "no \"text\" string in this line")
                continue
            yield replace(article, path=where)


def article_from_record(record: object, default_id: str) -> Article | None:
    """An Article from one JSONL object ({"id", "text", optional "title", "date", "url", "source"})."""
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return None
    return Article(id=str(record.get("id") or default_id), text=record["text"], title=_str(record.get("title")),
                   date=iso_date(record.get("date")), url=_str(record.get("url")), source=_str(record.get("source")))


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def _read_html(path: Path, text: str, on_problem: ProblemHandler) -> Iterator[Article]:
    """A saved web page, its text left for read_page."""
    yield Article(id=path.stem, text="", path=str(path), page=text)


def read_page(article: Article) -> tuple[Article | None, str | None]:
    """(the article with its text and metadata, None), or (None, why not): a saved web page's article by
    trafilatura, page furniture left out."""
    page = trafilatura.bare_extraction(article.page, with_metadata=True, include_comments=False,
                                       include_tables=False)
    body = strip_boilerplate(page.text or "") if page is not None else ""
    if not body.strip():
        return None, "no article text found in this page"
    title = _str(page.title)
    if title and body.startswith(title + "\n"):
        body = body[len(title) + 1:]  # the page's headline, already kept as the title
    if len(body) > MAX_CHARS:
        return None, _too_long_reason(body)
    path = Path(article.path or article.id)
    return replace(article, text=body, title=title, date=iso_date(page.date) or date_from_name(path),
                   url=_str(page.url), source=_str(page.sitename), page=None), None


def _read_feed(path: Path, text: str, on_problem: ProblemHandler) -> Iterator[Article]:
    """An RSS or Atom feed: one article per entry, its HTML content reduced to text."""
    feed = feedparser.parse(text)
    if not feed.entries:
        reason = f" ({feed.bozo_exception})" if feed.bozo else ""
        on_problem(str(path), f"not an RSS or Atom feed, or a feed without entries{reason}")
        return
    outlet = _str(feed.feed.get("title"))
    for number, entry in enumerate(feed.entries, start=1):
        where = f"{path}#{number}"
        html = entry.content[0].value if entry.get("content") else entry.get("summary", "")
        body = strip_boilerplate(_html_text(html))
        if not body.strip():
            on_problem(where, "feed entry without text")
            continue
        if _too_long(where, body, on_problem):
            continue
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        date = dt.date(*published[:3]).isoformat() if published else None
        yield Article(id=str(entry.get("id") or entry.get("link") or f"{path.stem}-{number}"), text=body,
                      title=_str(entry.get("title")), date=date, url=_str(entry.get("link")), source=outlet,
                      path=where)


def _html_text(html: str) -> str:
    if "<" not in html:
        return html
    return lxml.html.fromstring(f"<div>{html}</div>").text_content()


_READERS = {".txt": _read_txt, ".md": _read_md, ".html": _read_html, ".htm": _read_html, ".rss": _read_feed,
            ".atom": _read_feed, ".xml": _read_feed}
