"""A process killed in the middle of an ingest leaves the store consistent, and a rerun completes it."""
import subprocess
import sys
import time

import sqlalchemy as sa

from bench.synthetic import synthetic_reports
from reports.reading import read_reports
from store.schema import incidents_table, reports_table, sources_table
from store.database import IncidentStore
from tests.conftest import ROOT, as_report_file

REPORTS = 400


def _counts(store: IncidentStore) -> dict[str, int]:
    i, s, r = incidents_table.c, sources_table.c, reports_table.c
    with store.engine.connect() as conn:
        scalar = lambda q: conn.execute(q).scalar_one()  # noqa: E731
        return {
            "reports": scalar(sa.select(sa.func.count()).select_from(reports_table)),
            "incidents": scalar(sa.select(sa.func.count()).select_from(incidents_table)),
            "sources": scalar(sa.select(sa.func.count()).select_from(sources_table)),
            "incidents_without_sources": scalar(sa.select(sa.func.count()).where(
                ~sa.exists().where(s.incident_id == i.incident_id))),
            "sources_without_report": scalar(sa.select(sa.func.count()).select_from(sources_table).where(
                ~sa.exists().where(r.report_id == s.report_id))),
        }


def _ingest_command(url: str, folder) -> list[str]:
    return [sys.executable, "-m", "cli.main", "--database", url, "ingest", str(folder)]


def test_a_killed_ingest_leaves_the_store_consistent_and_a_rerun_completes_it(any_db_url, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for n, report in enumerate(synthetic_reports(REPORTS, seed=41)):
        (folder / f"{n:04d}.txt").write_text(as_report_file(report))
    store = IncidentStore(any_db_url)
    process = subprocess.Popen(_ingest_command(any_db_url, folder), cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while _counts(store)["reports"] < 50:
        assert process.poll() is None and time.time() < deadline, "the ingest ended before it could be killed"
        time.sleep(0.05)
    process.kill()  # SIGKILL: no cleanup, as when a laptop dies
    process.wait()

    interrupted = _counts(store)
    assert 50 <= interrupted["reports"] < REPORTS
    assert interrupted["incidents_without_sources"] == 0 and interrupted["sources_without_report"] == 0
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"

    rerun = subprocess.run(_ingest_command(any_db_url, folder), cwd=ROOT, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"reports already stored (unchanged): {interrupted['reports']}" in rerun.stdout
    completed = _counts(store)

    alone = IncidentStore(f"sqlite:///{tmp_path / 'uninterrupted.sqlite'}")
    alone.ingest(read_reports([folder]))
    assert completed == _counts(alone)
    store.engine.dispose()
