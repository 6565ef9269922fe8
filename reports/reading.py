"""Reports in: plain text or HTML with a small metadata header, or JSON Lines.

A header block is a run of `Key: value` lines (Title, Published, URL, Source) ended by a blank
line. Metadata given on the command line fills what the file lacks.

Whatever an analyst copies from the web is read or refused with a reason, and the rest of the batch
goes on: empty files, binary files (PDF, images, archives), files over MAX_FILE_BYTES, reports over
MAX_REPORT_CHARS, publication dates in the future, reports not in English, and reports whose date
cannot be known are refused; text that is not UTF-8 is decoded by charset detection and the report
carries a notice saying so; HTML is reduced to its visible text (scripts and styles dropped).
"""
from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from charset_normalizer import from_bytes
from htmldate import find_date

from incidents.model import EARLIEST_DATE, Report
from language.dates import stated_anchor
from reports.html import html_to_text

REPORT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".jsonl"}
_HEADER_LINE = re.compile(r"^(title|published|date|url|source|outlet)\s*:\s*(.*)$", re.IGNORECASE)
_HEADER_FIELD = {"title": "title", "published": "published", "date": "published", "url": "url",
                 "source": "outlet", "outlet": "outlet"}
_HTML_HINT = re.compile(r"<\s*(html|body|p|div|article|head)\b", re.IGNORECASE)

MAX_FILE_BYTES = 50_000_000  # a JSON Lines batch may be large; a single page is far smaller
MAX_REPORT_CHARS = 500_000  # about 80,000 words: no news report is longer
# Binary formats an analyst may drop in by mistake, by their first bytes.
_MAGIC = {b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP archive or an Office document",
          b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
          b"\x1f\x8b": "a gzip archive", b"\xd0\xcf\x11\xe0": "an old Office document"}
# English function words: in English news they are about a fifth of all words, in other languages
# written in Latin letters (Kurdish, Turkish, French) almost none; Arabic script has none at all.
_ENGLISH = {"the", "of", "and", "in", "to", "a", "was", "were", "is", "on", "by", "for", "with", "that", "said",
            "at", "from", "he", "they", "has", "have", "an", "as", "which", "after"}
MIN_ENGLISH_SHARE = 0.06
MIN_WORDS_TO_JUDGE = 20


@dataclass(frozen=True)
class ReportError:
    """A report that could not be read; the batch goes on without it."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def parse_date(value: str | date | None) -> date | None:
    """The YYYY-MM-DD date in a publication date value; None when it holds none; ValueError when it holds
    one that no calendar has (2021-02-30)."""
    if value is None or isinstance(value, date):
        return value
    match = re.search(r"\d{4}-\d{2}-\d{2}", value)
    if not match:
        return None
    try:
        return date.fromisoformat(match.group())
    except ValueError:
        raise ValueError(f"publication date {match.group()!r} is not a valid date") from None


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


URL_ANCHOR = "the date in its URL"  # Report.anchored_on of a page dated by its address (".../2014/04/13/...")


def site_of(url: str) -> str:
    """The site a report comes from, when no outlet is named: its address's host without "www." ("rudaw.net")."""
    host = urlsplit(url.strip()).hostname or ""
    return host.removeprefix("www.")


def date_in_url(url: str) -> date | None:
    """The publication day many outlets write into an article's address, read by htmldate (no page is fetched)."""
    found = find_date("<html></html>", url=url, extensive_search=False, original_date=True)
    return date.fromisoformat(found) if found else None


# A month by its number, or by its English name (full, cut to three letters, or "sept") as a whole segment of the
# path ("/2021/december/", not "/2021/march-madness/").
_MONTH_NUMBER = {name.lower(): n for names in (calendar.month_name, calendar.month_abbr)
                 for n, name in enumerate(names) if n} | {"sept": 9}
_URL_MONTH = re.compile(r"/((?:19|20)\d{2})[/-](?:(0?[1-9]|1[0-2])(?=[/-]|$)|"
                        rf"({'|'.join(sorted(_MONTH_NUMBER, key=len, reverse=True))})(?=/|$))", re.IGNORECASE)


def month_in_url(url: str) -> tuple[date, date] | None:
    """The first and last day of the month an article's address names without its day (".../2014/04/story",
    ".../2021/december/story"): the page was published within it."""
    found = _URL_MONTH.search(urlsplit(url.strip()).path)
    if found is None:
        return None
    year = int(found.group(1))
    month = int(found.group(2)) if found.group(2) else _MONTH_NUMBER[found.group(3).lower()]
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def build_report(text: str, path: str = "", notices: tuple[str, ...] = (), **given) -> Report | ReportError:
    """A Report from raw text (with optional header block or HTML); `given` metadata fills the gaps;
    `notices` are what reading the file found worth saying (an encoding guessed)."""
    meta, body = split_header(text)
    if _HTML_HINT.search(body[:2000]):
        html_meta, body = html_to_text(body, url=given.get("url") or meta.get("url", ""))
        meta = {**html_meta, **meta}
    merged = {k: v for k, v in meta.items() if v}
    merged.update({k: v for k, v in given.items() if v})
    try:
        published = parse_date(merged.get("published"))
    except ValueError as exc:
        return ReportError(path, f"{exc}: correct the 'Published' line or pass --published YYYY-MM-DD")
    if not body.strip():
        return ReportError(path, "empty report: no text to read")
    if len(body) > MAX_REPORT_CHARS:
        return ReportError(path, f"too long for one report ({len(body):,} characters; at most "
                                 f"{MAX_REPORT_CHARS:,}): split it into its articles")
    if not is_english(body):
        return ReportError(path, "not in English: only English reports are supported")
    if published is not None and published > date.today():
        return ReportError(path, f"publication date {published} is in the future: check the 'Published' line")
    if published is not None and published < EARLIEST_DATE:
        return ReportError(path, f"publication date {published} is before {EARLIEST_DATE}, earlier than any event "
                                 "this tool records: check the 'Published' line")
    anchored_on = ""
    if published is None and merged.get("url"):
        published = date_in_url(merged["url"])
        anchored_on = URL_ANCHOR if published else ""
    if published is None:
        month = month_in_url(merged.get("url", ""))
        first, last = month or (None, date.today())
        anchor = stated_anchor(body, min(last, date.today()), earliest=first)
        if anchor is None:
            within = f" within {first:%B %Y}, the month its URL names" if month else ""
            return ReportError(path, f"no publication date, and the text pins no day down{within} (a date with its "
                                     "year, or a weekday with its month and day, e.g. 'Monday, March 11'; a photo "
                                     "caption's date does not count): add a 'Published: YYYY-MM-DD' header line or "
                                     "pass --published YYYY-MM-DD")
        published, anchored_on = anchor
    outlet = merged.get("outlet") or site_of(merged.get("url", ""))
    return Report(title=merged.get("title", ""), url=merged.get("url", ""), outlet=outlet,
                  published=published, anchored_on=anchored_on, text=body, path=path, notices=notices)


def is_english(text: str) -> bool:
    """True when English function words make up a fair share of the words (see MIN_ENGLISH_SHARE); a
    text of fewer than MIN_WORDS_TO_JUDGE words is given the benefit of the doubt."""
    words = re.findall(r"[^\W\d_]+", text.lower())[:3000]
    if len(words) < MIN_WORDS_TO_JUDGE:
        return True
    return sum(w in _ENGLISH for w in words) / len(words) >= MIN_ENGLISH_SHARE


def _binary_kind(raw: bytes) -> str | None:
    """What a file is when it is not text: a known format, or any file with NUL bytes."""
    for magic, kind in _MAGIC.items():
        if raw.startswith(magic):
            return kind
    head = raw[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 has NULs too
        return "a binary file"
    return None


def _decode(raw: bytes) -> tuple[str, str | None]:
    """The text, and a notice when it was not UTF-8 (its encoding then comes from charset detection)."""
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw).best()
    encoding = best.encoding if best is not None else "cp1252"
    return (str(best) if best is not None else raw.decode("cp1252", errors="replace"),
            f"not UTF-8: read as {encoding}; check names with accents or non-Latin letters")


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
    if len(raw) > MAX_FILE_BYTES:
        yield ReportError(name, f"file too large (more than {MAX_FILE_BYTES:,} bytes, the most one file may hold)")
        return
    binary = _binary_kind(raw)
    if binary:
        yield ReportError(name, f"{binary}, not a text, HTML or JSON Lines report: save it as text first")
        return
    text, notice = _decode(raw)
    notices = (notice,) if notice else ()
    if name.lower().endswith(".jsonl"):
        yield from _read_jsonl(name, text, {**given, "notices": notices})
    else:
        yield build_report(text, name, notices=notices, **given)


def read_reports(paths: list[str | Path], **given) -> Iterator[Report | ReportError]:
    """Every report in the given files and directories, or a ReportError for each one refused."""
    for path in expand_paths(paths):
        try:
            with path.open("rb") as handle:
                raw = handle.read(MAX_FILE_BYTES + 1)  # never more: /dev/zero is refused, not read whole
        except OSError as exc:
            yield ReportError(str(path), f"cannot read file ({exc.strerror or exc})")
            continue
        yield from read_report_bytes(str(path), raw, **given)
