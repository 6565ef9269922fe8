"""The dashboard's Feeds page through Streamlit's AppTest, on a real SQLite store a poll of the loopback
news site filled."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.feeds_server import FeedServer, news_site
from watch import config as watch_config
from watch.config import Feed, FetchSettings, WatchConfig
from watch.poll import Poller

pytestmark = pytest.mark.usefixtures("loopback_allowed")

PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "5_Feeds.py")


@pytest.fixture
def watched(store, tmp_path, monkeypatch):
    config = tmp_path / "frontline.toml"
    with FeedServer(news_site(feeds=1, articles=4, seed=5)) as site:
        feed = Feed(name="Loopback News", url=site.url + "/feeds/0.xml?key=HIDDEN")
        site.routes["/feeds/0.xml?key=HIDDEN"] = site.routes["/feeds/0.xml"]
        watch_config.add_feed(feed, config)
        watch_config.add_feed(Feed(name="Broken", url=site.url + "/feeds/broken.xml"), config)
        loaded = watch_config.load(config)
        poller = Poller(WatchConfig(feeds=loaded.feeds, fetch=FetchSettings(per_host_delay_s=0, retries=0)), store)
        results = poller.poll(list(loaded.feeds))
        poller.close()
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", store.url)
    monkeypatch.setenv("FRONTLINE_CONFIG", str(config))
    return config, results


def test_feeds_page_shows_feeds_new_incidents_and_articles(watched):
    config, results = watched
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not app.exception
    new_incidents, feeds, articles = (frame.value for frame in app.dataframe)
    kept = results[0].kept
    assert len(new_incidents) == results[0].incidents_new > 0
    assert not set(new_incidents["attack_type"]) & {"armed_attack", "mortar_rocket", "suicide_attack"}  # labels
    row = feeds.set_index("feed").loc["Loopback News"]
    assert row["kept"] == kept and row["url"].endswith("/feeds/0.xml?key=***") and row["error"] == ""
    assert "HIDDEN" not in " ".join(feeds["url"])
    assert any("Broken: its last poll failed: could not read a feed at this address" in w.value for w in app.warning)
    assert len(articles) == 4 and set(articles["outcome"]) <= {"kept", "skipped"}

    app.button[0].click().run()  # pause the chosen feed
    assert not app.exception and watch_config.load(config).feed("Broken").paused is False
    assert watch_config.load(config).feed(app.selectbox[0].value).paused


def test_adding_a_feed_from_the_page(watched):
    config, _ = watched
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    form = {t.label.split(" ")[0]: t for t in app.text_input}
    form["Name"].input("Shafaq News")
    form["URL"].input("ftp://not-a-feed")
    app.button(key="FormSubmitter:add-feed-Add feed").click().run()
    assert not app.exception and any("not an http(s) URL" in e.value.replace("\\", "") for e in app.error)
    form = {t.label.split(" ")[0]: t for t in app.text_input}
    form["Name"].input("Shafaq News")
    form["URL"].input("https://shafaq.example/rss")
    form["Exclude"].input("football, weather")
    app.button(key="FormSubmitter:add-feed-Add feed").click().run()
    assert not app.exception
    added = watch_config.load(config).feed("Shafaq News")
    assert added is not None and added.exclude == ("football", "weather")


def test_the_map_rings_and_lists_incidents_new_since_the_last_visit(watched, store):
    from ui.newsmap import NEW_CLASS, new_incidents_layer
    from watch.records import incidents_new_since, record_visit

    first = AppTest.from_file(str(Path(PAGE).parent / "0_Map.py"), default_timeout=60).run()
    assert not first.exception
    new = incidents_new_since(store, record_visit(store, "nobody") or datetime.now(timezone.utc) - timedelta(days=1))
    assert any(f"{len(new)} incident(s) new since your last visit" in e.label for e in first.expander)
    import folium

    html = new_incidents_layer(new).add_to(folium.Map()).get_root().render()
    assert html.count(NEW_CLASS) == new["latitude"].notna().sum() > 0
    # The next session: this analyst has seen them, nothing is new.
    again = AppTest.from_file(str(Path(PAGE).parent / "0_Map.py"), default_timeout=60).run()
    assert not again.exception and not any("new since your last visit" in e.label for e in again.expander)
