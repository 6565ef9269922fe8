"""Incidents gain a confidence (0-1, from the cues that produced them) and a review reason (why an analyst
should look before trusting it: a figure beyond the guardrail, an inferred date...), so the review list can
put the doubtful ones first.

Revision ID: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(sa.Column("confidence", sa.Float))
        batch.add_column(sa.Column("review_reason", sa.Text, nullable=False, server_default=""))
    op.create_index("ix_incidents_confidence", "incidents", ["confidence"])
