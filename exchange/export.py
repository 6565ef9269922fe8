"""Incidents out: a flat table with ACLED-style column names, CSV and GeoJSON, written a batch at a time so
that an export of a million incidents holds one batch in memory (exchange.exports streams them from the store).

CSV cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage
return) are prefixed with a single quote (OWASP CSV injection guidance).
"""
from __future__ import annotations

import io
import json
from typing import Iterable, TextIO

import pandas as pd

from incidents.confidence import awaiting_review
from incidents.model import VICTIM_GROUPS, Incident

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SOURCE_SEPARATOR = " || "
COUNT_PREFIXES = ("killed_", "wounded_", "fatalities", "source_count")  # whole numbers in a CSV


def incident_record(incident: Incident) -> dict:
    """One flat row: every field, every victim group, and every source joined in order."""
    record = {
        "incident_id": incident.incident_id, "event_date": incident.event_date.isoformat(),
        "date_precision": incident.date_precision, "date_start": incident.date_start.isoformat(),
        "date_end": incident.date_end.isoformat(), "attack_type": incident.attack_type,
        "perpetrator": incident.perpetrator, "place": incident.place, "location": incident.location,
        "admin1": incident.admin1, "admin2": incident.admin2, "sector": incident.sector,
        "latitude": incident.latitude, "longitude": incident.longitude, "geo_precision": incident.geo_precision,
    }
    for kind in ("killed", "wounded"):
        counts = getattr(incident, kind)
        for group in VICTIM_GROUPS:
            record[f"{kind}_{group}"] = getattr(counts, group)
        record[f"{kind}_total"] = counts.total
    record.update({
        "fatalities": incident.fatalities_best, "fatalities_low": incident.fatalities_low,
        "fatalities_best": incident.fatalities_best, "fatalities_high": incident.fatalities_high,
        "source": "; ".join(dict.fromkeys(s.outlet or s.title for s in incident.sources if s.outlet or s.title)),
        "source_count": len(incident.sources),
        "source_urls": SOURCE_SEPARATOR.join(s.url for s in incident.sources),
        "source_titles": SOURCE_SEPARATOR.join(s.title for s in incident.sources),
        "source_dates": SOURCE_SEPARATOR.join(s.published.isoformat() for s in incident.sources),
        "source_sentences": SOURCE_SEPARATOR.join(s.sentence for s in incident.sources),
        "notes": incident.notes, "status": incident.status, "awaiting_review": awaiting_review(incident),
    })
    return record


def incidents_frame(incidents: Iterable[Incident]) -> pd.DataFrame:
    records = [incident_record(i) for i in incidents]
    if not records:
        return pd.DataFrame(columns=list(incident_record(_EMPTY).keys()))
    return pd.DataFrame.from_records(records)


def neutralise_formula(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv_frame(incidents: Iterable[Incident]) -> pd.DataFrame:
    frame = incidents_frame(incidents)
    counts = [c for c in frame.columns if c.startswith(COUNT_PREFIXES)]
    frame[counts] = frame[counts].astype("Int64")  # 7, not 7.0 where another row's count is unknown (empty)
    text_columns = frame.select_dtypes(include=["object", "string"]).columns
    frame[text_columns] = frame[text_columns].map(neutralise_formula)
    return frame


def write_csv(batches: Iterable[Iterable[Incident]], out: TextIO) -> int:
    """Our CSV, written a batch at a time (IncidentStore.incident_batches): the same text whatever the batches'
    size, memory bounded by one batch. Returns the number of incidents written."""
    written = 0
    for batch in batches:
        frame = _csv_frame(batch)
        if len(frame):
            frame.to_csv(out, index=False, header=not written)
            written += len(frame)
    if not written:
        _csv_frame([]).to_csv(out, index=False)
    return written


def to_csv(incidents: Iterable[Incident]) -> str:
    buffer = io.StringIO()
    write_csv([incidents], buffer)
    return buffer.getvalue()


def _feature(incident: Incident) -> dict:
    properties = incident_record(incident)
    properties["sources"] = [s.model_dump(mode="json", include={
        "report_id", "mention", "url", "title", "outlet", "published", "sentence", "place", "event_date"})
        | {"killed": s.killed.total, "wounded": s.wounded.total} for s in incident.sources]
    geometry = ({"type": "Point", "coordinates": [incident.longitude, incident.latitude]}
                if incident.geolocated else None)
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def write_geojson(batches: Iterable[Iterable[Incident]], out: TextIO) -> int:
    """A FeatureCollection, written a feature at a time (the text json.dumps gives the whole collection);
    incidents without coordinates keep a null geometry (RFC 7946 allows it). Returns the number written."""
    out.write('{"type": "FeatureCollection", "features": [')
    written = 0
    for batch in batches:
        for incident in batch:
            out.write((", " if written else "") + json.dumps(_feature(incident), ensure_ascii=False))
            written += 1
    out.write("]}")
    return written


def to_geojson(incidents: Iterable[Incident]) -> str:
    buffer = io.StringIO()
    write_geojson([incidents], buffer)
    return buffer.getvalue()


_EMPTY = Incident.model_validate({
    "incident_id": "", "event_date": "2000-01-01", "date_precision": "day", "date_start": "2000-01-01",
    "date_end": "2000-01-01", "place": ""})
