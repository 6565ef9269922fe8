from datetime import date

import pytest
from pydantic import ValidationError

from incidents.model import Casualties, Incident, Report


def test_totals_ignore_unknown_counts():
    assert Casualties(peshmerga=4, civilians=None).total == 4
    assert Casualties().total is None
    assert Casualties(police=0).total == 0


def test_date_range_must_be_ordered():
    with pytest.raises(ValidationError):
        Incident(incident_id="x", event_date=date(2021, 12, 2), date_precision="range",
                 date_start=date(2021, 12, 3), date_end=date(2021, 12, 1), place="Kifri")


def test_precision_values_are_checked():
    with pytest.raises(ValidationError):
        Incident(incident_id="x", event_date=date(2021, 12, 2), date_precision="fortnight",
                 date_start=date(2021, 12, 2), date_end=date(2021, 12, 2), place="Kifri")


def test_incident_exposes_totals_in_its_json():
    incident = Incident(incident_id="x", event_date=date(2021, 12, 2), date_precision="day",
                        date_start=date(2021, 12, 2), date_end=date(2021, 12, 2), place="Kifri",
                        killed=Casualties(peshmerga=3), wounded=Casualties(civilians=1, police=2))
    dumped = incident.model_dump(mode="json")
    assert dumped["killed_total"] == 3 and dumped["wounded_total"] == 3


def test_report_id_is_stable_across_whitespace():
    a = Report(published=date(2021, 1, 1), text="a  b\nc")
    assert a.report_id == Report(published=date(2021, 1, 1), text="a b c").report_id
