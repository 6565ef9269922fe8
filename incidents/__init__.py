"""Attack incidents: model, extraction from reports, de-duplication, storage, import/export.

Public API:
    Incident, SourceRef, Report                      -> the typed schema (incidents.model)
    read_report / read_reports                       -> reports in (incidents.reports)
    extract_incidents(report)                        -> incidents found in one report
    IncidentStore(url).ingest(reports)               -> stored, de-duplicated incidents
    IncidentFilter, to_csv, to_geojson               -> query and export
"""
from incidents.model import Casualties, Incident, Report, SourceRef, VICTIM_GROUPS  # noqa: F401
