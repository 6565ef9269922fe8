"""Fetching like a good citizen: one httpx client naming the tool in its User-Agent, timeouts, bounded
retries with exponential backoff on server errors and timeouts, at most `per_host_concurrency` requests to
a host at once and `per_host_delay_s` between two of them (or robots.txt's Crawl-delay, if longer, up to
MAX_CRAWL_DELAY_S), robots.txt obeyed as RFC 9309 says (urllib.robotparser) and read again daily,
conditional requests (ETag / Last-Modified, answered 304), and bodies streamed and cut off at
`max_page_bytes`, never read whole.
Only the public web is reached (watch.public_web), on every redirect hop and robots.txt too.

Thread-safe: the watcher polls several feeds at once from worker threads sharing one Fetcher.
"""
from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx
from charset_normalizer import from_bytes

from watch.config import FetchSettings, printable
from watch.public_web import RefusedTarget, public_client

RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_REDIRECTS = 5  # RFC 9309 asks robots.txt's to be followed for at least five hops
MAX_CRAWL_DELAY_S = 60.0  # a robots.txt asking more (a day per request, 10**20 s) gets this
ROBOTS_KEPT_S = 24 * 3600.0  # a robots.txt read is used this long (RFC 9309: not more than a day)
ROBOTS_UNREAD_KEPT_S = 15 * 60.0  # one that could not be read forbids all this long, then is asked again
TOTAL_TIMEOUTS = 5  # a whole body may take this many timeouts, however steadily it trickles in


@dataclass(frozen=True)
class Fetched:
    """What one GET brought back. `error` says why there is no usable body (None when there is one, or
    when the server answered 304 Not Modified)."""

    url: str
    final_url: str = ""
    status: int | None = None
    body: bytes = b""
    content_type: str | None = None
    charset: str | None = None  # as the server declared it
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    refused: bool = False  # not fetched: the target is not on the public web, or not http(s)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        return decode(self.body, self.charset)


def decode(body: bytes, declared: str | None) -> str:
    """The body as text. UTF-8 that decodes cleanly is taken as UTF-8 whatever the server declared (servers
    often declare ISO-8859-1 by default); otherwise the declared charset, if it decodes; otherwise charset
    detection."""
    for encoding in ("utf-8", declared):
        if encoding:
            try:
                return body.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                pass
    best = from_bytes(body).best()
    return str(best) if best is not None else body.decode("cp1252", errors="replace")


class _HostGate:
    """At most `concurrency` requests at once to one host, and `delay` seconds between their starts."""

    def __init__(self, concurrency: int, delay: float):
        self.slots = threading.Semaphore(concurrency)
        self.delay = delay
        self._lock = threading.Lock()
        self._next_start = 0.0

    def __enter__(self):
        self.slots.acquire()
        with self._lock:
            start = max(time.monotonic(), self._next_start)
            self._next_start = start + self.delay
        time.sleep(max(0.0, start - time.monotonic()))

    def __exit__(self, *_):
        self.slots.release()


class Fetcher:
    def __init__(self, settings: FetchSettings):
        self.settings = settings
        self.max_bytes = settings.max_page_bytes
        self.client = public_client(settings.allow_hosts, headers={"User-Agent": settings.user_agent},
                                    timeout=settings.timeout_s, follow_redirects=True, max_redirects=MAX_REDIRECTS)
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, tuple[RobotFileParser, float]] = {}  # with when it is to be read again
        self._robots_unread: dict[str, Fetched] = {}  # why an origin's robots.txt forbids all: it was not read
        self._lock = threading.Lock()
        self._robots_locks: dict[str, threading.Lock] = {}

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *_) -> None:
        self.close()

    def _gate(self, origin: str) -> _HostGate:
        with self._lock:
            if origin not in self._gates:
                self._gates[origin] = _HostGate(self.settings.per_host_concurrency, self.settings.per_host_delay_s)
            return self._gates[origin]

    def robots(self, url: str) -> RobotFileParser:
        """The host's robots.txt, fetched again after ROBOTS_KEPT_S (ROBOTS_UNREAD_KEPT_S when it could not be
        read) and read as RFC 9309 says: a 4xx answer (none there, or refused) allows everything; a 5xx answer,
        too many requests or an unreachable server forbids everything; a byte-order mark is no part of the
        first line."""
        origin = _origin(url)
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            if origin not in self._robots or self._robots[origin][1] < time.monotonic():
                self._robots_unread.pop(origin, None)
                parser = RobotFileParser(origin + "/robots.txt")
                fetched = self._get(origin + "/robots.txt", {}, retries=0)
                if fetched.status is not None and 200 <= fetched.status < 300 and not fetched.error:
                    parser.parse(fetched.text().lstrip("\ufeff").splitlines())
                elif fetched.status is not None and 400 <= fetched.status < 500 and fetched.status != 429:
                    parser.allow_all = True
                else:
                    parser.disallow_all = True
                    self._robots_unread[origin] = fetched
                self._obey_crawl_delay(origin, parser)
                kept = ROBOTS_UNREAD_KEPT_S if origin in self._robots_unread else ROBOTS_KEPT_S
                self._robots[origin] = (parser, time.monotonic() + kept)
            return self._robots[origin][0]

    def _obey_crawl_delay(self, origin: str, parser: RobotFileParser) -> None:
        try:
            delay = float(parser.crawl_delay(self.settings.user_agent) or 0)
        except (TypeError, ValueError, OverflowError):
            return
        delay = min(delay, MAX_CRAWL_DELAY_S) if math.isfinite(delay) else MAX_CRAWL_DELAY_S
        if delay > self.settings.per_host_delay_s:
            self._gate(origin).delay = delay

    def allowed(self, url: str) -> bool:
        return self.robots(url).can_fetch(self.settings.user_agent, url)

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET `url` if robots.txt allows it, conditionally when a validator is given."""
        if not self.allowed(url):
            unread = self._robots_unread.get(_origin(url))
            if unread is not None and unread.refused:  # the host itself is not public: say so
                return Fetched(url, error=unread.error, refused=True)
            if unread is not None:
                return Fetched(url, error=f"robots.txt could not be read ({unread.error}), so every path is "
                                          f"forbidden (RFC 9309)")
            return Fetched(url, status=None, error="robots.txt forbids this path")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, headers, self.settings.retries)

    def _get(self, url: str, headers: dict, retries: int) -> Fetched:
        gate = self._gate(_origin(url))
        for attempt in range(retries + 1):
            if attempt:
                time.sleep(self.settings.backoff_s * 2 ** (attempt - 1))
            with gate:
                fetched = self._once(url, headers)
            if fetched.status not in RETRY_STATUSES and not (fetched.status is None and fetched.error
                                                             and "timed out" in fetched.error):
                return fetched
        return fetched

    def _once(self, url: str, headers: dict) -> Fetched:
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                common = dict(url=url, final_url=str(response.url), status=response.status_code,
                              etag=response.headers.get("ETag"), last_modified=response.headers.get("Last-Modified"))
                if response.status_code == 304:
                    return Fetched(**common)
                if response.status_code >= 400:
                    reason = printable(response.reason_phrase)[:100]
                    return Fetched(**common, error=f"HTTP {response.status_code} {reason}".strip())
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > self.max_bytes and \
                        "content-encoding" not in response.headers:
                    return Fetched(**common, error=f"too large ({int(declared):,} bytes; at most {self.max_bytes:,})")
                chunks, size = [], 0
                deadline = time.monotonic() + TOTAL_TIMEOUTS * self.settings.timeout_s
                for chunk in response.iter_bytes():  # decoded: a gzip bomb is cut off too
                    size += len(chunk)
                    if size > self.max_bytes:
                        return Fetched(**common, error=f"too large (over {self.max_bytes:,} bytes)")
                    if time.monotonic() > deadline:  # a server trickling bytes never trips the read timeout
                        return Fetched(**common, error=f"too slow (not whole after "
                                                       f"{TOTAL_TIMEOUTS * self.settings.timeout_s:g} s)")
                    chunks.append(chunk)
                return Fetched(**common, body=b"".join(chunks), content_type=response.headers.get("Content-Type"),
                               charset=response.charset_encoding)
        except httpx.TimeoutException:
            return Fetched(url, error=f"timed out after {self.settings.timeout_s:g} s")
        except httpx.TooManyRedirects:
            return Fetched(url, error=f"more than {MAX_REDIRECTS} redirects")
        except RefusedTarget as exc:
            return Fetched(url, error=f"refused: {exc}", refused=True)
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            return Fetched(url, error=f"could not connect ({type(exc).__name__})")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
