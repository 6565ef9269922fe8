"""Polling: fetch a feed, then each article it lists that is not yet known (or that the feed says changed),
judge it, and ingest what is relevant through IncidentStore.ingest_report, the same path a pasted report
takes (validation, de-duplication, provenance). Fetching, parsing and the main-text extraction happen
before the store's write lock, which ingest_report holds only for its own transaction.

Nothing twice, nothing lost: an article is recorded after its report is stored, and a stored report's URL is
never stored again, so a poll killed midway and run again ends with the same store as one that was not.
A feed's ETag and dates are saved only once its articles are all handled, so a killed poll reads the
feed again in full; a feed that fails keeps its last good state. What analysts see of a failed feed is one
neutral line (UNREADABLE_FEED) whether the address was refused, the port closed or the answer not a feed:
the Feeds page is no port scanner. Why, in detail, goes to the operator's log (logger "watch").
"""
from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Callable

from reports.reading import ReportError
from store.access import Person
from store.database import IncidentStore
from watch import config as watch_config
from watch.alerts import Sent
from watch.article import article_report, outlet_of
from watch.config import Feed, WatchConfig, mask_url, printable
from watch.delivery import Retried, deliver, retry_alerts
from watch.entries import Entry, FeedError, entries_of
from watch.fetch import Fetched, Fetcher
from watch.records import MAX_ATTEMPTS, ArticleRecord, WatchRecords, now, url_hash
from watch.relevance import Verdict, excluded, judge

FEED_WORKERS = 8
IDLE_CHECK_S = 60.0  # the longest `watch` sleeps before reading its configuration again
_RETRYABLE = {None, 429, 500, 502, 503, 504}
UNREADABLE_FEED = "could not read a feed at this address"
STORE_FAILED = "could not be stored"  # an article's reason when storing it failed: it is tried again
log = logging.getLogger("watch")


@dataclass
class FeedPoll:
    """What one poll of one feed did: its progress line."""

    feed: str
    entries: int = 0
    new_articles: int = 0
    kept: int = 0
    skipped: int = 0
    refused: int = 0
    errors: int = 0
    incidents_new: int = 0
    not_modified: bool = False
    error: str | None = None  # what analysts are shown: UNREADABLE_FEED
    detail: str | None = None  # why, for the operator's log
    alerts: list[Sent] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        """Something went wrong: the feed, an article or an alert (`watch --once` then exits non-zero)."""
        return bool(self.error or self.errors or any(sent.error for sent in self.alerts))

    def line(self) -> str:
        if self.error:
            return f"{self.feed}: error: {self.error} (its last good state is kept) [{self.seconds:.1f} s]"
        if self.not_modified:
            return f"{self.feed}: not modified since the last poll [{self.seconds:.1f} s]"
        line = (f"{self.feed}: {self.entries} entries, {self.new_articles} new or changed article(s): {self.kept} "
                f"kept ({self.incidents_new} new incident(s)), {self.skipped} skipped, {self.refused} refused, "
                f"{self.errors} failed [{self.seconds:.1f} s]")
        return "\n".join(printable(part) for part in [line, *(f"  {sent}" for sent in self.alerts)])


def needs_fetch(entry: Entry, known: dict | None) -> bool:
    """A new article; one that failed for a passing reason (a timeout, a server error, the store failing:
    fewer than MAX_ATTEMPTS times); one the feed says changed since it was read."""
    if known is None:
        return True
    passing = known["status"] in _RETRYABLE or known["reason"].startswith(STORE_FAILED)
    if known["outcome"] == "error" and passing and known["attempts"] < MAX_ATTEMPTS:
        return True
    return bool(entry.updated and known["entry_updated"] and entry.updated != known["entry_updated"])


class Poller:
    """Polls feeds into one store with one Fetcher (its per-host limits hold across the feeds)."""

    def __init__(self, config: WatchConfig, store: IncidentStore, fetcher: Fetcher | None = None):
        self.config = config
        self.store = store
        self.records = WatchRecords(store)
        self.fetcher = fetcher or Fetcher(config.fetch)
        self._claimed: set[str] = set()  # article URLs taken by a feed in this poll (feeds share articles)
        self._lock = threading.Lock()

    def close(self) -> None:
        self.fetcher.close()

    def poll(self, feeds: list[Feed], progress: Callable[[str], None] = lambda line: None) -> list[FeedPoll]:
        """Poll `feeds` at once (up to FEED_WORKERS), reporting each one's line as it finishes."""
        def one(feed: Feed) -> FeedPoll:
            try:
                result = self.poll_feed(feed)
            except Exception as exc:  # whatever a feed sends, the watcher and the other feeds carry on
                log.exception("feed '%s' (%s): polling failed", feed.name, mask_url(feed.url))
                result = FeedPoll(feed.name, error=UNREADABLE_FEED, detail=printable(f"{type(exc).__name__}: {exc}"))
            progress(result.line())
            return result

        with ThreadPoolExecutor(max_workers=min(FEED_WORKERS, max(1, len(feeds)))) as pool:
            return list(pool.map(one, feeds))

    def poll_feed(self, feed: Feed) -> FeedPoll:
        started, result = time.perf_counter(), FeedPoll(feed.name)
        stamp = now()
        state = self.records.feed_state(feed.name) or {}
        same_url = state.get("url_hash") == url_hash(feed.url)
        fetched = self.fetcher.get(feed.url, etag=state.get("etag") if same_url else None,
                                   last_modified=state.get("last_modified") if same_url else None)
        next_poll = stamp + timedelta(minutes=feed.interval_minutes)
        try:
            if fetched.error:
                raise FeedError(fetched.error)
            if fetched.not_modified:
                result.not_modified = True
            else:
                self._articles(feed, fetched, result)
        except FeedError as exc:
            result.error, result.detail = UNREADABLE_FEED, printable(exc)
            log.warning("feed '%s' (%s): %s", feed.name, mask_url(feed.url), result.detail)
            self.records.save_feed_state(feed.name, last_poll_at=stamp, next_poll_at=next_poll,
                                         last_status=fetched.status, last_error=result.error)
        else:
            validators = {"etag": fetched.etag, "last_modified": fetched.last_modified} if not result.not_modified \
                else {}
            self.records.save_feed_state(
                feed.name, url_hash=url_hash(feed.url), last_poll_at=stamp, last_success_at=stamp,
                next_poll_at=next_poll, last_status=fetched.status, last_error="", entries=result.entries,
                new_articles=result.new_articles, kept=result.kept, skipped=result.skipped + result.refused,
                errors=result.errors, incidents_new=result.incidents_new, **validators)
        result.seconds = time.perf_counter() - started
        return result

    def _articles(self, feed: Feed, fetched: Fetched, result: FeedPoll) -> None:
        entries = entries_of(feed, fetched.body, fetched.text() if feed.kind == "page" else "",
                             fetched.final_url or feed.url, fetched.content_type)
        result.entries = len(entries)
        known = self.records.known_articles([e.url for e in entries])
        todo = [e for e in entries if needs_fetch(e, known.get(e.url))][:self.config.fetch.max_articles_per_poll]
        stored = self.records.stored_reports([e.url for e in todo if e.url not in known])
        for entry in todo:
            with self._lock:
                if entry.url in self._claimed:
                    continue
                self._claimed.add(entry.url)
            result.new_articles += 1
            if entry.url in stored:
                record = self._stored(feed, entry, *stored[entry.url], result)
            else:
                record = self.article(feed, entry, known.get(entry.url), result)
            counter = "errors" if record.outcome == "error" else record.outcome
            setattr(result, counter, getattr(result, counter) + 1)
            result.incidents_new += record.incidents_new

    def _stored(self, feed: Feed, entry: Entry, report_id: str, outlet: str, result: FeedPoll) -> ArticleRecord:
        """An article whose URL a stored report has, recorded without fetching it: stored by this feed in a
        poll killed before it could record it (its incidents are still news), or ingested by hand before."""
        record = ArticleRecord(url=entry.url, feed=feed.name, outcome="kept", title=entry.title,
                               entry_updated=entry.updated, report_id=report_id)
        if outlet == outlet_of(feed.name, entry.url):
            record.reason = "stored by an earlier poll of this feed (not fetched again)"
            return self._kept(feed, record, report_id, result)
        record.reason = f"already ingested from {outlet or 'a file or paste'} (not fetched)"
        return self._record(record)

    def pull_in(self, feed: Feed, url: str, by: Person) -> ArticleRecord:
        """An analyst's choice: ingest an article the watcher skipped, whatever the relevance test said, stored
        and audited as theirs."""
        return self.article(feed, Entry(url=url), self.records.article(url), FeedPoll(feed.name), judged=False,
                            by=by)

    def article(self, feed: Feed, entry: Entry, known: dict | None, result: FeedPoll,
                judged: bool = True, by: Person | None = None) -> ArticleRecord:
        """Fetch, judge and ingest one article (stored `by` a person, else as the watcher's process), then record
        what became of it."""
        record = ArticleRecord(url=entry.url, feed=feed.name, outcome="skipped", title=entry.title,
                               entry_updated=entry.updated)
        word = excluded(f"{entry.title}\n{entry.summary}", feed.exclude)
        if word and judged:
            record.reason = f"excluded by the feed's word '{word}' in its entry (not fetched)"
            return self._record(record)
        validators = dict(etag=known["etag"], last_modified=known["last_modified"]) if known and judged else {}
        fetched = self.fetcher.get(entry.url, **validators)
        record.status, record.etag, record.last_modified = fetched.status, fetched.etag, fetched.last_modified
        if fetched.not_modified:
            record.outcome, record.reason = known["outcome"], known["reason"]
            record.report_id, record.incidents_new = known["report_id"], 0
            return self._record(record)
        if fetched.error:
            record.outcome = "refused" if fetched.refused else \
                "skipped" if fetched.status is None and "robots.txt" in fetched.error else "error"
            record.reason = fetched.error
            return self._record(record)
        report = article_report(fetched.text(), url=entry.url, outlet=outlet_of(feed.name, entry.url),
                                published=entry.published, title=entry.title)
        if isinstance(report, ReportError):
            record.outcome, record.reason = "refused", report.reason
            return self._record(record)
        record.title = report.title
        verdict = judge(f"{report.title}\n{report.text}", feed.include, feed.exclude) if judged else \
            Verdict(True, "pulled in by an analyst")
        record.reason = verdict.reason
        if not verdict.relevant:
            return self._record(record)
        try:
            stored = self.store.ingest_report(report, by=by)
        except Exception as exc:  # one article that cannot be stored must not stop the feed
            first_line = (str(exc).splitlines() or [""])[0][:300]  # not the statement's parameters
            record.outcome, record.reason = "error", f"{STORE_FAILED}: {type(exc).__name__}: {first_line}"
            return self._record(record)
        record.outcome = "kept"
        if stored is None:
            return self._revised(record, report)
        if stored[1]:
            record.reason += f"; {stored[1]} merged into stored incidents"
        return self._kept(feed, record, report.report_id, result)

    def _revised(self, record: ArticleRecord, report) -> ArticleRecord:
        """An article already stored: as it was (the same text), or updated by its outlet (this URL, another
        text), whose new figures then reach the incidents it told (audited)."""
        record.report_id = report.report_id
        try:
            revised = self.store.revise_report(report)
        except Exception as exc:  # kept as a failure to store: tried again on the next poll
            record.outcome, record.reason = "error", f"{STORE_FAILED}: {type(exc).__name__}: {printable(exc)[:300]}"
            return self._record(record)
        record.reason += "; already stored (the same text, or this URL)" if revised is None else \
            f"; updated by its outlet since it was stored: {len(revised)} incident(s) revised"
        return self._record(record)

    def _kept(self, feed: Feed, record: ArticleRecord, report_id: str, result: FeedPoll) -> ArticleRecord:
        """Record a stored report's article with the incidents it told first, alerting on them."""
        new_ids = self.records.incidents_first_told_by(report_id)
        record.report_id, record.incidents_new = report_id, len(new_ids)
        record.reason += f"; {len(new_ids)} new incident(s)"
        if self.config.alerts and new_ids:
            result.alerts += deliver(self.config, self.store, self.store.incidents_by_id(new_ids), feed.name)
        return self._record(record)

    def _record(self, record: ArticleRecord) -> ArticleRecord:
        self.records.record(record)
        return record


def due(feeds: tuple[Feed, ...], records: WatchRecords) -> list[Feed]:
    """Feeds not paused whose next poll time has come (or that were never polled)."""
    states, moment = records.feed_states(), now()
    return [f for f in feeds if not f.paused and (
        f.name not in states or states[f.name]["next_poll_at"] is None or states[f.name]["next_poll_at"] <= moment
        or states[f.name]["url_hash"] != url_hash(f.url))]


def watch(store: IncidentStore, config_path: Path | None = None, once: bool = False,
          stop: threading.Event | None = None,
          progress: Callable[[str], None] = print) -> list[FeedPoll | Retried]:
    """Poll the configured feeds: each once (`once`), or each on its own schedule until `stop` is set, each in
    its own worker, so a slow outlet delays only itself. The configuration is read again every round, so feeds
    added, removed or paused take effect; alerts that failed are posted again when their time comes."""
    stop = stop or threading.Event()
    results: list[FeedPoll | Retried] = []
    records = WatchRecords(store)
    config = watch_config.load(config_path)  # a bad file at the start stops here (ConfigError)
    said = None
    fetchers: dict[watch_config.FetchSettings, Fetcher] = {}  # shared by the feeds (per-host limits hold)
    running: dict[str, Future] = {}
    with ThreadPoolExecutor(max_workers=FEED_WORKERS) as pool:
        try:
            while not stop.is_set():
                try:
                    config, said = watch_config.load(config_path), None
                except watch_config.ConfigError as exc:  # a bad edit while running: carry on as before, say once
                    if str(exc) != said:
                        said = str(exc)
                        progress(printable(f"error: {exc}; polling with the configuration read before"))
                results += _retry(config, store, progress)
                if config.fetch not in fetchers:
                    fetchers[config.fetch] = Fetcher(config.fetch)
                fetcher = fetchers[config.fetch]
                for feed in [f for f in config.feeds if not f.paused] if once else due(config.feeds, records):
                    if feed.name not in running:
                        running[feed.name] = pool.submit(_poll_one, Poller(config, store, fetcher), feed, progress)
                if once:
                    wait(running.values())
                results += [running.pop(name).result() for name in [n for n, f in running.items() if f.done()]]
                if once:
                    break
                stop.wait(_seconds_to_next(config, records, set(running)))
            wait(running.values())
            results += [future.result() for future in running.values()]
        finally:
            for fetcher in fetchers.values():
                fetcher.close()
    return results


def _poll_one(poller: Poller, feed: Feed, progress: Callable[[str], None]) -> FeedPoll:
    [result] = poller.poll([feed], progress)
    return result


def _retry(config: WatchConfig, store: IncidentStore, progress: Callable[[str], None]) -> list[Retried]:
    """The alerts posted again this round, if any."""
    try:
        retried = retry_alerts(config, store)
    except Exception:  # a database hiccup: the claims are still there next round
        log.exception("alerts could not be tried again")
        return []
    if retried.alerts:
        progress(retried.line())
    return [retried] if retried.alerts else []


def _seconds_to_next(config: WatchConfig, records: WatchRecords, running: set[str]) -> float:
    """Until the next feed not being polled now is due (at most IDLE_CHECK_S)."""
    states, moment = records.feed_states(), now()
    waits = [(states[f.name]["next_poll_at"] - moment).total_seconds() for f in config.feeds
             if not f.paused and f.name not in running and f.name in states and states[f.name]["next_poll_at"]]
    return min([IDLE_CHECK_S, *waits]) if waits else IDLE_CHECK_S


def describe(feed: Feed) -> str:
    """A feed as it may be printed (its URL masked)."""
    words = "".join([f"; include {', '.join(feed.include)}" if feed.include else "",
                     f"; exclude {', '.join(feed.exclude)}" if feed.exclude else ""])
    return (f"{feed.name}: {feed.kind} {mask_url(feed.url)} every {feed.interval_minutes:g} min{words}"
            f"{' (paused)' if feed.paused else ''}")
