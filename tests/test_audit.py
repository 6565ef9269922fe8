"""Every analyst action is recorded with who, when, before and after, and can be undone (SQLite and PostGIS)."""
from datetime import date

import pytest
import sqlalchemy as sa

from geo import get_gazetteer
from incidents.model import Casualties
from store.access import Person
from store.query import IncidentFilter
from reports.reading import build_report
from store.schema import incidents_table

EVERY_STATUS = IncidentFilter(statuses=("extracted", "reviewed", "rejected", "merged"))
RANIA, SHERKO = Person("rania", "analyst"), Person("sherko", "admin")


@pytest.fixture
def db_url(any_db_url) -> str:
    return any_db_url


def state(store) -> list[dict]:
    """Everything stored about every incident, merged ones included."""
    return [i.model_dump(mode="json") for i in store.incidents(EVERY_STATUS)]


def rows(store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(incidents_table)).scalar_one()


def by_location(store):
    return {i.location: i for i in store.incidents()}


def test_a_rejection_is_recorded_and_undone(seeded_store):
    target = by_location(seeded_store)["Qara Salim"]
    before = state(seeded_store)
    seeded_store.set_status([target.incident_id], "rejected", by=RANIA)
    [edit] = seeded_store.history()
    assert (edit.action, edit.analyst, edit.incident_ids) == ("status", "rania", [target.incident_id])
    assert "rejected" in edit.summary and edit.at.date() == date.today() and edit.undone_by is None
    assert seeded_store.get(target.incident_id).status == "rejected"
    undo_id = seeded_store.undo(edit.id, by=SHERKO)
    assert state(seeded_store) == before
    undone, original = seeded_store.history()[:2]
    assert (undone.id, undone.action, undone.analyst) == (undo_id, "undo", "sherko") and original.undone_by == undo_id
    with pytest.raises(ValueError, match="already undone"):
        seeded_store.undo(edit.id)


def test_a_merge_deletes_nothing_counts_once_and_is_undone(seeded_store):
    found = by_location(seeded_store)
    kifri, kulajo = found["Kifri"], found["Kulajo"]
    before, stored_rows = state(seeded_store), rows(seeded_store)
    merged = seeded_store.merge([kifri.incident_id, kulajo.incident_id])
    assert rows(seeded_store) == stored_rows  # the merged-away incident is kept, marked
    assert seeded_store.get(kulajo.incident_id).status == "merged" and seeded_store.count() == 3
    assert sum(i.killed_total or 0 for i in seeded_store.incidents()) == 25 - kulajo.killed_total
    assert len(merged.sources) == len(kifri.sources) + len(kulajo.sources)
    seeded_store.undo(seeded_store.history()[0].id)
    assert state(seeded_store) == before and seeded_store.count() == 4


def test_a_split_and_a_correction_are_undone(seeded_store):
    khidrjija = by_location(seeded_store)["Khidrjija"]
    before = state(seeded_store)
    early = next(s for s in khidrjija.sources if s.published == date(2021, 12, 4))
    separated = seeded_store.split(khidrjija.incident_id, early.report_id, early.mention)
    corrected = seeded_store.correct(khidrjija.incident_id, killed=Casualties(peshmerga=7), reason="ministry")
    assert corrected.killed_total == 7
    correction, split = seeded_store.history()[:2]
    assert correction.action == "correct" and split.action == "split"
    assert separated.incident_id in split.incident_ids
    seeded_store.undo(correction.id)
    assert seeded_store.get(khidrjija.incident_id).killed_total == 13
    assert all(s.outlet != "Analyst correction" for s in seeded_store.get(khidrjija.incident_id).sources)
    seeded_store.undo(split.id)
    assert state(seeded_store) == before


def test_an_edit_whose_incidents_changed_since_waits_for_the_later_edit(seeded_store):
    target = by_location(seeded_store)["Qara Salim"]
    seeded_store.correct(target.incident_id, killed=Casualties(peshmerga=5))
    seeded_store.set_status([target.incident_id], "rejected")
    rejection, correction = seeded_store.history()[:2]
    with pytest.raises(ValueError, match="changed since"):
        seeded_store.undo(correction.id)
    seeded_store.undo(rejection.id)
    seeded_store.undo(correction.id)
    assert seeded_store.get(target.incident_id).killed_total == 4


def test_placing_a_name_is_recorded_and_undone(store):
    store.ingest([build_report("Published: 2021-09-01\n\nOn Tuesday, ISIS fighters attacked Dogshman village in "
                               "the Rashad sub-district of southern Kirkuk province, killing a shepherd.")])
    before = state(store)
    place = get_gazetteer().lookup("Daquq").place
    assert store.fix_place("Dogshman", place, by=RANIA) == 1
    [edit] = store.history()
    assert edit.action == "place" and "Dogshman" in edit.summary
    assert store.unresolved_places() == []
    store.undo(edit.id)
    assert state(store) == before and store.unresolved_places()[0]["unresolved_place"] == "Dogshman"
    later = build_report("Published: 2021-09-08\n\nGunmen attacked Dogshman village in southern Kirkuk on "
                         "Monday, wounding two farmers.")
    store.ingest([later])  # the fix is gone: a later report is not placed by it either
    assert len(store.unresolved_places()) == 1 and store.unresolved_places()[0]["incidents"] == 2


def test_history_of_one_incident(seeded_store):
    found = by_location(seeded_store)
    seeded_store.set_status([found["Qara Salim"].incident_id], "reviewed")
    seeded_store.set_status([found["Kulajo"].incident_id], "rejected")
    [edit] = seeded_store.history(incident_id=found["Kulajo"].incident_id)
    assert "rejected" in edit.summary
