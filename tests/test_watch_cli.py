"""`frontline feeds` and `frontline watch` as an analyst or cron runs them (the real command, in a
subprocess), against the loopback news site; and a watch killed midway, then run again."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

from store.schema import incidents_table, reports_table, sources_table, watch_articles_table
from store.database import IncidentStore
from tests.conftest import ROOT
from tests.feeds_server import FeedServer, news_site
from watch import config as watch_config

pytestmark = pytest.mark.usefixtures("loopback_allowed")

FAST_FETCH = "[fetch]\ntimeout_s = 2\nretries = 1\nbackoff_s = 0.05\nper_host_delay_s = 0\n"


def frontline(db_url: str, *args: str, config=None) -> subprocess.CompletedProcess:
    env = {**os.environ, **({"FRONTLINE_CONFIG": str(config)} if config else {})}
    return subprocess.run([sys.executable, "-m", "cli.main", "--database", db_url, *args], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=300)


def test_feeds_add_list_remove_and_a_watch_once_with_secrets_masked(db_url, tmp_path):
    config = tmp_path / "frontline.toml"
    config.write_text("# the team's feeds\n" + FAST_FETCH)
    with FeedServer(news_site(feeds=1, articles=3)) as site:
        secret_url = site.url + "/feeds/0.xml?token=SECRET123"
        site.routes["/feeds/0.xml?token=SECRET123"] = site.routes["/feeds/0.xml"]
        added = frontline(db_url, "feeds", "add", "Loopback News", secret_url, "--interval", "15",
                          "--exclude", "football", config=config)
        assert added.returncode == 0, added.stderr
        assert frontline(db_url, "feeds", "add", "Loopback News", secret_url, config=config).returncode == 2
        assert "# the team's feeds" in config.read_text()  # the analyst's comments are kept
        assert oct(config.stat().st_mode & 0o777) == "0o600"
        [feed] = watch_config.load(config).feeds
        assert (feed.url, feed.interval_minutes, feed.exclude) == (secret_url, 15, ("football",))

        watched = frontline(db_url, "watch", "--once", "--config", str(config))
        assert watched.returncode == 0, watched.stderr
        assert "Loopback News: 3 entries, 3 new or changed article(s): 3 kept" in watched.stdout
        listed = frontline(db_url, "feeds", "list", config=config)
    assert "Loopback News: feed " + site.url + "/feeds/0.xml?token=*** every 15 min; exclude football" in listed.stdout
    assert "3 new article(s), 3 kept, 0 skipped, 0 failed" in listed.stdout
    assert "SECRET123" not in added.stdout + watched.stdout + watched.stderr + listed.stdout
    assert IncidentStore(db_url).count() >= 3

    assert frontline(db_url, "feeds", "pause", "Loopback News", config=config).returncode == 0
    assert watch_config.load(config).feeds[0].paused
    assert frontline(db_url, "feeds", "remove", "Loopback News", config=config).returncode == 0
    assert watch_config.load(config).feeds == ()
    missing = frontline(db_url, "feeds", "remove", "Loopback News", config=config)
    assert missing.returncode == 2 and "no feed named 'Loopback News'" in missing.stderr


def test_a_bad_configuration_is_refused_with_where_and_why(db_url, tmp_path):
    config = tmp_path / "frontline.toml"
    config.write_text('[[feeds]]\nname = "X"\nurl = "ftp://example.org/feed"\n')
    result = frontline(db_url, "watch", "--once", config=config)
    assert result.returncode == 2 and "feed 'X' url: not an http(s) URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_failing_feed_and_a_misspelt_alert_sector_are_shown(db_url, tmp_path):
    config = tmp_path / "frontline.toml"
    with FeedServer() as site:
        config.write_text(FAST_FETCH + f'\n[[feeds]]\nname = "Gone"\nurl = "{site.url}/feeds/gone.xml"\n'
                          '\n[[alerts]]\nname = "Kirkuk"\nwebhook = "https://hooks.example.org/services/KEY"\n'
                          'sectors = ["Kirkuk-Dibis-Prde"]\n')
        result = frontline(db_url, "watch", "--once", config=config)
    assert result.returncode == 1
    assert "Gone: error: could not read a feed at this address (its last good state is kept)" in result.stdout
    assert "feed 'Gone' (" + site.url + "/feeds/gone.xml): HTTP 404 Not Found" in result.stderr  # the operator's log
    assert "warning: alert 'Kirkuk': no sector named 'Kirkuk-Dibis-Prde' (sectors: " in result.stderr
    assert "KEY" not in result.stdout + result.stderr


def _state(store: IncidentStore) -> dict:
    a = watch_articles_table.c
    with store.engine.connect() as conn:
        count = lambda table: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()  # noqa: E731
        return {"reports": count(reports_table), "incidents": count(incidents_table), "sources": count(sources_table),
                "articles": sorted(tuple(r) for r in conn.execute(sa.select(a.url, a.outcome, a.incidents_new)))}


def test_a_watch_killed_midway_then_run_again_leaves_the_store_of_one_uninterrupted_run(tmp_path):
    config = tmp_path / "frontline.toml"
    with FeedServer(news_site(feeds=1, articles=40, seed=3)) as site:
        config.write_text(FAST_FETCH.replace("per_host_delay_s = 0", "per_host_delay_s = 0.05") +
                          f'\n[[feeds]]\nname = "Synthetic"\nurl = "{site.url}/feeds/0.xml"\n')
        killed_url = f"sqlite:///{tmp_path / 'killed.sqlite'}"
        store = IncidentStore(killed_url)
        env = {**os.environ, "FRONTLINE_CONFIG": str(config)}
        process = subprocess.Popen([sys.executable, "-m", "cli.main", "--database", killed_url, "watch", "--once"],
                                   cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 120
        while len(_state(store)["articles"]) < 8:
            assert process.poll() is None and time.time() < deadline, "the watch ended before it could be killed"
            time.sleep(0.02)
        process.kill()  # SIGKILL: no cleanup
        process.wait()
        interrupted = _state(store)
        assert 8 <= len(interrupted["articles"]) < 40

        rerun = frontline(killed_url, "watch", "--once", config=config)
        assert rerun.returncode == 0, rerun.stderr
        alone_url = f"sqlite:///{tmp_path / 'alone.sqlite'}"
        alone = frontline(alone_url, "watch", "--once", config=config)
        assert alone.returncode == 0, alone.stderr
    assert "Synthetic: 40 entries, 40 new or changed article(s)" in alone.stdout
    completed = _state(store)
    assert completed == _state(IncidentStore(alone_url))
    assert len(completed["articles"]) == 40
    assert completed["reports"] == sum(outcome == "kept" for _, outcome, _ in completed["articles"]) >= 35
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
