""""New since your last visit": the incidents a report ingested since told first, read from those reports only."""
import json
from datetime import datetime, timezone

import pandas as pd

from reports.reading import read_reports
from store.database import IncidentStore
from tests.conftest import SEED_EARLY, SEED_LATE
from watch.records import incidents_new_since


def test_only_incidents_first_told_since_are_new_on_sqlite_and_postgis(any_db_url):
    store = IncidentStore(any_db_url)
    store.ingest(read_reports([SEED_EARLY]))
    since = datetime.now(timezone.utc)
    assert incidents_new_since(store, since).empty
    store.ingest(read_reports([SEED_LATE]))
    late = next(iter(read_reports([SEED_LATE]))).report_id
    told = {i.incident_id: {s.report_id for s in i.sources} for i in store.incidents()}
    first_told_late = sorted(i for i, reports in told.items() if reports == {late})
    retold = [i for i, reports in told.items() if late in reports and len(reports) > 1]
    assert first_told_late and retold  # the late seed tells new attacks, and one told before
    new = incidents_new_since(store, since)
    assert sorted(new["incident_id"]) == first_told_late
    assert new["ingested_at"].notna().all()
    assert incidents_new_since(store, datetime.now(timezone.utc)).empty


def test_new_since_reads_the_reports_ingested_since_not_every_source(store):
    """Whether any report came since is read from the index on reports' ingest time (a return visit reads nothing
    more); the new incidents, when some are, from the index on their kept first-told time (store.told): no full pass
    over the sources or the incidents."""
    import sqlalchemy as sa

    store.ingest(read_reports([SEED_EARLY]))

    def plans(since: datetime) -> list[str]:
        captured = []

        def capture(conn, cursor, statement, parameters, context, executemany):
            if "ingested_at" in statement:
                captured.append((statement, parameters))

        sa.event.listen(store.engine, "before_cursor_execute", capture)
        incidents_new_since(store, since)
        sa.event.remove(store.engine, "before_cursor_execute", capture)
        with store.engine.connect() as conn:
            return [" | ".join(row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))
                    for statement, parameters in captured]

    [nothing_new] = plans(datetime.now(timezone.utc))
    assert "USING INDEX ix_reports_ingested_at" in nothing_new and "SCAN sources" not in nothing_new, nothing_new
    anything_new, incidents = plans(datetime(2000, 1, 1, tzinfo=timezone.utc))
    assert "USING INDEX ix_reports_ingested_at" in anything_new, anything_new
    assert "SCAN sources" not in incidents and "SCAN incidents" not in incidents, incidents


def test_a_window_of_a_store_just_filled_finds_the_same_new_incidents_as_the_whole_list(any_db_url):
    """A store just filled (every incident new): a date window finds the same new incidents as the whole list under
    that window, and the map page's one-query list and count agree with it."""
    from datetime import date

    from bench.synthetic import synthetic_incidents
    from store.query import IncidentFilter
    from watch.records import newest_since

    store = IncidentStore(any_db_url)
    store.ingest(read_reports([SEED_EARLY]))
    since = datetime.now(timezone.utc)
    store.ingest(read_reports([SEED_LATE]))
    store.add_incidents(*synthetic_incidents(400, seed=6))
    everything = incidents_new_since(store, since)
    window = IncidentFilter(date_from=date(2019, 1, 1), date_to=date(2020, 6, 30))
    in_window = set(store.table(window)["incident_id"])
    expected = everything[everything["incident_id"].isin(in_window)].reset_index(drop=True)
    new = incidents_new_since(store, since, window)
    assert 0 < len(new) < len(everything)
    pd.testing.assert_frame_equal(new, expected)
    assert len(everything) > 400
    # The map page's list and count in one query: the same rows and count.
    newest, total = newest_since(store, since, window, 5)
    pd.testing.assert_frame_equal(newest, incidents_new_since(store, since, window, None, 5))
    assert total == len(new)
    assert newest_since(store, datetime.now(timezone.utc), window, 5)[1] == 0
    newest, total = newest_since(store, since, IncidentFilter(), 10_000)
    pd.testing.assert_frame_equal(newest, everything)
    assert total == len(everything)


def test_new_since_benchmark_runs_on_a_small_store(capsys):
    from bench.new_since import main

    main(["--size", "300", "--new", "5", "--rounds", "1"])
    figures = json.loads(capsys.readouterr().out)
    assert figures["last_week"]["rows"] == figures["first_told_this_week"] > 0
    assert figures["nothing_new"]["rows"] == 0 and figures["whole_store_new"]["rows"] == figures["incidents"]
