"""Many incidents written at once (a dataset import, a benchmark's synthetic store), as fast as each database
takes them: one executemany of plain tuples on SQLite, COPY on PostgreSQL. sqlalchemy's insert, its
parameters processed row by row, cost more than the database's own work: a third of an import's time
(cProfile, 50,000 ACLED rows).

The rows are those the ordinary insert writes (store.rows.incident_row; a source's `data` the JSON of its
model_dump(mode="json"), written by pydantic in a third of json.dumps's time, without its spaces), so what is read
back is the same whichever way an incident came in. They are plain tuples, built by
bulk_rows wherever the incidents are made (a worker process of an import), cheap to send to the one process
that writes them."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from datetime import date, datetime
from functools import cache, partial
from operator import itemgetter

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, make_url

from incidents.model import Incident
from store.rows import incident_row
from store.schema import incidents_table, is_one_of, owns_tables, restore_deferred, sources_table, take_write_lock
from store.told import TOLD_COLUMNS, of_new_incidents

_WRITTEN = [c for c in incidents_table.c if c.name not in TOLD_COLUMNS]  # those store.told computes follow them
INCIDENT_COLUMNS = tuple(c.name for c in _WRITTEN)
SOURCE_COLUMNS = ("incident_id", "report_id", "mention", "unresolved_place", "data")  # `id` is the database's
SQLITE_CACHE_KIB = 128 * 1024  # a bulk load's page cache (2 MB by default): fewer index pages written twice
_INCIDENT_VALUES = itemgetter(*INCIDENT_COLUMNS)
_IDENTITY = itemgetter(INCIDENT_COLUMNS.index("origin"), INCIDENT_COLUMNS.index("external_id"))

# The indexes a load into a (near) empty store builds once at its end, by sorting, rather than row by row: the
# incidents' and sources' secondary ones. Unique ones stay (they check the load), and so does PostGIS's GiST index of
# `geom` (a migration's own SQL: schema.py, where the others are defined, does not hold it).
DEFERRED_INDEXES = tuple(i for t in (incidents_table, sources_table) for i in t.indexes if not i.unique)
PG_INDEX_MEMORY = "256MB"  # maintenance_work_mem while the indexes are built: each sorted in memory, not on disk

# One incident as the bulk path writes it: its incidents row and its sources rows, in the columns above.
BulkRows = tuple[tuple, tuple[tuple, ...]]


def dialect_of(engine: Engine | Connection) -> str:
    """The name bulk_rows takes for the database `engine` writes to (e.g. 'sqlite+pysqlite')."""
    return f"{engine.dialect.name}+{engine.dialect.driver}"


def bulk_rows(incident: Incident, dialect: str) -> BulkRows:
    """The incident's row and its sources' rows as `dialect` (dialect_of) stores them."""
    row = incident_row(incident)
    for name, process in _converters(dialect):
        row[name] = process(row[name])
    return _INCIDENT_VALUES(row), tuple(
        (incident.incident_id, s.report_id, s.mention, s.unresolved_place, s.model_dump_json())
        for s in incident.sources)


def identity(rows: BulkRows) -> tuple[str, str | None]:
    """The incident's dataset identifier: (origin, external_id)."""
    return _IDENTITY(rows[0])


def stored_identities(conn: Connection, identities: list[tuple[str, str | None]]) -> set[tuple[str, str]]:
    """Which of these (origin, external_id) are stored already: one query an origin, the identifiers one parameter
    (schema.is_one_of). On PostgreSQL each query is planned for its own identifiers: the generic plan psycopg's
    prepared statement is otherwise given after five runs, made while the table was small, scans the table rather
    than use the index (1-2 s a query at 100,000 rows)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET LOCAL plan_cache_mode = force_custom_plan")
    wanted = [(o, e) for o, e in identities if e is not None]
    found: set[tuple[str, str]] = set()
    i = incidents_table.c
    for origin in {o for o, _ in wanted}:
        ids = [e for o, e in wanted if o == origin]
        found |= {(origin, external_id) for external_id in conn.execute(sa.select(i.external_id).where(
            i.origin == origin, is_one_of(conn, i.external_id, ids))).scalars()}
    return found


def insert_rows(conn: Connection, rows: Sequence[BulkRows]) -> None:
    """Write incidents' bulk_rows in the transaction `conn` is in (the caller has checked that none is stored
    yet)."""
    kept = of_new_incidents(conn, [sources for _, sources in rows])
    incident_rows = [incident + told for (incident, _), told in zip(rows, kept)]
    source_rows = [source for _, sources in rows for source in sources]
    if conn.dialect.name == "postgresql":
        _copy(conn, incidents_table.name, (*INCIDENT_COLUMNS, *TOLD_COLUMNS), incident_rows)
        _copy(conn, sources_table.name, SOURCE_COLUMNS, source_rows)
    else:
        conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")  # the indexes' pages stay in memory
        # The driver's own cursor, closed whatever happens: a statement interrupted midway (Ctrl-C) and still held
        # by the exception's traceback kept its connection, closed but not freed, and so the write lock, until the
        # traceback went: the import's last step (building the indexes again) waited for it a minute, then failed.
        with closing(conn.connection.driver_connection.cursor()) as cursor:
            for table, columns, values in ((incidents_table.name, (*INCIDENT_COLUMNS, *TOLD_COLUMNS), incident_rows),
                                           (sources_table.name, SOURCE_COLUMNS, source_rows)):
                cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) "
                                   f"VALUES ({', '.join('?' * len(columns))})", values)


@contextmanager
def checks_deferred(engine: Engine, defer: bool) -> Iterator[bool]:
    """Around a bulk load: with `defer`, the DEFERRED_INDEXES dropped first and built again at the end, from
    schema.py's definitions, whether the load ends, fails or is interrupted (a million ACLED rows into SQLite: the
    writing process's CPU time 104 s -> 47 s, their building included). On PostgreSQL the sources' foreign keys go
    too and are added again at the end, checked in one pass: row by row, their triggers were half the server's time
    (a million rows into PostGIS: 49 -> 27-39 µs of server CPU a row). Left as they are (yields False) without
    `defer`, or on PostgreSQL when this role may not drop them (an application role, store.grants). A load killed
    outright leaves them out until the store is next opened: IncidentStore's upgrade builds any missing
    (schema.restore_deferred)."""
    if defer:
        with engine.connect() as conn:
            defer = owns_tables(conn)
    if not defer:
        yield False
        return
    with engine.begin() as conn:
        take_write_lock(conn)
        for index in DEFERRED_INDEXES:
            index.drop(conn, checkfirst=True)
        if conn.dialect.name == "postgresql":
            quote = conn.dialect.identifier_preparer.quote
            for key in sa.inspect(conn).get_foreign_keys(sources_table.name):
                conn.exec_driver_sql(f"ALTER TABLE {sources_table.name} DROP CONSTRAINT {quote(key['name'])}")
    try:
        yield True
    finally:
        with engine.begin() as conn:
            take_write_lock(conn)
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{PG_INDEX_MEMORY}'")
            else:
                conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")  # SQLite's sorts run in it
            restore_deferred(conn)


@cache
def _converters(dialect: str) -> list[tuple[str, Callable]]:
    """The incidents columns whose values the dialect writes its own way, with the function that does it: those
    sqlalchemy converts, and on SQLite the dates and times as Python's sqlite3 adapts them (ISO text), done here,
    in a worker process, rather than by the one writing process."""
    found = make_url(f"{dialect}://").get_dialect()()
    processors = [(c.name, c.type.bind_processor(found)) for c in _WRITTEN]
    if found.name == "sqlite":
        processors += [(c.name, _SQLITE_TEXT[type(c.type)]) for c in _WRITTEN if type(c.type) in _SQLITE_TEXT]
    return [(name, process) for name, process in processors if process is not None]


_SQLITE_TEXT = {sa.Date: date.isoformat, sa.DateTime: partial(datetime.isoformat, sep=" ")}  # sqlite3's adapters


def _copy(conn: Connection, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    """COPY the rows into `table` through psycopg, on the connection (and so in the transaction) of `conn`."""
    with conn.connection.driver_connection.cursor() as cursor, cursor.copy(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
