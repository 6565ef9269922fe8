"""Attack incidents: model, extraction from reports, de-duplication, storage, import/export.

Public API:
    Incident, SourceRef, Report          -> the typed schema (incidents.model)
    read_reports, build_report           -> reports in (incidents.reports)
    extract(report).incidents            -> incidents found in one report (incidents.extract)
    IncidentStore(url).ingest(reports)   -> stored, de-duplicated incidents (incidents.store)
    IncidentFilter                       -> what an analyst asks for, and its URL form (incidents.query)
    to_csv, to_geojson                   -> export (incidents.export); the map is drawn by ui.mapping
"""
from incidents.model import Casualties, Incident, Report, SourceRef, VICTIM_GROUPS  # noqa: F401
