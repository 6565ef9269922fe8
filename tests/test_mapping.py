"""Map drawing pieces that need no browser."""
from datetime import date

import folium

from incidents.extract import extract
from incidents.mapping import _marker
from incidents.model import Report


def tooltip(marker) -> str:
    [shown] = [child.text for child in marker._children.values() if isinstance(child, folium.Tooltip)]
    return shown


def test_a_marker_tooltip_says_an_unknown_toll_is_unknown_not_zero():
    report = Report(published=date(2021, 12, 7), text="On Sunday, ISIS militants kidnapped two shepherds near Kifri. "
                                                        "On Monday, gunmen killed two soldiers near Kifri.")
    unknown, known = sorted(extract(report).incidents, key=lambda i: i.event_date)
    assert unknown.fatalities_best is None
    assert "killed not known" in tooltip(_marker(unknown, "red"))
    assert "2 killed" in tooltip(_marker(known, "red"))
