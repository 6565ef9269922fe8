"""Many incidents written at once (a dataset import, a benchmark's synthetic store), as fast as each database
takes them: one executemany of plain tuples on SQLite, COPY on PostgreSQL. sqlalchemy's insert, its
parameters processed row by row, cost more than the database's own work: a third of an import's time
(cProfile, 50,000 ACLED rows).

The rows are those the ordinary insert writes (store.rows.incident_row; a source's `data` as the JSON column
writes it), so what is read back is the same whichever way an incident came in."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter

from sqlalchemy.engine import Connection

from incidents.model import Incident
from store.rows import incident_row
from store.schema import incidents_table, sources_table

INCIDENT_COLUMNS = tuple(c.name for c in incidents_table.c)
SOURCE_COLUMNS = ("incident_id", "report_id", "mention", "unresolved_place", "data")  # `id` is the database's


def insert_incidents(conn: Connection, incidents: Sequence[Incident]) -> None:
    """Write `incidents` and their sources in the transaction `conn` is in (the caller has checked that
    none is stored yet)."""
    convert, columns = _converters(conn), itemgetter(*INCIDENT_COLUMNS)
    incident_rows = []
    for row in map(incident_row, incidents):
        for name, process in convert:
            row[name] = process(row[name])
        incident_rows.append(columns(row))
    source_rows = [(i.incident_id, s.report_id, s.mention, s.unresolved_place,
                    json.dumps(s.model_dump(mode="json")))  # json.dumps: what sqlalchemy's JSON type writes
                   for i in incidents for s in i.sources]
    if conn.dialect.name == "postgresql":
        _copy(conn, incidents_table.name, INCIDENT_COLUMNS, incident_rows)
        _copy(conn, sources_table.name, SOURCE_COLUMNS, source_rows)
    else:
        for table, columns, rows in ((incidents_table.name, INCIDENT_COLUMNS, incident_rows),
                                     (sources_table.name, SOURCE_COLUMNS, source_rows)):
            conn.exec_driver_sql(f"INSERT INTO {table} ({', '.join(columns)}) "
                                 f"VALUES ({', '.join('?' * len(columns))})", rows)


def _converters(conn: Connection) -> list[tuple[str, Callable]]:
    """The incidents columns whose values the dialect writes its own way (dates and times on SQLite, as
    sqlalchemy stores them), with the function that does it."""
    found = ((c.name, c.type.bind_processor(conn.dialect)) for c in incidents_table.c)
    return [(name, process) for name, process in found if process is not None]


def _copy(conn: Connection, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    """COPY the rows into `table` through psycopg, on the connection (and so in the transaction) of `conn`."""
    with conn.connection.driver_connection.cursor() as cursor, cursor.copy(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
