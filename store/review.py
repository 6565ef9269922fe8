"""What analysts do to stored incidents: accept or reject, merge, split, correct, and place a name the
gazetteer lacks. Each action is taken `by` a Person whose role must allow it (store.access; none given: the
process's own user), is one write transaction recorded in the audit trail (who, when, the rows before and
after) and can be undone. A part of IncidentStore (store.database), kept apart from its reads and its
ingest: these change with review work, those with storage."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, timezone
from typing import Callable, Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geo.normalize import name_key
from geo.places import Place
from store import audit, told
from store.access import Person, local_person
from incidents.dedup import ANALYST_REPORT_ID, consolidate
from incidents.model import Casualties, Incident, SourceRef
from store.rows import incident_row, placed, replace_incident
from store.schema import incidents_table, place_fixes_table, reports_table, sources_table


class ReviewActions:
    """The analysts' actions of IncidentStore, which provides the engine, its write lock and its loader."""

    engine: sa.Engine
    _writing: Callable[[], Iterator[Connection]]
    _by_ids: Callable[[Connection, list[str]], list[Incident]]

    @contextmanager
    def _audited(self, action: str, incident_ids: list[str] | Callable[[Connection], list[str]],
                 name_keys: list[str] = (), by: Person | None = None) -> Iterator[tuple[Connection, dict]]:
        """A write transaction that records an analyst action in the audit trail, refused before it starts
        when `by`'s role does not allow reviewing (placing a name, for "place"): the rows of
        `incident_ids` (and of incidents the action adds to `note["created"]`) before and after, and
        `note["summary"]`. Ids found by a query are given as a function of the connection, so they are
        read under the write lock, where no ingest can add one unrecorded; `note["incident_ids"]` has them."""
        by = by or local_person()
        by.require("place" if action == "place" else "review")
        with self._writing() as conn:
            if callable(incident_ids):
                incident_ids = incident_ids(conn)
            before = audit.snapshot(conn, incident_ids, name_keys)
            note: dict = {"summary": action, "created": [], "incident_ids": incident_ids}
            yield conn, note
            touched = [*incident_ids, *note["created"]]
            told.refresh(conn, touched)  # whatever moved their sources
            audit.record(conn, action, note["summary"], touched, before, audit.snapshot(conn, touched, name_keys),
                         by.name)

    @contextmanager
    def recorded(self, action: str, summary: str, by: Person | None, needs: str) -> Iterator[None]:
        """Something done outside the store (a change to the watched feeds), refused unless `by` may `needs`, and
        recorded in the audit trail (who, when, `summary`) when it succeeds: the record is written first, in a
        transaction that commits after the change and rolls back if it fails."""
        by = by or local_person()
        by.require(needs)
        with self.engine.begin() as conn:
            audit.record_event(conn, action, summary, by)
            yield

    def undo(self, edit_id: int, by: Person | None = None) -> int:
        """Undo an analyst action from the audit trail (their own, or anyone's for an admin); returns the id of
        the edit recording the undo."""
        with self._writing() as conn:
            return audit.undo(conn, edit_id, by)

    def history(self, limit: int = 50, incident_id: str | None = None,
                actions: tuple[str, ...] | None = audit.REVIEW) -> list[audit.Edit]:
        with self.engine.connect() as conn:
            return audit.history(conn, limit, incident_id, actions)

    def set_status(self, incident_ids: list[str], status: str, by: Person | None = None) -> int:
        """Accept (reviewed) or reject incidents; a rejected incident stays stored, off the default map."""
        with self._audited("status", incident_ids, by=by) as (conn, note):
            if status not in ("extracted", "reviewed", "rejected"):
                raise ValueError(f"unknown status {status!r}")
            changed = conn.execute(incidents_table.update().where(incidents_table.c.incident_id.in_(incident_ids))
                                   .values(status=status, updated_at=datetime.now(timezone.utc))).rowcount
            note["summary"] = f"marked {changed} incident(s) {status}"
        return changed

    def fix_place(self, name: str, place: Place, by: Person | None = None) -> int:
        """An analyst resolves a name the gazetteer lacks: every source with that name moves to `place`,
        their incidents are recomputed, and later reports with the name land there too. Returns the
        number of incidents moved."""
        key = name_key(name) or name.lower()

        def named(conn: Connection) -> list[str]:
            return [r[0] for r in conn.execute(sa.select(sources_table.c.incident_id).distinct()
                                               .where(sources_table.c.unresolved_place == name))]

        with self._audited("place", named, [key], by) as (conn, note):
            note["summary"] = f"placed '{name}' at {place.name} ({place.latitude:.4f}, {place.longitude:.4f})"
            conn.execute(place_fixes_table.delete().where(place_fixes_table.c.name_key == key))
            conn.execute(place_fixes_table.insert(), dict(name_key=key, name=name, place=place.as_dict(),
                                                          fixed_at=datetime.now(timezone.utc)))
            for incident in self._by_ids(conn, note["incident_ids"]):
                sources = [placed(s, place) if s.unresolved_place == name else s for s in incident.sources]
                for source in sources:
                    conn.execute(sources_table.update().where(sources_table.c.report_id == source.report_id,
                                                              sources_table.c.mention == source.mention)
                                 .values(unresolved_place=source.unresolved_place, data=source.model_dump(mode="json")))
                replace_incident(conn, consolidate(incident.incident_id, sources, status=incident.status))
        return len(note["incident_ids"])

    def split(self, incident_id: str, report_id: str, mention: int, by: Person | None = None) -> Incident:
        """One source of an incident becomes an incident of its own (a merge that should not have been).
        Returns it."""
        with self._audited("split", [incident_id], by=by) as (conn, note):
            [incident] = self._by_ids(conn, [incident_id])
            moving = [s for s in incident.sources if (s.report_id, s.mention) == (report_id, mention)]
            staying = [s for s in incident.sources if (s.report_id, s.mention) != (report_id, mention)]
            if not moving or not staying:
                raise ValueError(f"{incident_id} has no other source than {report_id}/{mention} to split from")
            new = consolidate(f"{report_id}-{mention}", moving, status="reviewed")
            if conn.execute(sa.select(incidents_table.c.incident_id).where(
                    incidents_table.c.incident_id == new.incident_id)).first():
                new = consolidate(f"{report_id}-{mention}-split-{len(incident.sources)}", moving, status="reviewed")
            conn.execute(incidents_table.insert(), incident_row(new))
            conn.execute(sources_table.update().where(sources_table.c.report_id == report_id,
                                                      sources_table.c.mention == mention)
                         .values(incident_id=new.incident_id))
            replace_incident(conn, consolidate(incident_id, staying, status="reviewed"))
            note.update(summary=f"split {report_id}/{mention} off {incident_id} as {new.incident_id}",
                        created=[new.incident_id])
        return new

    def correct(self, incident_id: str, *, place: Place | None = None, date_start: date | None = None,
                date_end: date | None = None, killed: Casualties | None = None, wounded: Casualties | None = None,
                reason: str = "", by: Person | None = None) -> Incident:
        """An analyst corrects place, dates or casualties. The correction is kept as a source of its own
        (report "analyst"), so it is shown and exported with the reports, survives later merges, and is
        undone from the audit trail (or by splitting it off)."""
        with self._audited("correct", [incident_id], by=by) as (conn, note):
            [incident] = self._by_ids(conn, [incident_id])
            changes: dict = {}
            if place is not None:
                changes.update(placed(incident.sources[0], place).model_dump(include={
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
            replace_incident(conn, updated)
            note["summary"] = f"corrected {incident_id}: {described}"
        return updated

    def _ensure_analyst_report(self, conn: Connection) -> None:
        if conn.execute(sa.select(reports_table.c.report_id).where(
                reports_table.c.report_id == ANALYST_REPORT_ID)).first() is None:
            conn.execute(reports_table.insert(), dict(
                report_id=ANALYST_REPORT_ID, url=None, title="Analyst corrections", outlet="Analyst correction",
                published=date.today(), path="", text="Corrections made by analysts in review.",
                ingested_at=datetime.now(timezone.utc)))

    def merge(self, incident_ids: list[str], by: Person | None = None) -> Incident:
        """The analyst says these are one attack: the first keeps every source; figures are not added up.
        The others stay stored, marked "merged" (never counted), so the merge can be undone."""
        target_id, others = (incident_ids or [None])[0], incident_ids[1:]
        with self._audited("merge", incident_ids, by=by) as (conn, note):
            if len(set(incident_ids)) < 2:
                raise ValueError("merging needs two incidents or more")
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
            replace_incident(conn, merged)
            note["summary"] = f"merged {', '.join(others)} into {target_id}"
        return merged
