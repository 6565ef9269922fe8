"""An incident known only to its governorate lies in no district or sector: its point is the governorate's
middle, and the district and sector found there (Hawija's, for an attack "in Kirkuk province") were counted as
if the attack were in them. The model now leaves them empty (incidents.model.AttackFields); stored rows follow.

Revision ID: 0008
"""
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE incidents SET sector = NULL, admin2 = NULL WHERE geo_precision = 'governorate'")
