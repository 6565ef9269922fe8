"""The database tables: reports, incidents (flat, ACLED-like columns, indexed on dates, coordinates,
sector and governorate) and sources (what each report says of each incident)."""
from __future__ import annotations

import sqlalchemy as sa

from incidents.model import VICTIM_GROUPS

metadata = sa.MetaData()
reports_table = sa.Table(
    "reports", metadata,
    sa.Column("report_id", sa.String(32), primary_key=True),
    sa.Column("url", sa.Text, index=True),
    sa.Column("title", sa.Text, nullable=False, default=""),
    sa.Column("outlet", sa.Text, nullable=False, default=""),
    sa.Column("published", sa.Date, nullable=False, index=True),
    sa.Column("path", sa.Text, nullable=False, default=""),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
)
incidents_table = sa.Table(
    "incidents", metadata,
    sa.Column("incident_id", sa.String(64), primary_key=True),
    sa.Column("event_date", sa.Date, nullable=False, index=True),
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
    sa.Column("sector", sa.Text, index=True),
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
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_incidents_lat_lon", "latitude", "longitude"),
)
sources_table = sa.Table(
    "sources", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("incident_id", sa.String(64), sa.ForeignKey("incidents.incident_id"), nullable=False, index=True),
    sa.Column("report_id", sa.String(32), sa.ForeignKey("reports.report_id"), nullable=False),
    sa.Column("mention", sa.Integer, nullable=False),
    sa.Column("unresolved_place", sa.Text, index=True),
    sa.Column("data", sa.JSON, nullable=False),
    sa.UniqueConstraint("report_id", "mention", name="uq_sources_report_mention"),
)

place_fixes_table = sa.Table(
    "place_fixes", metadata,
    sa.Column("name_key", sa.String(128), primary_key=True),  # geo.normalize.name_key of the name as written
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("place", sa.JSON, nullable=False),  # geo.places.Place.as_dict() of the analyst's choice
    sa.Column("fixed_at", sa.DateTime(timezone=True), nullable=False),
)
