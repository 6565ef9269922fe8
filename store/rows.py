"""Incidents and reports as table rows and back, shared by the store's writes (store.database) and the
analysts' review actions (store.review)."""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geo.places import GeoPrecision, Place
from incidents.model import STORED, VICTIM_GROUPS, Incident, Report, SourceRef
from store.schema import incidents_table
from store.told import TOLD_COLUMNS

# One compiled statement for every rewrite (statements built per call cost more than the SQL).
_UPDATE_INCIDENT = incidents_table.update().where(incidents_table.c.incident_id == sa.bindparam("target_id"))


_NOT_COLUMNS = {"killed", "wounded", "sources"}


def incident_row(incident: Incident) -> dict:
    """The incident's table row. Its fields read directly (what model_dump returns for these flat fields, at a
    tenth of its cost: a million-row import writes a million of these)."""
    row = {name: value for name, value in incident.__dict__.items() if name not in _NOT_COLUMNS}
    row["killed_total"], row["wounded_total"] = incident.killed_total, incident.wounded_total
    for g in VICTIM_GROUPS:
        row[f"killed_{g}"] = getattr(incident.killed, g)
        row[f"wounded_{g}"] = getattr(incident.wounded, g)
    row["updated_at"] = datetime.now(timezone.utc)
    return row


def incident_from_row(row, sources: list[SourceRef]) -> Incident:
    data = dict(row._mapping)
    killed = {g: data.pop(f"killed_{g}") for g in VICTIM_GROUPS}
    wounded = {g: data.pop(f"wounded_{g}") for g in VICTIM_GROUPS}
    for computed in ("killed_total", "wounded_total", "updated_at", *TOLD_COLUMNS):
        data.pop(computed)
    # STORED: read what is stored even where a later check would refuse it (a page never breaks on a row).
    return Incident.model_validate({**data, "killed": killed, "wounded": wounded, "sources": sources},
                                   context=STORED)


def report_row(report: Report) -> dict:
    return dict(report_id=report.report_id, url=report.url or None, title=report.title, outlet=report.outlet,
                published=report.published, path=report.path, text=report.text,
                ingested_at=datetime.now(timezone.utc))


def source_row(incident_id: str, source: SourceRef) -> dict:
    """The sources table's row of what one report says of one incident."""
    return dict(incident_id=incident_id, report_id=source.report_id, mention=source.mention,
                unresolved_place=source.unresolved_place, data=source.model_dump(mode="json"))


def replace_incident(conn: Connection, incident: Incident) -> None:
    """Rewrite a stored incident's fields; where it came from (origin, external_id) never changes."""
    row = {k: v for k, v in incident_row(incident).items() if k not in ("origin", "external_id")}
    conn.execute(_UPDATE_INCIDENT, {**row, "target_id": incident.incident_id})


def placed(source: SourceRef, place: Place) -> SourceRef:
    """The source located at `place`, as an analyst decided."""
    return source.model_copy(update=dict(
        unresolved_place=None, place_id=place.place_id, location=place.name, latitude=place.latitude,
        longitude=place.longitude, geo_precision=place.geo_precision.value, admin1=place.admin1,
        admin2=place.admin2, sector=place.sector, radius_km=place.radius_km,
        notes=(source.notes + f" Place '{source.place}' located by an analyst at {place.name}.").strip()))


def place_from_dict(data: dict) -> Place:
    return Place(**{**{k: v for k, v in data.items() if k in Place.__dataclass_fields__},
                    "geo_precision": GeoPrecision(data["geo_precision"])})
