"""A news site on loopback for the watcher's tests and benchmark: feeds (RSS 2.0, Atom), section pages and
article pages written here, laid out like real outlets' pages (navigation, breadcrumb, headline, byline,
article body, related stories, newsletter box, comments, footer) with our own text. Each path can be
served gzip-compressed, with a wrong declared charset, as a redirect, with ETag / 304, as an error, slowly,
or as an endless stream. Every request is logged, so a test can say what was (not) fetched."""
from __future__ import annotations

import gzip
import re
import threading
import time
from dataclasses import dataclass, field
from email.utils import format_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator
from xml.sax.saxutils import escape

NAV = ["Home", "Kurdistan", "Iraq", "Middle East", "World", "Economy", "Security", "Opinion", "Video"]
RELATED = ["Erbil and Baghdad resume talks on salaries", "Prices of vegetables rise in Sulaimani markets",
           "Football: Erbil SC win the league", "New bridge opens over the Lesser Zab river"]
BOILERPLATE = ["Subscribe to our newsletter for the latest news from Kurdistan and Iraq.",
               "Copyright 2024 Loopback News Network. All rights reserved.",
               "Comments are the sole responsibility of their authors and do not reflect our views.",
               "Read our privacy policy and terms of use before commenting."]


@dataclass
class Response:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    gzip: bool = False
    delay_s: float = 0.0
    etag: str | None = None  # answered 304 when the request's If-None-Match has it
    stream_bytes: int = 0  # > 0: a page of this many bytes, made as it is sent, with no length declared
    trickle_s: float = 0.0  # > 0: the body sent 200 bytes at a time, this many seconds apart
    reason: str | None = None  # the status line's reason phrase, when not the standard one


def article_html(title: str, paragraphs: list[str], published: str | None = "2024-03-05T09:30:00+03:00",
                 site: str = "Loopback News", lang: str = "en", comments: tuple[str, ...] = ()) -> str:
    """An article page laid out as news sites lay theirs out; `published=None` leaves every date out."""
    meta = (f'<meta property="article:published_time" content="{published}">' if published else "")
    when = f'<time datetime="{published}">{published[:10]}</time>' if published else ""
    nav = "".join(f'<li><a href="/en/{n.lower().replace(" ", "-")}">{n}</a></li>' for n in NAV)
    related = "".join(f'<li><a href="/en/story/{i}">{escape(r)}</a></li>' for i, r in enumerate(RELATED))
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    comment_html = "".join(f'<div class="comment"><p>{escape(c)}</p></div>' for c in comments)
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<title>{escape(title)} | {site}</title><meta property="og:site_name" content="{site}">
<meta property="og:title" content="{escape(title)}">{meta}
<script>window.dataLayer = [{{"page": "article"}}];</script><style>.nav {{ display: flex }}</style></head>
<body><header class="site-header"><div class="logo"><a href="/">{site}</a></div>
<nav class="nav"><ul>{nav}</ul></nav><div class="breaking">Breaking: {escape(RELATED[0])}</div></header>
<main><div class="breadcrumb"><a href="/">Home</a> / <a href="/en/security">Security</a></div>
<article class="article"><h1 class="headline">{escape(title)}</h1>
<div class="byline">By Staff Writer {when}</div><div class="article-body">{body}</div>
<div class="tags"><a href="/tag/security">Security</a> <a href="/tag/kurdistan">Kurdistan</a></div></article>
<aside class="related"><h3>Related stories</h3><ul>{related}</ul></aside>
<section class="newsletter"><p>{BOILERPLATE[0]}</p></section>
<section class="comments"><h3>Comments</h3>{comment_html}<p>{BOILERPLATE[2]}</p></section></main>
<footer><p>{BOILERPLATE[1]}</p><p>{BOILERPLATE[3]}</p><a href="/en/about-us-and-contacts">About us</a></footer>
</body></html>"""


def wire_html(title: str, paragraphs: list[str], published: str | None = "2024-03-05T09:30:00Z") -> str:
    """An article page laid out as wire services and aggregators lay theirs out: no <article> element, the
    story in a div among others, teaser paragraphs in a "most read" rail, a cookie notice, JSON-LD metadata."""
    ld = (f'<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{escape(title)}", '
          f'"datePublished": "{published}"}}</script>' if published else "")
    story = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    rail = "".join(f'<div class="teaser"><p>{escape(r)}: officials said the matter would be discussed again next '
                   f"week.</p></div>" for r in RELATED)
    return f"""<html><head><title>{escape(title)} - Loopback Wire</title>{ld}</head><body>
<div id="cookie"><p>We use cookies to improve your experience. By continuing you accept our cookie policy.</p></div>
<div class="top"><a href="/">Loopback Wire</a> <a href="/world">World</a> <a href="/markets">Markets</a></div>
<div class="wrap"><div class="main"><h1>{escape(title)}</h1><div class="dateline">Reporting by our correspondent</div>
<div class="story">{story}</div><p class="credit">Editing by the desk.</p></div>
<div class="rail"><h2>Most read</h2>{rail}</div></div>
<div class="bottom"><p>{BOILERPLATE[1]}</p><p>{BOILERPLATE[3]}</p></div></body></html>"""


def rss(items: list[dict], title: str = "Loopback News - Security") -> str:
    """RSS 2.0: each item a dict of title, link, and optionally pubDate (datetime), description, guid."""
    def item(i: dict) -> str:
        date = f"<pubDate>{format_datetime(i['pubDate'])}</pubDate>" if i.get("pubDate") else ""
        return (f"<item><title>{escape(i['title'])}</title><link>{escape(i['link'])}</link>{date}"
                f"<description>{escape(i.get('description', ''))}</description>"
                f"<guid isPermaLink=\"false\">{escape(i.get('guid', i['link']))}</guid></item>")
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>http://loopback.invalid/</link><description>News</description>"
            f"{''.join(item(i) for i in items)}</channel></rss>")


def atom(entries: list[dict], title: str = "Loopback Wire") -> str:
    """Atom 1.0: each entry a dict of title, link, updated (datetime) and optionally summary."""
    def entry(e: dict) -> str:
        return (f"<entry><title>{escape(e['title'])}</title><link rel=\"alternate\" href=\"{escape(e['link'])}\"/>"
                f"<id>{escape(e['link'])}</id><updated>{e['updated'].isoformat()}</updated>"
                f"<summary>{escape(e.get('summary', ''))}</summary></entry>")
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{escape(title)}</title><id>urn:loopback:wire</id>"
            f"<updated>{datetime.now(timezone.utc).isoformat()}</updated>{''.join(entry(e) for e in entries)}</feed>")


def section_html(links: list[tuple[str, str]]) -> str:
    """A section page: navigation and footer links, then article teasers."""
    nav = "".join(f'<a href="/en/{n.lower().replace(" ", "-")}">{n}</a>' for n in NAV)
    teasers = "".join(f'<div class="teaser"><h2><a href="{href}">{escape(text)}</a></h2></div>' for href, text in links)
    return (f"<html><body><header><nav>{nav}</nav></header><main><h1>Security</h1>{teasers}"
            f'<div class="pager"><a href="/en/security?page=2">Next</a></div></main>'
            f'<footer><a href="/en/about-us-and-contacts">About us</a></footer></body></html>')


class FeedServer:
    """Serves `routes` (path -> Response) on 127.0.0.1; `requests` logs (path, headers) in order."""

    def __init__(self, routes: dict[str, Response] | None = None, host: str = "127.0.0.1"):
        self.routes: dict[str, Response] = dict(routes or {})
        self.requests: list[tuple[str, dict]] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                with server._lock:
                    server.requests.append((self.path, dict(self.headers)))
                server._answer(self)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                with server._lock:
                    server.requests.append((self.path, {**dict(self.headers), "body": body}))
                if self.path in server.routes:  # a webhook answering as the route says
                    return server._answer(self)
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://{host}:{self.httpd.server_address[1]}"

    def __enter__(self) -> "FeedServer":
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for p, _ in self.requests if p == path)

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        route = self.routes.get(handler.path)
        if route is None:
            route = Response(b"<html><body><h1>Not found</h1></body></html>", status=404)
        if route.delay_s:
            time.sleep(route.delay_s)
        try:
            if route.etag and handler.headers.get("If-None-Match") == route.etag:
                handler.send_response(304)
                handler.send_header("ETag", route.etag)
                handler.send_header("Content-Length", "0")
                handler.end_headers()
                return
            handler.send_response(route.status, route.reason)
            handler.send_header("Content-Type", route.content_type)
            for key, value in route.headers.items():
                handler.send_header(key, value)
            if route.etag:
                handler.send_header("ETag", route.etag)
            if route.stream_bytes:  # no length given: the client must stop reading by itself
                handler.send_header("Connection", "close")
                handler.close_connection = True
                handler.end_headers()
                for chunk in _filler(route.stream_bytes):
                    handler.wfile.write(chunk)
                return
            body = gzip.compress(route.body) if route.gzip else route.body
            if route.gzip:
                handler.send_header("Content-Encoding", "gzip")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            for start in range(0, len(body), 200 if route.trickle_s else max(1, len(body))):
                handler.wfile.write(body[start:start + 200] if route.trickle_s else body)
                handler.wfile.flush()
                time.sleep(route.trickle_s)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading (a page too large, a timeout): as it should


def _filler(size: int, chunk: int = 1 << 20) -> Iterator[bytes]:
    """`size` bytes of HTML paragraphs, produced as they are sent (never held whole)."""
    block = (b"<p>" + b"Filler text of a very long page. " * 30 + b"</p>\n") * 50
    sent = 0
    yield b"<html><body>"
    while sent < size - 12:
        piece = (block * (chunk // len(block) + 1))[:min(chunk, size - 12 - sent)]
        sent += len(piece)
        yield piece


def news_site(feeds: int, articles: int, seed: int = 7) -> dict[str, Response]:
    """Routes for `feeds` RSS feeds (/feeds/N.xml) of `articles` article pages each, the articles' text from
    bench.synthetic (attacks in the disputed territories among statements and history), all distinct."""
    from bench.synthetic import synthetic_reports

    reports = synthetic_reports(feeds * articles, seed=seed)
    routes: dict[str, Response] = {"/robots.txt": Response(b"User-agent: *\nAllow: /\n", content_type="text/plain")}
    for f in range(feeds):
        listed = []
        for a in range(articles):
            report = reports[f * articles + a]
            path = f"/news/{f}/{report.published:%Y/%m/%d}/synthetic-report-{f}-{a}"
            routes[path] = Response(article_html(report.title, re.split(r"(?<=\.) ", report.text),
                                                 published=report.published.isoformat()).encode("utf-8"))
            listed.append({"title": report.title, "link": path, "pubDate": datetime(
                report.published.year, report.published.month, report.published.day, 12, tzinfo=timezone.utc)})
        routes[f"/feeds/{f}.xml"] = Response(rss(listed, title=f"Feed {f}").encode("utf-8"),
                                             content_type="application/rss+xml")
    return routes
