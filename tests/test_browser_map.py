"""What an analyst sees: the map draws its attacks with the network off."""
import pytest
from playwright.sync_api import sync_playwright

from incidents.mapping import ATTACK_CLASS
from tests.browser import offline_page, running_dashboard, screenshot


@pytest.fixture(scope="module")
def browser_session():
    with sync_playwright() as playwright:
        yield playwright


def test_map_draws_markers_offline(seeded_store, browser_session):
    outside: list[str] = []
    with running_dashboard(seeded_store.url) as url, offline_page(browser_session, outside) as page:
        page.goto(url, wait_until="domcontentloaded")
        page.get_by_text("Peshmerga killed").wait_for(timeout=60_000)
        frame = page.frame_locator("iframe[title*='st_folium']")
        markers = frame.locator(f"path.{ATTACK_CLASS}")
        markers.first.wait_for(timeout=30_000)
        assert markers.count() == 4
        assert frame.locator("#frontline-legend").is_visible()
        assert frame.locator(".leaflet-control-layers").count() == 1
        assert "OCHA COD-AB" in frame.locator(".leaflet-control-attribution").inner_text()
        markers.first.click(force=True)
        popup = frame.locator(".leaflet-popup-content")
        popup.wait_for(timeout=10_000)
        assert "Sources (" in popup.inner_text() and "“" in popup.inner_text()
        page.wait_for_timeout(500)
        screenshot(page, "dashboard-map")
    assert outside == [], f"requests left the machine: {outside}"


def test_a_link_with_a_date_filter_shows_only_its_attacks(seeded_store, browser_session):
    outside: list[str] = []
    with running_dashboard(seeded_store.url) as url, offline_page(browser_session, outside) as page:
        page.goto(f"{url}/?from=2021-12-04", wait_until="domcontentloaded")
        page.get_by_text("Peshmerga killed").wait_for(timeout=60_000)
        frame = page.frame_locator("iframe[title*='st_folium']")
        frame.locator(f"path.{ATTACK_CLASS}").first.wait_for(timeout=30_000)
        page.wait_for_timeout(1000)
        assert frame.locator(f"path.{ATTACK_CLASS}").count() == 1
        assert page.get_by_test_id("stMetricValue").first.inner_text() == "1"
        screenshot(page, "dashboard-filtered")
    assert outside == []
