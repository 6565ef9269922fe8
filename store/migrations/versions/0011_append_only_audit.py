"""The audit trail is append-only on PostgreSQL: a trigger refuses to delete a record or change one, save marking
it undone once (undone_by from empty to the undo's id), whoever asks, the owner role too. With the application
role's grants (store.grants: INSERT, and UPDATE of undone_by only) it keeps a team's dashboard and watcher from
rewriting who did what. SQLite, one analyst's own file, is left as it is.

Revision ID: 0011
"""
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

GUARD = """
CREATE OR REPLACE FUNCTION frontline_edits_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'the audit trail is append-only: record #% cannot be deleted', OLD.id;
    END IF;
    IF OLD.undone_by IS NOT NULL OR NEW.undone_by IS NULL
       OR (NEW.id, NEW.at, NEW.analyst, NEW.action, NEW.summary, NEW.incident_ids::text, NEW.before::text,
           NEW.after::text)
          IS DISTINCT FROM (OLD.id, OLD.at, OLD.analyst, OLD.action, OLD.summary, OLD.incident_ids::text,
                            OLD.before::text, OLD.after::text) THEN
        RAISE EXCEPTION 'the audit trail is append-only: record #% can only be marked undone, once', OLD.id;
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER edits_append_only BEFORE UPDATE OR DELETE ON edits
    FOR EACH ROW EXECUTE FUNCTION frontline_edits_append_only();
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(GUARD)

