"""The watcher against a news site on loopback (tests/feeds_server.py): each case says what is stored (the
store's reports and incidents, the record of every article) and what is shown (the poll's progress line)."""
from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from store.schema import reports_table
from tests.feeds_server import FeedServer, Response, article_html, atom, rss, section_html
from watch.config import Feed, FetchSettings, WatchConfig
from watch.poll import UNREADABLE_FEED, Poller, due, needs_fetch
from watch.records import WatchRecords, incidents_new_since, record_visit

pytestmark = pytest.mark.usefixtures("loopback_allowed")

FAST = FetchSettings(timeout_s=0.5, retries=1, backoff_s=0.05, per_host_delay_s=0.0, per_host_concurrency=2)
PUBLISHED = datetime(2024, 3, 5, 9, 30, tzinfo=timezone.utc)
ATTACKS = {  # path -> (headline, first paragraph): our own text, about places in the disputed territories
    "/en/security/2024/03/05/peshmerga-killed-near-makhmour": (
        "ISIS attack kills two Peshmerga near Makhmour",
        "Two Peshmerga fighters were killed and three others wounded when ISIS militants attacked their position "
        "near Makhmour on Monday night, a security source told the newspaper."),
    "/en/security/2024/03/05/police-killed-in-daquq": (
        "Gunmen kill three policemen in Daquq",
        "Three policemen were killed when gunmen opened fire on a checkpoint in Daquq on Monday, police said."),
    "/en/security/2024/03/05/bomb-kills-civilians-near-khanaqin": (
        "Roadside bomb kills four civilians near Khanaqin",
        "Four civilians were killed when a roadside bomb struck their car near Khanaqin on Sunday, officials said."),
}
FILLER = ("The source, who asked not to be named because he was not authorised to speak to the media, said the "
          "attackers fled into the countryside after the attack.",
          "Officials in Erbil and Baghdad have for years blamed a security gap between their forces for the "
          "continued ability of the militants to carry out such attacks in the area.")
ECONOMY = ("Erbil and Baghdad agree on the budget", "The federal government and the Kurdistan Regional "
           "Government agreed on Tuesday on the share of the region in the federal budget, a spokesman said.",
           ("Salaries of public employees in the region are to be paid from next month, he added.",
            "Negotiations between the two governments had lasted for more than a year."))


def page(headline: str, first: str, filler: tuple[str, ...] = FILLER, **kwargs) -> bytes:
    return article_html(headline, [first, *filler], **kwargs).encode("utf-8")


def items(base: str, paths: list[str], titles: dict[str, str] | None = None, dated: bool = True) -> list[dict]:
    titles = titles or {p: ATTACKS[p][0] if p in ATTACKS else "Story" for p in paths}
    return [{"title": titles[p], "link": base + p, **({"pubDate": PUBLISHED} if dated else {})} for p in paths]


@pytest.fixture
def site():
    routes = {path: Response(page(*text)) for path, text in ATTACKS.items()}
    routes["/en/economy/2024/03/05/budget-agreed"] = Response(page(*ECONOMY))
    routes["/robots.txt"] = Response(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    with FeedServer(routes) as server:
        yield server


def poll(store, server, *feeds: Feed, settings: FetchSettings = FAST, **config):
    poller = Poller(WatchConfig(feeds=feeds, fetch=settings, **config), store)
    try:
        return poller.poll(list(feeds))
    finally:
        poller.close()


def rss_feed(server, paths, name="Loopback News", **feed) -> Feed:
    server.routes["/feed.xml"] = Response(rss(items(server.url, paths)).encode(), content_type="application/rss+xml")
    return Feed(name=name, url=server.url + "/feed.xml", **feed)


def outcomes(store) -> dict[str, tuple[str, str]]:
    frame = WatchRecords(store).articles()
    return {url.split("/")[-1]: (outcome, reason) for url, outcome, reason in
            zip(frame["url"], frame["outcome"], frame["reason"])}


def test_rss_feed_keeps_the_attacks_and_skips_the_rest_with_reasons(store, site):
    paths = [*ATTACKS, "/en/economy/2024/03/05/budget-agreed"]
    [result] = poll(store, site, rss_feed(site, paths))
    assert (result.entries, result.new_articles, result.kept, result.skipped, result.errors) == (4, 4, 3, 1, 0)
    assert result.incidents_new == 3
    assert result.line().startswith("Loopback News: 4 entries, 4 new or changed article(s): 3 kept (3 new incident(s)), "
                                    "1 skipped")
    seen = outcomes(store)
    assert seen["budget-agreed"] == ("skipped", "no attack word")
    assert seen["police-killed-in-daquq"][0] == "kept" and "Daquq" in seen["police-killed-in-daquq"][1]
    incidents = store.incidents()
    assert sorted(i.killed.total for i in incidents) == [2, 3, 4]
    source = next(i for i in incidents if i.killed.total == 3).sources[0]
    assert source.outlet == "Loopback News via 127.0.0.1" and source.published == date(2024, 3, 5)  # not its site
    with store.engine.connect() as conn:
        urls = {r[0] for r in conn.execute(sa.select(reports_table.c.url))}
    assert urls == {site.url + p for p in ATTACKS}  # provenance: each report keeps its article's URL
    texts = " ".join(i.sources[0].sentence for i in incidents)
    assert "newsletter" not in texts and "Related" not in texts


def test_atom_feed(store, site):
    entries = [{"title": ATTACKS[p][0], "link": site.url + p, "updated": PUBLISHED} for p in ATTACKS]
    site.routes["/atom.xml"] = Response(atom(entries).encode(), content_type="application/atom+xml")
    [result] = poll(store, site, Feed(name="Loopback Wire", url=site.url + "/atom.xml"))
    assert result.kept == 3 and store.count() == 3


def test_a_feed_repeating_items_and_a_second_poll_fetch_each_article_once(store, site):
    path = next(iter(ATTACKS))
    site.routes["/feed.xml"] = Response(rss(items(site.url, [path, path, path])).encode())
    feed = Feed(name="Repeats", url=site.url + "/feed.xml")
    [first] = poll(store, site, feed)
    [second] = poll(store, site, feed)
    assert (first.entries, first.kept, second.new_articles) == (1, 1, 0)
    assert site.hits(path) == 1 and store.count() == 1
    assert second.line().startswith("Repeats: 1 entries, 0 new or changed article(s)")


def test_gzip_wrong_charset_and_redirect(store, site):
    gz, latin, moved = list(ATTACKS)
    site.routes[gz].gzip = True
    # Declared ISO-8859-1, sent as UTF-8 (a common server default): the dash and the "ç" must survive.
    site.routes[latin] = Response(page("Gunmen kill three policemen in Daquq", ATTACKS[latin][1] +
                                       " — said Qaraçogh’s mayor."), content_type="text/html; charset=iso-8859-1")
    site.routes["/old/khanaqin"] = Response(status=301, headers={"Location": moved})
    site.routes["/feed.xml"] = Response(rss(items(site.url, [gz, latin, "/old/khanaqin"],
                                                  titles={gz: "a", latin: "b", "/old/khanaqin": "c"})).encode())
    [result] = poll(store, site, Feed(name="Loopback News", url=site.url + "/feed.xml"))
    assert result.kept == 3 and store.count() == 3
    with store.engine.connect() as conn:
        texts = {r.url: r.text for r in conn.execute(sa.select(reports_table))}
    assert "— said Qaraçogh’s mayor" in texts[site.url + latin]
    assert site.url + "/old/khanaqin" in texts  # the URL the feed gave, where the redirect started


def test_conditional_poll_answered_304_fetches_nothing(store, site):
    feed = rss_feed(site, list(ATTACKS)[:1])
    site.routes["/feed.xml"].etag = '"v1"'
    poll(store, site, feed)
    requests_before = len(site.requests)
    [again] = poll(store, site, feed)
    assert again.not_modified and again.line() == f"Loopback News: not modified since the last poll [{again.seconds:.1f} s]"
    assert [p for p, _ in site.requests[requests_before:]] == ["/robots.txt", "/feed.xml"]
    assert site.requests[-1][1]["If-None-Match"] == '"v1"'
    state = WatchRecords(store).feed_state("Loopback News")
    assert state["etag"] == '"v1"' and state["last_error"] == ""


def test_missing_article_slow_or_trickling_server_and_huge_page_are_recorded_and_the_feed_goes_on(store, site):
    ok = list(ATTACKS)[0]
    site.routes["/en/slow/2024/03/05/slow-story-here"] = Response(page(*ATTACKS[ok]), delay_s=2.0)
    site.routes["/en/big/2024/03/05/huge-page-here"] = Response(stream_bytes=60_000_000)
    site.routes["/en/drip/2024/03/05/trickling-page-here"] = Response(page(*ATTACKS[ok]), trickle_s=0.2)
    paths = [ok, "/en/gone/2024/03/05/missing-story-here", "/en/slow/2024/03/05/slow-story-here",
             "/en/big/2024/03/05/huge-page-here", "/en/drip/2024/03/05/trickling-page-here"]
    started = time.perf_counter()
    [result] = poll(store, site, rss_feed(site, paths))
    assert time.perf_counter() - started < 20
    assert (result.kept, result.errors) == (1, 4)
    assert outcomes(store)["trickling-page-here"] == ("error", "too slow (not whole after 2.5 s)")
    seen = outcomes(store)
    assert seen["missing-story-here"] == ("error", "HTTP 404 Not Found")
    assert seen["slow-story-here"] == ("error", "timed out after 0.5 s")
    assert seen["huge-page-here"][0] == "error" and seen["huge-page-here"][1].startswith("too large (over 5,000,000")
    assert site.hits("/en/slow/2024/03/05/slow-story-here") == 2  # one retry, then given up
    # Next poll: the timeout is tried again (a passing failure), the 404 and the huge page are not.
    site.routes["/en/slow/2024/03/05/slow-story-here"].delay_s = 0
    [again] = poll(store, site, rss_feed(site, paths))
    assert again.new_articles == 1 and site.hits("/en/gone/2024/03/05/missing-story-here") == 1


def test_a_feed_that_errors_keeps_its_last_good_state_and_shows_the_error(store, site):
    feed = rss_feed(site, list(ATTACKS)[:1])
    site.routes["/feed.xml"].etag = '"good"'
    poll(store, site, feed)
    site.routes["/feed.xml"] = Response(b"oops", status=500)
    [failed] = poll(store, site, feed)
    assert failed.detail == "HTTP 500 Internal Server Error"  # for the operator's log
    assert failed.error == UNREADABLE_FEED and f"error: {UNREADABLE_FEED}" in failed.line()
    assert site.hits("/feed.xml") == 3  # the first poll, then the failing one and its retry
    state = WatchRecords(store).feed_state("Loopback News")
    assert state["etag"] == '"good"' and state["kept"] == 1 and state["last_error"] == UNREADABLE_FEED
    assert state["last_success_at"] < state["last_poll_at"]


def test_robots_txt_forbidding_a_path_is_obeyed_and_named(store, site):
    site.routes["/private/2024/03/05/secret-story-here"] = Response(page(*ATTACKS[next(iter(ATTACKS))]))
    [result] = poll(store, site, rss_feed(site, ["/private/2024/03/05/secret-story-here"]))
    assert result.skipped == 1 and store.count() == 0
    assert outcomes(store)["secret-story-here"] == ("skipped", "robots.txt forbids this path")
    assert site.hits("/private/2024/03/05/secret-story-here") == 0
    assert all("frontline-watch" in headers["User-Agent"] for _, headers in site.requests)


def test_article_with_no_date_is_read_against_the_day_its_text_states(store, site):
    site.routes["/en/undated/no-date-story-here"] = Response(page(
        "Two Peshmerga killed", "Two Peshmerga fighters were killed when ISIS militants attacked their post near "
        "Makhmour on Tuesday, March 5, 2024, a security source said.", published=None))
    site.routes["/feed.xml"] = Response(rss(items(site.url, ["/en/undated/no-date-story-here"],
                                                  titles={"/en/undated/no-date-story-here": "x"},
                                                  dated=False)).encode())
    [result] = poll(store, site, Feed(name="Loopback News", url=site.url + "/feed.xml"))
    assert result.kept == 1
    [incident] = store.incidents()
    assert incident.sources[0].published == date(2024, 3, 5) and "no publication date" in incident.notes.lower()


def test_non_english_article_is_refused_with_its_reason(store, site):
    kurdish = ("Du pêşmerge hatin kuştin û sê yên din birîndar bûn dema ku çekdarên DAIŞê êrîşî baregeha wan "
               "li nêzîkî Mexmûrê kirin, çavkaniyeke ewlehiyê ji rojnameyê re got. Çavkanî got ku êrîşkar paşê "
               "reviyan ber bi çiyayên Qereçoxê ve, piştî pevçûnekê ku saetekê dom kir li herêmê.")
    site.routes["/ku/2024/03/05/heval-story-here"] = Response(article_html("Êrîş li Mexmûrê", [kurdish] * 3,
                                                                           lang="ku").encode())
    [result] = poll(store, site, rss_feed(site, ["/ku/2024/03/05/heval-story-here"]))
    assert result.refused == 1 and store.count() == 0
    assert outcomes(store)["heval-story-here"] == ("refused", "not in English: only English reports are supported")


def test_section_page_follows_article_links_not_navigation(store, site):
    links = [(p, ATTACKS[p][0]) for p in ATTACKS]
    site.routes["/en/security"] = Response(section_html(links).encode())
    [result] = poll(store, site, Feed(name="Section", url=site.url + "/en/security", kind="page"))
    assert (result.entries, result.kept) == (3, 3)
    assert site.hits("/en/about-us-and-contacts") == 0 and site.hits("/en/economy") == 0


def test_include_and_exclude_words(store, site):
    economy = "/en/economy/2024/03/05/budget-agreed"
    paths = [*ATTACKS, economy]
    feed = rss_feed(site, paths, include=("budget",), exclude=("Khanaqin",))
    [result] = poll(store, site, feed)
    seen = outcomes(store)
    assert seen["budget-agreed"] == ("kept", "names the feed's word 'budget'; 0 new incident(s)")
    assert seen["bomb-kills-civilians-near-khanaqin"] == (
        "skipped", "excluded by the feed's word 'Khanaqin' in its entry (not fetched)")
    assert site.hits("/en/security/2024/03/05/bomb-kills-civilians-near-khanaqin") == 0
    assert result.kept == 3


def test_an_article_the_feed_says_changed_is_read_again():
    known = {"outcome": "skipped", "status": 200, "attempts": 1, "entry_updated": "Tue, 05 Mar 2024 09:30:00 GMT",
             "reason": ""}
    from watch.entries import Entry
    assert not needs_fetch(Entry("u", updated="Tue, 05 Mar 2024 09:30:00 GMT"), known)
    assert needs_fetch(Entry("u", updated="Tue, 05 Mar 2024 11:00:00 GMT"), known)
    assert needs_fetch(Entry("u"), {**known, "outcome": "error", "status": 503})
    assert not needs_fetch(Entry("u"), {**known, "outcome": "error", "status": 503, "attempts": 3})
    assert not needs_fetch(Entry("u"), {**known, "outcome": "error", "status": 404})


def test_feeds_come_due_on_their_interval_and_a_paused_one_never(store, site):
    feed = rss_feed(site, list(ATTACKS)[:1], interval_minutes=30)
    paused = Feed(name="Paused", url=site.url + "/other.xml", paused=True)
    records = WatchRecords(store)
    assert due((feed, paused), records) == [feed]
    poll(store, site, feed)
    assert due((feed, paused), records) == []
    records.save_feed_state(feed.name, next_poll_at=datetime.now(timezone.utc) - timedelta(seconds=1))
    assert due((feed, paused), records) == [feed]


def test_incidents_new_since_the_last_visit(store, site):
    assert record_visit(store, "ana") is None
    before = datetime.now(timezone.utc)
    poll(store, site, rss_feed(site, list(ATTACKS)[:2]))
    new = incidents_new_since(store, before)
    assert len(new) == 2 and set(new["sector"]) >= {"Gwer–Makhmour–Qarachogh"}
    assert record_visit(store, "ana") is not None
    assert incidents_new_since(store, datetime.now(timezone.utc)).empty


def test_alert_posts_to_a_webhook_for_new_incidents_in_its_sectors(store, site):
    from watch.config import AlertRule

    with FeedServer() as hook:
        rules = (AlertRule(name="Makhmour deaths", webhook=hook.url + "/hooks/T000/SECRETKEY",
                           sectors=("Gwer–Makhmour–Qarachogh",), min_killed=2),
                 AlertRule(name="Many dead", webhook=hook.url + "/hooks/other", min_killed=10))
        [result] = poll(store, site, rss_feed(site, list(ATTACKS)), alerts=rules,
                        dashboard_url="https://frontline.example.org")
        posts = [h for p, h in hook.requests if p.startswith("/hooks/")]
    assert len(posts) == 1 and [str(s) for s in result.alerts] == [
        f"alert 'Makhmour deaths' for {result.alerts[0].incident_id}: sent"]
    import json
    message = json.loads(posts[0]["body"])
    assert message["incident"]["killed"] == 2 and "Makhmour" in message["text"]
    assert "https://frontline.example.org/?from=2024-03-04&to=2024-03-04&bbox=" in message["text"]
    assert "SECRETKEY" not in result.line()


def test_polling_records_the_same_on_sqlite_and_postgis(any_db_url, site):
    from store.database import IncidentStore
    from watch.records import feed_overview

    store = IncidentStore(any_db_url)
    before = datetime.now(timezone.utc)
    feed = rss_feed(site, [*ATTACKS, "/en/economy/2024/03/05/budget-agreed"])
    [result] = poll(store, site, feed)
    [again] = poll(store, site, feed)
    assert (result.kept, result.skipped, again.new_articles) == (3, 1, 0)
    assert outcomes(store)["budget-agreed"] == ("skipped", "no attack word")
    assert len(incidents_new_since(store, before)) == 3
    row = feed_overview((feed,), WatchRecords(store)).iloc[0]
    assert (row["kept"], row["new_articles"], row["error"]) == (0, 0, "")  # the last poll found nothing new
    assert row["next_poll"] > row["last_poll"]
    store.engine.dispose()


def test_watch_polls_on_interval_until_stopped(store, site, tmp_path):
    import threading

    from watch import config as watch_config
    from watch.poll import watch

    config = tmp_path / "frontline.toml"
    config.write_text("[fetch]\nper_host_delay_s = 0\n")
    watch_config.add_feed(rss_feed(site, list(ATTACKS)[:1], interval_minutes=1), config)
    lines, stop = [], threading.Event()
    worker = threading.Thread(target=watch, args=(store,), kwargs=dict(config_path=config, stop=stop,
                                                                       progress=lines.append))
    worker.start()
    deadline = time.time() + 60
    while not lines and time.time() < deadline:
        time.sleep(0.05)
    stop.set()
    worker.join(timeout=10)
    assert not worker.is_alive() and len(lines) == 1 and lines[0].startswith("Loopback News: 1 entries")
    assert WatchRecords(store).feed_state("Loopback News")["next_poll_at"] > datetime.now(timezone.utc)


def test_an_article_already_pasted_by_hand_is_not_fetched_again(store, site):
    from reports.reading import build_report

    path = next(iter(ATTACKS))
    pasted = build_report(ATTACKS[path][1], url=site.url + path, published="2024-03-05", outlet="Pasted")
    store.ingest([pasted])
    [result] = poll(store, site, rss_feed(site, [path]))
    assert result.kept == 1 and result.incidents_new == 0 and site.hits(path) == 0
    assert outcomes(store)[path.split("/")[-1]] == ("kept", "already ingested from Pasted (not fetched)")
    assert store.count() == 1
