"""Map drawing pieces that need no browser."""
from datetime import date

from extraction.extract import extract
from ui.popups import tooltip_text
from incidents.model import Report


def test_a_marker_tooltip_says_an_unknown_toll_is_unknown_not_zero():
    report = Report(published=date(2021, 12, 7), text="On Sunday, ISIS militants kidnapped two shepherds near Kifri. "
                                                        "On Monday, gunmen killed two soldiers near Kifri.")
    unknown, known = sorted(extract(report).incidents, key=lambda i: i.event_date)
    assert unknown.fatalities_best is None
    assert "killed not known" in tooltip_text(unknown)
    assert "2 killed" in tooltip_text(known) and tooltip_text(known).startswith("2021-12-06 ")


def test_a_marker_tooltip_gives_a_week_as_the_days_it_spans():
    report = Report(published=date(2021, 12, 7), text="Last week, gunmen killed two soldiers near Kifri.")
    [incident] = extract(report).incidents
    assert tooltip_text(incident).startswith(f"{incident.date_start} – {incident.date_end} ")


def test_a_popup_gives_a_reported_zero_as_0_and_leaves_out_an_unknown_district():
    from ui.popups import popup_html

    report = Report(published=date(2021, 12, 7), text="On Sunday, ISIS militants attacked a Peshmerga post in "
                                                      "Kirkuk. No casualties were reported.")
    [incident] = extract(report).incidents
    incident = incident.model_copy(update={"admin2": None, "admin1": "Kirkuk"})
    html = popup_html(incident)
    assert "Killed: 0" in html and "no number given" not in html.split("Killed: ")[1].split("<br>")[0]
    assert f"Place as written: {incident.place}; Kirkuk<br>" in html and "–" not in html.split("<br>")[2]
