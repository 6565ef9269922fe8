"""A hostile review of the watcher, kept as tables of cases against loopback servers (tests/feeds_server.py):
each refused target with its reason, each input that once crashed the watcher answered by one line while
it keeps polling. The loopback server's own address, 127.0.0.1, is allowed (FRONTLINE_WATCH_ALLOW_HOSTS,
as a team allows its intranet); every other way of writing loopback is not, so a refused target that was
reached would show in the server's log.
"""
from __future__ import annotations

import ipaddress
import threading
import time

import pytest

from store.access import local_person
from tests.feeds_server import FeedServer, Response, article_html, rss
from watch import config as watch_config
from watch import fetch as watch_fetch
from watch.config import AlertRule, ConfigError, Feed, FetchSettings, WatchConfig
from watch.fetch import Fetcher
from watch.poll import UNREADABLE_FEED, Poller
from watch.public_web import RefusedTarget, public_addresses, why_not_public

pytestmark = pytest.mark.usefixtures("loopback_allowed")
FAST = FetchSettings(timeout_s=1, retries=0, backoff_s=0.05, per_host_delay_s=0.0)
SECRET = b"<html><body><p>admin token: SECRET-ADMIN-TOKEN</p></body></html>"
STORY = "/en/security/2024/03/05/gunmen-kill-three-in-daquq"
STORY_HTML = article_html("Gunmen kill three policemen in Daquq", [
    "Three policemen were killed when gunmen opened fire on a checkpoint in Daquq on Monday, police said.",
    "The source said the attackers fled towards the orchards south of the town after a clash of an hour."]).encode()


@pytest.fixture(name="site")
def loopback_site():
    with FeedServer({"/robots.txt": Response(b"User-agent: *\nAllow: /\n", content_type="text/plain"),
                     "/admin": Response(SECRET), STORY: Response(STORY_HTML)}) as server:
        yield server


def feed_of(site: FeedServer, *links: str) -> str:
    """An RSS feed on the site listing `links` (absolute, or paths on the site)."""
    items = [{"title": f"Story {n}", "link": link} for n, link in enumerate(links)]
    site.routes["/feed.xml"] = Response(rss(items).encode(), content_type="application/rss+xml")
    return site.url + "/feed.xml"


def poll(store, url: str, settings: FetchSettings = FAST, **config):
    poller = Poller(WatchConfig(fetch=settings, **config), store)
    try:
        [result] = poller.poll([Feed(name="Hostile", url=url)])
    finally:
        poller.close()
    return result


# -- only the public web ---------------------------------------------------------------------------------------
# (case, address, why it is refused)
ADDRESSES = [
    ("loopback", "127.0.0.1", "loopback address"),
    ("decimal loopback", "2130706433", "loopback address"),
    ("hexadecimal loopback", "0x7f.1", "loopback address"),
    ("octal loopback", "017700000001", "loopback address"),
    ("localhost", "localhost", "loopback address"),
    ("IPv6 loopback", "::1", "loopback address"),
    ("IPv4-mapped loopback", "::ffff:127.0.0.1", "loopback address"),
    ("6to4 loopback", "2002:7f00:1::1", "loopback address"),
    ("private network", "10.0.0.1", "private address"),
    ("cloud metadata", "169.254.169.254", "link-local address"),
    ("IPv6 cloud metadata", "fd00:ec2::254", "private address"),
    ("multicast", "224.0.0.1", "multicast address"),
    ("unspecified", "0.0.0.0", "unspecified address"),
    ("carrier-grade NAT", "100.64.0.1", "non-public address"),
]


@pytest.mark.parametrize("case, host, why", ADDRESSES, ids=[c[0] for c in ADDRESSES])
def test_an_address_off_the_public_web_is_refused_after_resolution(case, host, why):
    with pytest.raises(RefusedTarget, match=f"resolves to .*\\({why}\\): not on the public web"):
        public_addresses(host, 80)


def test_a_public_address_passes():
    assert public_addresses("8.8.8.8", 443) == ["8.8.8.8"]
    assert why_not_public(ipaddress.ip_address("2001:4860:4860::8888")) is None


# (case, the feed's URL (PORT: the loopback server's), what the operator's log says)
REFUSED_FEEDS = [
    ("feed on localhost", "http://localhost:PORT/admin", "refused: localhost resolves to 127.0.0.1 (loopback"),
    ("feed on a decimal IP", "http://2130706433:PORT/admin", "refused: 2130706433 resolves to 127.0.0.1"),
    ("feed on an octal IP", "http://017700000001:PORT/admin", "refused: 017700000001 resolves to 127.0.0.1"),
    ("feed on IPv4-mapped IPv6", "http://[::ffff:127.0.0.1]:PORT/admin", "(loopback address)"),
    ("feed on the metadata service", "http://169.254.169.254/latest/meta-data/", "(link-local address)"),
    ("redirect to localhost", "/to-localhost", "refused: localhost resolves to 127.0.0.1"),
    ("redirect to a decimal IP", "/to-decimal", "refused: 2130706433 resolves to 127.0.0.1"),
    ("redirect to file:", "/to-file", "refused: file: URLs are not fetched (only http and https)"),
    ("robots.txt redirected to loopback", "/feed.xml", "refused: localhost resolves to 127.0.0.1"),
]


@pytest.mark.parametrize("case, url, said", REFUSED_FEEDS, ids=[c[0] for c in REFUSED_FEEDS])
def test_a_feed_that_leads_inward_is_refused_and_analysts_see_one_neutral_line(store, site, case, url, said):
    port = site.url.rsplit(":", 1)[1]
    site.routes["/to-localhost"] = Response(status=302, headers={"Location": f"http://localhost:{port}/admin"})
    site.routes["/to-decimal"] = Response(status=307, headers={"Location": f"http://2130706433:{port}/admin"})
    site.routes["/to-file"] = Response(status=302, headers={"Location": "file:///etc/passwd"})
    if case.startswith("robots.txt"):
        site.routes["/robots.txt"] = Response(status=301, headers={"Location": f"http://localhost:{port}/admin"})
        feed_of(site, STORY)
    result = poll(store, site.url + url if url.startswith("/") else url.replace("PORT", port))
    assert result.error == UNREADABLE_FEED and said in result.detail
    assert site.hits("/admin") == 0 and store.count() == 0


def test_an_item_linking_inward_is_refused_and_the_feed_goes_on(store, site):
    port = site.url.rsplit(":", 1)[1]
    result = poll(store, feed_of(site, f"http://localhost:{port}/admin-story-here", STORY))
    assert (result.kept, result.refused, result.error) == (1, 1, None)
    reasons = WatchRecordsOf(store)
    assert reasons[f"http://localhost:{port}/admin-story-here"] == (
        "refused", "refused: localhost resolves to 127.0.0.1 (loopback address): not on the public web")
    assert site.hits("/admin") == 0 and "SECRET" not in " ".join(i.sources[0].sentence for i in store.incidents())


def test_pull_it_in_goes_through_the_same_checks(store, site):
    port = site.url.rsplit(":", 1)[1]
    poller = Poller(WatchConfig(fetch=FAST), store)
    try:
        record = poller.pull_in(Feed(name="Hostile", url=site.url + "/feed.xml"), f"http://2130706433:{port}/admin",
                                 by=local_person())
    finally:
        poller.close()
    assert (record.outcome, record.reason) == (
        "refused", "refused: 2130706433 resolves to 127.0.0.1 (loopback address): not on the public web")
    assert site.hits("/admin") == 0 and store.count() == 0


def WatchRecordsOf(store) -> dict[str, tuple[str, str]]:  # noqa: N802 (read as a table)
    from watch.records import WatchRecords

    frame = WatchRecords(store).articles()
    return {url: (outcome, reason) for url, outcome, reason in zip(frame["url"], frame["outcome"], frame["reason"])}


def test_a_host_allowed_in_the_feeds_file_is_fetched(store, site):
    settings = FetchSettings(**{**vars(FAST), "allow_hosts": ("localhost",)})
    site.routes["/robots.txt"] = Response(status=404)
    result = poll(store, feed_of(site, STORY).replace("127.0.0.1", "localhost"), settings)
    assert result.error is None and result.kept == 1 and site.hits("/feed.xml") == 1


def test_closed_port_open_service_and_refused_address_read_the_same_to_analysts(store, site):
    with FeedServer() as other:
        closed = other.url
    site.routes["/page"] = Response(b"<html><body><p>An intranet wiki</p></body></html>")
    shown = {name: poll(store, url) for name, url in (
        ("closed", closed + "/feed.xml"), ("not a feed", site.url + "/page"), ("refused", "http://10.0.0.1/feed"))}
    assert {r.error for r in shown.values()} == {UNREADABLE_FEED}
    assert "could not connect" in shown["closed"].detail and "not an RSS or Atom feed" in shown["not a feed"].detail


def test_a_webhook_inward_is_refused_and_the_alert_counts_as_failed(store, site):
    rule = AlertRule(name="All", webhook="http://localhost:9/hooks/KEY", min_killed=0)
    result = poll(store, feed_of(site, STORY), alerts=(rule,))
    assert result.kept == 1 and [s.error for s in result.alerts] == [
        "refused: localhost resolves to 127.0.0.1 (loopback address): not on the public web"]
    assert result.failed and "KEY" not in result.line()


def test_a_trickling_webhook_is_given_up_at_its_deadline(store, site, monkeypatch):
    from watch import alerts

    monkeypatch.setattr(alerts, "WEBHOOK_DEADLINE_S", 1.0)
    poll(store, feed_of(site, STORY))
    [incident] = store.incidents()
    with FeedServer({"/hook": Response(b"x" * 2000, trickle_s=0.5)}) as hook:  # 10 s to send it all
        rule = AlertRule(name="All", webhook=hook.url + "/hook", min_killed=0)
        started = time.perf_counter()
        [sent] = alerts.post_alerts([(rule, incident, "Hostile")], "http://dash.example", FAST)
        took = time.perf_counter() - started
    assert sent.error == f"ReadTimeout posting to {hook.url}/***" and took < 5  # the whole answer takes 5 s


# -- robots.txt as RFC 9309 reads it, and never a crash -----------------------------------------------------------
# (case, robots.txt's answer, whether the story may be fetched)
ROBOTS = [
    ("server error forbids all", Response(b"oops", status=503), False),
    ("not found allows all", Response(status=404), True),
    ("forbidden allows all", Response(status=403), True),
    ("byte-order mark", Response("\ufeffUser-agent: *\nDisallow: /en/\n".encode(), content_type="text/plain"), False),
    ("crawl-delay of 20 digits", Response(b"User-agent: *\nCrawl-delay: 99999999999999999999\n"), True),
]


@pytest.mark.parametrize("case, robots, allowed", ROBOTS, ids=[c[0] for c in ROBOTS])
def test_robots_txt_is_read_as_rfc_9309_says(store, site, monkeypatch, case, robots, allowed):
    monkeypatch.setattr(watch_fetch, "MAX_CRAWL_DELAY_S", 0.3)  # the cap, short enough for a test
    site.routes["/robots.txt"] = robots
    started = time.perf_counter()
    result = poll(store, feed_of(site, STORY))
    if case.startswith("server error"):
        assert result.error == UNREADABLE_FEED and result.detail == (
            "robots.txt could not be read (HTTP 503 Service Unavailable), so every path is forbidden (RFC 9309)")
    else:
        assert result.error is None and (result.kept, result.skipped) == ((1, 0) if allowed else (0, 1))
    assert time.perf_counter() - started < 10


def test_a_crawl_delay_of_a_day_is_capped(monkeypatch):
    monkeypatch.setattr(watch_fetch, "MAX_CRAWL_DELAY_S", 0.5)
    with FeedServer({"/robots.txt": Response(b"User-agent: *\nCrawl-delay: 86400\n"), "/a": Response(b"a"),
                     "/b": Response(b"b")}) as server:
        with Fetcher(FAST) as fetcher:
            fetcher.robots(server.url + "/a")
            started = time.perf_counter()
            fetcher.get(server.url + "/a")
            fetcher.get(server.url + "/b")  # starts half a second after /a did
            waited = time.perf_counter() - started
    assert 0.5 <= waited < 10  # the cap, not a day


# -- what a server sends cannot crash the watcher, fill its memory or reach the operator's terminal ----------------
def test_a_46_mb_page_is_refused_while_it_streams(store, site):
    site.routes[STORY] = Response(stream_bytes=46_000_000)
    result = poll(store, feed_of(site, STORY))
    [(outcome, reason)] = WatchRecordsOf(store).values()
    assert result.errors == 1 and outcome == "error" and reason.startswith("too large (over 5,000,000 bytes")


def test_terminal_escapes_in_a_reason_phrase_never_reach_the_terminal(store, site):
    site.routes["/feed.xml"] = Response(b"", status=500, reason="Oops\x1b[2J\x1b]0;owned\x07 red")
    result = poll(store, site.url + "/feed.xml")
    assert result.detail == "HTTP 500 Oops [2J ]0;owned  red" and "\x1b" not in result.line()


# (case, the feed's body, what the operator's log says)
BROKEN_FEEDS = [
    ("cut off", rss([{"title": "a", "link": STORY}]).encode()[:120], "not an RSS or Atom feed"),
    ("an HTML page", b"<html><body><p>Maintenance</p></body></html>", "not an RSS or Atom feed"),
    ("items without links", b'<rss version="2.0"><channel><title>x</title><item><title>a</title></item>'
                            b"<item><title>b</title></item></channel></rss>", "none of its 2 entries links to"),
]


@pytest.mark.parametrize("case, body, said", BROKEN_FEEDS, ids=[c[0] for c in BROKEN_FEEDS])
def test_a_broken_feed_reads_as_an_error_not_as_empty(store, site, case, body, said):
    site.routes["/feed.xml"] = Response(body, content_type="application/rss+xml")
    result = poll(store, site.url + "/feed.xml")
    assert result.error == UNREADABLE_FEED and said in result.detail


# -- the feeds file: every value checked, one line each --------------------------------------------------------
# (case, the file, what is said)
BAD_FILES = [
    ("[feeds] for [[feeds]]", '[feeds]\nname = "X"\nurl = "https://x.example/rss"\n', "write [[feeds]]"),
    ("paused as a word", '[[feeds]]\nname = "X"\nurl = "https://x.example/rss"\npaused = "no"\n',
     "feed 'X' paused: 'no' is not true or false"),
    ("interval 2**53 - 1", '[[feeds]]\nname = "X"\nurl = "https://x.example/rss"\n'
                           'interval_minutes = 9007199254740991\n',
     "interval_minutes: 9007199254740991 is not a number from 1 to 10080"),
    ("interval nan", '[[feeds]]\nname = "X"\nurl = "https://x.example/rss"\ninterval_minutes = nan\n', "nan is not"),
    ("interval 1e300", '[[feeds]]\nname = "X"\nurl = "https://x.example/rss"\ninterval_minutes = 1e300\n', "1e+300 is"),
    ("timeout nan", "[fetch]\ntimeout_s = nan\n", "[fetch] timeout_s: nan is not a number from 0.1 to 300"),
    ("delay inf", "[fetch]\nper_host_delay_s = inf\n", "[fetch] per_host_delay_s: inf is not a number"),
    ("retries fractional", "[fetch]\nretries = 2.5\n", "[fetch] retries: 2.5 is not a whole number"),
    ("file scheme", '[[feeds]]\nname = "X"\nurl = "file:///etc/passwd"\n', "feed 'X' url: not an http(s) URL"),
    ("[alerts] for [[alerts]]", '[alerts]\nwebhook = "https://h.example/k"\n', "write [[alerts]]"),
]


@pytest.mark.parametrize("case, text, said", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_a_bad_value_in_the_feeds_file_is_one_line(case, text, said):
    with pytest.raises(ConfigError) as refused:
        watch_config.parse(text)
    assert said in str(refused.value) and "\n" not in str(refused.value)


@pytest.mark.parametrize("case, text, said", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_a_bad_edit_leaves_a_running_watcher_on_its_last_good_configuration(store, site, tmp_path, monkeypatch,
                                                                            case, text, said):
    """Each bad value above, written while the watcher runs: one line says what and where, and it keeps polling."""
    from watch import poll as watch_poll
    from watch.records import WatchRecords

    monkeypatch.setattr(watch_poll, "IDLE_CHECK_S", 0.1)  # read the file again every 0.1 s, not every minute
    path = tmp_path / "frontline.toml"
    path.write_text("[fetch]\nper_host_delay_s = 0\nretries = 0\n")
    watch_config.add_feed(Feed(name="Hostile", url=feed_of(site, STORY)), path)
    lines, stop = [], threading.Event()
    worker = threading.Thread(target=watch_poll.watch, args=(store,),
                              kwargs=dict(config_path=path, stop=stop, progress=lines.append))
    worker.start()
    try:
        wait_until(lambda: lines)
        bad = tmp_path / "bad.toml"  # the bad edit, while it runs (written whole: a half-written file has no feeds)
        bad.write_text(text)
        bad.replace(path)
        WatchRecords(store).save_feed_state("Hostile", next_poll_at=watch_poll.now())  # due again
        wait_until(lambda: sum(line.startswith("Hostile:") for line in lines) >= 2, lines)
    finally:
        stop.set()
        worker.join(timeout=10)
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1 and said in errors[0] and "polling with the configuration read" in errors[0]
    assert not worker.is_alive()


def wait_until(condition, said=None, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while not condition():
        assert time.time() < deadline, f"not within the time allowed: {said}"
        time.sleep(0.05)


def test_twelve_concurrent_additions_keep_all_twelve(tmp_path):
    path = tmp_path / "frontline.toml"
    threads = [threading.Thread(target=watch_config.add_feed,
                                args=(Feed(name=f"Feed {n}", url=f"https://news{n}.example/rss"), path))
               for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(watch_config.load(path).feeds) == 12
    assert not list(tmp_path.glob("*.tmp")) and oct(path.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("interval", ["inf", "nan", "1e300", "9007199254740991"])
def test_an_interval_the_watcher_would_choke_on_is_refused_by_feeds_add(tmp_path, capsys, interval):
    from cli.main import main

    path = tmp_path / "frontline.toml"
    code = main(["--database", f"sqlite:///{tmp_path / 'db.sqlite'}", "feeds", "add", "X", "https://x.example/rss",
                 "--interval", interval, "--config", str(path)])
    [line] = capsys.readouterr().err.splitlines()
    assert code == 2 and line.startswith("error: ") and "interval_minutes" in line and not path.exists()


def test_the_feeds_page_shows_a_broken_feeds_file_instead_of_crashing(store, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    path = tmp_path / "frontline.toml"
    path.write_text('[feeds]\nname = "X"\nurl = "https://x.example/rss"\n')
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", store.url)
    monkeypatch.setenv("FRONTLINE_CONFIG", str(path))
    app = AppTest.from_file("../pages/5_Feeds.py", default_timeout=60).run()
    assert not app.exception
    assert any("write [[feeds]] (double brackets)" in e.value.replace("\\", "") for e in app.error)
