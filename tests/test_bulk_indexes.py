"""An import into a (near) empty store drops the incidents' and sources' secondary indexes (and on PostgreSQL the
sources' foreign keys) while it loads and builds them again, from store/schema.py, at its end: whether the import ends,
is interrupted or is killed outright, the store is left with every index and key (the last case as soon as it is opened
again), and stores what it would have stored."""
from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from bench.datasets import write_acled
from exchange.dataset_files import DatasetFile, import_dataset
from store.bulk import DEFERRED_INDEXES, dialect_of, insert_rows
from store.database import IncidentStore
from store.rows import report_row
from store.schema import incidents_table, reports_table, sources_table

ROOT = Path(__file__).parent.parent
# Ctrl-C's handler set in the import's process: one started in the background by a non-interactive shell (CI's
# `./run test &`) inherits SIGINT ignored, and Python then installs none.
IMPORT = ("import signal, sys\nsignal.signal(signal.SIGINT, signal.default_int_handler)\n"
          "from pathlib import Path\nfrom exchange.dataset_files import import_dataset\n"
          "from store.database import IncidentStore\n"
          "import_dataset(IncidentStore(sys.argv[1]), 'acled', Path(sys.argv[2]), batch_rows=250, workers=0)")


def indexes(engine: sa.Engine) -> dict[str, tuple[str, ...]]:
    """The incidents' and sources' indexes in the database (PostGIS's own `geom` index and those backing a unique
    constraint aside): name -> columns."""
    with engine.connect() as conn:
        inspector = sa.inspect(conn)
        return {i["name"]: tuple(i["column_names"]) for t in (incidents_table, sources_table)
                for i in inspector.get_indexes(t.name)
                if i["name"] != "ix_incidents_geom" and not i.get("duplicates_constraint")}


def foreign_keys(engine: sa.Engine) -> set[tuple[str, tuple[str, ...], str]]:
    """The sources' foreign keys in the database: (table, columns, referred table)."""
    with engine.connect() as conn:
        return {(sources_table.name, tuple(k["constrained_columns"]), k["referred_table"])
                for k in sa.inspect(conn).get_foreign_keys(sources_table.name)}


SCHEMA_KEYS = {(sources_table.name, tuple(k.column_keys), k.referred_table.name)
               for k in sources_table.foreign_key_constraints}
SCHEMA_INDEXES = {i.name: tuple(c.name for c in i.columns) for t in (incidents_table, sources_table)
                  for i in t.indexes}


def stored(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(incidents_table)).scalar_one()


def test_an_import_into_an_empty_store_ends_with_the_schemas_indexes(any_db_url, tmp_path):
    path = tmp_path / "acled.csv"
    write_acled(path, 300, seed=6)
    store = IncidentStore(any_db_url)
    assert indexes(store.engine) == SCHEMA_INDEXES and foreign_keys(store.engine) == SCHEMA_KEYS
    assert import_dataset(store, "acled", path, batch_rows=64).stored == 300
    assert indexes(store.engine) == SCHEMA_INDEXES and foreign_keys(store.engine) == SCHEMA_KEYS
    store.engine.dispose()


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGKILL], ids=["interrupted", "killed"])
def test_an_import_stopped_midway_leaves_every_index_and_running_it_again_stores_the_rest(any_db_url, tmp_path, stop):
    path = tmp_path / "acled.csv"
    rows = 12_000
    write_acled(path, rows, seed=7)
    IncidentStore(any_db_url).engine.dispose()  # the store made, as the import's process would find it
    watcher = sa.create_engine(any_db_url)  # a plain engine: opening an IncidentStore would build missing indexes
    running = subprocess.Popen([sys.executable, "-c", IMPORT, any_db_url, str(path)], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not (stored(watcher) and set(indexes(watcher)) < set(SCHEMA_INDEXES)):  # loading, indexes dropped
            assert running.poll() is None and time.monotonic() < deadline, "the import ended before it was seen loading"
            time.sleep(0.02)
        running.send_signal(stop)
        running.wait(60)
    finally:
        running.kill()
    kept = stored(watcher)
    assert 0 < kept < rows
    if stop == signal.SIGINT:  # interrupted: the import built its indexes and keys again as it stopped
        assert indexes(watcher) == SCHEMA_INDEXES and foreign_keys(watcher) == SCHEMA_KEYS
    else:  # killed outright: they are missing until the store is next opened (SQLite's keys are never dropped)
        assert set(SCHEMA_INDEXES) - set(indexes(watcher)) == {i.name for i in DEFERRED_INDEXES}
        assert foreign_keys(watcher) == (set() if watcher.dialect.name == "postgresql" else SCHEMA_KEYS)
    watcher.dispose()
    store = IncidentStore(any_db_url)
    assert indexes(store.engine) == SCHEMA_INDEXES and foreign_keys(store.engine) == SCHEMA_KEYS
    again = import_dataset(store, "acled", path, workers=0)
    assert (again.stored, again.already_stored) == (rows - kept, kept)
    assert store.count() == rows and indexes(store.engine) == SCHEMA_INDEXES
    assert foreign_keys(store.engine) == SCHEMA_KEYS
    store.engine.dispose()


def test_a_row_written_while_the_keys_were_away_that_breaks_one_leaves_it_unchecked_not_the_store_unopenable(
        postgis_server_url, caplog):
    """PostgreSQL: a source row pointing at no incident, written by another writer while an import had the keys
    dropped, leaves the key added back NOT VALID (it holds for every row written after) and a warning; the indexes
    are built, and the store opens."""
    from store.bulk import checks_deferred
    from tests.postgis import fresh_database
    url = fresh_database(postgis_server_url, "orphan_source")
    store = IncidentStore(url)
    orphan = "INSERT INTO sources (incident_id, report_id, mention, data) VALUES ('nowhere', 'no-report', {}, '{{}}')"
    with caplog.at_level("WARNING", logger="store"), checks_deferred(store.engine, True):
        with store.engine.begin() as conn:
            conn.exec_driver_sql(orphan.format(1))  # another writer, while the keys are dropped
    assert foreign_keys(store.engine) == SCHEMA_KEYS and indexes(store.engine) == SCHEMA_INDEXES
    assert "sources_incident_id_fkey" in caplog.text and "VALIDATE CONSTRAINT" in caplog.text
    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as conn:
        conn.exec_driver_sql(orphan.format(2))  # the key holds for new rows
    store.engine.dispose()
    IncidentStore(url).engine.dispose()  # the store opens


class _StopsTheStatement:
    """A value whose binding raises KeyboardInterrupt: a write stopped midway, as Ctrl-C stops it."""


def _stop(_value: _StopsTheStatement):
    raise KeyboardInterrupt


sqlite3.register_adapter(_StopsTheStatement, _stop)


def test_a_write_stopped_midway_frees_sqlites_write_lock_at_once(tmp_path):
    """While an interrupted import's exception is still in flight (its last step builds the indexes again), the
    statement it stopped must not keep the write lock: before, the rebuild waited a minute for it, then failed."""
    path = tmp_path / "acled.csv"
    write_acled(path, 50, seed=3)
    store = IncidentStore(f"sqlite:///{tmp_path / 'stopped.sqlite'}")
    dataset = DatasetFile("acled", path)
    rows = [row for batch in dataset.batches(dialect=dialect_of(store.engine)) for row in batch]
    incident, sources = rows[30]
    rows[30] = (incident[:-1] + (_StopsTheStatement(),), sources)
    with pytest.raises(KeyboardInterrupt):
        try:
            with store.engine.begin() as conn:
                conn.execute(reports_table.insert(), report_row(dataset.report))
                insert_rows(conn, rows)
        except KeyboardInterrupt:  # its traceback alive, as in the import's `finally`
            other = sqlite3.connect(tmp_path / "stopped.sqlite", timeout=0.5)
            other.execute("BEGIN IMMEDIATE")  # "database is locked" before
            other.rollback()
            other.close()
            raise
    assert store.count() == 0  # the stopped batch's transaction rolled back
    store.engine.dispose()
