"""What an analyst sees, for the defects the QA walkthrough found: a real browser (Debian chromium, network off)
against the real dashboard, as in test_browser_map.py."""
import pytest
from playwright.sync_api import sync_playwright

from analysis.tables import event_list
from tests.browser import offline_page, running_dashboard, screenshot

# A click that lands while the page is still rerunning is now and then lost on a shared 2-core machine (see
# test_browser_map.py): a failing test runs again, at most twice; a defect fails all three runs.
pytestmark = pytest.mark.flaky(reruns=2)

KIFRI = ("Title: Attack in Kifri\nPublished: 2021-12-13\nSource: Test outlet\n\n"
         "ISIS militants attacked a Peshmerga post in Kifri on Sunday night, killing two Peshmerga fighters.")
ROW_HEIGHT = 35  # the height of the event list's header and of each of its rows, in px


@pytest.fixture(scope="module")
def browser_session():
    with sync_playwright() as playwright:
        yield playwright


def click_list_row(page, row: int) -> None:
    """Click the selector of row `row` of the list beside the map."""
    grid = page.get_by_test_id("stDataFrame").first
    grid.wait_for(timeout=30_000)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + ROW_HEIGHT * (row + 1) + ROW_HEIGHT // 2)


def opened_from_the_list(store, browser_session, name: str) -> None:
    """Click the list's first row, an attack whose marker is inside a cluster: its popup opens."""
    listed = event_list(store.table())
    first = store.get(listed["incident_id"].iloc[0])
    outside: list[str] = []
    with running_dashboard(store.url) as (url, _), offline_page(browser_session, outside) as page:
        page.goto(url, wait_until="domcontentloaded")
        frame = page.frame_locator("iframe[title*='st_folium']")
        frame.locator(".marker-cluster").first.wait_for(timeout=60_000)  # the attacks' markers are clustered
        page.wait_for_timeout(1000)
        click_list_row(page, 0)
        popup = frame.locator(".leaflet-popup-content")
        popup.wait_for(timeout=30_000)
        page.wait_for_timeout(2000)  # the map reports its new view and the page reruns: the popup stays
        assert popup.is_visible() and first.sources[0].sentence in popup.inner_text()
        screenshot(page, name)
    assert outside == []


def test_an_attack_at_a_shared_point_opens_from_the_list(seeded_store, browser_session):
    from reports.reading import build_report

    seeded_store.ingest([build_report(KIFRI)])  # a second attack placed at Kifri: the two are one stack
    assert event_list(seeded_store.table())["place"].iloc[0] == "Kifri"
    opened_from_the_list(seeded_store, browser_session, "qa-list-click-stack")


def test_an_attack_in_a_dense_cluster_opens_from_the_list(store, browser_session):
    from bench.synthetic import synthetic_incidents

    store.add_incidents(*synthetic_incidents(200, seed=7))  # above CLUSTER_FROM, below DETAIL_LIMIT: all clustered
    opened_from_the_list(store, browser_session, "qa-list-click-cluster")


# Where a chart (vega's SVG) put its plot and its legend, in CSS px.
PLOT_AND_LEGEND = """svg => {
    const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top,
                                                                   bottom: r.bottom, width: r.width}; };
    return {plot: box(svg.querySelector('.role-frame.root > g > path.background')),
            legend: box(svg.querySelector('.role-legend'))};
}"""


def visible_charts(page) -> list[dict]:
    charts = page.locator("[data-testid='stVegaLiteChart'] svg.marks").filter(visible=True)
    charts.first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)  # drawn at the container's width
    return [charts.nth(n).evaluate(PLOT_AND_LEGEND) for n in range(charts.count())]


def test_the_trends_charts_keep_their_width_on_a_phone(seeded_store, browser_session):
    outside: list[str] = []
    with running_dashboard(seeded_store.url) as (url, _), offline_page(browser_session, outside) as page:
        charts = {}
        for size, (width, height) in {"desktop": (1440, 900), "phone": (390, 844)}.items():
            page.set_viewport_size({"width": width, "height": height})
            page.goto(f"{url}/Trends", wait_until="domcontentloaded")
            page.get_by_text("the bin follows").first.wait_for(timeout=60_000)
            charts[size] = visible_charts(page)
            screenshot(page, f"qa-trends-{size}", full_page=False)
        assert len(charts["desktop"]) == len(charts["phone"]) == 3  # each chart shown once
        for chart in charts["phone"]:  # the legend under the plot, which keeps the width
            assert chart["plot"]["width"] >= 300 and chart["legend"]["top"] >= chart["plot"]["bottom"], chart
        for chart in charts["desktop"]:  # as before: the legend on the plot's right
            assert chart["plot"]["width"] > 600 and chart["legend"]["left"] >= chart["plot"]["right"], chart
    assert outside == []


def test_a_popup_fits_the_map_on_a_phone(seeded_store, browser_session):
    """An attack's popup, its sources and notes, stays inside the map on a 390x844 phone (it scrolls)."""
    outside: list[str] = []
    khidrjija = next(i for i in seeded_store.incidents() if i.location == "Khidrjija")
    with running_dashboard(seeded_store.url) as (url, _), offline_page(browser_session, outside) as page:
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{url}/?incident={khidrjija.incident_id}", wait_until="domcontentloaded")
        popup = page.frame_locator("iframe[title*='st_folium']").locator(".leaflet-popup")
        popup.wait_for(timeout=60_000)
        page.wait_for_timeout(2000)
        popup.scroll_into_view_if_needed()
        screenshot(page, "qa-popup-phone", full_page=False)
        box, map_box = popup.bounding_box(), page.locator("iframe[title*='st_folium']").bounding_box()
        assert map_box["x"] <= box["x"] and box["x"] + box["width"] <= map_box["x"] + map_box["width"], (box, map_box)
        assert box["height"] <= map_box["height"]
    assert outside == []


def test_a_row_picked_on_a_phone_brings_the_map_into_view(seeded_store, browser_session):
    """On a 390x844 phone the list sits under the map: a row picked there scrolls the map back up, its popup open."""
    outside: list[str] = []
    with running_dashboard(seeded_store.url) as (url, _), offline_page(browser_session, outside) as page:
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(url, wait_until="domcontentloaded")
        frame = page.frame_locator("iframe[title*='st_folium']")
        frame.locator("path.frontline-attack, .marker-cluster").first.wait_for(timeout=60_000)
        grid = page.get_by_test_id("stDataFrame").first
        grid.wait_for(timeout=30_000)
        grid.scroll_into_view_if_needed()
        page.wait_for_timeout(1000)
        the_map = page.locator("iframe[title*='st_folium']")
        before = the_map.bounding_box()
        assert before["y"] < -before["height"] / 2, before  # mostly scrolled off the top of the screen
        click_list_row(page, 0)
        frame.locator(".leaflet-popup-content").wait_for(timeout=30_000)
        page.wait_for_timeout(1500)
        after = the_map.bounding_box()
        assert after["y"] >= -1 and after["y"] + after["height"] <= 844 + 1, after  # the whole map in view
        screenshot(page, "qa-row-click-phone", full_page=False)
    assert outside == []


def test_the_attack_picked_or_opened_is_in_the_link_and_a_fresh_browser_reopens_it(seeded_store, browser_session):
    from ui.popups import PERMALINK_CLASS

    listed = event_list(seeded_store.table())
    first = seeded_store.get(listed["incident_id"].iloc[0])
    outside: list[str] = []
    with running_dashboard(seeded_store.url) as (url, _):
        with offline_page(browser_session, outside) as page:
            page.goto(url, wait_until="domcontentloaded")
            frame = page.frame_locator("iframe[title*='st_folium']")
            frame.locator("path.frontline-attack").first.wait_for(timeout=60_000)
            page.wait_for_timeout(1000)
            click_list_row(page, 0)
            page.wait_for_url(f"**incident={first.incident_id}*", timeout=30_000)  # the pick is in the link
            frame.locator(".leaflet-popup-content").wait_for(timeout=30_000)
            page.wait_for_timeout(3000)  # the map reports its view, the page reruns: the link keeps it
            assert f"incident={first.incident_id}" in page.url
            held = page.url
            permalink = frame.locator(f".leaflet-popup-content a.{PERMALINK_CLASS}").get_attribute("href")
            assert permalink.startswith(url) and f"incident={first.incident_id}" in permalink and "area=" in permalink
        for link in (held, permalink):  # shared: another analyst's browser opens the popup
            with offline_page(browser_session, outside) as page:
                page.goto(link, wait_until="domcontentloaded")
                popup = page.frame_locator("iframe[title*='st_folium']").locator(".leaflet-popup-content")
                popup.wait_for(timeout=60_000)
                page.wait_for_timeout(2500)
                assert first.sources[0].sentence in popup.inner_text()
                assert f"incident={first.incident_id}" in page.url
                screenshot(page, "qa-linked-attack")
    assert outside == []


# Sinjar and Khanaqin, the frontline's towns farthest west and east (lat, lng).
SINJAR, KHANAQIN = (36.32, 41.87), (34.35, 45.39)
MAP_VIEW = """() => { const m = window.map, legend = document.getElementById("frontline-legend");
    return m && {zoom: m.getZoom(), bounds: m.getBounds().toBBoxString(), legend_open: legend.open}; }"""


def test_the_map_opens_on_the_frontline_under_no_blank_space_on_a_desktop_and_a_phone(seeded_store, browser_session):
    """The page starts near the top (Streamlit kept 6rem blank), under the sidebar toggle on a phone; the map opens
    on the frontline, Sinjar to Khanaqin, at zoom 7 on a phone too (it opened at 6, the frontline small at its
    top), and its legend starts folded."""
    outside: list[str] = []
    with running_dashboard(seeded_store.url) as (url, _), offline_page(browser_session, outside) as page:
        for size, (width, height) in {"desktop": (1440, 900), "phone": (390, 844)}.items():
            page.set_viewport_size({"width": width, "height": height})
            page.goto(url, wait_until="domcontentloaded")
            page.frame_locator("iframe[title*='st_folium']").locator("path.frontline-attack").first.wait_for(
                timeout=60_000)
            page.wait_for_timeout(1500)
            screenshot(page, f"qa-opening-{size}", full_page=False)
            view = next(v for v in (f.evaluate(MAP_VIEW) for f in page.frames[1:]) if v)
            west, south, east, north = map(float, view["bounds"].split(","))
            assert view["zoom"] == 7 and not view["legend_open"], view
            for lat, lng in (SINJAR, KHANAQIN):
                assert south < lat < north and west < lng < east, view
            top = page.get_by_test_id("stMetric").first.bounding_box()["y"]
            if size == "phone":
                toggle = page.get_by_test_id("stExpandSidebarButton").bounding_box()
                assert toggle["y"] + toggle["height"] <= top <= 100, (toggle, top)  # under the toggle, still seen
            else:
                assert top <= 40, top
    assert outside == []
