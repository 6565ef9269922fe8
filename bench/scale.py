"""Scale benchmark: `./run bench scale [--sizes 1000 10000 100000]`. Prints one JSON object.

For each size it stores that many synthetic incidents (bench.synthetic: ten years, every place in the
disputed territories, the corpus's field mix) in a fresh SQLite file and measures, side by side:
- map build and payload for a one-year window and for all data: the naive map (one folium.Marker with a
  popup per incident) against ours (ui.mapping: grid cells when more than DETAIL_LIMIT are in view,
  markers with popups when fewer), filter included, and the ratio naive/ours;
- filter latency: a date-range change, from the in-memory filter to new figures and the shown table;
- browser draw time (chromium, network off): our map document, load until its circles are drawn;
  and the dashboard itself, from navigation to the drawn map, with the app's peak resident memory;
- de-duplication cost as the store grows: ms per ingested report into stores of each size;
and, once, ingest throughput on `--ingest-reports` reports into an empty store.
"""
from __future__ import annotations

import argparse
import http.server
import json
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import date
from functools import partial
from pathlib import Path

import folium
import pyarrow as pa

from bench import timed
from bench.synthetic import YEARS, store_synthetic, synthetic_reports
from analysis.tables import headline_figures
from extraction.extract import extract
from store.query import IncidentFilter
from store.database import IncidentStore
from ui.map_assets import install_static_assets
from ui.mapping import CELL_CLASS, build_map
from ui.viewport import detail_ids

ONE_YEAR = IncidentFilter(date_from=date(2020, 1, 1), date_to=date(2020, 12, 31))
TABLE_ROWS = 20_000  # rows the Incidents page sends to the browser (pages/2_Incidents.py)


def naive_map(table) -> folium.Map:
    """What a first version does: one folium.Marker with a popup per incident."""
    fmap = folium.Map(location=(35.4, 44.2), zoom_start=7, tiles=None)
    for row in table.itertuples():
        if row.latitude == row.latitude:  # not NaN
            folium.Marker((row.latitude, row.longitude),
                          popup=f"{row.event_date:%Y-%m-%d} {row.location}: {row.fatalities_best or 0} killed",
                          ).add_to(fmap)
    return fmap


def our_map(store: IncidentStore, table, flt: IncidentFilter):
    """The dashboard's path for a filter change: filter in memory, figures, then the map."""
    shown = table[flt.mask(table)]
    headline_figures(shown)
    ids = detail_ids(shown)
    return build_map(shown, store.incidents_by_id(ids) if ids is not None else None, asset_url="vendor"), shown


def map_figures(store: IncidentStore, table, flt: IncidentFilter, naive_max: int) -> dict:
    (fmap, shown), build = timed(lambda: our_map(store, table, flt))
    html, render = timed(lambda: fmap.get_root().render())
    out = {"incidents": len(shown), "ours_s": round(build + render, 3), "ours_bytes": len(html.encode())}
    if len(shown) <= naive_max:
        naive, naive_build = timed(lambda: naive_map(table[flt.mask(table)]))
        naive_html, naive_render = timed(lambda: naive.get_root().render())
        out.update(naive_s=round(naive_build + naive_render, 3), naive_bytes=len(naive_html.encode()))
        out.update(time_ratio=round(out["naive_s"] / out["ours_s"], 1),
                   payload_ratio=round(out["naive_bytes"] / out["ours_bytes"], 1))
    return out


def filter_latency(table) -> dict:
    """A date-range change: the filter, the headline figures and the table as the browser receives it."""
    def change():
        shown = table[ONE_YEAR.mask(table)]
        headline_figures(shown)
        return pa.Table.from_pandas(shown.tail(TABLE_ROWS), preserve_index=False)
    arrow, seconds = timed(change)
    return {"filter_figures_table_s": round(seconds, 3), "table_bytes": arrow.nbytes}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def _serving(folder: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def browser_figures(store: IncidentStore, table, playwright, chromium: str, folder: Path) -> dict:
    from tests.browser import offline_page, running_dashboard

    outside: list[str] = []
    fmap, _ = our_map(store, table, IncidentFilter())
    (folder / "map.html").write_text(fmap.get_root().render())
    with _serving(folder) as url, offline_page(playwright, outside, chromium) as page:
        started = time.perf_counter()
        page.goto(f"{url}/map.html")
        page.locator(f"path.{CELL_CLASS}, path.frontline-attack").first.wait_for(timeout=60_000)
        page.evaluate("() => new Promise(requestAnimationFrame)")
        map_draw = time.perf_counter() - started
    with running_dashboard(store.url) as (url, process), offline_page(playwright, outside, chromium) as page:
        def draw() -> float:
            started = time.perf_counter()
            page.goto(url)
            frame = page.frame_locator("iframe[title*='st_folium']")
            frame.locator(f"path.{CELL_CLASS}, path.frontline-attack").first.wait_for(timeout=120_000)
            return time.perf_counter() - started
        first_draw, warm_draw = draw(), draw()  # the first loads the stored table, later ones find it cached
        peak_kib = int(next(line.split()[1] for line in Path(f"/proc/{process.pid}/status").read_text().splitlines()
                            if line.startswith("VmHWM")))
    return {"map_document_draw_s": round(map_draw, 2), "dashboard_first_draw_s": round(first_draw, 2),
            "dashboard_warm_draw_s": round(warm_draw, 2),
            "app_peak_rss_mb": round(peak_kib / 1024), "requests_leaving_machine": len(outside)}


def dedup_cost(store: IncidentStore, reports: int) -> dict:
    """Into a store already holding the size's incidents (same places and years): the candidate search
    alone per extracted mention, and the whole ingest per report (merges included)."""
    batch = synthetic_reports(reports, seed=23)
    sources = [i.sources[0] for r in batch for i in extract(r).incidents]
    found, search = timed(lambda: sum(len(store.candidates(s)) for s in sources))
    summary, seconds = timed(lambda: store.ingest(batch))
    return {"candidate_search_ms": round(1000 * search / len(sources), 2),
            "candidates_per_mention": round(found / len(sources), 1),
            "ingest_ms_per_report": round(1000 * seconds / reports, 2), "merged": summary.incidents_merged}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench scale", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--naive-max", type=int, default=100_000, help="largest map built the naive way")
    parser.add_argument("--dedup-reports", type=int, default=300, help="reports ingested into each filled store")
    parser.add_argument("--ingest-reports", type=int, default=10_000, help="reports ingested into an empty store")
    parser.add_argument("--no-browser", action="store_true", help="skip the chromium measurements")
    args = parser.parse_args(argv)
    from tests.browser import find_chromium

    chromium = None if args.no_browser else find_chromium()
    results: dict = {"sizes": {}}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        install_static_assets(folder)  # the map document's scripts, under vendor/
        playwright_context = None
        if chromium:
            from playwright.sync_api import sync_playwright
            playwright_context = sync_playwright()
            playwright = playwright_context.__enter__()
        try:
            for size in args.sizes:
                store = IncidentStore(f"sqlite:///{folder / f'scale-{size}.sqlite'}")
                store_synthetic(store, size)
                table, load = timed(store.table)
                row = {"table_load_s": round(load, 3),
                       "one_year": map_figures(store, table, ONE_YEAR, args.naive_max),
                       "all": map_figures(store, table, IncidentFilter(), args.naive_max),
                       **filter_latency(table)}
                if chromium and size >= 10_000:
                    row["browser"] = browser_figures(store, table, playwright, chromium, folder)
                row["dedup"] = dedup_cost(store, args.dedup_reports)
                # The same size at a constant density (100 incidents a year, the years beyond the reports'
                # decade further back): what the size of the store alone costs de-duplication.
                steady = IncidentStore(f"sqlite:///{folder / f'steady-{size}.sqlite'}")
                store_synthetic(steady, size, years=max(size // 100, YEARS))
                row["dedup_constant_density"] = dedup_cost(steady, args.dedup_reports)
                results["sizes"][size] = row
                print(json.dumps({size: row}), flush=True)
        finally:
            if playwright_context:
                playwright_context.__exit__(None, None, None)
        empty = IncidentStore(f"sqlite:///{folder / 'ingest.sqlite'}")
        reports = synthetic_reports(args.ingest_reports, seed=31)
        summary, seconds = timed(lambda: empty.ingest(reports))
        results["ingest"] = {"reports": args.ingest_reports, "reports_per_s": round(args.ingest_reports / seconds, 1),
                             "incidents_new": summary.incidents_new, "incidents_merged": summary.incidents_merged}
    print(json.dumps(results, indent=2))
