"""Reports in: plain text or HTML with a small metadata header, or JSON Lines.

A header block is a run of `Key: value` lines (Title, Published, URL, Source) ended by a blank
line. Metadata given on the command line fills what the file lacks. A report without a
publication date cannot have its relative dates resolved, so it is refused with a clear message.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator

from bs4 import BeautifulSoup

from incidents.dates import stated_anchor
from incidents.model import Report

REPORT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".jsonl"}
_HEADER_LINE = re.compile(r"^(title|published|date|url|source|outlet)\s*:\s*(.*)$", re.IGNORECASE)
_HEADER_FIELD = {"title": "title", "published": "published", "date": "published", "url": "url",
                 "source": "outlet", "outlet": "outlet"}
_HTML_HINT = re.compile(r"<\s*(html|body|p|div|article|head)\b", re.IGNORECASE)
_META_DATE = ("article:published_time", "datePublished", "pubdate", "publishdate", "date", "dc.date")


@dataclass(frozen=True)
class ReportError:
    """A report that could not be read; the batch goes on without it."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def parse_date(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    match = re.search(r"\d{4}-\d{2}-\d{2}", value)
    if not match:
        return None
    try:
        return date.fromisoformat(match.group())
    except ValueError:
        return None


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Metadata lines at the top, then the body."""
    lines = text.lstrip("\ufeff").splitlines()
    meta: dict[str, str] = {}
    i = 0
    while i < len(lines) and (m := _HEADER_LINE.match(lines[i].strip())):
        meta[_HEADER_FIELD[m.group(1).lower()]] = m.group(2).strip()
        i += 1
    if meta and i < len(lines) and lines[i].strip():
        return {}, text  # not a header block: the "Key:" line was prose
    return meta, "\n".join(lines[i:]).strip()


def html_to_text(html: str) -> tuple[dict[str, str], str]:
    """Visible text of an HTML page (scripts and styles dropped) and the metadata it declares."""
    soup = BeautifulSoup(html, "html.parser")
    meta: dict[str, str] = {}
    if soup.title and soup.title.string:
        meta["title"] = soup.title.string.strip()
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop")
        if key in _META_DATE and tag.get("content") and "published" not in meta:
            meta["published"] = tag["content"]
        if key == "og:url" and tag.get("content"):
            meta["url"] = tag["content"]
    time_tag = soup.find("time", attrs={"datetime": True})
    if time_tag and "published" not in meta:
        meta["published"] = time_tag["datetime"]
    for tag in soup(["script", "style", "noscript", "template", "svg", "head"]):
        tag.decompose()
    blocks = [b.get_text(" ", strip=True) for b in soup.find_all(["p", "h1", "h2", "h3", "li", "blockquote"])]
    text = "\n".join(b for b in blocks if b) or soup.get_text("\n", strip=True)
    return meta, text


def build_report(text: str, path: str = "", **given) -> Report | ReportError:
    """A Report from raw text (with optional header block or HTML); `given` metadata fills the gaps."""
    meta, body = split_header(text)
    if _HTML_HINT.search(body[:2000]):
        html_meta, body = html_to_text(body)
        meta = {**html_meta, **meta}
    merged = {k: v for k, v in meta.items() if v}
    merged.update({k: v for k, v in given.items() if v})
    published = parse_date(merged.get("published"))
    if not body.strip():
        return ReportError(path, "empty report: no text to read")
    anchored_on = ""
    if published is None:
        anchor = stated_anchor(body, date.today())
        if anchor is None:
            return ReportError(path, "no publication date, and the text names no day with its year or weekday: "
                                     "add a 'Published: YYYY-MM-DD' header line or pass --published YYYY-MM-DD")
        published, anchored_on = anchor
    return Report(title=merged.get("title", ""), url=merged.get("url", ""), outlet=merged.get("outlet", ""),
                  published=published, anchored_on=anchored_on, text=body, path=path)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _read_jsonl(name: str, text: str, given: dict) -> Iterator[Report | ReportError]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReportError(where, f"not valid JSON ({exc.msg})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield ReportError(where, "a JSON Lines report needs a 'text' field")
            continue
        fields = {"title": record.get("title"), "url": record.get("url"),
                  "outlet": record.get("source") or record.get("outlet"), "published": record.get("published")}
        yield build_report(record["text"], where, **{**{k: v for k, v in fields.items() if v}, **given})


def expand_paths(paths: list[str | Path]) -> list[Path]:
    """Files as given, and the report files inside any directory given."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES))
        else:
            out.append(p)
    return out


def read_report_bytes(name: str, raw: bytes, **given) -> Iterator[Report | ReportError]:
    """The reports in one file's content (a text/HTML report, or JSON Lines when the name says so)."""
    given = {k: v for k, v in given.items() if v}
    text = _decode(raw)
    if name.lower().endswith(".jsonl"):
        yield from _read_jsonl(name, text, given)
    else:
        yield build_report(text, name, **given)


def read_reports(paths: list[str | Path], **given) -> Iterator[Report | ReportError]:
    """Every report in the given files and directories, or a ReportError for each one refused."""
    for path in expand_paths(paths):
        try:
            raw = path.read_bytes()
        except OSError as exc:
            yield ReportError(str(path), f"cannot read file ({exc.strerror or exc})")
            continue
        yield from read_report_bytes(str(path), raw, **given)
