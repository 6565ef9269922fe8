"""Watching news feeds: each feed's state after its last poll, every article a feed pointed at (fetched or
not, kept or skipped and why), and when each analyst last looked (what is new since).

Revision ID: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    counts = [sa.Column(name, sa.Integer, nullable=False, server_default="0")
              for name in ("entries", "new_articles", "kept", "skipped", "errors", "incidents_new")]
    op.create_table(
        "watch_feeds",
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("url_hash", sa.String(16), nullable=False),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("last_poll_at", sa.DateTime(timezone=True)),
        sa.Column("last_success_at", sa.DateTime(timezone=True)),
        sa.Column("next_poll_at", sa.DateTime(timezone=True)),
        sa.Column("last_status", sa.Integer),
        sa.Column("last_error", sa.Text, nullable=False, server_default=""),
        *counts,
    )
    op.create_table(
        "watch_articles",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("feed", sa.String(200), nullable=False),
        sa.Column("title", sa.Text, nullable=False, server_default=""),
        sa.Column("entry_updated", sa.Text),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="1"),
        sa.Column("status", sa.Integer),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("report_id", sa.String(32)),
        sa.Column("incidents_new", sa.Integer, nullable=False, server_default="0"),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
    )
    op.create_index("ix_watch_articles_feed", "watch_articles", ["feed"])
    op.create_index("ix_watch_articles_fetched_at", "watch_articles", ["fetched_at"])
    op.create_index("ix_watch_articles_outcome", "watch_articles", ["outcome"])
    op.create_table(
        "analyst_visits",
        sa.Column("analyst", sa.String(200), primary_key=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )
