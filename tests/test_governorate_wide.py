"""An attack known only to its governorate is governorate-wide, not a point: no district, no sector, counted in no
sector's figures; in the study area only when a frontline sector covers part of its governorate."""
from datetime import date

from analysis.tables import sector_figures
from extraction.extract import extract
from geo import get_boundaries
from incidents.model import Incident
from reports.reading import build_report
from store.query import IncidentFilter, in_study_area

REPORT = ("Title: Two attacks\nPublished: 2021-12-07\nSource: Test wire\n\n"
          "Gunmen attacked an army checkpoint in Kirkuk province on Sunday, killing two soldiers. "
          "Separately, a roadside bomb in Anbar province wounded three policemen on Monday. "
          "In Daquq, a mortar shell killed a shepherd on Saturday.")


def test_a_place_known_only_to_its_governorate_has_no_district_or_sector():
    day = date(2021, 12, 5)
    incident = Incident(incident_id="x", event_date=day, date_precision="day", date_start=day, date_end=day,
                        place="Kirkuk province", latitude=35.28567, longitude=44.06144, geo_precision="governorate",
                        admin1="Kirkuk", admin2="Hawija", sector="Hawija")
    assert (incident.admin1, incident.admin2, incident.sector) == ("Kirkuk", None, None)


def test_the_study_area_keeps_governorates_a_sector_covers(store):
    incidents = extract(build_report(REPORT)).incidents
    by_governorate = {i.admin1: i for i in incidents if i.geo_precision == "governorate"}
    assert set(by_governorate) == {"Kirkuk", "Al-Anbar"} and not any(i.sector for i in by_governorate.values())
    store.ingest([build_report(REPORT)])
    table = store.table()
    study = IncidentFilter(area="study")
    kept = set(table[study.mask(table)]["admin1"])
    assert kept == {i.admin1 for i in store.incidents(study)} == {"Kirkuk"}  # Kirkuk province and Daquq
    assert set(table[in_study_area(table)]["place"]) == {"Kirkuk", "Daquq"}
    outside = IncidentFilter(area="outside")
    assert {i.admin1 for i in store.incidents(outside)} == set(table[outside.mask(table)]["admin1"]) == {"Al-Anbar"}


def test_no_sector_counts_a_governorate_wide_attack(store):
    store.ingest([build_report(REPORT)])
    figures = sector_figures(store.table())
    assert figures == {"Daquq–Tuz Khurmatu": {"attacks": 1, "fatalities": 1, "wounded": 0}}


def test_study_governorates_are_those_a_sector_covers_part_of():
    governorates = get_boundaries().study_governorates
    assert {"Kirkuk", "Ninewa", "Diyala", "Erbil", "Salah Al-Din"} <= governorates
    assert not governorates & {"Al-Anbar", "Baghdad", "Duhok"}  # Duhok: a sliver along the Sinjar sector


def test_a_point_with_no_precision_is_outside_for_the_database_as_for_the_dashboard(any_db_url):
    """An import whose precision did not map (None) but whose point lies outside the sectors: outside, both ways
    (the SQL of a missing precision was NULL, and dropped the row from the study area and from outside it)."""
    from bench.synthetic import synthetic_incidents
    from store.database import IncidentStore

    report, incidents = synthetic_incidents(1, seed=4)
    stray = incidents[0].model_copy(update={"geo_precision": None, "sector": None, "admin1": "Ninewa",
                                            "latitude": 36.34, "longitude": 41.0, "origin": "acled",
                                            "external_id": "IRQ9"})
    store = IncidentStore(any_db_url)
    store.add_incidents(report, [stray])
    table = store.table()
    for area, expected in (("outside", 1), ("study", 0)):
        flt = IncidentFilter(area=area)
        assert len(store.incidents(flt)) == int(flt.mask(table).sum()) == expected
