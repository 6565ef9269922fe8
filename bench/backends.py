"""SQLite against PostGIS: `./run bench backends [--size 100000] [--reports 1000]`. Prints one JSON object.

For each backend, on a store holding `--size` synthetic incidents (bench.synthetic): the bulk load, the
full table read the dashboard caches, filters done in the database (a one-year window, a sector, a map
window: latitude/longitude ranges on SQLite, the PostGIS point's GiST index on PostgreSQL), the
de-duplication candidate search, and ingest throughput of `--reports` reports into that store. The
PostGIS server is started from Debian's packages exactly as the tests start it (tests/postgis.py).
"""
from __future__ import annotations

import argparse
import json
import tempfile
from datetime import date
from pathlib import Path

from bench import timed
from bench.scale import dedup_cost
from bench.synthetic import store_synthetic
from store.query import IncidentFilter
from store.database import IncidentStore

FILTERS = {
    "one_year": IncidentFilter(date_from=date(2020, 1, 1), date_to=date(2020, 12, 31)),
    "sector_one_year": IncidentFilter(sectors=("Kirkuk–Dibis–Prde",), date_from=date(2020, 1, 1),
                                      date_to=date(2020, 12, 31)),
    "map_window": IncidentFilter(box=(44.0, 35.2, 44.6, 35.7)),  # Kirkuk city and Prde
}


def measure(url: str, size: int, reports: int) -> dict:
    store = IncidentStore(url)
    _, load = timed(lambda: store_synthetic(store, size))
    table, read = timed(store.table)
    out = {"bulk_load_s": round(load, 2), "table_read_s": round(read, 3), "incidents": len(table)}
    for name, flt in FILTERS.items():
        rows, seconds = timed(lambda flt=flt: store.table(flt), repeat=3)
        out[f"filter_{name}_s"] = round(seconds, 3)
        out[f"filter_{name}_rows"] = len(rows)
    out.update(dedup_cost(store, reports))
    out["ingest_reports_per_s"] = round(1000 / out["ingest_ms_per_report"], 1)
    store.engine.dispose()
    return out


def main(argv: list[str] | None = None) -> None:
    from tests.browser import free_port
    from tests.postgis import fresh_database, postgis_server

    parser = argparse.ArgumentParser(prog="bench backends", description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="stored incidents")
    parser.add_argument("--reports", type=int, default=1_000, help="reports ingested into the filled store")
    args = parser.parse_args(argv)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = measure(f"sqlite:///{Path(tmp) / 'bench.sqlite'}", args.size, args.reports)
    with postgis_server(free_port()) as server:
        results["postgis"] = measure(fresh_database(server, "bench"), args.size, args.reports)
    print(json.dumps(results, indent=2))
