"""Page speed: `./run bench page [--sizes 4 100000] [--backends sqlite postgis] [--loads 5]`. Prints one JSON object.

Side by side in one run, in Debian's chromium with the network off, each served by `streamlit run` from
this repository: a bare Streamlit page (eight metrics and a date slider, nothing else) and the dashboard's
map page on the two seed reports' 4 incidents and on N synthetic incidents (bench.synthetic). Ready means
what the analyst waits for: the metrics shown and, on the map page, the attacks drawn (markers or grouped
circles), then painted. The moment is read in the page itself (a script notes when the last of those
elements is inserted and the frame after it is drawn, counted from the navigation's start), not by the
test driver polling from outside, whose own round trips (about 0.4 s on a busy 2-core machine, more for an
element inside the map's frame) are no part of the analyst's wait.

Each page is loaded once to warm its server, then in `--loads` rounds, each loading the bare page and then the
map page at each size, in turn, in a new tab (so that a busy spell on the machine weighs on every page alike);
the medians are reported with the ratio to the bare page (the target: at most 1.5), and for the map page the
moment its filters are usable (drawn after the map). Two visits are measured: a first visit (each load in a
new browser context, nothing cached) and a return visit (Streamlit's scripts and the map's files cached, as on
every visit after an analyst's first). The network is off by resolving no host but this machine's, so no
request passes through the driver.

Server time of a filter change on the map page (AppTest, the script run alone, no browser): a date
window, a sector, a victim group, then the map's view reported, panned and zoomed in, at each size (the target:
under 1 s); and the peak resident memory of each map page's server after the loads.

On SQLite (the default) and, with `--backends sqlite postgis`, on PostGIS too (a server started as the tests start
it, tests/postgis.py, the stores loaded anew each run; `--postgis-url URL` measures a PostGIS store already
loaded instead); `--store-folder DIR` keeps the SQLite stores in DIR and reuses them on the next run.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from bench.synthetic import store_synthetic
from reports.reading import read_reports
from store.database import IncidentStore

ROOT = Path(__file__).resolve().parent.parent
BARE_PAGE = '''import datetime as dt
import streamlit as st
st.title("Bare page")
for col, n in zip(st.columns(8), range(8)):
    col.metric(f"Metric {n}", n)
st.slider("Dates", dt.date(2014, 1, 1), dt.date(2024, 12, 31), (dt.date(2014, 1, 1), dt.date(2024, 12, 31)))
'''


def _store(size: int, folder: Path, url: str | None = None) -> IncidentStore:
    """The store of `size` incidents: at `url` (a fresh PostGIS database), else page-SIZE.sqlite in `folder`, where
    one already there is reused (a million synthetic incidents take about ten minutes to load on a loaded 2-core
    machine)."""
    path = folder / f"page-{size}.sqlite"
    reused = url is None and path.exists()
    store = IncidentStore(url or f"sqlite:///{path}")
    if reused:
        return store
    if size == 4:
        store.ingest(read_reports([ROOT / "data" / "seeds"]))
    else:
        store_synthetic(store, size, seed=9)
    return store


def _stores(sizes: list[int], backends: list[str], folder: Path, servers: ExitStack,
            postgis_url: str | None = None) -> dict[str, IncidentStore]:
    """The stores measured, named by size on SQLite ("100000") and by backend and size on PostGIS
    ("postgis_100000"); the PostGIS server is started as the tests start it (tests/postgis.py), unless `postgis_url`
    names a store already loaded (measured instead, named by its incidents stored)."""
    stores = {str(size): _store(size, folder) for size in sizes} if "sqlite" in backends else {}
    if postgis_url:
        store = IncidentStore(postgis_url)
        stores[f"postgis_{store.count()}"] = store
    elif "postgis" in backends:
        from tests.browser import free_port
        from tests.postgis import fresh_database, postgis_server

        server = servers.enter_context(postgis_server(free_port()))
        stores |= {f"postgis_{size}": _store(size, folder, fresh_database(server, f"page_{size}")) for size in sizes}
    return stores


# Noted in the page: the first moment every (selector, how many, in the map's frame?) is present, then the
# frame painted after it (the next animation frame). The map's frame is watched from the page (same origin).
# Noted in the page, for each named moment: the first time every (selector, how many, in the map's frame?) of it
# is present, then the frame painted after it (the next animation frame), in ms from the navigation's start. The
# map's frame is watched from the page (same origin).
MOMENTS_SCRIPT = """(moments) => {
  if (window !== window.top) return;
  window.__moments = {};
  const present = (doc, [selector, count]) => !!doc && doc.querySelectorAll(selector).length >= count;
  const check = () => {
    const map = document.querySelector("iframe[title*='st_folium']");
    const mapDoc = map && map.contentDocument;
    for (const [name, wanted] of Object.entries(moments)) {
      if (name in window.__moments || !wanted.every((w) => present(w[2] ? mapDoc : document, w))) continue;
      window.__moments[name] = -1;
      requestAnimationFrame(() => { window.__moments[name] = performance.now(); });
    }
  };
  const watched = new WeakSet();
  const watch = (node) => { if (node && !watched.has(node)) { watched.add(node);
    new MutationObserver(check).observe(node, {childList: true, subtree: true}); check(); } };
  const start = () => watch(document.documentElement);
  document.documentElement ? start() : document.addEventListener("DOMContentLoaded", start);
  const frames = setInterval(() => {  // the map's document exists only once its frame loads
    const map = document.querySelector("iframe[title*='st_folium']");
    if (map && map.contentDocument && map.contentDocument.documentElement) watch(map.contentDocument.documentElement);
    if (Object.keys(moments).every((name) => window.__moments[name] > 0)) clearInterval(frames);
  }, 5);
}"""
METRICS = "[data-testid='stMetricValue']"
# Ready: what the analyst waits for (the "metrics and markers drawn"); the map page's filters usable is
# reported too (the date slider in the sidebar), since the map page draws them after the map.
BARE_MOMENTS = {"ready": [(METRICS, 8, False), ("[data-testid='stSlider']", 1, False)]}
MAP_MOMENTS = {"ready": [(METRICS, 3, False), ("path.frontline-attack, path.frontline-cell, .marker-cluster", 1, True)],
               "filters": [("[data-testid='stSidebar'] [data-testid='stSlider']", 1, False)]}
OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"  # nothing but this machine resolves


def _load_seconds(context, url: str, moments: dict) -> dict[str, float]:
    """Seconds from the navigation's start in a new tab of `context` to each moment painted."""
    page = context.new_page()
    page.set_viewport_size({"width": 1440, "height": 900})
    page.add_init_script(f"({MOMENTS_SCRIPT})({json.dumps(moments)})")
    page.goto(url, wait_until="commit")
    page.wait_for_function(f"{json.dumps(list(moments))}.every((n) => window.__moments[n] > 0)", timeout=120_000)
    seconds = {name: ms / 1000 for name, ms in page.evaluate("window.__moments").items()}
    page.close()
    return seconds


def page_loads(stores: dict[str, IncidentStore], loads: int, folder: Path) -> dict:
    """For a first visit (each load in a new browser context: nothing cached) and a return visit (one context:
    Streamlit's scripts and the map's files cached, as on every visit after an analyst's first), the medians of
    `loads` rounds, each loading the bare page and then the map page at each size in turn, so that a busy spell
    on the machine weighs on every page alike and the ratios hold steadier. The network is off by resolving no
    outside host (no request passes through the test driver)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import chromium_path, running_dashboard

    bare = folder / "bare_page.py"
    bare.write_text(BARE_PAGE, encoding="utf-8")
    with sync_playwright() as playwright, ExitStack() as servers:
        pages = {"bare_page": (servers.enter_context(running_dashboard(
            next(iter(stores.values())).url, bare))[0], BARE_MOMENTS)}
        processes = {}
        for size, store in stores.items():
            url, processes[size] = servers.enter_context(running_dashboard(store.url))
            pages[f"map_page_{size}"] = (url, MAP_MOMENTS)
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", OFFLINE])
        servers.callback(browser.close)
        figures = {visit: _rounds(browser, pages, loads, cache)
                   for visit, cache in (("first_visit", False), ("return_visit", True))}
        return figures | {"dashboard_peak_rss_mb": {size: _peak_mb(p.pid) for size, p in processes.items()}}


def _peak_mb(pid: int) -> int:
    """The peak resident memory of a process (Linux: VmHWM), in MB."""
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    return round(int(next(line.split()[1] for line in status if line.startswith("VmHWM"))) / 1024)


def _rounds(browser, pages: dict[str, tuple[str, dict]], loads: int, cache: bool) -> dict:
    kept = browser.new_context()
    for url, moments in pages.values():  # warms each server, and on a return visit the cache (not timed)
        _load_seconds(kept, url, moments)
    seconds: dict[str, list[dict]] = {name: [] for name in pages}
    for _ in range(loads):
        for name, (url, moments) in pages.items():
            context = kept if cache else browser.new_context()
            seconds[name].append(_load_seconds(context, url, moments))
            if not cache:
                context.close()
    kept.close()
    bare = round(statistics.median(s["ready"] for s in seconds.pop("bare_page")), 2)
    figures = {"bare_page_s": bare}
    for name, times in seconds.items():
        ready = statistics.median(s["ready"] for s in times)
        figures |= {f"{name}_s": round(ready, 2), f"{name}_ratio": round(ready / bare, 2),
                    f"{name}_filters_s": round(statistics.median(s["filters"] for s in times), 2)}
    return figures


def _labelled(widgets, label: str):
    return next(w for w in widgets if w.label == label)


def _view(south: float, west: float, north: float, east: float, zoom: int) -> dict:
    """The map's view as streamlit-folium reports it once the analyst pans or zooms."""
    return {"zoom": zoom, "bounds": {"_southWest": {"lat": south, "lng": west},
                                     "_northEast": {"lat": north, "lng": east}}}


def filter_changes(store: IncidentStore) -> dict:
    """Seconds of one script run after each change, the page's earlier runs done (as on a live server): a date
    window, a sector, a victim group, one after the other; then, from the opening view again, the map reporting
    its view of the disputed territories, panned east, and zoomed in on Kirkuk (as streamlit-folium reports them)."""
    from datetime import date

    filters = {
        "date_window": lambda app: app.slider[0].set_value((date(2020, 1, 1), date(2020, 6, 30))),
        "sector": lambda app: _labelled(app.multiselect, "Sector").set_value(["Kirkuk–Dibis–Prde"]),
        "victim_group": lambda app: _labelled(app.multiselect, "Victim group").set_value(["police"]),
    }
    views = {"map_view": _view(33.5, 41.0, 37.3, 47.4, 7), "pan": _view(33.5, 42.0, 37.3, 48.4, 7),
             "zoom": _view(35.35, 44.25, 35.55, 44.5, 12)}
    return _timed(store, filters) | _timed(store, {name: lambda app, view=view: app.session_state.__setitem__(
        "map-victims", view) for name, view in views.items()})


def _timed(store: IncidentStore, changes: dict) -> dict[str, float]:
    from streamlit.testing.v1 import AppTest

    os.environ["FRONTLINE_DATABASE_URL"] = store.url
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
    app.run()
    app.run()  # the run the drawn map asks for, which draws the filters (ui.app.opening_run)
    figures = {}
    for name, change in changes.items():
        if name == "victim_group":  # among the filters drawn once "More filters" is on (not timed)
            app.toggle(key="more_filters").set_value(True)
            app.run()
        change(app)
        started = time.perf_counter()
        app.run()
        figures[name] = round(time.perf_counter() - started, 2)
        assert not app.exception, app.exception
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench page", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[4, 100_000])
    parser.add_argument("--backends", nargs="+", choices=["sqlite", "postgis"], default=["sqlite"])
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true", help="only the filter changes' server time")
    parser.add_argument("--store-folder", type=Path, help="keep the stores here (page-SIZE.sqlite), reusing those "
                        "already there, instead of building them anew in a temporary folder")
    parser.add_argument("--postgis-url", help="measure this PostGIS store, already loaded (say by an earlier run of "
                        "`bench bulk`), instead of loading new ones at --sizes (a million take about fifteen minutes)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as servers:
        folder = Path(tmp)
        if args.store_folder:
            args.store_folder.mkdir(parents=True, exist_ok=True)
        stores = _stores(args.sizes, args.backends, args.store_folder or folder, servers, args.postgis_url)
        result = {"filter_change_server_s": {size: filter_changes(store) for size, store in stores.items()}}
        if not args.no_browser:
            result["page_ready"] = page_loads(stores, args.loads, folder)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
