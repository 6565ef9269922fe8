"""The figures the database computes read through an index, on SQLite (EXPLAIN QUERY PLAN) and PostgreSQL (EXPLAIN,
sequential scans priced out as a large store would price them): a later change to a query or to the indexes cannot
fall back to reading the whole incidents table unnoticed."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace
from datetime import date

import sqlalchemy as sa

from bench.synthetic import synthetic_incidents
from store import figures
from store.database import IncidentStore
from store.query import OPENING_VIEW

WINDOW = replace(OPENING_VIEW, date_from=date(2020, 1, 1), date_to=date(2020, 3, 31))
VIEW = (44.2, 35.3, 44.5, 35.6)  # west, south, east, north: around Kirkuk


@contextmanager
def statements(store: IncidentStore):
    """The statements (with their parameters) that the store runs inside the block."""
    seen: list[tuple[str, object]] = []

    def note(_conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    sa.event.listen(store.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", note)


def plan(store: IncidentStore, statement: str, parameters) -> str:
    """The query plan of one statement, one line per step."""
    with store.engine.connect() as conn:
        cursor = conn.connection.dbapi_connection.cursor()
        if store.engine.dialect.name == "postgresql":
            cursor.execute("SET enable_seqscan = off")  # what the planner picks on a store too large to scan
            cursor.execute("EXPLAIN " + statement, parameters)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
        return "\n".join(" ".join(str(v) for v in row) for row in cursor.fetchall())


def full_scans(store: IncidentStore, run) -> list[str]:
    """The plans of the statements `run` makes that read the incidents table whole."""
    with statements(store) as seen:
        run()
    assert seen
    plans = [plan(store, statement, parameters) for statement, parameters in seen]
    if store.engine.dialect.name == "postgresql":
        return [p for p in plans if "Seq Scan on incidents" in p]
    return [p for p in plans if any(line.strip().endswith("SCAN incidents") or "SCAN incidents " in line
                                    and "USING" not in line for line in p.splitlines())]


def test_the_main_figures_read_through_an_index(any_db_url):
    store = IncidentStore(any_db_url)
    store.add_incidents(*synthetic_incidents(2_000, seed=4))
    checks = {
        "headline of a date window": lambda: figures.headline(store, WINDOW),
        "the overview of a date window with its grid cells": lambda: figures.overview(store, WINDOW, (0.2, 0.1)),
        "the overview of a sector": lambda: figures.overview(store, replace(OPENING_VIEW, sectors=("Sinjar",))),
        "trends of a date window": lambda: figures.period_totals(store, WINDOW, "week"),
        "attacks in a map view": lambda: figures.count(store, OPENING_VIEW, box=VIEW, located=True),
        "grid cells of a map view": lambda: figures.grid_cells(store, OPENING_VIEW, 0.05, box=VIEW),
        "the latest page": lambda: store.table(OPENING_VIEW, limit=100),
    }
    for name, run in checks.items():
        assert not full_scans(store, run), name


def test_the_count_in_a_map_view_reads_the_coordinates_index_alone(db_url):
    """SQLite: no row is read to count the attacks in a view of the opening filter (migration 0013)."""
    store = IncidentStore(db_url)
    store.add_incidents(*synthetic_incidents(2_000, seed=4))
    with statements(store) as seen:
        figures.count(store, OPENING_VIEW, box=VIEW, located=True)
    [(statement, parameters)] = seen
    assert "USING COVERING INDEX ix_incidents_box" in plan(store, statement, parameters)


def test_a_sector_in_a_date_window_reads_the_sector_and_date_index(db_url):
    """SQLite: a sector's attacks in a window are found through (sector, event_date) (migration 0015), not as the
    window's every attack read through the date index."""
    store = IncidentStore(db_url)
    store.add_incidents(*synthetic_incidents(2_000, seed=4))
    with statements(store) as seen:
        figures.overview(store, replace(WINDOW, sectors=("Sinjar",)))
    [(statement, parameters)] = seen
    assert "USING INDEX ix_incidents_sector_date" in plan(store, statement, parameters)


def test_the_new_incidents_of_a_date_window_read_the_date_index_alone(db_url):
    """SQLite: in a store just filled (every incident new), the map page's list of the new ones in a date window, and
    their count, are found from (event_date, ...)'s entries, no row read to test them (migration 0016)."""
    from datetime import datetime, timezone

    from watch.records import newest_since

    store = IncidentStore(db_url)
    store.add_incidents(*synthetic_incidents(2_000, seed=4))
    with statements(store) as seen:
        newest_since(store, datetime(2000, 1, 1, tzinfo=timezone.utc), WINDOW, 50)
    listed = [plan(store, statement, parameters) for statement, parameters in seen if "first_told_at" in statement]
    assert len(listed) == 1 and "USING COVERING INDEX ix_incidents_date_window" in listed[0], listed
