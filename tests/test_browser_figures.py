"""What an analyst sees of the figures in a real browser: the attacks awaiting review said beside the tiles and
drawn grey-ringed, counted with one switch kept in the link; a governorate-wide attack's governorate outlined."""
import pytest
from playwright.sync_api import sync_playwright

from extraction.extract import extract
from reports.reading import build_report
from tests.browser import incidents_metric, offline_page, open_map, running_dashboard, screenshot
from tests.conftest import store_with_doubts
from ui.mapping import ATTACK_CLASS, AWAITING_CLASS, GOVERNORATE_CLASS

pytestmark = pytest.mark.flaky(reruns=2)  # as in test_browser_map: a click lost on a busy 2-core machine


@pytest.fixture(scope="module")
def browser_session():
    with sync_playwright() as playwright:
        yield playwright


def test_the_tiles_say_what_awaits_review_and_one_switch_counts_it(db_url, browser_session):
    store, _ = store_with_doubts(db_url)
    outside: list[str] = []
    with running_dashboard(db_url) as (url, _), offline_page(browser_session, outside) as page:
        frame = open_map(page, url, ATTACK_CLASS)
        assert incidents_metric(page) == "6"
        assert page.get_by_test_id("stMetricDelta").first.inner_text().strip() == "+2 in review"
        page.get_by_text("2 attack(s) awaiting review").first.wait_for()
        assert frame.locator(f"path.{AWAITING_CLASS}").count() == 2
        screenshot(page, "dashboard-awaiting-review")
        page.get_by_text("Count attacks awaiting review").click()
        page.wait_for_url("**awaiting=counted**", timeout=30_000)
        page.wait_for_function("() => document.querySelector('[data-testid=stMetricValue]').innerText === '8'",
                               timeout=30_000)
        assert page.get_by_test_id("stMetricDelta").first.inner_text().strip() == "incl. 2 in review"
    assert outside == []


def test_a_governorate_wide_attack_outlines_its_governorate(store, browser_session):
    report = build_report("Title: t\nPublished: 2021-12-07\nSource: Test wire\n\nGunmen attacked an army "
                          "checkpoint in Kirkuk province on Sunday, killing two soldiers.")
    assert [i.geo_precision for i in extract(report).incidents] == ["governorate"]
    store.ingest([report])
    outside: list[str] = []
    with running_dashboard(store.url) as (url, _), offline_page(browser_session, outside) as page:
        frame = open_map(page, url, ATTACK_CLASS)
        assert frame.locator(f"path.{GOVERNORATE_CLASS}").count() == 1
        frame.locator(f"path.{ATTACK_CLASS}").first.hover()
        frame.get_by_text("somewhere in Kirkuk governorate").wait_for(timeout=10_000)
        screenshot(page, "dashboard-governorate-wide")
    assert outside == []
