"""The schema as the first releases created it: reports, incidents, sources, place fixes.

Revision ID: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

GROUPS = ("peshmerga", "iraqi_army", "police", "pmf", "civilians", "unknown")


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("report_id", sa.String(32), primary_key=True),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("outlet", sa.Text, nullable=False),
        sa.Column("published", sa.Date, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_reports_published", "reports", ["published"])
    op.create_index("ix_reports_url", "reports", ["url"])
    op.create_table(
        "incidents",
        sa.Column("incident_id", sa.String(64), primary_key=True),
        sa.Column("event_date", sa.Date, nullable=False),
        sa.Column("date_precision", sa.String(8), nullable=False),
        sa.Column("date_start", sa.Date, nullable=False),
        sa.Column("date_end", sa.Date, nullable=False),
        sa.Column("place", sa.Text, nullable=False),
        sa.Column("location", sa.Text),
        sa.Column("place_id", sa.String(64)),
        sa.Column("latitude", sa.Float),
        sa.Column("longitude", sa.Float),
        sa.Column("geo_precision", sa.String(16)),
        sa.Column("admin1", sa.Text),
        sa.Column("admin2", sa.Text),
        sa.Column("sector", sa.Text),
        sa.Column("attack_type", sa.String(32), nullable=False),
        sa.Column("perpetrator", sa.String(32), nullable=False),
        *[sa.Column(f"killed_{g}", sa.Integer) for g in GROUPS],
        *[sa.Column(f"wounded_{g}", sa.Integer) for g in GROUPS],
        sa.Column("killed_total", sa.Integer),
        sa.Column("wounded_total", sa.Integer),
        sa.Column("fatalities_low", sa.Integer),
        sa.Column("fatalities_best", sa.Integer),
        sa.Column("fatalities_high", sa.Integer),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    for column in ("event_date", "date_start", "date_end", "admin1", "sector"):
        op.create_index(f"ix_incidents_{column}", "incidents", [column])
    op.create_index("ix_incidents_lat_lon", "incidents", ["latitude", "longitude"])
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("incident_id", sa.String(64), sa.ForeignKey("incidents.incident_id"), nullable=False),
        sa.Column("report_id", sa.String(32), sa.ForeignKey("reports.report_id"), nullable=False),
        sa.Column("mention", sa.Integer, nullable=False),
        sa.Column("unresolved_place", sa.Text),
        sa.Column("data", sa.JSON, nullable=False),
        sa.UniqueConstraint("report_id", "mention", name="uq_sources_report_mention"),
    )
    op.create_index("ix_sources_incident_id", "sources", ["incident_id"])
    op.create_index("ix_sources_unresolved_place", "sources", ["unresolved_place"])
    op.create_table(
        "place_fixes",
        sa.Column("name_key", sa.String(128), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("place", sa.JSON, nullable=False),
        sa.Column("fixed_at", sa.DateTime(timezone=True), nullable=False),
    )
