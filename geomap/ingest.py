"""Ingest: read articles from .txt, .md (YAML front matter), .jsonl files and folders of them.

Bad input never stops a run: each problem is passed to `on_problem(path, reason)` and reading goes on.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import yaml

from geomap.records import Article

SUFFIXES = (".txt", ".md", ".jsonl")
ProblemHandler = Callable[[str, str], None]

# Lines that are page furniture, not reporting.
_BOILERPLATE = re.compile(
    r"""^\s*(
        (photo|image|picture|video)\s*(credit)?s?\s*[:/]  |
        (\w+\s*/\s*){1,4}(reuters|sputnik|afp|ap|getty\s+images|epa|tass|ria\s+novosti|anadolu)\b.{0,40}$ |
        (reuters|sputnik|afp|getty\s+images|epa|tass|ria\s+novosti)(\s*/\s*\w+)*\s*$ |
        read\s+more\s*(at|:|on)\b |
        (sign\s+up|subscribe)\b.{0,80}(newsletter|updates|inbox|free) |
        .{0,40}\bnewsletter\b.{0,40}$ |
        oops!?\s+something\s+went\s+wrong |
        (share|follow\s+us)\s+(this|on)\b.{0,40}$ |
        advertisement\s*$
    )""",
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
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        elif path.is_file():
            yield path
        else:
            on_problem(str(path), "no such file or folder")


def read_articles(paths: Iterable[str | Path], on_problem: ProblemHandler) -> Iterator[Article]:
    for path in expand(paths, on_problem):
        reader = _READERS.get(path.suffix.lower())
        if reader is None:
            on_problem(str(path), f"unsupported file type {path.suffix or '(none)'}; expected .txt, .md or .jsonl")
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            on_problem(str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})")
            continue
        except OSError as exc:
            on_problem(str(path), f"cannot read: {exc.strerror}")
            continue
        yield from reader(path, text, on_problem)


def date_from_name(path: Path) -> str | None:
    """"2023-05-22_kozinka.txt" → "2023-05-22": the date a file name starts with, for files that carry none."""
    return iso_date(path.name[:10]) if re.match(r"\d{4}-\d{2}-\d{2}", path.name) else None


def _read_txt(path: Path, text: str, on_problem: ProblemHandler) -> Iterator[Article]:
    title, body = _split_title(text)
    body = strip_boilerplate(body)
    if not body.strip():
        on_problem(str(path), "empty article")
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
    date = iso_date(meta.get("date")) or date_from_name(path)
    yield Article(id=str(meta.get("id") or path.stem), text=body, title=_str(title), date=date,
                  url=_str(meta.get("url")), source=_str(meta.get("source")), path=str(path))


def _read_jsonl(path: Path, text: str, on_problem: ProblemHandler) -> Iterator[Article]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
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


_READERS = {".txt": _read_txt, ".md": _read_md, ".jsonl": _read_jsonl}
