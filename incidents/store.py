"""Incidents in a real database through SQLAlchemy: an SQLite file by default, any SQLAlchemy URL
(PostgreSQL/PostGIS later) from FRONTLINE_DATABASE_URL or the `url` argument.

Each report lands in one transaction: its row, its new incidents and its merges, or nothing. A
report already stored (same text hash, or same URL) changes nothing. De-duplication looks only at
stored incidents whose dates overlap and whose coordinates are near, through the date and
coordinate indexes, so its cost does not grow with the whole store.
"""
from __future__ import annotations

import math
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pandas as pd
import sqlalchemy as sa
from platformdirs import user_data_dir
from sqlalchemy.engine import Connection

from geo.normalize import name_key
from geo.places import GeoPrecision, Place
from incidents import audit
from incidents.dedup import (ANALYST_REPORT_ID, DATE_SLACK_DAYS, MATCH_SPAN_DAYS, candidate_reach_km, consolidate,
                             match_score, same_attack)
from incidents.extract import extract
from incidents.model import STORED, VICTIM_GROUPS, Casualties, Incident, Report, SourceRef
from incidents.query import OUTLET_SEPARATOR, IncidentFilter, InBox
from incidents.reports import ReportError
from incidents.schema import (incidents_table, place_fixes_table, reports_table, sources_table, take_write_lock,
                              upgrade)

ENV_URL = "FRONTLINE_DATABASE_URL"
KM_PER_DEGREE = 111.2  # of latitude
SQLITE_BUSY_SECONDS = 60
BULK_ROWS = 1_000  # an add_incidents this large refreshes the planner's statistics

# One compiled statement for every merge (statements built per call cost more than the SQL).
_UPDATE_INCIDENT = incidents_table.update().where(incidents_table.c.incident_id == sa.bindparam("target_id"))


def default_url() -> str:
    """FRONTLINE_DATABASE_URL, else an SQLite file in the user's data directory."""
    if os.environ.get(ENV_URL):
        return os.environ[ENV_URL]
    path = Path(user_data_dir("frontline-watch")) / "frontline.sqlite"
    return f"sqlite:///{path}"


def database_problem(exc: Exception, url: str) -> str:
    """One line for an analyst: what is wrong with the database and what to do (never a traceback; the
    password masked)."""
    shown = sa.engine.make_url(url).render_as_string(hide_password=True)
    cause = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    if "not a database" in cause or "malformed" in cause:
        return (f"the database {shown} is damaged or is not a database ({cause}): restore it from a backup "
                "(docs/deploy.md), or move it aside and the next run starts an empty one")
    if "unable to open" in cause:
        return f"cannot open the database {shown} ({cause}): check that its folder exists and can be written"
    return (f"the database {shown} cannot be used ({cause}): check --database or {ENV_URL}, and that the "
            "server is running")


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


def _row(incident: Incident) -> dict:
    row = incident.model_dump(exclude={"killed", "wounded", "sources"})
    for g in VICTIM_GROUPS:
        row[f"killed_{g}"] = getattr(incident.killed, g)
        row[f"wounded_{g}"] = getattr(incident.wounded, g)
    row["updated_at"] = datetime.now(timezone.utc)
    return row


def _incident(row, sources: list[SourceRef]) -> Incident:
    data = dict(row._mapping)
    killed = {g: data.pop(f"killed_{g}") for g in VICTIM_GROUPS}
    wounded = {g: data.pop(f"wounded_{g}") for g in VICTIM_GROUPS}
    for computed in ("killed_total", "wounded_total", "updated_at"):
        data.pop(computed)
    # STORED: read what is stored even where a later check would refuse it (a page never breaks on a row).
    return Incident.model_validate({**data, "killed": killed, "wounded": wounded, "sources": sources},
                                   context=STORED)


class IncidentStore:
    def __init__(self, url: str | None = None):
        self.url = url or default_url()
        if self.url.startswith("sqlite:///"):
            Path(self.url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)
        # SQLite: wait up to SQLITE_BUSY_SECONDS for another process's write to finish instead of failing.
        self.engine = sa.create_engine(self.url, connect_args={"timeout": SQLITE_BUSY_SECONDS}
                                       if self.url.startswith("sqlite") else {})
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
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
        rows = conn.execute(query).all()
        ids = [r.incident_id for r in rows]
        by_incident: dict[str, list[SourceRef]] = {i: [] for i in ids}
        for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
            q = sa.select(sources_table.c.incident_id, sources_table.c.data).where(
                sources_table.c.incident_id.in_(chunk))
            for incident_id, data in conn.execute(q):
                by_incident[incident_id].append(SourceRef.model_validate(data, context=STORED))
        return [_incident(r, sorted(by_incident[r.incident_id], key=lambda s: (s.published, s.mention)))
                for r in rows]

    def incidents(self, flt: IncidentFilter | None = None) -> list[Incident]:
        query = sa.select(incidents_table).where(*(flt or IncidentFilter()).where()).order_by(
            incidents_table.c.event_date, incidents_table.c.incident_id)
        with self.engine.connect() as conn:
            return self._load(conn, query)

    def table(self, flt: IncidentFilter | None = None) -> pd.DataFrame:
        """The filtered incidents as one flat row each, with `source` (the outlets, joined by "; ") and
        `source_count`: what figures, charts, the map's aggregate layer and the table need, in one query.
        Read from the driver directly: at 100,000 rows, per-row type conversion would cost seconds."""
        s, r = sources_table.c, reports_table.c
        outlets = (sa.select(s.incident_id, sa.func.count(sa.distinct(s.report_id)).label("source_count"),
                             sa.func.aggregate_strings(r.outlet, OUTLET_SEPARATOR).label("source"))
                   .join(reports_table, r.report_id == s.report_id).group_by(s.incident_id).subquery())
        columns = [sa.type_coerce(c, sa.String).label(c.name) if isinstance(c.type, sa.Date) else c
                   for c in incidents_table.c if c.name not in ("updated_at", "notes")]
        query = (sa.select(*columns, outlets.c.source, outlets.c.source_count)
                 .join(outlets, outlets.c.incident_id == incidents_table.c.incident_id, isouter=True)
                 .where(*(flt or IncidentFilter()).where())
                 .order_by(incidents_table.c.event_date, incidents_table.c.incident_id))
        with self.engine.connect() as conn:
            result = conn.execute(query)
            frame = pd.DataFrame.from_records(result.cursor.fetchall(), columns=list(result.keys()))
        for column in ("event_date", "date_start", "date_end"):
            frame[column] = pd.to_datetime(frame[column])
        counts = [c.name for c in incidents_table.c if isinstance(c.type, sa.Integer)]
        frame[counts] = frame[counts].astype(float)  # None is NaN: an unknown count, not zero
        return frame

    def incidents_by_id(self, incident_ids: list[str]) -> list[Incident]:
        """Incidents with their sources, in date order: the detail behind rows of `table`."""
        with self.engine.connect() as conn:
            found = []
            for chunk in (incident_ids[i:i + 500] for i in range(0, len(incident_ids), 500)):
                found += self._by_ids(conn, chunk)
        return sorted(found, key=lambda i: (i.event_date, i.incident_id))

    def add_incidents(self, report: Report, incidents: list[Incident], analyze: bool = True) -> int:
        """Store incidents that come whole, with no extraction or de-duplication (a dataset import, a
        benchmark): `report` is the file they came from, each incident's sources point at it. An incident
        whose dataset identifier (origin, external_id) is already stored is left out. One transaction;
        returns the number stored. analyze=False when more batches follow (refresh_statistics after the
        last one)."""
        with self._writing() as conn:
            if not self.has_report(conn, report):
                conn.execute(reports_table.insert(), _report_row(report))
            known = self._stored_external_ids(conn, incidents)
            incidents = [i for i in incidents if (i.origin, i.external_id) not in known]
            if incidents:
                conn.execute(incidents_table.insert(), [_row(i) for i in incidents])
                conn.execute(sources_table.insert(), [
                    dict(incident_id=i.incident_id, report_id=s.report_id, mention=s.mention,
                         unresolved_place=s.unresolved_place, data=s.model_dump(mode="json"))
                    for i in incidents for s in i.sources])
        if analyze and len(incidents) >= BULK_ROWS:
            self.refresh_statistics()
        return len(incidents)

    def refresh_statistics(self) -> None:
        """After a bulk load, let the query planner see the new data (it picks the date and space indexes)."""
        with self.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE" if conn.dialect.name == "postgresql" else "PRAGMA optimize")
            conn.commit()

    def _stored_external_ids(self, conn: Connection, incidents: list[Incident]) -> set[tuple[str, str]]:
        t = incidents_table.c
        wanted = [(i.origin, i.external_id) for i in incidents if i.external_id is not None]
        found: set[tuple[str, str]] = set()
        for origin in {o for o, _ in wanted}:
            ids = [e for o, e in wanted if o == origin]
            for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
                found |= {(origin, r[0]) for r in conn.execute(
                    sa.select(t.external_id).where(t.origin == origin, t.external_id.in_(chunk)))}
        return found

    def _by_ids(self, conn: Connection, incident_ids: list[str]) -> list[Incident]:
        return self._load(conn, sa.select(incidents_table).where(incidents_table.c.incident_id.in_(incident_ids)))

    def get(self, incident_id: str) -> Incident | None:
        with self.engine.connect() as conn:
            found = self._by_ids(conn, [incident_id])
        return found[0] if found else None

    def version(self) -> tuple:
        """Changes whenever stored data does (an ingest, a review action): a cache key for readers."""
        t = incidents_table.c
        with self.engine.connect() as conn:
            count, latest = conn.execute(sa.select(sa.func.count(), sa.func.max(t.updated_at))).one()
            sources = conn.execute(sa.select(sa.func.count()).select_from(sources_table)).scalar_one()
        return count, str(latest), sources

    def count(self) -> int:
        """Incidents stored (those merged into another, kept only for undo, are not counted)."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(incidents_table).where(
                incidents_table.c.status != "merged")).scalar_one()

    def unresolved_places(self) -> list[dict]:
        """Place names the gazetteer could not resolve, most frequent first, for an analyst to fix."""
        s, i = sources_table.c, incidents_table.c
        query = (sa.select(s.unresolved_place, sa.func.count(sa.distinct(s.incident_id)).label("incidents"),
                           sa.func.min(i.location).label("located_at"),
                           sa.func.min(s.incident_id).label("example_incident"))
                 .join(incidents_table, i.incident_id == s.incident_id)
                 .where(s.unresolved_place.is_not(None))
                 .group_by(s.unresolved_place).order_by(sa.desc("incidents"), s.unresolved_place))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

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
        index) and a point within reach, or the same place, or a district or governorate it lies in. A
        superset of what dedup.same_attack accepts, found through the indexes, so its cost follows the
        incidents near the attack, not the size of the store. Imported datasets (ACLED, UCDP) are not
        merged into: they stay whole, as published, beside what reports say."""
        t = incidents_table.c
        slack = timedelta(days=DATE_SLACK_DAYS)
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
            clauses.append(sa.or_(near, *same_area))
        return self._load(conn, sa.select(incidents_table).where(*clauses))

    def ingest_report(self, report: Report) -> tuple[int, int, set[str]] | None:
        """Store one report in one transaction: (new, merged, names the gazetteer lacks that no analyst has
        placed), or None if it was already stored."""
        with self._writing() as conn:
            if self.has_report(conn, report):
                return None
            extraction = extract(report)
            unresolved = [i for i, incident in enumerate(extraction.incidents) if incident.sources[0].unresolved_place]
            fixes = self._place_fixes(conn) if unresolved else {}
            for i in unresolved:  # names an analyst has placed before
                source = extraction.incidents[i].sources[0]
                fix = fixes.get(name_key(source.unresolved_place))
                if fix is not None:
                    extraction.incidents[i] = consolidate(extraction.incidents[i].incident_id, [_placed(source, fix)])
            conn.execute(reports_table.insert(), _report_row(report))
            new = merged = 0
            taken: set[str] = set()  # one stored incident takes at most one mention of this report
            for extracted in extraction.incidents:
                source = extracted.sources[0]
                matches = [i for i in self._nearby(conn, source)
                           if i.incident_id not in taken and same_attack(i, source)]
                if matches:
                    target = max(matches, key=lambda i: match_score(i, source))
                    updated = consolidate(target.incident_id, [*target.sources, source], status=target.status)
                    self._replace(conn, updated)
                    taken.add(target.incident_id)
                    merged += 1
                else:
                    conn.execute(incidents_table.insert(), _row(extracted))
                    taken.add(extracted.incident_id)
                    new += 1
                conn.execute(sources_table.insert(), dict(
                    incident_id=target.incident_id if matches else extracted.incident_id,
                    report_id=report.report_id, mention=source.mention, unresolved_place=source.unresolved_place,
                    data=source.model_dump(mode="json")))
        return new, merged, {i.sources[0].unresolved_place for i in extraction.incidents
                             if i.sources[0].unresolved_place}

    # -- analyst review ------------------------------------------------------------------------
    @contextmanager
    def _audited(self, action: str, incident_ids: list[str] | Callable[[Connection], list[str]],
                 name_keys: list[str] = (), analyst: str | None = None) -> Iterator[tuple[Connection, dict]]:
        """A write transaction that records an analyst action in the audit trail: the rows of
        `incident_ids` (and of incidents the action adds to `note["created"]`) before and after, and
        `note["summary"]`. Ids found by a query are given as a function of the connection, so they are
        read under the write lock, where no ingest can add one unrecorded; `note["incident_ids"]` has them."""
        with self._writing() as conn:
            if callable(incident_ids):
                incident_ids = incident_ids(conn)
            before = audit.snapshot(conn, incident_ids, name_keys)
            note: dict = {"summary": action, "created": [], "incident_ids": incident_ids}
            yield conn, note
            touched = [*incident_ids, *note["created"]]
            audit.record(conn, action, note["summary"], touched, before, audit.snapshot(conn, touched, name_keys),
                         analyst)

    def undo(self, edit_id: int, analyst: str | None = None) -> int:
        """Undo an analyst action from the audit trail; returns the id of the edit recording the undo."""
        with self._writing() as conn:
            return audit.undo(conn, edit_id, analyst)

    def history(self, limit: int = 50, incident_id: str | None = None) -> list[audit.Edit]:
        with self.engine.connect() as conn:
            return audit.history(conn, limit, incident_id)

    def set_status(self, incident_ids: list[str], status: str, analyst: str | None = None) -> int:
        """Accept (reviewed) or reject incidents; a rejected incident stays stored, off the default map."""
        if status not in ("extracted", "reviewed", "rejected"):
            raise ValueError(f"unknown status {status!r}")
        with self._audited("status", incident_ids, analyst=analyst) as (conn, note):
            changed = conn.execute(incidents_table.update().where(incidents_table.c.incident_id.in_(incident_ids))
                                   .values(status=status, updated_at=datetime.now(timezone.utc))).rowcount
            note["summary"] = f"marked {changed} incident(s) {status}"
        return changed

    def outlets(self) -> list[str]:
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(sa.select(reports_table.c.outlet).distinct()
                                               .where(reports_table.c.outlet != "").order_by(reports_table.c.outlet))]

    def fix_place(self, name: str, place: Place, analyst: str | None = None) -> int:
        """An analyst resolves a name the gazetteer lacks: every source with that name moves to `place`,
        their incidents are recomputed, and later reports with the name land there too. Returns the
        number of incidents moved."""
        key = name_key(name) or name.lower()

        def named(conn: Connection) -> list[str]:
            return [r[0] for r in conn.execute(sa.select(sources_table.c.incident_id).distinct()
                                               .where(sources_table.c.unresolved_place == name))]

        with self._audited("place", named, [key], analyst) as (conn, note):
            note["summary"] = f"placed '{name}' at {place.name} ({place.latitude:.4f}, {place.longitude:.4f})"
            conn.execute(place_fixes_table.delete().where(place_fixes_table.c.name_key == key))
            conn.execute(place_fixes_table.insert(), dict(name_key=key, name=name, place=place.as_dict(),
                                                          fixed_at=datetime.now(timezone.utc)))
            for incident in self._by_ids(conn, note["incident_ids"]):
                sources = [_placed(s, place) if s.unresolved_place == name else s for s in incident.sources]
                for source in sources:
                    conn.execute(sources_table.update().where(sources_table.c.report_id == source.report_id,
                                                              sources_table.c.mention == source.mention)
                                 .values(unresolved_place=source.unresolved_place, data=source.model_dump(mode="json")))
                self._replace(conn, consolidate(incident.incident_id, sources, status=incident.status))
        return len(note["incident_ids"])

    def _place_fixes(self, conn: Connection) -> dict[str, Place]:
        return {r.name_key: _place_from_dict(r.place) for r in conn.execute(sa.select(place_fixes_table))}

    def _replace(self, conn: Connection, incident: Incident) -> None:
        """Rewrite a stored incident's fields; where it came from (origin, external_id) never changes."""
        row = {k: v for k, v in _row(incident).items() if k not in ("origin", "external_id")}
        conn.execute(_UPDATE_INCIDENT, {**row, "target_id": incident.incident_id})

    def split(self, incident_id: str, report_id: str, mention: int, analyst: str | None = None) -> Incident:
        """One source of an incident becomes an incident of its own (a merge that should not have been).
        Returns it."""
        with self._audited("split", [incident_id], analyst=analyst) as (conn, note):
            [incident] = self._by_ids(conn, [incident_id])
            moving = [s for s in incident.sources if (s.report_id, s.mention) == (report_id, mention)]
            staying = [s for s in incident.sources if (s.report_id, s.mention) != (report_id, mention)]
            if not moving or not staying:
                raise ValueError(f"{incident_id} has no other source than {report_id}/{mention} to split from")
            new = consolidate(f"{report_id}-{mention}", moving, status="reviewed")
            if conn.execute(sa.select(incidents_table.c.incident_id).where(
                    incidents_table.c.incident_id == new.incident_id)).first():
                new = consolidate(f"{report_id}-{mention}-split-{len(incident.sources)}", moving, status="reviewed")
            conn.execute(incidents_table.insert(), _row(new))
            conn.execute(sources_table.update().where(sources_table.c.report_id == report_id,
                                                      sources_table.c.mention == mention)
                         .values(incident_id=new.incident_id))
            self._replace(conn, consolidate(incident_id, staying, status="reviewed"))
            note.update(summary=f"split {report_id}/{mention} off {incident_id} as {new.incident_id}",
                        created=[new.incident_id])
        return new

    def correct(self, incident_id: str, *, place: Place | None = None, date_start: date | None = None,
                date_end: date | None = None, killed: Casualties | None = None, wounded: Casualties | None = None,
                reason: str = "", analyst: str | None = None) -> Incident:
        """An analyst corrects place, dates or casualties. The correction is kept as a source of its own
        (report "analyst"), so it is shown and exported with the reports, survives later merges, and is
        undone from the audit trail (or by splitting it off)."""
        with self._audited("correct", [incident_id], analyst=analyst) as (conn, note):
            [incident] = self._by_ids(conn, [incident_id])
            changes: dict = {}
            if place is not None:
                changes.update(_placed(incident.sources[0], place).model_dump(include={
                    "place_id", "location", "latitude", "longitude", "geo_precision", "admin1", "admin2", "sector",
                    "radius_km"}), place=place.name)
            start, end = date_start or incident.date_start, date_end or date_start or incident.date_end
            if date_start or date_end:
                changes.update(date_start=start, date_end=end, event_date=start + (end - start) // 2,
                               date_precision="day" if start == end else "range")
            if killed is not None:
                changes["killed"] = killed
            if wounded is not None:
                changes["wounded"] = wounded
            if not changes:
                raise ValueError("nothing to correct")
            self._ensure_analyst_report(conn)
            mention = (conn.execute(sa.select(sa.func.max(sources_table.c.mention)).where(
                sources_table.c.report_id == ANALYST_REPORT_ID)).scalar() or 0) + 1
            described = ", ".join(f"{k} {getattr(incident, k)} -> {v}" for k, v in changes.items()
                                  if k in ("location", "date_start", "date_end", "killed", "wounded"))
            correction = SourceRef(**{
                **incident.model_dump(include=set(SourceRef.model_fields) & set(Incident.model_fields)),
                "report_id": ANALYST_REPORT_ID, "outlet": "Analyst correction", "published": date.today(),
                "mention": mention, "sentence": f"Corrected by an analyst: {described}. {reason}".strip(),
                "place": incident.place, **changes})
            conn.execute(sources_table.insert(), dict(incident_id=incident_id, report_id=ANALYST_REPORT_ID,
                                                      mention=mention, data=correction.model_dump(mode="json")))
            updated = consolidate(incident_id, [*incident.sources, correction], status="reviewed")
            self._replace(conn, updated)
            note["summary"] = f"corrected {incident_id}: {described}"
        return updated

    def _ensure_analyst_report(self, conn: Connection) -> None:
        if conn.execute(sa.select(reports_table.c.report_id).where(
                reports_table.c.report_id == ANALYST_REPORT_ID)).first() is None:
            conn.execute(reports_table.insert(), dict(
                report_id=ANALYST_REPORT_ID, url=None, title="Analyst corrections", outlet="Analyst correction",
                published=date.today(), path="", text="Corrections made by analysts in review.",
                ingested_at=datetime.now(timezone.utc)))

    def merge(self, incident_ids: list[str], analyst: str | None = None) -> Incident:
        """The analyst says these are one attack: the first keeps every source; figures are not added up.
        The others stay stored, marked "merged" (never counted), so the merge can be undone."""
        if len(set(incident_ids)) < 2:
            raise ValueError("merging needs two incidents or more")
        target_id, others = incident_ids[0], incident_ids[1:]
        with self._audited("merge", incident_ids, analyst=analyst) as (conn, note):
            found = self._by_ids(conn, incident_ids)
            if len(found) != len(set(incident_ids)):
                missing = set(incident_ids) - {i.incident_id for i in found}
                raise ValueError(f"no such incident: {', '.join(sorted(missing))}")
            sources = [s for i in found for s in i.sources]
            conn.execute(sources_table.update().where(sources_table.c.incident_id.in_(others))
                         .values(incident_id=target_id))
            conn.execute(incidents_table.update().where(incidents_table.c.incident_id.in_(others))
                         .values(status="merged", updated_at=datetime.now(timezone.utc)))
            merged = consolidate(target_id, sources, status="reviewed")
            self._replace(conn, merged)
            note["summary"] = f"merged {', '.join(others)} into {target_id}"
        return merged

    def ingest(self, items: Iterable[Report | ReportError], progress: bool = False) -> IngestSummary:
        """Ingest a batch; a refused or failing report is recorded and the rest still lands."""
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
                result = self.ingest_report(item)
            except Exception as exc:  # one bad report must not sink the batch
                summary.refused.append(ReportError(item.path or item.title, f"could not be stored: {exc}"))
                continue
            if result is None:
                summary.reports_already_stored += 1
                continue
            summary.incidents_new += result[0]
            summary.incidents_merged += result[1]
            summary.unresolved_places |= result[2]
            summary.notices += [f"{item.path or item.title}: {notice}" for notice in item.notices]
        return summary


def _report_row(report: Report) -> dict:
    return dict(report_id=report.report_id, url=report.url or None, title=report.title, outlet=report.outlet,
                published=report.published, path=report.path, text=report.text,
                ingested_at=datetime.now(timezone.utc))


def _placed(source: SourceRef, place: Place) -> SourceRef:
    """The source located at `place`, as an analyst decided."""
    return source.model_copy(update=dict(
        unresolved_place=None, place_id=place.place_id, location=place.name, latitude=place.latitude,
        longitude=place.longitude, geo_precision=place.geo_precision.value, admin1=place.admin1,
        admin2=place.admin2, sector=place.sector, radius_km=place.radius_km,
        notes=(source.notes + f" Place '{source.place}' located by an analyst at {place.name}.").strip()))


def _place_from_dict(data: dict) -> Place:
    return Place(**{**{k: v for k, v in data.items() if k in Place.__dataclass_fields__},
                    "geo_precision": GeoPrecision(data["geo_precision"])})


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # With WAL, NORMAL keeps the database consistent on a crash; a power cut may lose the last commits.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
