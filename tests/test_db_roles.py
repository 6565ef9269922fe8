"""A team's application role on PostgreSQL (store.grants, migration 0011): the dashboard and the watcher connected as
it ingest, review and undo, but cannot rewrite or delete the audit trail, nor change the schema; the owner keeps
those, and even the owner cannot rewrite a record."""
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from cli.main import main
from reports.reading import read_reports
from store.access import Person
from store.database import IncidentStore
from store.grants import app_role_grants, grant_app_role
from tests.conftest import SEEDS
from tests.postgis import fresh_database

ALI = Person("ali", "analyst")


@pytest.fixture
def owner_and_app(postgis_server_url):
    """The store opened (created) by its owner, and the same database opened as an application role given its
    grants; yields (owner's store, app's store)."""
    url = fresh_database(postgis_server_url, f"test_{uuid.uuid4().hex[:12]}")
    owner = IncidentStore(url)
    role = f"frontline_app_{uuid.uuid4().hex[:8]}"
    with owner.engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {role} LOGIN")
    assert main(["--database", url, "grant-app-role", role]) == 0  # as the administrator runs it
    app = IncidentStore(sa.engine.make_url(url).set(username=role).render_as_string(hide_password=False))
    yield owner, app
    app.engine.dispose()
    owner.engine.dispose()


def refused(engine: sa.Engine, statement: str) -> str:
    with pytest.raises(DBAPIError) as error, engine.begin() as conn:
        conn.exec_driver_sql(statement)
    return str(error.value.orig)


def test_the_app_role_ingests_reviews_and_undoes_but_only_appends_to_the_audit_trail(owner_and_app):
    owner, app = owner_and_app
    assert not app.ingest(read_reports([SEEDS]), by=ALI).refused
    first, second = [i.incident_id for i in app.incidents()][:2]
    app.merge([first, second], by=ALI)
    app.undo(app.history()[0].id, by=ALI)  # marking a record undone is the one update allowed
    assert [e.action for e in app.history()] == ["undo", "merge"] and app.history()[1].undone_by is not None
    records = len(app.history(actions=None))
    assert "permission denied" in refused(app.engine, "UPDATE edits SET analyst = 'someone else'")
    assert "permission denied" in refused(app.engine, "DELETE FROM edits")
    assert "append-only" in refused(app.engine, "UPDATE edits SET undone_by = NULL")  # an undo is not taken back
    assert "must be owner" in refused(app.engine, "DROP TABLE edits")
    assert "must be owner" in refused(app.engine, "ALTER TABLE incidents ADD COLUMN note text")
    assert len(app.history(actions=None)) == records and app.history()[0].analyst == "ali"


def test_even_the_owner_cannot_rewrite_or_delete_a_record(owner_and_app):
    owner, app = owner_and_app
    app.ingest(read_reports([SEEDS]), by=ALI)
    assert "append-only" in refused(owner.engine, "UPDATE edits SET analyst = 'someone else'")
    assert "append-only" in refused(owner.engine, "DELETE FROM edits")


def test_a_role_name_is_a_plain_name_and_sqlite_has_no_roles(store):
    with pytest.raises(ValueError, match="not a plain role name"):
        app_role_grants("app; DROP TABLE edits", "frontline", ["edits"])
    with pytest.raises(ValueError, match="an SQLite file has none"):
        grant_app_role(store.engine, "frontline_app")


def test_the_app_role_imports_with_the_indexes_kept_and_opens_a_store_missing_one(owner_and_app, tmp_path):
    """The application role may not drop or build indexes: its import into an empty store keeps them up to date row
    by row, and it opens a store whose import was killed before it built them again (the owner builds them)."""
    from bench.datasets import write_acled
    from exchange.dataset_files import import_dataset
    from store.schema import incidents_table

    owner, app = owner_and_app
    path = tmp_path / "acled.csv"
    write_acled(path, 50, seed=2)

    def index_names(store: IncidentStore) -> set[str]:
        with store.engine.connect() as conn:
            return {i["name"] for i in sa.inspect(conn).get_indexes("incidents")}

    everything = index_names(owner)
    assert import_dataset(app, "acled", path, batch_rows=16).stored == 50
    assert index_names(owner) == everything
    with owner.engine.begin() as conn:
        conn.exec_driver_sql("DROP INDEX ix_incidents_sector_date")  # as an import killed outright leaves it
    reopened = IncidentStore(app.engine.url.render_as_string(hide_password=False))
    assert reopened.count() == 50 and "ix_incidents_sector_date" not in index_names(reopened)  # opened as it is
    reopened.engine.dispose()
    rebuilt = IncidentStore(owner.engine.url.render_as_string(hide_password=False))
    assert index_names(rebuilt) == everything and {i.name for i in incidents_table.indexes} <= everything
    rebuilt.engine.dispose()
