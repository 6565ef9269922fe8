"""ACLED and UCDP GED in, ACLED's layout out, on SQLite and PostGIS."""
import csv
import io
from datetime import date
from pathlib import Path

import pytest

from cli.main import main
from exchange.dataset_files import read_dataset
from exchange.datasets import ACLED_COLUMNS, to_acled_csv
from store.query import IncidentFilter
from reports.reading import read_reports
from store.database import IncidentStore
from tests.conftest import SEEDS

DATA = Path(__file__).parent / "data"
ACLED = DATA / "acled_sample.csv"
UCDP = DATA / "ucdp_ged_sample.csv"


@pytest.fixture
def db_url(any_db_url) -> str:
    return any_db_url


def imported(store: IncidentStore, kind: str, path: Path, **options):
    report, incidents, summary = read_dataset(kind, path, **options)
    summary.stored = store.add_incidents(report, incidents)
    return summary


def test_acled_rows_become_incidents_with_their_identifiers(store):
    summary = imported(store, "acled", ACLED)
    assert (summary.rows, summary.stored) == (4, 3)
    assert summary.errors == ["line 4: not a date: 'not a date'"]  # reported with its line, the rest lands
    found = {i.external_id: i for i in store.incidents()}
    qara_salim = found["IRQ123"]
    assert qara_salim.origin == "acled" and qara_salim.event_date == date(2021, 12, 5)
    assert qara_salim.date_precision == "day" and qara_salim.geo_precision == "exact_place"
    assert qara_salim.fatalities_best == 4 and qara_salim.perpetrator == "isis" and qara_salim.attack_type == "clash"
    assert qara_salim.sector == "Kirkuk–Dibis–Prde" and qara_salim.admin1 == "Kirkuk"  # our polygons, not ACLED's
    assert qara_salim.sources[0].outlet == "Rudaw; Kurdistan 24" and "Qara Salim" in qara_salim.sources[0].sentence
    jalawla = found["IRQ124"]
    assert (jalawla.date_precision, jalawla.date_start, jalawla.date_end) == ("week", date(2021, 12, 3),
                                                                               date(2021, 12, 9))
    assert jalawla.attack_type == "ied" and jalawla.perpetrator == "unknown" and jalawla.geo_precision == "sub_district"


def test_importing_again_adds_nothing(store):
    imported(store, "acled", ACLED)
    again = imported(store, "acled", ACLED)
    assert again.stored == 0 and store.count() == 3


def test_import_keeps_only_the_chosen_area(store):
    in_sectors = imported(store, "acled", ACLED, sectors_only=True)
    assert (in_sectors.stored, in_sectors.outside) == (2, 1)  # Basra is no frontline sector
    assert {i.external_id for i in store.incidents()} == {"IRQ123", "IRQ124"}
    boxed = read_dataset("acled", ACLED, box=(44.0, 35.5, 44.5, 36.0))[1]
    assert [i.external_id for i in boxed] == ["IRQ123"]


def test_ucdp_events_keep_their_ranges_and_victims(store):
    summary = imported(store, "ucdp", UCDP)
    assert summary.stored == 3 and summary.errors == ["line 5: date_end 2021-11-01 is before date_start 2021-11-05"]
    found = {i.external_id: i for i in store.incidents()}
    makhmour = found["412001"]
    assert makhmour.origin == "ucdp" and makhmour.killed.iraqi_army == 4  # the IS side's 3 dead are not victims
    assert makhmour.fatalities_best == 4 and "best 7" in makhmour.notes and makhmour.perpetrator == "isis"
    rashad = found["412002"]
    assert (rashad.date_start, rashad.date_end, rashad.date_precision) == (date(2021, 10, 26), date(2021, 10, 28),
                                                                           "week")
    assert rashad.killed.civilians == 11 and rashad.geo_precision == "district" and rashad.admin1 == "Diyala"
    country_wide = found["412003"]
    assert not country_wide.geolocated and country_wide.date_precision == "month"


def test_a_file_of_another_kind_is_refused_whole():
    with pytest.raises(ValueError, match="not a UCDP CSV file: missing column"):
        read_dataset("ucdp", ACLED)


def test_datasets_stay_apart_from_reports_and_can_be_hidden(store):
    imported(store, "acled", ACLED)
    store.ingest(read_reports([SEEDS]))  # the seeds also tell of Qara Salim on 5 December: not merged into ACLED's
    assert len(store.incidents(IncidentFilter(origins=("acled",)))) == 3
    reports_only = store.incidents(IncidentFilter(origins=("reports",)))
    assert len(reports_only) == 4 and all(len(i.sources) >= 1 and i.origin == "reports" for i in reports_only)


def test_acled_layout_out_and_back_in(store, tmp_path):
    store.ingest(read_reports([SEEDS]))
    text = to_acled_csv(store.incidents())
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ACLED_COLUMNS and len(rows) == 4
    qara_salim = next(r for r in rows if r["location"] == "Qara Salim")
    assert (qara_salim["event_date"], qara_salim["time_precision"], qara_salim["fatalities"]) == ("2021-12-05", "1",
                                                                                                  "4")
    assert qara_salim["actor1"] == "Islamic State (Iraq)" and "Peshmerga" in qara_salim["actor2"]
    path = tmp_path / "ours-as-acled.csv"
    path.write_text(text)
    again = IncidentStore(f"sqlite:///{tmp_path / 'again.sqlite'}")
    assert imported(again, "acled", path).stored == 4
    back = {i.external_id: i for i in again.incidents()}
    original = {i.incident_id: i for i in store.incidents()}
    for incident_id, incident in original.items():
        assert back[incident_id].event_date == incident.event_date
        assert back[incident_id].fatalities_best == incident.fatalities_best
        assert back[incident_id].sector == incident.sector


def test_command_line_import_and_acled_export(db_url, tmp_path, capsys):
    assert main(["--database", db_url, "import", "acled", str(ACLED), "--bbox", "43,34,46,37"]) == 0
    out = capsys.readouterr().out
    assert "incidents stored: 2" in out and "line 4: not a date" in out
    target = tmp_path / "export.csv"
    assert main(["--database", db_url, "export", "--format", "acled", "--origin", "acled", "-o", str(target)]) == 0
    rows = list(csv.DictReader(target.open()))
    assert {r["event_id_cnty"] for r in rows} == {"IRQ123", "IRQ124"}
    assert next(r for r in rows if r["event_id_cnty"] == "IRQ124")["notes"].startswith("'=")  # no formula runs
    assert main(["--database", db_url, "import", "ucdp", str(ACLED)]) == 2
