"""The watcher never loses news, against loopback servers (tests/feeds_server.py): an article whose storing
failed is stored on the next poll, an article its outlet updated updates its incident (audited), alerts are
posted again until a webhook takes them and once only with two watchers, and a feed's name is its reports'
outlet only on that outlet's own site.
"""
from __future__ import annotations

import threading
from datetime import datetime, timezone

import pytest

from tests.feeds_server import FeedServer, Response, article_html, rss
from tests.test_watch_hostile import (FAST, STORY, WatchRecordsOf, feed_of, loopback_site, poll,  # noqa: F401
                                      wait_until)
from watch.config import AlertRule, WatchConfig

pytestmark = pytest.mark.usefixtures("loopback_allowed")


def test_an_article_whose_storing_failed_is_stored_on_the_next_poll(store, site):
    with store.engine.begin() as conn:  # the database refuses new reports for a while
        conn.exec_driver_sql("CREATE TRIGGER refuse BEFORE INSERT ON reports "
                             "BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    url = feed_of(site, STORY)
    failed = poll(store, url)
    assert (failed.errors, store.count()) == (1, 0) and failed.failed
    assert WatchRecordsOf(store)[site.url + STORY][1].startswith("could not be stored: IntegrityError: (sqlite3")
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER refuse")
    again = poll(store, url)
    assert (again.kept, again.incidents_new, store.count()) == (1, 1, 1) and not again.failed


# -- alerts: at least once, once only --------------------------------------------------------------------------
def test_an_alert_that_met_a_webhook_error_is_posted_again_later(store, site):
    from watch.delivery import FIRST_RETRY, AlertLedger, retry_alerts
    from watch.records import now

    with FeedServer({"/hook": Response(b"down", status=500)}) as hook:
        config = WatchConfig(fetch=FAST, alerts=(AlertRule(name="All", webhook=hook.url + "/hook", min_killed=0),))
        result = poll(store, feed_of(site, STORY), alerts=config.alerts)
        assert result.failed and [s.error for s in result.alerts] == [f"HTTP 500 from {hook.url}/***"]
        assert AlertLedger(store).unsent() == 1
        assert retry_alerts(config, store).alerts == []  # not before its time
        hook.routes["/hook"] = Response(b"ok")
        [sent] = retry_alerts(config, store, at=now() + FIRST_RETRY).alerts
        assert retry_alerts(config, store, at=now() + FIRST_RETRY * 100).alerts == []  # sent: never again
        posts = [path for path, _ in hook.requests]
    assert (sent.error, sent.attempt, str(sent)) == (None, 2, f"alert 'All' for {sent.incident_id} (attempt 2): sent")
    assert posts == ["/hook", "/hook"] and AlertLedger(store).unsent() == 0


def test_feeds_list_says_how_many_alerts_wait_for_their_webhook(store, site, tmp_path, capsys):
    from cli.main import main
    from watch import config as watch_config
    from watch.config import Feed
    from watch.delivery import AlertLedger
    from watch.records import now

    path = tmp_path / "frontline.toml"
    watch_config.add_feed(Feed(name="Hostile", url=site.url + "/feed.xml"), path)
    AlertLedger(store).claim("All", "an-incident", "Hostile", now())
    assert main(["--database", store.url, "feeds", "list", "--config", str(path)]) == 0
    assert "1 alert(s) not yet delivered" in capsys.readouterr().out


def test_an_alert_claimed_by_a_watcher_killed_before_posting_is_posted_when_its_lease_runs_out(any_db_url, site):
    from store.database import IncidentStore
    from watch.delivery import LEASE, AlertLedger, retry_alerts
    from watch.records import now

    store = IncidentStore(any_db_url)

    poll(store, feed_of(site, STORY))
    [incident] = store.incidents()
    ledger = AlertLedger(store)
    assert ledger.claim("All", incident.incident_id, "Hostile", now())  # ... and the watcher is killed here
    assert not ledger.claim("All", incident.incident_id, "Hostile", now())  # a second watcher: taken
    with FeedServer() as hook:
        config = WatchConfig(fetch=FAST, alerts=(AlertRule(name="All", webhook=hook.url + "/hook", min_killed=0),))
        assert retry_alerts(config, store).alerts == []  # the lease holds
        [sent] = retry_alerts(config, store, at=now() + LEASE).alerts
        assert sent.error is None and [p for p, _ in hook.requests] == ["/hook"]
    assert ledger.unsent() == 0
    store.engine.dispose()


def test_two_watchers_polling_the_same_feed_send_each_alert_once(db_url, site):
    from store.database import IncidentStore

    stores = [IncidentStore(db_url), IncidentStore(db_url)]
    with FeedServer() as hook:
        rules = (AlertRule(name="All", webhook=hook.url + "/hook", min_killed=0),)
        url = feed_of(site, STORY)
        watchers = [threading.Thread(target=poll, args=(s, url), kwargs={"alerts": rules}) for s in stores]
        for watcher in watchers:
            watcher.start()
        for watcher in watchers:
            watcher.join()
        posts = [p for p, _ in hook.requests]
    assert stores[0].count() == 1 and posts == ["/hook"]


def test_an_article_updated_in_place_updates_its_incident_and_the_audit_says_so(store, site):
    def story(toll: str, updated: str) -> str:
        site.routes[STORY] = Response(article_html("Gunmen kill policemen in Daquq", [
            f"{toll} policemen were killed when gunmen opened fire on a checkpoint in Daquq on Monday, police said.",
            "The source said the attackers fled towards the orchards south of the town."]).encode(),
            etag=f'"{toll}"')
        site.routes["/feed.xml"] = Response(rss([{"title": "Daquq", "link": STORY, "pubDate": updated}]).encode())
        return site.url + "/feed.xml"

    first = poll(store, story("Three", datetime(2024, 3, 5, 9, tzinfo=timezone.utc)))
    [before] = store.incidents()
    again = poll(store, story("Eleven", datetime(2024, 3, 5, 15, tzinfo=timezone.utc)))
    [after] = store.incidents()
    assert (first.kept, again.kept, before.killed.total, after.killed.total) == (1, 1, 3, 11)
    assert after.incident_id == before.incident_id and store.count() == 1
    assert WatchRecordsOf(store)[site.url + STORY][1].endswith("updated by its outlet since it was stored: "
                                                                "1 incident(s) revised")
    [edit] = store.history()
    assert (edit.action, edit.analyst, edit.incident_ids) == ("revise", "frontline watch", [after.incident_id])
    store.undo(edit.id)
    assert store.incidents()[0].killed.total == 3  # undone like an analyst's edit


# (feed name, article URL, the outlet its reports are stored under)
OUTLETS = [
    ("Rudaw", "https://www.rudaw.net/english/middleeast/iraq/05032024", "Rudaw"),
    ("Kurdistan 24", "https://www.kurdistan24.net/en/story/12345", "Kurdistan 24"),
    ("Shafaq News", "https://shafaq.com/en/Security/attack", "Shafaq News"),
    ("Rudaw", "https://news.example.org/rudaw-story", "Rudaw via news.example.org"),
    ("Rudaw", "https://rudaw.example.com/story", "Rudaw via rudaw.example.com"),
    ("BBC News", "https://www.bbc.co.uk/news/world", "BBC News"),
    ("Rudaw", "http://127.0.0.1:8000/story", "Rudaw via 127.0.0.1"),
]


@pytest.mark.parametrize("name, url, outlet", OUTLETS, ids=[f"{o[0]} at {o[1]}" for o in OUTLETS])
def test_a_feed_name_is_the_outlet_only_on_its_own_site(name, url, outlet):
    from watch.article import outlet_of

    assert outlet_of(name, url) == outlet


def test_a_slow_outlet_delays_only_itself(store, site, tmp_path, monkeypatch):
    from watch import config as watch_config
    from watch import poll as watch_poll
    from watch.config import Feed
    from watch.records import WatchRecords

    monkeypatch.setattr(watch_poll, "IDLE_CHECK_S", 0.1)
    site.routes["/slow.xml"] = Response(rss([]).encode(), delay_s=4)
    path = tmp_path / "frontline.toml"
    path.write_text("[fetch]\nper_host_delay_s = 0\nretries = 0\ntimeout_s = 10\n")
    watch_config.add_feed(Feed(name="Slow", url=site.url + "/slow.xml"), path)
    watch_config.add_feed(Feed(name="Fast", url=feed_of(site, STORY)), path)
    lines, stop = [], threading.Event()
    worker = threading.Thread(target=watch_poll.watch, args=(store,),
                              kwargs={"config_path": path, "stop": stop, "progress": lines.append})
    worker.start()
    try:
        wait_until(lambda: any(line.startswith("Fast:") for line in lines), lines)
        WatchRecords(store).save_feed_state("Fast", next_poll_at=watch_poll.now())  # due again: polled again
        wait_until(lambda: sum(line.startswith("Fast:") for line in lines) >= 2, lines)
        polled_twice_before_slow = not any(line.startswith("Slow:") for line in lines)
        wait_until(lambda: any(line.startswith("Slow:") for line in lines), lines)
    finally:
        stop.set()
        worker.join(timeout=20)
    assert polled_twice_before_slow and not worker.is_alive()
