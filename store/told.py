"""How each incident was told, kept on its row: how many reports tell it (report_count) and when the first of them
was ingested (first_told_at). Both follow from its sources and their reports; every write that adds, moves or
removes a source (an ingest, an import, a review action, an undo) has them computed here, so the headline's "told
by one report only" and "new since your last visit" read a column instead of looking up each incident's sources
(at a million incidents, a date window's 50,000 lookups took most of a second)."""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from store.schema import in_lists, incidents_table, reports_table, sources_table

TOLD_COLUMNS = ("report_count", "first_told_at")


def told_by_sources() -> dict[str, sa.ScalarSelect]:
    """The kept columns as the sources say them, for the incident of the row being written or read: the distinct
    reports telling it (0 without sources) and the earliest ingested_at among them (None without)."""
    i, s, r = incidents_table.c, sources_table.c, reports_table.c
    return {"report_count": sa.select(sa.func.count(sa.distinct(s.report_id)))
            .where(s.incident_id == i.incident_id).scalar_subquery(),
            "first_told_at": sa.select(sa.func.min(r.ingested_at))
            .join_from(sources_table, reports_table, r.report_id == s.report_id)
            .where(s.incident_id == i.incident_id).scalar_subquery()}


def refresh(conn: Connection, incident_ids: Sequence[str]) -> None:
    """Compute the kept columns of these incidents again from their sources, in the caller's transaction."""
    ids = sorted(set(incident_ids))
    for chunk in in_lists(ids):
        conn.execute(incidents_table.update().where(incidents_table.c.incident_id.in_(chunk))
                     .values(**told_by_sources()))


def of_new_incidents(conn: Connection, sources: Sequence[Sequence[tuple]]) -> list[tuple]:
    """The kept columns of incidents the bulk path is about to write, from each one's source rows
    (store.bulk.SOURCE_COLUMNS: the report id second), their reports already stored: values as the driver gives
    them (SQLite's text), so that they are written as stored."""
    report_ids = sorted({source[1] for told in sources for source in told})
    r = reports_table.c
    ingested: dict = {}
    for chunk in in_lists(report_ids):
        ingested |= dict(conn.execute(sa.select(r.report_id, sa.type_coerce(r.ingested_at, sa.String))
                                      .where(r.report_id.in_(chunk))).all())
    kept = []
    for told in sources:
        reports = {source[1] for source in told}
        kept.append((len(reports), min((ingested[report] for report in reports), default=None)))
    return kept
