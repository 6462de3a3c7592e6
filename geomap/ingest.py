"""Ingest: read articles from .txt, .md (YAML front matter), .jsonl, .html pages (trafilatura, through read_page
where the article is processed), RSS/Atom feeds (feedparser), Telegram Desktop channel exports (.json) and folders
of them.

Bad input never stops a run: each problem is passed to `on_problem(path, reason)` and reading goes on. Files are
streamed one at a time (JSONL line by line, Telegram exports message by message), so a corpus is never held in
memory. Each format is one entry of `_READERS`, the registry `SUFFIXES` is read from.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import charset_normalizer
import feedparser
import ijson
import lxml.html
import trafilatura
import yaml

from geomap.records import Article
from geomap.vocabulary import PICTURE_CREDITS

ProblemHandler = Callable[[str, str], None]
Reader = Callable[[Path, ProblemHandler], Iterator[Article]]
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
        reader = _READERS.get(path.suffix.lower())
        if reader is None:
            on_problem(str(path), f"unsupported file type {path.suffix or '(none)'}; expected one of "
                                  f"{', '.join(SUFFIXES)}")
            continue
        try:
            yield from reader(path, on_problem)
        except OSError as exc:
            on_problem(str(path), f"cannot read: {exc.strerror or exc}")


def _whole_file(read: Callable[[Path, str, ProblemHandler], Iterator[Article]]) -> Reader:
    """A reader of formats that hold one article or a small feed: the file's text decoded whole, then parsed."""
    def reader(path: Path, on_problem: ProblemHandler) -> Iterator[Article]:
        text = _read_text(path, on_problem)
        if text is not None:
            yield from read(path, text, on_problem)
    return reader


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


# --- Telegram Desktop exports ---
# "Export chat history" of one channel writes result.json: {"name", "type", "id", "messages": [...]}; an export of
# the whole account nests such chats under "chats" and "left_chats", each {"about", "list": [...]}. Telegram Desktop
# writes no username (export_output_json.cpp), so a post's t.me link needs the channel's username read elsewhere:
# a "username" field (other exporters write one), or the channel's sign-off, a text link written as the channel's
# own name to https://t.me/<username>. Without either a post has no link: none is guessed.
_CHAT_PREFIXES = ("", "chats.list.item", "left_chats.list.item")
_CHAT_FIELDS = {f"{chat}.{key}".lstrip("."): (chat, key) for chat in _CHAT_PREFIXES
                for key in ("name", "type", "id", "username")}
_MESSAGE_PREFIXES = {f"{chat}.messages.item".lstrip("."): chat for chat in _CHAT_PREFIXES}
_MESSAGES_PREFIXES = {f"{chat}.messages".lstrip(".") for chat in _CHAT_PREFIXES}
_LINKABLE_CHATS = frozenset({"public_channel", "public_supergroup"})  # the chats that have a username
_USERNAME = r"[A-Za-z][A-Za-z0-9_]{3,31}"
_SIGN_OFF = re.compile(rb'"type":\s*"text_link",\s*"text":\s*("(?:[^"\\]|\\.)*"),\s*"href":\s*"https?://t\.me/('
                       + _USERNAME.encode() + rb')/?"')
_SCAN_BYTES = 1 << 24
_SCAN_OVERLAP = 1 << 12
_FAULT_BUFFER = 16  # bytes per read when an export is read again up to its fault


def read_telegram_export(path: Path, on_problem: ProblemHandler) -> Iterator[Article]:
    """One article per message of a Telegram Desktop export (result.json), dated by the message's day and sourced
    to the channel; service messages and messages without text are skipped. Streamed event by event (ijson), so an
    export of any size is held one message at a time."""
    told: set[tuple[str, str]] = set()

    def once(where: str, reason: str) -> None:
        if (where, reason) not in told:
            told.add((where, reason))
            on_problem(where, reason)

    read = _ExportRead()
    yield from _read_export(path, once, read)
    if read.fault is not None:
        # ijson gives out a buffer's events only once the whole buffer has parsed, so a fault hides the messages
        # read in its buffer (in an export under 64 KB, all of them). Read again in small buffers up to the fault.
        given, read = read.articles, _ExportRead()
        for n, article in enumerate(_read_export(path, once, read, buffer=_FAULT_BUFFER)):
            if n >= given:
                yield article
    if read.fault is not None:
        _report_fault(path, read, once)
    elif not read.saw_messages and not read.rejected:
        once(str(path), "not a Telegram Desktop export (no \"messages\" list)")


@dataclass(slots=True)
class _ExportRead:
    """How far reading a Telegram export got."""

    saw_messages: bool = False
    number: int = 0  # messages met
    articles: int = 0  # articles given out
    last_id: int | None = None
    chats: dict[str, dict] = field(default_factory=dict)
    fault: str | None = None  # the JSON error that ended the read
    rejected: bool = False  # the file was named as no export and left


def _report_fault(path: Path, read: _ExportRead, on_problem: ProblemHandler) -> None:
    if "trailing garbage" in read.fault and not read.saw_messages:
        on_problem(str(path), "not a Telegram Desktop export: more than one JSON value (JSON Lines are read "
                              "from .jsonl files)")
    elif read.number == 0 and not read.chats:
        on_problem(str(path), f"not JSON ({read.fault})")
    else:
        after = f"message {read.last_id}" if read.last_id is not None else "the chat's header"
        on_problem(str(path), f"malformed JSON after {after} ({read.fault}); the messages before it were read")


def _read_export(path: Path, on_problem: ProblemHandler, read: _ExportRead, buffer: int = 64 * 1024
                 ) -> Iterator[Article]:
    chats = read.chats
    sign_offs: dict[str, set[str]] | None = None
    with path.open("rb") as f:
        if f.read(3) != codecs.BOM_UTF8:
            f.seek(0)
        events = ijson.parse(f, buf_size=buffer, use_float=True)
        try:
            for prefix, event, value in events:
                if prefix == "" and event not in ("start_map", "end_map", "map_key"):
                    on_problem(str(path), "not a Telegram Desktop export: the JSON is no object with a "
                                          "\"messages\" list")
                    read.rejected = True
                    return
                if prefix in _CHAT_PREFIXES and event == "start_map":
                    chats[prefix] = {}  # a new chat: the fields read so far were another's
                elif prefix in _CHAT_FIELDS and event in ("string", "number"):
                    chat, key = _CHAT_FIELDS[prefix]
                    chats.setdefault(chat, {})[key] = value
                elif prefix in _MESSAGES_PREFIXES and event != "end_array":
                    if event != "start_array":
                        on_problem(str(path), "malformed Telegram export: \"messages\" is not a list")
                        read.rejected = True
                        return
                    read.saw_messages = True
                elif prefix in _MESSAGE_PREFIXES:
                    read.number += 1
                    message = _built(events, event) if event in ("start_map", "start_array") else value
                    chat = chats.setdefault(_MESSAGE_PREFIXES[prefix], {})
                    if not isinstance(message, dict) or isinstance(message.get("id"), bool) \
                            or not isinstance(message.get("id"), int):
                        after = f" (after message {read.last_id})" if read.last_id is not None else ""
                        what = "is not an object" if not isinstance(message, dict) else "has no id"
                        on_problem(str(path), f"message {read.number}{after} {what}; skipped")
                        continue
                    read.last_id = message["id"]
                    if "url" not in chat:
                        if sign_offs is None and chat.get("type") in _LINKABLE_CHATS and not chat.get("username"):
                            sign_offs = _telegram_sign_offs(path)
                        chat["url"] = _channel_url(chat, sign_offs or {})
                    article = _telegram_article(path, chat, message, on_problem)
                    if article is not None:
                        read.articles += 1
                        yield article
        except ijson.JSONError as exc:
            read.fault = _first_line(exc)


def _first_line(exc: Exception) -> str:
    """The first line of a parser's error, which yajl gives as bytes."""
    arg = exc.args[0] if exc.args else ""
    text = arg.decode("utf-8", "replace") if isinstance(arg, bytes) else str(arg)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__


def _built(events: Iterator[tuple[str, str, object]], start: str) -> object:
    """The object or list whose start (start_map, start_array) was just read, built from the events up to its end."""
    builder = ijson.ObjectBuilder()
    builder.event(start, None)
    depth = 1
    for _, event, value in events:
        builder.event(event, value)
        depth += (event in ("start_map", "start_array")) - (event in ("end_map", "end_array"))
        if depth == 0:
            return builder.value
    raise ijson.IncompleteJSONError("the file ends inside a message")


def telegram_text(value: object, channel: str = "") -> str:
    """A message's text: Telegram writes a string, or a list of strings and entities ({"type", "text", …}). The
    channel's sign-off (a link written as its name) is furniture, not reporting, and a channel named after a region
    would otherwise put that region in every post."""
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        return ""
    def kept(part: object) -> str:
        if isinstance(part, str):
            return part
        if not isinstance(part, dict):
            return ""
        text = str(part.get("text", ""))
        if channel and part.get("type") == "text_link" and text.strip().casefold() == channel.strip().casefold():
            return ""
        return text
    return "".join(kept(part) for part in value)


def _telegram_article(path: Path, chat: dict, message: dict, on_problem: ProblemHandler) -> Article | None:
    if message.get("type", "message") != "message":
        return None  # "service" (a pinned post, a changed title…) or "unsupported": no reporting
    name = str(chat.get("name") or "")
    text = telegram_text(message.get("text"), name) or telegram_text(message.get("text_entities"), name)
    body = strip_boilerplate(text).strip()
    where = f"{path}#{message['id']}"
    if not body.strip() or _too_long(where, body, on_problem):
        return None  # a photo or a video without caption
    url = f"{chat['url']}/{message['id']}" if chat.get("url") else None
    return Article(id=f"telegram:{chat.get('id', path.stem)}:{message['id']}", text=body, title=None,
                   date=_message_day(message), url=url, source=_str(chat.get("name")), path=where)


def _message_day(message: dict) -> str | None:
    """The day of "date" (the local time Telegram Desktop wrote the export in), else of "date_unixtime" (UTC)."""
    day = iso_date(message.get("date"))
    if day is None and str(message.get("date_unixtime", "")).isdigit():
        day = dt.datetime.fromtimestamp(int(message["date_unixtime"]), dt.UTC).date().isoformat()
    return day


def _channel_url(chat: dict, sign_offs: dict[str, set[str]]) -> str | None:
    """https://t.me/<username> of a chat: its "username" field, or the one link written as its name."""
    username = str(chat.get("username") or "").lstrip("@")
    if not username and chat.get("type") in _LINKABLE_CHATS:
        found = sign_offs.get(str(chat.get("name", "")).strip().casefold(), set())
        username = next(iter(found)) if len(found) == 1 else ""
    return f"https://t.me/{username}" if re.fullmatch(_USERNAME, username) else None


def _telegram_sign_offs(path: Path) -> dict[str, set[str]]:
    """{link text (casefolded): usernames} of every text link to a t.me channel in the file, read by a scan of its
    bytes (a regular expression over 16 MB at a time), not a second parse."""
    found: dict[str, set[str]] = {}
    with path.open("rb") as f:
        tail = b""
        while chunk := f.read(_SCAN_BYTES):
            data = tail + chunk
            for m in _SIGN_OFF.finditer(data):
                try:
                    text = json.loads(m.group(1))
                except (json.JSONDecodeError, UnicodeDecodeError):
                    continue
                found.setdefault(text.strip().casefold(), set()).add(m.group(2).decode())
            tail = data[-_SCAN_OVERLAP:]
    return found


_READERS: dict[str, Reader] = {
    ".txt": _whole_file(_read_txt), ".md": _whole_file(_read_md), ".jsonl": _read_jsonl,
    ".html": _whole_file(_read_html), ".htm": _whole_file(_read_html), ".rss": _whole_file(_read_feed),
    ".atom": _whole_file(_read_feed), ".xml": _whole_file(_read_feed), ".json": read_telegram_export,
}
SUFFIXES = tuple(_READERS)
