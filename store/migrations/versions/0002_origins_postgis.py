"""Datasets beside reports (ACLED, UCDP: `origin` and their own `external_id`), one report per URL,
and on PostgreSQL a PostGIS point per incident with a spatial index.

Revision ID: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(sa.Column("origin", sa.String(16), nullable=False, server_default="reports"))
        batch.add_column(sa.Column("external_id", sa.Text))
    # external_id first: an index led by the few-valued origin would tempt the planner away from the dates.
    op.create_index("uq_incidents_external_id_origin", "incidents", ["external_id", "origin"], unique=True)
    op.drop_index("ix_reports_url", "reports")
    op.create_index("ix_reports_url", "reports", ["url"], unique=True)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        # Kept by the database itself from latitude and longitude: no code path can let it drift.
        op.execute("ALTER TABLE incidents ADD COLUMN geom geometry(Point, 4326) GENERATED ALWAYS AS "
                   "(ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)) STORED")
        op.execute("CREATE INDEX ix_incidents_geom ON incidents USING GIST (geom)")
