"""What an analyst sees zoomed in, with the network off: town and village names by zoom, never piled up; the Kurdistan
Region's edge drawn and labelled; and on the Places page, a pin where the analyst clicked."""
import re

import pytest
from playwright.sync_api import sync_playwright

from tests.browser import offline_page, open_map, running_dashboard, screenshot
from ui.mapping import ATTACK_CLASS
from ui.place_labels import EDGE_CLASS, PLACE_CLASS
from ui.placing import LISTED_CLASS, MOVE_CLASS, PIN_CLASS

pytestmark = pytest.mark.flaky(reruns=2)  # as tests/test_browser_map.py: a click lost to a rerun now and then
KIRKUK = (35.47, 44.39)
SCRIPT = re.compile("[\u0600-\u06FF]")
# The pairs of names whose boxes overlap, of those drawn (their text, not their marker's empty box).
OVERLAPS = f"""() => {{ const boxes = [...document.querySelectorAll('.{PLACE_CLASS} > span, .frontline-label span')]
        .map(s => s.getBoundingClientRect()).filter(b => b.width > 0);
    let pairs = 0;
    for (let i = 0; i < boxes.length; i++) {{ for (let j = i + 1; j < boxes.length; j++) {{
        const a = boxes[i], b = boxes[j];
        if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) pairs++; }} }}
    return pairs; }}"""


@pytest.fixture(scope="module")
def browser_session():
    with sync_playwright() as playwright:
        yield playwright


def set_view(page, frame, centre: tuple[float, float], zoom: int) -> None:
    """Move the map as a pan and zoom would (the map component keeps its Leaflet map as window.map)."""
    frame.locator("body").evaluate(f"() => window.map.setView([{centre[0]}, {centre[1]}], {zoom}, {{animate: false}})")
    page.wait_for_timeout(2500)


def test_names_show_by_zoom_in_their_script_and_never_pile_up(seeded_store, browser_session):
    outside: list[str] = []
    fetched: list[str] = []
    with running_dashboard(seeded_store.url) as (url, _), offline_page(browser_session, outside) as page:
        page.on("request", lambda request: fetched.append(request.url))
        frame = open_map(page, url, ATTACK_CLASS)
        names = frame.locator(f".{PLACE_CLASS}")
        set_view(page, frame, KIRKUK, 7)
        assert names.count() == 0  # the opening zoom: capitals and seats only (ui.basemap's labels)
        assert not any("/places-" in u for u in fetched)  # and the names' file is not even loaded
        set_view(page, frame, KIRKUK, 11)
        names.first.wait_for(state="attached", timeout=20_000)  # a marker is a point: its text overflows it
        page.wait_for_timeout(1000)
        count = names.count()
        assert 20 <= count <= 200, count  # the villages around Kirkuk, not the 9,000
        texts = names.all_inner_texts()
        assert sum(bool(SCRIPT.search(t)) for t in texts) > count / 2  # villages read in their own script...
        machine = frame.locator(f".{PLACE_CLASS}-machine i")
        assert machine.count() > 0 and machine.first.inner_text().startswith("≈")  # ...machine readings marked
        assert frame.locator("body").evaluate(OVERLAPS) == 0
        screenshot(page, "dashboard-kirkuk-zoom-11")
        set_view(page, frame, (35.3, 44.2), 13)  # deeper, among the villages south-west of the city
        assert names.count() > 5 and frame.locator("body").evaluate(OVERLAPS) == 0
        legend = frame.locator("#frontline-legend").text_content()
        assert "machine reading" in legend and "No roads" in legend and "FRONTLINE_TILE_URL" in legend
    assert outside == [], f"requests left the machine: {outside}"


def test_the_kurdistan_regions_edge_is_drawn_and_labelled_as_the_governorate_line(seeded_store, browser_session):
    outside: list[str] = []
    with running_dashboard(seeded_store.url) as (url, _), offline_page(browser_session, outside) as page:
        frame = open_map(page, url, ATTACK_CLASS)
        line = frame.locator(f"path.{EDGE_CLASS}")
        line.first.wait_for(state="attached", timeout=20_000)
        assert line.count() == 1
        labels = frame.locator(f".{EDGE_CLASS}-label")
        assert labels.count() >= 1 and "Kurdistan Region" in labels.first.inner_text()
        set_view(page, frame, (35.85, 44.2), 10)  # the Erbil–Kirkuk stretch, north of Altun Kupri
        assert labels.count() >= 1  # labelled where the analyst looks, not only at one spot
        assert "not the 2003 Green Line" in frame.locator("#frontline-legend").text_content()
        assert frame.locator(".leaflet-control-layers").get_by_text("Kurdistan Region's edge").count() == 1
        screenshot(page, "dashboard-kri-edge")
    assert outside == []


def test_the_places_page_pins_the_click_and_marks_the_names_incidents(store, browser_session):
    from reports.reading import build_report

    store.ingest([build_report("Published: 2021-09-01\n\nOn Tuesday, ISIS fighters attacked Dogshman village in "
                               "the Rashad sub-district of southern Kirkuk province, killing a shepherd.")])
    outside: list[str] = []
    with running_dashboard(store.url) as (url, _), offline_page(browser_session, outside) as page:
        page.goto(f"{url}/Places", wait_until="domcontentloaded")
        page.get_by_text("Clicking the map").click()
        frame = page.frame_locator("iframe[title*='st_folium']")
        frame.locator(f"path.{LISTED_CLASS}").wait_for(timeout=30_000)  # where the name's incident lies now
        assert frame.locator(f".{PIN_CLASS}").count() == 0  # nothing chosen yet
        page.wait_for_timeout(1500)
        box = page.locator("iframe[title*='st_folium']").bounding_box()
        page.mouse.click(box["x"] + box["width"] * 0.35, box["y"] + box["height"] * 0.3)
        frame.locator(f".{PIN_CLASS}").wait_for(timeout=30_000)
        page.wait_for_timeout(1500)
        assert frame.locator(f".{PIN_CLASS}").count() == 1
        assert frame.locator(f"path.{MOVE_CLASS}").count() == 1  # the move the page lists, drawn
        latitude = float(page.get_by_label("Latitude").input_value())
        assert latitude != 35.4  # the click's point, not the map's centre
        screenshot(page, "places-pin")
    assert outside == []
