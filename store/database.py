"""Incidents in a real database through SQLAlchemy: an SQLite file by default, any SQLAlchemy URL
(PostgreSQL/PostGIS) from FRONTLINE_DATABASE_URL or the `url` argument (store.connection).

Each report lands in one transaction: its row, its new incidents and its merges, or nothing. A
report already stored (same text hash, or same URL) changes nothing. De-duplication looks only at
stored incidents whose dates overlap and whose coordinates are near, through the date and
coordinate indexes, so its cost does not grow with the whole store. What analysts do to stored incidents
(merge, split, correct, place a name, with their audit trail) is in store.review; rows in store.rows.
"""
from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Iterable, Iterator

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geo.normalize import name_key
from geo.places import Place
from incidents.dedup import (CLAIM_SLACK_DAYS, DATE_SLACK_DAYS, MATCH_SPAN_DAYS, admin_unit, candidate_reach_km,
                             consolidate, match_score, same_attack)
from extraction.extract import extract
from incidents.model import STORED, Incident, Report, SourceRef, problems
from store.figures import conditions
from store.query import AWAITING_REVIEW, OUTLET_SEPARATOR, Box, InBox, IncidentFilter
from reports.reading import ReportError
from store import audit, told
from store.access import Person, local_person
from store.connection import default_url, engine_for
from store.bulk import BulkRows, bulk_rows, dialect_of, identity, insert_rows, stored_identities
from store.review import ReviewActions
from store.revisions import Revisions
from store.rows import (incident_from_row, incident_row, place_from_dict, placed, replace_incident,
                            report_row, source_row)
from store.schema import (edits_table, in_lists, incidents_table, place_fixes_table, reports_table, sources_table,
                              owns_tables, take_write_lock, upgrade)

KM_PER_DEGREE = 111.2  # of latitude
BULK_ROWS = 1_000  # an add_incidents this large refreshes the planner's statistics
STREAMED_ROWS = 2_000  # incidents read at a time by incident_batches (an export)
ANALYSIS_ROWS = 2_000  # index entries SQLite's ANALYZE samples: statistics in a moment, even at a million rows


@dataclass
class IngestSummary:
    reports_read: int = 0
    reports_already_stored: int = 0
    incidents_new: int = 0
    incidents_merged: int = 0
    refused: list[ReportError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # "path: what to check" for reports that were stored
    unresolved_places: set[str] = field(default_factory=set)

    def lines(self) -> list[str]:
        out = [f"reports read: {self.reports_read}",
               f"reports already stored (unchanged): {self.reports_already_stored}",
               f"incidents new: {self.incidents_new}",
               f"incidents merged into stored ones: {self.incidents_merged}",
               f"reports refused: {len(self.refused)}"]
        out += [f"  refused {e}" for e in self.refused]
        out += [f"  notice {n}" for n in self.notices]
        if self.unresolved_places:
            out.append(f"places not in the gazetteer (placed at their area, or not on the map; see `frontline "
                       f"places`): {', '.join(sorted(self.unresolved_places))}")
        return out


class IncidentStore(ReviewActions, Revisions):
    def __init__(self, url: str | None = None):
        self.url = url or default_url()
        self.engine = engine_for(self.url)
        upgrade(self.engine)

    @property
    def display_url(self) -> str:
        """The database URL with any password masked: the only form that is ever printed."""
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A write transaction, one at a time across processes (see schema.take_write_lock): two analysts
        ingesting at once neither lose nor duplicate an incident."""
        with self.engine.begin() as conn:
            take_write_lock(conn)
            yield conn

    # -- reading -------------------------------------------------------------------------------
    def _load(self, conn: Connection, query) -> list[Incident]:
        return self._with_sources(conn, conn.execute(query).all())

    def _with_sources(self, conn: Connection, rows: list) -> list[Incident]:
        """Incidents from their rows, with their sources read in one query per 500."""
        ids = [r.incident_id for r in rows]
        by_incident: dict[str, list[SourceRef]] = {i: [] for i in ids}
        for chunk in in_lists(ids):
            q = sa.select(sources_table.c.incident_id, sources_table.c.data).where(
                sources_table.c.incident_id.in_(chunk))
            for incident_id, data in conn.execute(q):
                by_incident[incident_id].append(SourceRef.model_validate(data, context=STORED))
        return [incident_from_row(r, sorted(by_incident[r.incident_id], key=lambda s: (s.published, s.mention)))
                for r in rows]

    def incidents(self, flt: IncidentFilter | None = None, counted: bool = False) -> list[Incident]:
        """The filtered incidents with their sources; `counted`: only those the filter's figures count (an
        export), IncidentFilter.where."""
        with self.engine.connect() as conn:
            return self._load(conn, _filtered(flt, counted))

    def incident_batches(self, flt: IncidentFilter | None = None, counted: bool = False,
                         size: int = STREAMED_ROWS) -> Iterator[list[Incident]]:
        """What `incidents` returns, in its order, `size` incidents at a time, read from one cursor (a server-side
        one on PostgreSQL) as they are asked for: an export of a million incidents never holds them all."""
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=size).execute(_filtered(flt, counted))
            for rows in result.partitions():
                yield self._with_sources(conn, rows)

    def table(self, flt: IncidentFilter | None = None, counted: bool = False, box: Box | None = None,
              located: bool = False, limit: int | None = None, offset: int = 0) -> pd.DataFrame:
        """The filtered incidents (store.figures.conditions: those `counted`, in `box`, `located`) as one flat row
        each, with `source` (the outlets, joined by "; ") and `source_count`: what the tables, popups and
        colours need, in one query; and `awaiting_review`, whether its figures wait for an analyst
        (store.query.AWAITING_REVIEW). In date order; a page of `limit` rows from `offset` is the latest first
        (only its rows' sources are read). Read from the driver directly: at 100,000 rows, per-row type
        conversion would cost seconds."""
        s, r, i = sources_table.c, reports_table.c, incidents_table.c
        where = conditions(flt or IncidentFilter(), counted, box, located)
        order = [i.event_date, i.incident_id] if limit is None else [i.event_date.desc(), i.incident_id.desc()]
        outlets = (sa.select(s.incident_id, sa.func.count(sa.distinct(s.report_id)).label("source_count"),
                             sa.func.aggregate_strings(r.outlet, OUTLET_SEPARATOR).label("source"))
                   .join(reports_table, r.report_id == s.report_id).group_by(s.incident_id))
        if limit is not None:
            outlets = outlets.where(s.incident_id.in_(
                sa.select(i.incident_id).where(*where).order_by(*order).limit(limit).offset(offset)))
        outlets = outlets.subquery()
        columns = [sa.type_coerce(c, sa.String).label(c.name) if isinstance(c.type, sa.Date) else c
                   for c in incidents_table.c if c.name not in ("updated_at", "notes", *told.TOLD_COLUMNS)]
        awaiting = sa.case((AWAITING_REVIEW, True), else_=False).label("awaiting_review")
        query = (sa.select(*columns, outlets.c.source, outlets.c.source_count, awaiting)
                 .join(outlets, outlets.c.incident_id == i.incident_id, isouter=True)
                 .where(*where).order_by(*order).limit(limit).offset(offset or None))
        with self.engine.connect() as conn:
            result = conn.execute(query)
            frame = pd.DataFrame.from_records(result.cursor.fetchall(), columns=list(result.keys()))
        for column in ("event_date", "date_start", "date_end"):
            frame[column] = pd.to_datetime(frame[column])
        counts = [c.name for c in incidents_table.c if isinstance(c.type, sa.Integer) and c.name in frame]
        frame[counts] = frame[counts].astype(float)  # None is NaN: an unknown count, not zero
        frame["awaiting_review"] = frame["awaiting_review"].astype(bool)
        return frame

    def incidents_by_id(self, incident_ids: list[str]) -> list[Incident]:
        """Incidents with their sources, in date order: the detail behind rows of `table`."""
        with self.engine.connect() as conn:
            found = []
            for chunk in in_lists(incident_ids):
                found += self._by_ids(conn, chunk)
        return sorted(found, key=lambda i: (i.event_date, i.incident_id))

    def add_incidents(self, report: Report, incidents: list[Incident], analyze: bool = True,
                      by: Person | None = None) -> int:
        """Store incidents that come whole, with no extraction or de-duplication (a benchmark, a test): add_rows of
        their store.bulk.bulk_rows."""
        dialect = dialect_of(self.engine)
        return self.add_rows(report, [bulk_rows(i, dialect) for i in incidents], analyze, by)

    def add_rows(self, report: Report, rows: list[BulkRows], analyze: bool = True, by: Person | None = None) -> int:
        """Store incidents as store.bulk.bulk_rows made them (in a worker process of a dataset import), `by` a
        person allowed to import (none given: this process's user), recorded in the audit trail: `report` is the
        file they came from, each incident's sources point at it. An incident whose dataset identifier (origin,
        external_id) is already stored is left out. One transaction, written by store.bulk (executemany on
        SQLite, COPY on PostgreSQL); returns the number stored. analyze=False when more batches follow
        (refresh_statistics after the last one)."""
        by = by or local_person()
        by.require("import")
        with self._writing() as conn:
            if not self.has_report(conn, report):
                conn.execute(reports_table.insert(), report_row(report))
            known = stored_identities(conn, [identity(r) for r in rows])
            rows = [r for r in rows if identity(r) not in known]
            if rows:
                insert_rows(conn, rows)
            audit.record_event(conn, "import", f"imported {len(rows)} incident(s) from "
                               f"{report.path or report.title or report.report_id}", by)
        if analyze and len(rows) >= BULK_ROWS:
            self.refresh_statistics()
        return len(rows)

    def refresh_statistics(self) -> None:
        """After a bulk load, let the query planner see the new data (it picks the date and space indexes): a
        real ANALYZE (SQLite's PRAGMA optimize skips tables it analysed empty), on SQLite from a sample of each
        index (analysis_limit) so that it takes a moment at a million rows."""
        with self.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql(f"PRAGMA analysis_limit={ANALYSIS_ROWS}")
            elif not owns_tables(conn):
                return  # PostgreSQL analyses only for the tables' owner (and autovacuum does it after a load)
            conn.exec_driver_sql(f"ANALYZE {incidents_table.name}, {sources_table.name}"
                                 if conn.dialect.name == "postgresql" else "ANALYZE")
            conn.commit()

    def _by_ids(self, conn: Connection, incident_ids: list[str]) -> list[Incident]:
        return self._load(conn, sa.select(incidents_table).where(incidents_table.c.incident_id.in_(incident_ids)))

    def get(self, incident_id: str) -> Incident | None:
        with self.engine.connect() as conn:
            found = self._by_ids(conn, [incident_id])
        return found[0] if found else None

    def version(self) -> tuple:
        """Changes whenever stored data does (an ingest, an import, a review action): a cache key for readers. Each
        part is the end of an index, read in a moment at any size (counting both tables took 0.1-0.15 s per run on
        PostGIS at a million incidents). Every write records an edit (store.audit: an ingest and an import too, an
        undo, which puts back the rows' old updated_at, as well); the latest incident change and source stand
        beside it for rows written some other way (a script)."""
        with self.engine.connect() as conn:
            latest = conn.execute(sa.select(sa.func.max(incidents_table.c.updated_at))).scalar_one()
            last_source = conn.execute(sa.select(sa.func.max(sources_table.c.id))).scalar_one()
            last_edit = conn.execute(sa.select(sa.func.max(edits_table.c.id))).scalar_one()
        return str(latest), last_source, last_edit

    def count(self) -> int:
        """Incidents stored (those merged into another, kept only for undo, are not counted)."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(incidents_table).where(
                incidents_table.c.status != "merged")).scalar_one()

    def unresolved_places(self) -> list[dict]:
        """Place names the gazetteer could not resolve, most frequent first, for an analyst to fix: how many
        incidents carry each, how many of those are not on the map (no area to place them at either), and
        where one of the others is placed."""
        s, i = sources_table.c, incidents_table.c
        unplaced = sa.case((i.latitude.is_(None), s.incident_id))
        query = (sa.select(s.unresolved_place, sa.func.count(sa.distinct(s.incident_id)).label("incidents"),
                           sa.func.count(sa.distinct(unplaced)).label("not_on_map"),
                           sa.func.min(sa.case((i.latitude.is_not(None), i.location))).label("located_at"),
                           sa.func.min(s.incident_id).label("example_incident"))
                 .join(incidents_table, i.incident_id == s.incident_id)
                 .where(s.unresolved_place.is_not(None))
                 .group_by(s.unresolved_place).order_by(sa.desc("incidents"), s.unresolved_place))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def carrying_unresolved(self, names: list[str]) -> list[Incident]:
        """The incidents with a source whose place is one of the unresolved `names` (what placing a name moves),
        found through the sources' index rather than the whole table."""
        s = sources_table.c
        ids = sa.select(s.incident_id).where(s.unresolved_place.in_(names)).distinct()
        with self.engine.connect() as conn:
            return self._load(conn, _filtered(None, False).where(incidents_table.c.incident_id.in_(ids)))

    def has_report(self, conn: Connection, report: Report) -> bool:
        t = reports_table.c
        clause = t.report_id == report.report_id
        if report.url:
            clause = sa.or_(clause, t.url == report.url)
        return conn.execute(sa.select(t.report_id).where(clause).limit(1)).first() is not None

    # -- writing -------------------------------------------------------------------------------
    def candidates(self, source: SourceRef) -> list[Incident]:
        """Stored incidents that may be the attack `source` tells (see _nearby)."""
        with self.engine.connect() as conn:
            return self._nearby(conn, source)

    def _nearby(self, conn: Connection, source: SourceRef) -> list[Incident]:
        """Stored incidents that may be the source's attack: dates overlapping (a bounded scan of the date
        index) and a point within reach, or the same place, or a district or governorate it lies in, or one
        inside the district or governorate it is. A
        superset of what dedup.same_attack accepts, found through the indexes, so its cost follows the
        incidents near the attack, not the size of the store. Imported datasets (ACLED, UCDP) are not
        merged into: they stay whole, as published, beside what reports say."""
        t = incidents_table.c
        slack = timedelta(days=max(DATE_SLACK_DAYS, CLAIM_SLACK_DAYS))
        clauses = [t.date_start <= source.date_end + slack,
                   t.date_start >= source.date_start - slack - timedelta(days=MATCH_SPAN_DAYS),
                   t.date_end >= source.date_start - slack, t.status.not_in(("rejected", "merged")),
                   t.origin == "reports"]  # imported datasets stay layers of their own
        if source.latitude is None:
            clauses.append(t.latitude.is_(None))
        else:
            reach = candidate_reach_km(source)
            dlat, dlon = reach / KM_PER_DEGREE, reach / (KM_PER_DEGREE * math.cos(math.radians(source.latitude)))
            near = InBox(source.longitude - dlon, source.latitude - dlat, source.longitude + dlon,
                         source.latitude + dlat)
            same_area = [t.place_id == source.place_id] if source.place_id else []
            if source.admin2:
                same_area.append(sa.and_(t.geo_precision == "district", t.admin2 == source.admin2))
            if source.admin1:
                same_area.append(sa.and_(t.geo_precision == "governorate", t.admin1 == source.admin1))
            code = admin_unit(source)
            if code:
                same_area.append(getattr(t, code) == getattr(source, code))
            clauses.append(sa.or_(near, *same_area))
        return self._load(conn, sa.select(incidents_table).where(*clauses))

    def ingest_report(self, report: Report, by: Person | None = None) -> tuple[int, int, set[str]] | None:
        """Store one report in one transaction, `by` a person allowed to add reports (none given: this process's
        user), recorded in the audit trail: (new, merged, names the gazetteer lacks that no analyst has
        placed), or None if it was already stored. The report is read and its incidents extracted before the
        write lock is taken: a feed poller, another ingest and the dashboard's review actions wait only for
        the writes."""
        by = by or local_person()
        by.require("ingest")
        with self.engine.connect() as conn:
            if self.has_report(conn, report):
                return None
        extraction = extract(report)
        with self._writing() as conn:
            if self.has_report(conn, report):
                return None  # stored by another process while this one was extracting
            unresolved = [i for i, incident in enumerate(extraction.incidents) if incident.sources[0].unresolved_place]
            fixes = self._place_fixes(conn) if unresolved else {}
            for i in unresolved:  # names an analyst has placed before
                source = extraction.incidents[i].sources[0]
                fix = fixes.get(name_key(source.unresolved_place))
                if fix is not None:
                    extraction.incidents[i] = consolidate(extraction.incidents[i].incident_id, [placed(source, fix)])
            conn.execute(reports_table.insert(), report_row(report))
            new = merged = 0
            taken: set[str] = set()  # one stored incident takes at most one mention of this report
            for extracted in extraction.incidents:
                source = extracted.sources[0]
                matches = [i for i in self._nearby(conn, source)
                           if i.incident_id not in taken and same_attack(i, source)]
                if matches:
                    target = max(matches, key=lambda i: match_score(i, source))
                    updated = consolidate(target.incident_id, [*target.sources, source], status=target.status)
                    replace_incident(conn, updated)
                    taken.add(target.incident_id)
                    merged += 1
                else:
                    conn.execute(incidents_table.insert(), incident_row(extracted))
                    taken.add(extracted.incident_id)
                    new += 1
                conn.execute(sources_table.insert(),
                             source_row(target.incident_id if matches else extracted.incident_id, source))
            told.refresh(conn, sorted(taken))
            told_by = report.outlet or report.path or "pasted"
            audit.record_event(conn, "ingest", f"ingested {report.report_id} ({told_by}): {new} new incident(s), "
                               f"{merged} merged", by, sorted(taken))
        return new, merged, {i.sources[0].unresolved_place for i in extraction.incidents
                             if i.sources[0].unresolved_place}

    def outlets(self) -> list[str]:
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(sa.select(reports_table.c.outlet).distinct()
                                               .where(reports_table.c.outlet != "").order_by(reports_table.c.outlet))]

    def _place_fixes(self, conn: Connection) -> dict[str, Place]:
        return {r.name_key: place_from_dict(r.place) for r in conn.execute(sa.select(place_fixes_table))}

    def ingest(self, items: Iterable[Report | ReportError], progress: bool = False,
               by: Person | None = None) -> IngestSummary:
        """Ingest a batch `by` a person allowed to (store.access); a refused or failing report is recorded and
        the rest still lands."""
        by = by or local_person()
        by.require("ingest")
        summary = IngestSummary()
        items = list(items)
        if progress and len(items) > 20:
            from tqdm import tqdm
            items = tqdm(items, unit="report", desc="ingest")
        for item in items:
            if isinstance(item, ReportError):
                summary.refused.append(item)
                continue
            summary.reports_read += 1
            try:
                result = self.ingest_report(item, by)
            except Exception as exc:  # one bad report must not sink the batch
                summary.refused.append(ReportError(item.path or item.title, f"could not be stored: {problems(exc)}"))
                continue
            if result is None:
                summary.reports_already_stored += 1
                continue
            summary.incidents_new += result[0]
            summary.incidents_merged += result[1]
            summary.unresolved_places |= result[2]
            summary.notices += [f"{item.path or item.title}: {notice}" for notice in item.notices]
        return summary


def _filtered(flt: IncidentFilter | None, counted: bool) -> sa.Select:
    """The filtered incidents' rows in date order (IncidentFilter.where; `counted`: those its figures count)."""
    return sa.select(incidents_table).where(*(flt or IncidentFilter()).where(counted)).order_by(
        incidents_table.c.event_date, incidents_table.c.incident_id)
