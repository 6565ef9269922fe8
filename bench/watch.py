"""Watching feeds: `./run bench watch [--feeds 50] [--articles 20] [--hosts 10]`. Prints one JSON object.

- poll: `--feeds` RSS feeds of `--articles` new articles each, served on loopback by `--hosts` servers (each
  its own host for the per-host limits: `--per-host-concurrency` requests at once, `--per-host-delay` seconds
  between two), polled once into a fresh SQLite store: wall time, articles/s, what was kept. Meanwhile a
  separate process reads the store as the dashboard does (IncidentStore.version, then table): its slowest
  and mean reads during the poll, against the same reads on the filled store once the poll is over, say
  whether the poll blocks the dashboard.
- extraction: trafilatura (reports.html.main_text) against the page's visible paragraphs (reports.html.
  visible_text) on the article pages of tests/feeds_server.py: share of the article's sentences kept
  (recall), share of the output that is page furniture (boilerplate), and milliseconds per page.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import re
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from bench import timed
from reports.html import main_text, visible_text
from store.database import IncidentStore
from watch.config import Feed, FetchSettings, WatchConfig
from watch.poll import Poller


def _reader(url: str, stop, out) -> None:
    """The dashboard's reads, over and over until told to stop: the slowest and the mean, in seconds."""
    store = IncidentStore(url)
    times = []
    while not stop.is_set():
        started = time.perf_counter()
        store.version()
        store.table()
        times.append(time.perf_counter() - started)
        time.sleep(0.05)
    out.put({"dashboard_reads": len(times), "dashboard_read_max_s": round(max(times), 3),
             "dashboard_read_mean_s": round(sum(times) / len(times), 3)})


def bench_poll(feeds: int, articles: int, hosts: int, concurrency: int, delay: float) -> dict:
    from tests.feeds_server import FeedServer, news_site

    routes = news_site(feeds, articles, seed=21)
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        servers = [stack.enter_context(FeedServer(routes)) for _ in range(hosts)]
        watched = tuple(Feed(name=f"Feed {f}", url=f"{servers[f % hosts].url}/feeds/{f}.xml") for f in range(feeds))
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        store = IncidentStore(url)
        settings = FetchSettings(per_host_concurrency=concurrency, per_host_delay_s=delay, timeout_s=30,
                                 allow_hosts=("127.0.0.1",))  # the loopback site, not on the public web
        stop, out = multiprocessing.Event(), multiprocessing.Queue()
        reader = multiprocessing.Process(target=_reader, args=(url, stop, out))
        reader.start()
        time.sleep(1.0)  # the reader is up and reading before the poll starts
        poller = Poller(WatchConfig(feeds=watched, fetch=settings), store)
        started = time.perf_counter()
        results = poller.poll(list(watched))
        seconds = time.perf_counter() - started
        poller.close()
        stop.set()
        reads = out.get(timeout=60)
        reader.join()
        incidents = store.count()
        _, idle = timed(lambda: (store.version(), store.table()), repeat=5)  # the same reads, the poll over
        store.engine.dispose()
    fetched = sum(r.new_articles for r in results)
    return {"feeds": feeds, "articles": fetched, "hosts": hosts, "per_host_concurrency": concurrency,
            "per_host_delay_s": delay, "wall_s": round(seconds, 1), "articles_per_s": round(fetched / seconds, 1),
            "kept": sum(r.kept for r in results), "skipped": sum(r.skipped for r in results),
            "failed": sum(r.errors + r.refused for r in results), "incidents": incidents,
            "fetch_floor_s": round(fetched / hosts * delay, 1), **reads,
            "dashboard_read_idle_s": round(idle, 3)}


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if len(s) > 20]


def compare_extraction(pages: list[tuple[str, list[str]]]) -> dict:
    """For each extractor, over (html, article paragraphs) pairs: recall of the article's sentences, the
    boilerplate share of its output (characters outside the article's sentences and headline), ms per page."""
    figures = {}
    for name, extractor in (("trafilatura", lambda html: main_text(html)[1]),
                            ("visible_text", lambda html: visible_text(html)[1])):
        kept = total = furniture = chars = 0
        started = time.perf_counter()
        outputs = [extractor(html) for html, _ in pages]
        seconds = time.perf_counter() - started
        for text, (_, paragraphs) in zip(outputs, pages):
            flat = " ".join(text.split())
            wanted = [s for p in paragraphs for s in _sentences(p)]
            kept += sum(s in flat for s in wanted)
            total += len(wanted)
            rest = flat
            for s in wanted:
                rest = rest.replace(s, "")
            furniture += len(rest.strip())
            chars += len(flat)
        figures[name] = {"recall": round(kept / total, 3), "boilerplate_share": round(furniture / max(chars, 1), 3),
                         "ms_per_page": round(1000 * seconds / len(pages), 1)}
    return figures


def saved_pages(count: int = 40) -> list[tuple[str, list[str]]]:
    """Article pages in the two layouts of tests/feeds_server.py, with their article paragraphs: an outlet's
    (navigation, related stories, newsletter box, comments, footer) and a wire service's (the story in a
    div among others, a "most read" rail of teaser paragraphs, a cookie notice)."""
    from bench.synthetic import synthetic_reports
    from tests.feeds_server import article_html, wire_html

    pages = []
    for n, report in enumerate(synthetic_reports(count, seed=13)):
        paragraphs = re.split(r"(?<=\.) ", report.text)
        if n % 2:
            pages.append((wire_html(report.title, paragraphs), paragraphs))
        else:
            comments = ("Where is the army? These villages have been left alone for years.",) if n % 4 else ()
            pages.append((article_html(report.title, paragraphs, comments=comments), paragraphs))
    return pages


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench watch", description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--articles", type=int, default=20, help="new articles per feed")
    parser.add_argument("--hosts", type=int, default=10, help="loopback servers the feeds are spread over")
    parser.add_argument("--per-host-concurrency", type=int, default=2)
    parser.add_argument("--per-host-delay", type=float, default=0.05, help="seconds between requests to a host")
    parser.add_argument("--pages", type=int, default=40, help="article pages for the extraction comparison")
    args = parser.parse_args(argv)
    results = {"extraction": compare_extraction(saved_pages(args.pages)),
               "poll": bench_poll(args.feeds, args.articles, args.hosts, args.per_host_concurrency,
                                  args.per_host_delay)}
    print(json.dumps(results, indent=2))
