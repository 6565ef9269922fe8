"""A sector's attacks in a date window read from one index: (sector, event_date) in place of the index on sector
alone, which it serves as well (same leading column). A sector chosen (on the map or in the sidebar) read its
window's every attack through the date index and kept the sector's: at a million incidents, 50,000 rows for a half
year's 7,700 in Kirkuk–Dibis–Prde, each of the headline, the new-since list and the victim group's headline
0.15-0.2 s on SQLite, 0.03-0.05 s with this index.

Revision ID: 0015
"""
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_incidents_sector_date", "incidents", ["sector", "event_date"])
    op.drop_index("ix_incidents_sector", "incidents")
