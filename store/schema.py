"""The database tables: reports, incidents (flat, ACLED-like columns, indexed on dates, coordinates,
sector and governorate) and sources (what each report says of each incident).

This is the schema as the code queries it; store/migrations/ creates and upgrades databases to it
(IncidentStore runs them), and a test checks the two agree on SQLite and PostgreSQL. On PostgreSQL the
incidents table also has `geom`, a PostGIS point the database derives from latitude and longitude."""
from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.dialects import postgresql

from incidents.model import VICTIM_GROUPS, problems

T = TypeVar("T")
IN_LIST_SIZE = 500  # values in one IN (...) list: a long list of keys is asked for in several statements


def in_lists(values: Sequence[T], size: int = IN_LIST_SIZE) -> Iterator[Sequence[T]]:
    """`values` in consecutive slices of at most `size`, one IN (...) list each."""
    return (values[n:n + size] for n in range(0, len(values), size))


def is_one_of(conn: sa.Connection, column: sa.Column, values: Sequence[str]) -> sa.ColumnElement[bool]:
    """`column IN values` as one parameter, however many the values: PostgreSQL's `= ANY(array)`, SQLite's
    `IN (SELECT value FROM json_each(json))`. A bulk import asks 10,000 identifiers a batch: as IN lists, each of
    their 500 placeholders was rendered by sqlalchemy and parsed by psycopg on every run, a third of the writing
    process's time (cProfile, 100,000 ACLED rows into PostGIS); as one parameter, the statement is compiled once."""
    if conn.dialect.name == "postgresql":
        return column == sa.any_(sa.bindparam(None, list(values), type_=postgresql.ARRAY(column.type)))
    listed = sa.func.json_each(json.dumps(list(values))).table_valued("value")
    return column.in_(sa.select(listed.c.value))


metadata = sa.MetaData()
reports_table = sa.Table(
    "reports", metadata,
    sa.Column("report_id", sa.String(32), primary_key=True),
    sa.Column("url", sa.Text, index=True, unique=True),
    sa.Column("title", sa.Text, nullable=False, default=""),
    sa.Column("outlet", sa.Text, nullable=False, default=""),
    sa.Column("published", sa.Date, nullable=False, index=True),
    sa.Column("path", sa.Text, nullable=False, default=""),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False, index=True),  # new since a visit
)
incidents_table = sa.Table(
    "incidents", metadata,
    sa.Column("incident_id", sa.String(64), primary_key=True),
    sa.Column("event_date", sa.Date, nullable=False),
    sa.Column("date_precision", sa.String(8), nullable=False),
    sa.Column("date_start", sa.Date, nullable=False, index=True),
    sa.Column("date_end", sa.Date, nullable=False, index=True),
    sa.Column("place", sa.Text, nullable=False, default=""),
    sa.Column("location", sa.Text),
    sa.Column("place_id", sa.String(64)),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("geo_precision", sa.String(16)),
    sa.Column("admin1", sa.Text, index=True),
    sa.Column("admin2", sa.Text),
    sa.Column("sector", sa.Text),
    sa.Column("attack_type", sa.String(32), nullable=False),
    sa.Column("perpetrator", sa.String(32), nullable=False),
    *[sa.Column(f"killed_{g}", sa.Integer) for g in VICTIM_GROUPS],
    *[sa.Column(f"wounded_{g}", sa.Integer) for g in VICTIM_GROUPS],
    sa.Column("killed_total", sa.Integer),
    sa.Column("wounded_total", sa.Integer),
    sa.Column("fatalities_low", sa.Integer),
    sa.Column("fatalities_best", sa.Integer),
    sa.Column("fatalities_high", sa.Integer),
    sa.Column("notes", sa.Text, nullable=False, default=""),
    sa.Column("status", sa.String(16), nullable=False, default="extracted"),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, index=True),  # the data's version
    # Where the incident comes from: "reports" (extracted here), or an imported dataset ("acled", "ucdp")
    # whose own identifier is external_id.
    sa.Column("origin", sa.String(16), nullable=False, default="reports", server_default="reports"),
    sa.Column("external_id", sa.Text),
    # How far the cues that produced it can be trusted (0-1; None for imported datasets), and why an analyst
    # should review it first ("" when nothing stands out).
    sa.Column("confidence", sa.Float, index=True),
    sa.Column("review_reason", sa.Text, nullable=False, default="", server_default=""),
    # How it was told, kept from its sources by store.told on every write (migration 0014): how many reports tell
    # it, and when the first of them was ingested. The headline's "told by one report only" and "new since your
    # last visit" read them from the row rather than from each incident's sources (a date window at a million).
    sa.Column("report_count", sa.Integer, nullable=False, default=0, server_default="0"),
    sa.Column("first_told_at", sa.DateTime(timezone=True), index=True),
    # The coordinates, with what a map view's count asks of a row: read from the index alone (migration 0013).
    sa.Index("ix_incidents_box", "latitude", "longitude", "status", "sector", "event_date", "geo_precision", "admin1",
             "incident_id"),
    # A page, latest first (store.figures), and what a date window's filter and new-since list ask of a row, read
    # from the index alone (migration 0016).
    sa.Index("ix_incidents_date_window", "event_date", "incident_id", "status", "origin", "first_told_at", "sector",
             "latitude", "longitude", "geo_precision", "admin1"),
    sa.Index("ix_incidents_sector_date", "sector", "event_date"),  # a sector's attacks in a window (migration 0015)
    sa.Index("uq_incidents_external_id_origin", "external_id", "origin", unique=True),
)
sources_table = sa.Table(
    "sources", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("incident_id", sa.String(64), sa.ForeignKey("incidents.incident_id"), nullable=False),
    sa.Column("report_id", sa.String(32), sa.ForeignKey("reports.report_id"), nullable=False),
    sa.Column("mention", sa.Integer, nullable=False),
    sa.Column("unresolved_place", sa.Text, index=True),
    sa.Column("data", sa.JSON, nullable=False),
    sa.UniqueConstraint("report_id", "mention", name="uq_sources_report_mention"),
    sa.Index("ix_sources_incident_report", "incident_id", "report_id"),  # the reports telling an incident
)

# Every analyst action (status, merge, split, correction, place fix, undo): who, when, and the rows of
# the incidents, sources and place fixes it touched as they were before and after, as JSON.
edits_table = sa.Table(
    "edits", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("analyst", sa.Text, nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("incident_ids", sa.JSON, nullable=False),
    sa.Column("before", sa.JSON, nullable=False),
    sa.Column("after", sa.JSON, nullable=False),
    sa.Column("undone_by", sa.Integer),
)

place_fixes_table = sa.Table(
    "place_fixes", metadata,
    sa.Column("name_key", sa.String(128), primary_key=True),  # geo.normalize.name_key of the name as written
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("place", sa.JSON, nullable=False),  # geo.places.Place.as_dict() of the analyst's choice
    sa.Column("fixed_at", sa.DateTime(timezone=True), nullable=False),
)


# Watching news feeds (watch/): each feed's state after its last poll, kept by name (the URL is kept only as a
# hash, since it may carry a secret), so a feed that errors keeps its last good ETag, dates and counts.
watch_feeds_table = sa.Table(
    "watch_feeds", metadata,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("url_hash", sa.String(16), nullable=False),
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("last_poll_at", sa.DateTime(timezone=True)),
    sa.Column("last_success_at", sa.DateTime(timezone=True)),
    sa.Column("next_poll_at", sa.DateTime(timezone=True)),
    sa.Column("last_status", sa.Integer),
    sa.Column("last_error", sa.Text, nullable=False, default="", server_default=""),
    sa.Column("entries", sa.Integer, nullable=False, default=0, server_default="0"),
    sa.Column("new_articles", sa.Integer, nullable=False, default=0, server_default="0"),
    sa.Column("kept", sa.Integer, nullable=False, default=0, server_default="0"),
    sa.Column("skipped", sa.Integer, nullable=False, default=0, server_default="0"),
    sa.Column("errors", sa.Integer, nullable=False, default=0, server_default="0"),
    sa.Column("incidents_new", sa.Integer, nullable=False, default=0, server_default="0"),
)
# Every article a feed pointed at, fetched or not: what came back (HTTP status), whether it was kept (ingested),
# skipped (not relevant, excluded, forbidden by robots.txt), refused by the report reader, or failed, and why.
watch_articles_table = sa.Table(
    "watch_articles", metadata,
    sa.Column("url", sa.Text, primary_key=True),
    sa.Column("feed", sa.String(200), nullable=False, index=True),
    sa.Column("title", sa.Text, nullable=False, default="", server_default=""),
    sa.Column("entry_updated", sa.Text),  # the feed's own date for the entry: a later one means it changed
    sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("attempts", sa.Integer, nullable=False, default=1, server_default="1"),
    sa.Column("status", sa.Integer),
    sa.Column("outcome", sa.String(16), nullable=False, index=True),
    sa.Column("reason", sa.Text, nullable=False, default="", server_default=""),
    sa.Column("report_id", sa.String(32)),
    sa.Column("incidents_new", sa.Integer, nullable=False, default=0, server_default="0"),
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
)
# An alert per (rule, incident), claimed before its webhook is posted: sent once even with two watchers, and
# posted again with backoff until it is sent (sent_at) if the webhook failed or the watcher was killed.
alert_claims_table = sa.Table(
    "alert_claims", metadata,
    sa.Column("rule", sa.String(200), primary_key=True),
    sa.Column("incident_id", sa.String(64), primary_key=True),
    sa.Column("feed", sa.String(200), nullable=False),
    sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("next_try_at", sa.DateTime(timezone=True), nullable=False, index=True),  # no one tries before
    sa.Column("attempts", sa.Integer, nullable=False, default=0, server_default="0"),
    sa.Column("sent_at", sa.DateTime(timezone=True)),
    sa.Column("last_error", sa.Text, nullable=False, default="", server_default=""),
)
# When each analyst last looked, so the dashboard can mark what is new since.
analyst_visits_table = sa.Table(
    "analyst_visits", metadata,
    sa.Column("analyst", sa.String(200), primary_key=True),
    sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
)


MIGRATIONS = Path(__file__).parent / "migrations"


def take_write_lock(conn: sa.Connection) -> None:
    """Make this transaction the only writer until it ends, across processes: reads made after it see
    every write committed before it (de-duplication reads, then writes). PostgreSQL: a transaction-level
    advisory lock; SQLite: the database write lock, taken at once (BEGIN IMMEDIATE) rather than at the
    first write. Readers (the dashboard) are not blocked on either."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext('frontline-watch-write'))")
    elif conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def upgrade(engine: sa.Engine) -> None:
    """Create or upgrade the database to the schema above with the Alembic migrations in
    store/migrations. A database made before migrations existed (tables, no version) is taken as
    revision 0001. Concurrent starts are serialised (an advisory lock on PostgreSQL, the write lock on
    SQLite), so two processes opening a new store do not both create it."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # versions/ holds at most fifteen modules, as every folder (tests/test_layout.py): later ones are in its
    # subfolders (from_0016/...), read too.
    config.set_main_option("recursive_version_locations", "true")
    with engine.begin() as conn:
        take_write_lock(conn)
        inspector = sa.inspect(conn)
        config.attributes["connection"] = conn
        if inspector.has_table("incidents") and not inspector.has_table("alembic_version"):
            command.stamp(config, "0001")
        command.upgrade(config, "head")
        restore_deferred(conn)


def restore_deferred(conn: sa.Connection) -> None:
    """Build any index, and on PostgreSQL any foreign key, of the schema above that the database lacks, from its
    definition here: a bulk load (store.bulk.checks_deferred) drops them while it loads, and a load killed before it
    built them again must not leave the store without them (none is built where this role may not: they wait for
    the owner). A key is added NOT VALID, so that it holds for every row written from now on, then checked against
    the rows there are in a savepoint: rows written while it was away that break it (none of ours should) leave it
    unchecked, with a warning logged, rather than stop the store from opening."""
    if not owns_tables(conn):
        return
    inspector = sa.inspect(conn)
    for table in metadata.sorted_tables:
        present = {index["name"] for index in inspector.get_indexes(table.name)}
        for index in sorted(table.indexes, key=lambda i: i.name):
            if index.name not in present:
                index.create(conn)
    if conn.dialect.name != "postgresql":  # SQLite's keys are part of the table, never dropped
        return
    for table in metadata.sorted_tables:
        keys = {(tuple(k["constrained_columns"]), k["referred_table"]) for k in inspector.get_foreign_keys(table.name)}
        for key in table.foreign_key_constraints:
            if (tuple(key.column_keys), key.referred_table.name) in keys:
                continue
            # PostgreSQL names it as migration 0001 had it named: TABLE_COLUMN_fkey
            conn.exec_driver_sql(f"{sa.schema.AddConstraint(key).compile(conn)} NOT VALID")
            name = f"{table.name}_{'_'.join(key.column_keys)}_fkey"
            try:
                with conn.begin_nested():
                    conn.exec_driver_sql(f"ALTER TABLE {table.name} VALIDATE CONSTRAINT {name}")
            except sa.exc.DBAPIError as exc:
                logging.getLogger("store").warning(
                    "foreign key %s holds for new rows but not for some stored ones (%s); mend them, then run "
                    "ALTER TABLE %s VALIDATE CONSTRAINT %s", name, problems(exc), table.name, name)


def owns_tables(conn: sa.Connection) -> bool:
    """Whether this connection may drop and create the tables' indexes: on PostgreSQL the tables' owner (or a member
    of its role) may, an application role (store.grants) may not; on SQLite anyone who may write."""
    if conn.dialect.name != "postgresql":
        return True
    return conn.exec_driver_sql("SELECT pg_has_role(current_user, relowner, 'USAGE') FROM pg_class "
                                "WHERE oid = 'incidents'::regclass").scalar_one()
