"""An incident's confidence is now a calibrated probability that the attack is real and its killed count right
(incidents.confidence, issue 23), where it was a product of fixed factors: stored incidents extracted from reports
are given the new value from their stored sources, as ingest gives it, so that the threshold for awaiting review
(COUNTED_FROM) reads every row on one scale. An incident an analyst corrected keeps its 1.0; imports keep none.
After the model is retrained (tools/train_confidence.py) stored values are as old as the model they came with.

Revision ID: 0009
"""
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

from incidents.dedup import consolidate
from incidents.model import STORED, SourceRef

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    incidents = sa.table("incidents", sa.column("incident_id"), sa.column("origin"), sa.column("confidence"),
                         sa.column("updated_at"))
    sources = sa.table("sources", sa.column("incident_id"), sa.column("data", sa.JSON))
    told: dict[str, list[SourceRef]] = {}
    stored: dict[str, float | None] = {}
    query = sa.select(sources.c.incident_id, sources.c.data, incidents.c.confidence).join(
        incidents, incidents.c.incident_id == sources.c.incident_id).where(incidents.c.origin == "reports")
    for incident_id, data, confidence in conn.execute(query):
        told.setdefault(incident_id, []).append(data)
        stored[incident_id] = confidence
    now = datetime.now(timezone.utc)
    for incident_id, rows in told.items():
        try:  # consolidated as ingest does (an analyst's correction: 1.0)
            refs = [SourceRef.model_validate(data, context=STORED) for data in rows]
            confidence = consolidate(incident_id, refs).confidence
        except ValueError:  # a row stored before today's checks (a source or the incident): left as it is
            continue
        if confidence != stored[incident_id]:
            conn.execute(incidents.update().where(incidents.c.incident_id == incident_id)
                         .values(confidence=confidence, updated_at=now))
