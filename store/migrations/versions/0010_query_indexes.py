"""Indexes for the figures the database computes (store.figures, issue 24): the latest page of a filter, listed
newest first (the Incidents table, the list beside the map), is read in index order and stopped at the page's
end rather than sorted whole; and the reports telling each incident (the headline's killed told by one report only)
are counted from an index alone. Dates, sectors, governorates and the map's box had their indexes already (0001:
event_date, sector, admin1, latitude and longitude; 0002: the PostGIS point's GiST index); tests/test_query_plans
checks that the figures use them. Review status and victim groups have none: the statuses shown by default are
nearly every row, and each victim group is in a large share of attacks, so a scan reads less than an index would
(an index on status made SQLite's planner pick it over the dates and the box).

Revision ID: 0010
"""
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_incidents_event_date_id", "incidents", ["event_date", "incident_id"])
    op.create_index("ix_sources_incident_report", "sources", ["incident_id", "report_id"])
    op.drop_index("ix_sources_incident_id", "sources")  # the new one serves its lookups

