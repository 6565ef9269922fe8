"""The articles a feed points at: entries of an RSS or Atom feed (feedparser), or the article links of a
section page, for sites without a feed. The same URL listed twice (feeds repeat items) is one entry."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import date
from urllib.parse import urldefrag, urljoin, urlsplit

import feedparser
import lxml.html

from watch.config import Feed

# A section page's link to an article, not to another section: its last path segment is a slug of three
# words or more ("gunmen-kill-two-near-daquq") or carries a long number (an article id).
_ARTICLE_PATH = re.compile(r"/[^/]*(?:\w+-\w+-\w+|\d{5,})[^/]*/?$")
_NOT_CONTENT = ("nav", "header", "footer", "aside")


class FeedError(ValueError):
    """What a feed's content says cannot be read."""


@dataclass(frozen=True)
class Entry:
    url: str
    title: str = ""
    summary: str = ""
    published: date | None = None
    updated: str | None = None  # the feed's own stamp for the entry, compared as given


def _day(parsed: time.struct_time | None) -> date | None:
    return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None


def _unique(entries: list[Entry]) -> list[Entry]:
    seen: set[str] = set()
    out = []
    for entry in entries:
        if entry.url not in seen:
            seen.add(entry.url)
            out.append(entry)
    return out


def _http(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https")


def feed_entries(body: bytes, base_url: str, content_type: str | None = None) -> list[Entry]:
    """The entries of an RSS 0.9x/1.0/2.0 or Atom feed, their links made absolute against `base_url`."""
    parsed = feedparser.parse(body, response_headers={"content-type": content_type} if content_type else None)
    if not parsed.entries and (parsed.bozo or not parsed.version):
        raise FeedError("not an RSS or Atom feed" + (f" ({type(parsed.bozo_exception).__name__})"
                                                    if parsed.bozo else ""))
    entries = []
    for item in parsed.entries:
        link = item.get("link") or next((x.get("href") for x in item.get("links", []) if x.get("href")), None)
        if not link:
            continue
        url = urldefrag(urljoin(base_url, link.strip())).url
        if _http(url):
            keys = set(item.keys())  # (item.get("updated") would fall back to "published", with a warning)
            entries.append(Entry(url=url, title=item.get("title", ""), summary=item.get("summary", ""),
                                 published=_day(item.get("published_parsed") or (item["updated_parsed"]
                                                                                if "updated_parsed" in keys else None)),
                                 updated=item["updated"] if "updated" in keys else item.get("published")))
    if parsed.entries and not entries:  # a broken feed, not an empty one
        raise FeedError(f"none of its {len(parsed.entries)} entries links to a web page")
    return _unique(entries)


def page_entries(html: str, base_url: str) -> list[Entry]:
    """The article links of a section page: links on the same site, outside navigation, header, footer and
    asides, whose path looks like an article's (see _ARTICLE_PATH), with their link text as title."""
    try:
        document = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise FeedError(f"not an HTML page ({type(exc).__name__})") from None
    host = urlsplit(base_url).hostname
    entries = []
    for anchor in document.iter("a"):
        href = anchor.get("href")
        if not href or any(True for _ in anchor.iterancestors(*_NOT_CONTENT)):
            continue
        url = urldefrag(urljoin(base_url, href.strip())).url
        parts = urlsplit(url)
        if _http(url) and parts.hostname == host and _ARTICLE_PATH.search(parts.path) and url != base_url:
            entries.append(Entry(url=url, title=" ".join(anchor.text_content().split())))
    return _unique(entries)


def entries_of(feed: Feed, body: bytes, text: str, base_url: str, content_type: str | None) -> list[Entry]:
    return feed_entries(body, base_url, content_type) if feed.kind == "feed" else page_entries(text, base_url)
