"""Each incident keeps how it was told (store.told): how many reports tell it and when the first of them was
ingested, filled here from the sources for the incidents already stored. The headline's "killed in attacks told by
one report only" and "new since your last visit" read them from the row; first_told_at is indexed, so that what is
new since a recent visit is found without a pass over the filter's rows.

Revision ID: 0014
"""
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("incidents", sa.Column("report_count", sa.Integer, nullable=False, server_default="0"))
    op.add_column("incidents", sa.Column("first_told_at", sa.DateTime(timezone=True)))
    told = """SELECT s.incident_id, count(DISTINCT s.report_id) AS report_count, min(r.ingested_at) AS first_told_at
              FROM sources s JOIN reports r ON r.report_id = s.report_id GROUP BY s.incident_id"""
    op.execute(f"""UPDATE incidents SET report_count = told.report_count, first_told_at = told.first_told_at
                   FROM ({told}) AS told WHERE told.incident_id = incidents.incident_id""")  # SQLite 3.33 on
    op.create_index("ix_incidents_first_told_at", "incidents", ["first_told_at"])
