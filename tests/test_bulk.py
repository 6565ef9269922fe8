"""The bulk paths on SQLite and PostGIS: an import streamed through executemany or COPY stores what the ordinary
insert stores, a bad row inside a batch is refused with its line while the rest of that batch lands, and an
export streamed from the database a batch at a time is the export written whole."""
from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from bench.datasets import write_acled
from bench.synthetic import store_synthetic, synthetic_incidents
from exchange.dataset_files import import_dataset, read_dataset
from exchange.datasets import to_acled_csv
from exchange.export import to_csv, to_geojson
from exchange.export_files import FORMATS
from reports.reading import read_reports
from store.database import IncidentStore
from store.query import IncidentFilter
from store.rows import incident_row, report_row
from store import told
from store.schema import incidents_table, reports_table, sources_table
from tests.conftest import SEEDS

DATA = Path(__file__).parent / "data"
# When a row was written (and the first report telling it), and the sources' own numbering.
WRITTEN_AT = {"updated_at", "ingested_at", "first_told_at", "id"}


def stored_rows(store: IncidentStore) -> dict[str, list[dict]]:
    """Every row of the three tables, as the database gives them back, without when they were written."""
    out = {}
    with store.engine.connect() as conn:
        for table, key in ((reports_table, "report_id"), (incidents_table, "incident_id"),
                           (sources_table, "incident_id")):
            rows = conn.execute(sa.select(table).order_by(table.c[key])).mappings()
            out[table.name] = [{k: v for k, v in row.items() if k not in WRITTEN_AT} for row in rows]
    return out


def another_store(any_db_url: str, tmp_path: Path, request, name: str) -> IncidentStore:
    """A second, empty store on the same backend as `any_db_url`."""
    if any_db_url.startswith("sqlite"):
        return IncidentStore(f"sqlite:///{tmp_path / f'{name}.sqlite'}")
    from tests.postgis import fresh_database
    return IncidentStore(fresh_database(request.getfixturevalue("postgis_server_url"),
                                        f"{name}_{uuid.uuid4().hex[:12]}"))


def ordinary_insert(store: IncidentStore, kind: str, path: Path) -> None:
    """The dataset's incidents written row by row through sqlalchemy's insert, as ingest writes (and as an
    import wrote before the bulk path)."""
    report, incidents, _ = read_dataset(kind, path)
    with store.engine.begin() as conn:
        conn.execute(reports_table.insert(), report_row(report))
        conn.execute(incidents_table.insert(), [incident_row(i) for i in incidents])
        conn.execute(sources_table.insert(), [
            dict(incident_id=i.incident_id, report_id=s.report_id, mention=s.mention,
                 unresolved_place=s.unresolved_place, data=s.model_dump(mode="json"))
            for i in incidents for s in i.sources])
        told.refresh(conn, [i.incident_id for i in incidents])  # as every write of sources has them kept


def test_a_streamed_import_stores_what_the_ordinary_insert_stores(any_db_url, tmp_path, request):
    acled = tmp_path / "acled.csv"
    write_acled(acled, 300, seed=8)
    streamed, ordinary = IncidentStore(any_db_url), another_store(any_db_url, tmp_path, request, "ordinary")
    for kind, path in (("acled", acled), ("ucdp", DATA / "ucdp_ged_sample.csv")):
        summary = import_dataset(streamed, kind, path, batch_rows=64)  # several transactions
        assert summary.stored == len(read_dataset(kind, path)[1])
        ordinary_insert(ordinary, kind, path)
    assert stored_rows(streamed) == stored_rows(ordinary)
    assert len(stored_rows(streamed)["incidents"]) == 300 + 3
    everything = IncidentFilter(statuses=("extracted", "reviewed", "rejected"))
    assert [i.model_dump() for i in streamed.incidents(everything)] == [
        i.model_dump() for i in ordinary.incidents(everything)]
    again = import_dataset(streamed, "acled", acled, batch_rows=64)  # identifiers kept: nothing is added twice
    assert (again.stored, again.already_stored) == (0, 300)
    for store in (streamed, ordinary):
        store.engine.dispose()


def test_identifiers_of_any_characters_are_found_stored_and_not_added_twice(any_db_url, tmp_path):
    """The "already stored?" check passes a batch's identifiers as one parameter (schema.is_one_of): quotes,
    backslashes, commas, brackets and other scripts in them are matched as written, and only those stored."""
    path = tmp_path / "acled.csv"
    write_acled(path, 8, seed=5)
    odd = ['IRQ"1', "IRQ\\2", "IRQ'3", "IRQ,4", "[IRQ5]", "عراق 6", "IRQ 7 ", "{\"a\": 8}"]
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({**row, "event_id_cnty": identifier} for row, identifier in zip(rows, odd))
    store = IncidentStore(any_db_url)
    first = import_dataset(store, "acled", path, batch_rows=3)
    assert (first.stored, first.already_stored, first.errors) == (8, 0, [])
    assert {i.external_id for i in store.incidents(IncidentFilter(origins=("acled",)))} == {o.strip() for o in odd}
    again = import_dataset(store, "acled", path, batch_rows=3)
    assert (again.stored, again.already_stored) == (0, 8)
    with path.open("a", encoding="utf-8", newline="") as handle:  # a NUL: no text either database can store
        csv.DictWriter(handle, fieldnames=list(rows[0])).writerow({**rows[0], "event_id_cnty": "IRQ\x009"})
    third = import_dataset(store, "acled", path, batch_rows=3)
    assert (third.stored, third.already_stored) == (0, 8) and third.errors == [
        "line 10: a NUL character in a value: not text a database can store"]
    store.engine.dispose()


def test_a_bad_row_inside_a_batch_is_refused_with_its_line_and_the_rest_of_the_batch_lands(any_db_url, tmp_path):
    path = tmp_path / "acled.csv"
    write_acled(path, 10, seed=4)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[6] = lines[6].replace("IRQ6,", "IRQ6,not a date;", 1)  # line 7: a bad date
    lines[8] = lines[8].replace("IRQ8,", "IRQ3,", 1)  # line 9 repeats line 4's identifier
    path.write_text("".join(lines), encoding="utf-8")
    store = IncidentStore(any_db_url)
    summary = import_dataset(store, "acled", path, batch_rows=4)  # lines 2-5, 6-9 (both bad rows), 10-11
    assert [e.split(":")[0] for e in summary.errors] == ["line 7", "line 9"], summary.errors
    assert "not a date" in summary.errors[0] and "repeats line 4" in summary.errors[1]
    assert summary.stored == 8 and summary.rows == 10
    stored = {i.external_id for i in store.incidents(IncidentFilter(origins=("acled",)))}
    assert stored == {f"IRQ{n}" for n in range(1, 11)} - {"IRQ6", "IRQ8"}
    store.engine.dispose()


def test_worker_processes_store_and_refuse_what_one_process_does(any_db_url, tmp_path, request):
    path = tmp_path / "acled.csv"
    write_acled(path, 120, seed=5)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[6]["event_date"] = "not a date"  # line 8
    rows[28]["event_id_cnty"] = rows[3]["event_id_cnty"]  # line 30 repeats line 5, two batches before
    rows[59]["fatalities"] = "-3"  # line 61
    rows[90]["latitude"] = "north"  # line 92
    rows[110]["latitude"] = "10.0"  # line 112: outside Iraq and its neighbours, left out
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    one, spread = IncidentStore(any_db_url), another_store(any_db_url, tmp_path, request, "spread")
    alone = import_dataset(one, "acled", path, batch_rows=16, workers=0)
    with_workers = import_dataset(spread, "acled", path, batch_rows=16, workers=2)  # 8 batches, 4 in flight
    assert [e.split(":")[0] for e in with_workers.errors] == ["line 8", "line 30", "line 61", "line 92"]
    assert "repeats line 5" in with_workers.errors[1]
    assert with_workers == alone and (alone.stored, alone.outside) == (115, 1)
    assert stored_rows(spread) == stored_rows(one)
    for store in (one, spread):
        store.engine.dispose()


def test_the_synthetic_loader_stores_in_worker_processes_what_add_incidents_stores(any_db_url, tmp_path, request):
    loaded, added = IncidentStore(any_db_url), another_store(any_db_url, tmp_path, request, "added")
    assert store_synthetic(loaded, 300, seed=3, batch=64, workers=2) == 300
    added.add_incidents(*synthetic_incidents(300, seed=3))
    assert stored_rows(loaded) == stored_rows(added)
    for store in (loaded, added):
        store.engine.dispose()


def test_a_streamed_export_is_the_export_written_whole(any_db_url, tmp_path):
    store = IncidentStore(any_db_url)
    store.ingest(read_reports([SEEDS]))  # several sources, unknown counts
    import_dataset(store, "ucdp", DATA / "ucdp_ged_sample.csv")  # one with no point
    store.add_incidents(*synthetic_incidents(40, seed=6))
    flt = IncidentFilter(statuses=("extracted", "reviewed"), date_to=date(2024, 12, 31))
    whole = store.incidents(flt, counted=True)
    assert len(whole) > 20
    for fmt, written_whole in (("csv", to_csv), ("geojson", to_geojson), ("acled", to_acled_csv)):
        out = io.StringIO()
        assert FORMATS[fmt].write(store.incident_batches(flt, counted=True, size=7), out) == len(whole)
        streamed, expected = out.getvalue(), written_whole(whole)
        if fmt == "acled":  # each row says when it was written: compare the rest
            streamed, expected = ([{k: v for k, v in row.items() if k != "timestamp"}
                                   for row in csv.DictReader(io.StringIO(text))] for text in (streamed, expected))
        assert streamed == expected, fmt
    geojson = io.StringIO()
    FORMATS["geojson"].write(store.incident_batches(flt, counted=True, size=7), geojson)
    assert geojson.getvalue() == json.dumps(json.loads(geojson.getvalue()), ensure_ascii=False)  # as dumped whole
    empty = io.StringIO()
    assert FORMATS["csv"].write(store.incident_batches(IncidentFilter(date_to=date(1999, 1, 1))), empty) == 0
    assert empty.getvalue() == to_csv([])  # the header alone
    store.engine.dispose()
