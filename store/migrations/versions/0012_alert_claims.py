"""Alerts sent once per incident and never lost: a claim per (alert rule, incident), taken before the webhook
is posted (two watchers cannot both take it), kept with its attempts and last error until the post succeeds,
so an alert that met a webhook error or a killed watcher is posted again with backoff (watch/delivery.py).

Revision ID: 0012
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "alert_claims" in sa.inspect(op.get_bind()).get_table_names():
        return  # a store set back to an older revision to run a data migration again (tests/test_store.py)
    op.create_table(
        "alert_claims",
        sa.Column("rule", sa.String(200), primary_key=True),
        sa.Column("incident_id", sa.String(64), primary_key=True),
        sa.Column("feed", sa.String(200), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_try_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.Column("last_error", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_alert_claims_next_try_at", "alert_claims", ["next_try_at"])

