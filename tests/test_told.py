"""How each incident was told (store.told: how many reports tell it, when the first was ingested) stays what its
sources say through every write: ingests that add incidents and merge into stored ones, an import, an analyst's
merge, split, correction, status change, placed name, a revised article, and undoing them (SQLite and PostGIS)."""
import sqlalchemy as sa

from bench.synthetic import synthetic_incidents
from geo import get_gazetteer
from incidents.model import Casualties
from reports.reading import build_report, read_reports
from store.database import IncidentStore
from store.schema import incidents_table, reports_table, sources_table
from tests.conftest import SEED_EARLY, SEED_LATE, SEEDS
from tests.test_store import BACK_TO_0013


def told_from_sources(store: IncidentStore) -> dict[str, tuple[int, object]]:
    """Every incident's reports and first ingest time, counted from the sources table and the reports."""
    i, s, r = incidents_table.c, sources_table.c, reports_table.c
    query = (sa.select(i.incident_id, sa.func.count(sa.distinct(s.report_id)), sa.func.min(r.ingested_at))
             .join_from(incidents_table, sources_table, s.incident_id == i.incident_id, isouter=True)
             .join(reports_table, r.report_id == s.report_id, isouter=True).group_by(i.incident_id))
    with store.engine.connect() as conn:
        return {row[0]: (row[1], row[2]) for row in conn.execute(query)}


def kept(store: IncidentStore) -> dict[str, tuple[int, object]]:
    i = incidents_table.c
    with store.engine.connect() as conn:
        return {row[0]: (row[1], row[2]) for row in conn.execute(
            sa.select(i.incident_id, i.report_count, i.first_told_at))}


def check(store: IncidentStore) -> None:
    expected = told_from_sources(store)
    assert kept(store) == expected
    assert any(count > 1 for count, _ in expected.values())  # some incident is told by several reports


def test_the_kept_told_columns_follow_every_write(any_db_url):
    store = IncidentStore(any_db_url)
    store.ingest(read_reports([SEED_EARLY]))
    store.ingest(read_reports([SEED_LATE]))  # new incidents, and sources merged into stored ones
    store.ingest(read_reports([SEEDS]))
    store.add_incidents(*synthetic_incidents(30, seed=4))  # the bulk path
    check(store)
    several = [i for i in store.incidents() if len({s.report_id for s in i.sources}) > 1]
    single = [i for i in store.incidents() if i.origin == "reports" and len(i.sources) == 1]
    target = several[0]
    early = min(target.sources, key=lambda s: s.published)
    store.split(target.incident_id, early.report_id, early.mention)
    check(store)
    store.merge([single[0].incident_id, single[1].incident_id, target.incident_id])
    check(store)
    store.correct(single[0].incident_id, killed=Casualties(peshmerga=3), reason="ministry")
    store.set_status([single[2].incident_id], "rejected")
    check(store)
    for edit in store.history()[:4]:  # the status, the correction, the merge, the split: the latest first
        store.undo(edit.id)
        check(store)


def test_placing_a_name_and_revising_an_article_keep_them(any_db_url):
    store = IncidentStore(any_db_url)
    store.ingest(read_reports([SEEDS]))
    text = ("Published: 2021-09-01\n\nOn Tuesday, ISIS fighters attacked Dogshman village in the Rashad "
            "sub-district of southern Kirkuk province, killing {} shepherds.")
    store.ingest([build_report(text.format("two"), url="https://example.org/dogshman")])
    assert store.revise_report(build_report(text.format("five"), url="https://example.org/dogshman"))
    check(store)
    store.fix_place("Dogshman", get_gazetteer().lookup("Daquq").place)
    check(store)
    for edit in store.history()[:2]:
        store.undo(edit.id)
        check(store)


def test_a_store_from_before_the_told_columns_has_them_filled(any_db_url):
    """Migration 0014 computes them for the incidents stored, as every write would have."""
    store = IncidentStore(any_db_url)
    store.ingest(read_reports([SEEDS]))
    store.add_incidents(*synthetic_incidents(20, seed=4))
    with store.engine.begin() as conn:
        for statement in (*BACK_TO_0013, "UPDATE alembic_version SET version_num = '0013'"):
            conn.execute(sa.text(statement))
    store.engine.dispose()
    upgraded = IncidentStore(any_db_url)
    check(upgraded)
    upgraded.engine.dispose()
