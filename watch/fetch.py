"""Fetching like a good citizen: one httpx client naming the tool in its User-Agent, timeouts, bounded
retries with exponential backoff on server errors and timeouts, at most `per_host_concurrency` requests to
a host at once and `per_host_delay_s` between two of them (or robots.txt's Crawl-delay, if longer),
robots.txt obeyed (urllib.robotparser), conditional requests (ETag / Last-Modified, answered 304), and
bodies streamed and cut off at reports.reading.MAX_FILE_BYTES, never read whole.

Thread-safe: the watcher polls several feeds at once from worker threads sharing one Fetcher.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx
from charset_normalizer import from_bytes

from reports.reading import MAX_FILE_BYTES
from watch.config import FetchSettings

RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_REDIRECTS = 5
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
    def __init__(self, settings: FetchSettings, max_bytes: int = MAX_FILE_BYTES):
        self.settings = settings
        self.max_bytes = max_bytes
        self.client = httpx.Client(headers={"User-Agent": settings.user_agent}, timeout=settings.timeout_s,
                                   follow_redirects=True, max_redirects=MAX_REDIRECTS)
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, RobotFileParser] = {}
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
        """The host's robots.txt, fetched once per Fetcher (a missing one allows everything; one the server
        refuses with 401/403 forbids everything, as urllib.robotparser reads it)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            if origin not in self._robots:
                parser = RobotFileParser(origin + "/robots.txt")
                fetched = self._get(origin + "/robots.txt", {}, retries=0)
                if fetched.status in (401, 403):
                    parser.disallow_all = True
                elif fetched.status == 200:
                    parser.parse(fetched.text().splitlines())
                else:
                    parser.allow_all = True  # none, or unreachable: nothing forbids
                delay = parser.crawl_delay(self.settings.user_agent)
                if delay and float(delay) > self.settings.per_host_delay_s:
                    self._gate(origin).delay = float(delay)
                self._robots[origin] = parser
            return self._robots[origin]

    def allowed(self, url: str) -> bool:
        return self.robots(url).can_fetch(self.settings.user_agent, url)

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET `url` if robots.txt allows it, conditionally when a validator is given."""
        if not self.allowed(url):
            return Fetched(url, status=None, error="robots.txt forbids this path")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, headers, self.settings.retries)

    def _get(self, url: str, headers: dict, retries: int) -> Fetched:
        parts = urlsplit(url)
        gate = self._gate(f"{parts.scheme}://{parts.netloc}")
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
                    return Fetched(**common, error=f"HTTP {response.status_code} {response.reason_phrase}".strip())
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
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            return Fetched(url, error=f"could not connect ({type(exc).__name__})")
