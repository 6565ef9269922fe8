"""The dashboard's page logic through Streamlit's AppTest, on a real seeded SQLite file."""
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from incidents.mapping import build_map, marker_radius, popup_html
from incidents.store import IncidentStore

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")


@pytest.fixture
def app(seeded_store, monkeypatch):
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", seeded_store.url)
    return AppTest.from_file(DASHBOARD, default_timeout=60).run()


def metrics(app):
    return {m.label: m.value for m in app.metric}


def test_opens_on_the_stored_incidents(app):
    assert not app.exception
    assert metrics(app)["Incidents"] == "4" and metrics(app)["Killed"] == "25"
    assert len(app.dataframe[0].value) == 4


def test_date_range_filters_metrics_and_table(app):
    app.slider(key="date_range").set_value((date(2021, 12, 1), date(2021, 12, 5))).run()
    assert metrics(app)["Incidents"] == "1" and metrics(app)["Killed"] == "4" and metrics(app)["Wounded"] == "2"
    table = app.dataframe[0].value
    assert list(table["location"]) == ["Qara Salim"]


def test_empty_store_explains_how_to_add_reports(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    IncidentStore(url)
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", url)
    app = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert not app.exception
    assert "frontline ingest" in app.info[0].value


def test_map_has_one_marker_per_located_incident_and_escapes_text(seeded_store):
    incidents = seeded_store.incidents()
    html = build_map(incidents).get_root().render()
    assert html.count("L.circleMarker(") == 4
    assert "Frontline sectors" in html and "Disputed territories" in html
    incident = incidents[0]
    incident.sources[0].sentence = "<img src=x onerror=alert(1)>"
    assert "<img" not in popup_html(incident) and "&lt;img" in popup_html(incident)


def test_marker_area_grows_with_fatalities():
    assert marker_radius(0) < marker_radius(4) < marker_radius(13)
