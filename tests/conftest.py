from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Iterator

import pytest
from streamlit import config as streamlit_config

from bench.synthetic import synthetic_incidents
from incidents.confidence import COUNTED_FROM, awaiting_review
from incidents.model import GUARDRAIL_REASON, Report
from reports.reading import read_reports
from store.database import IncidentStore
from tests.browser import free_port
from tests.postgis import fresh_database, postgis_server

# Analysts' browsers are shown no error details (.streamlit/config.toml); a failing AppTest shows them all.
streamlit_config.set_option("client.showErrorDetails", "full")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "seeds"
SEED_EARLY = SEEDS / "esta-2021-12-04-coordination-agreed.txt"
SEED_LATE = SEEDS / "esta-2021-12-07-peshmerga-delegation.txt"


def as_report_file(report: Report) -> str:
    """A report as a file that read_reports reads back: its header block, a blank line, its text."""
    header = {"Title": report.title, "Published": report.published, "URL": report.url, "Source": report.outlet}
    return "".join(f"{key}: {value}\n" for key, value in header.items() if value) + "\n" + report.text


@pytest.fixture
def loopback_allowed(monkeypatch) -> None:
    """The watcher may fetch 127.0.0.1, where tests/feeds_server.py serves (it reaches only the public web
    otherwise); other loopback names (localhost, 2130706433) stay refused."""
    monkeypatch.setenv("FRONTLINE_WATCH_ALLOW_HOSTS", "127.0.0.1")


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'frontline.sqlite'}"


@pytest.fixture
def store(db_url) -> Iterator[IncidentStore]:
    store = IncidentStore(db_url)
    yield store
    store.engine.dispose()


@pytest.fixture(scope="session")
def postgis_server_url() -> Iterator[str]:
    """A PostgreSQL + PostGIS server for the session. Where it cannot start the tests that need it say
    why and are skipped; on CI (which installs it) they fail instead."""
    try:
        server = postgis_server(free_port())
        url = server.__enter__()
    except RuntimeError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostGIS is required on CI: {exc}")
        pytest.skip(f"PostGIS tests skipped: {exc}")
    yield url
    server.__exit__(None, None, None)


@pytest.fixture(params=["sqlite", "postgis"])
def any_db_url(request, tmp_path) -> str:
    """The same test on the embedded SQLite file and on a fresh PostGIS database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'frontline.sqlite'}"
    return fresh_database(request.getfixturevalue("postgis_server_url"), f"test_{uuid.uuid4().hex[:12]}")


@pytest.fixture
def seeded_store(store) -> IncidentStore:
    summary = store.ingest(read_reports([SEEDS]))
    assert not summary.refused
    return store


def store_with_doubts(url: str) -> tuple[IncidentStore, dict[str, bool]]:
    """A store of eight synthetic incidents, five of them given a doubt, and which of them await review (two:
    a low confidence, a figure beyond the guardrail; not the one an analyst accepted, a date doubt, an import)."""
    report, incidents = synthetic_incidents(8, seed=11)
    doubts = [
        {"confidence": COUNTED_FROM / 2},  # doubtful, extracted: awaits
        {"confidence": COUNTED_FROM / 2, "status": "reviewed"},  # an analyst accepted it: counts
        {"review_reason": f"{GUARDRAIL_REASON}, more than any one attack has reached", "confidence": 0.9},  # awaits
        {"review_reason": "no date in the report", "confidence": 0.6},  # a date doubt: counts
        {"confidence": None, "origin": "acled", "external_id": "IRQ1"},  # an imported event: counts
    ]
    incidents = [i.model_copy(update=d) for i, d in zip(incidents, doubts)] + incidents[len(doubts):]
    store = IncidentStore(url)
    store.add_incidents(report, incidents)
    return store, {i.incident_id: awaiting_review(i) for i in incidents}
