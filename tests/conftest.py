from __future__ import annotations

from pathlib import Path

import pytest

from incidents.reports import read_reports
from incidents.store import IncidentStore

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "seeds"
SEED_EARLY = SEEDS / "esta-2021-12-04-coordination-agreed.txt"
SEED_LATE = SEEDS / "esta-2021-12-07-peshmerga-delegation.txt"


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'frontline.sqlite'}"


@pytest.fixture
def store(db_url) -> IncidentStore:
    return IncidentStore(db_url)


@pytest.fixture
def seeded_store(store) -> IncidentStore:
    summary = store.ingest(read_reports([SEEDS]))
    assert not summary.refused
    return store
