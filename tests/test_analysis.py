from datetime import date

import pytest

from bench.synthetic import synthetic_incidents

from analysis.tables import headline_figures, sector_figures
from analysis.trends import (by_period_and_sector, casualties_by_group, period_label, sector_period_table,
                              trend_bin, trend_window)
from incidents.model import EARLIEST_DATE, latest_date
from store.query import IncidentFilter


def test_headline_figures_count_each_incident_once(seeded_store):
    figures = headline_figures(seeded_store.table())
    assert (figures["incidents"], figures["killed"], figures["wounded"]) == (4, 25, 2)
    assert (figures["killed_peshmerga"], figures["killed_civilians"]) == (22, 3)


def test_killed_per_victim_group_adds_up_to_killed(store):
    from incidents.model import VICTIM_GROUPS

    store.add_incidents(*synthetic_incidents(300, seed=7))
    table = store.table()
    figures = headline_figures(table)
    assert figures["killed"] == sum(figures[f"killed_{g}"] for g in VICTIM_GROUPS) == table["killed_total"].sum()


def test_sector_figures(seeded_store):
    figures = sector_figures(seeded_store.table())
    assert figures["Garmian (Kifri–Kalar)"] == {"attacks": 2, "fatalities": 8, "wounded": 0}
    assert figures["Kirkuk–Dibis–Prde"] == {"attacks": 1, "fatalities": 4, "wounded": 2}


SECTORS = ["Sinjar", "Kirkuk–Dibis–Prde", "Gwer–Makhmour–Qarachogh", "Garmian (Kifri–Kalar)"]


def test_the_bin_follows_the_window_and_periods_say_their_year():
    assert trend_bin(30) == "week" and trend_bin(400) == "month" and trend_bin(3650) == "quarter"
    import pandas as pd

    weeks = pd.Series(pd.to_datetime(["2021-11-30"])).dt.to_period("W-SUN")
    assert period_label(weeks, "week") == ["2021-11-29"]


def test_trends_keep_to_the_days_an_event_can_have_and_say_what_they_cut():
    first, last = date(2021, 1, 1), date(2021, 6, 30)
    assert trend_window((first, last)) == (first, last, "")
    assert trend_window((first, last), date(2021, 3, 1)) == (date(2021, 3, 1), last, "")
    start, end, note = trend_window((date(1, 1, 1), date(9999, 12, 31)))
    assert (start, end) == (EARLIEST_DATE, latest_date()) and "0001-01-01 or 9999-12-31" in note
    assert trend_bin((end - start).days + 1) == "quarter"  # about 150 quarters, not 32,000


def test_every_sector_and_every_period_are_shown(seeded_store):
    series = by_period_and_sector(seeded_store.table(), "week", SECTORS, date(2021, 11, 1), date(2021, 12, 31))
    assert set(series["sector"]) == set(SECTORS)  # Sinjar too, with no attack
    assert series["period"].nunique() == 9 and len(series) == 9 * len(SECTORS)  # empty weeks filled
    assert series["attacks"].sum() == 4 and series["fatalities"].sum() == 25


def test_sector_period_table_fills_empty_months_and_has_totals(seeded_store):
    table = sector_period_table(seeded_store.table(), "month", SECTORS, "fatalities", date(2021, 10, 1),
                                date(2022, 1, 31))
    assert list(table.columns) == ["2021-10", "2021-11", "2021-12", "2022-01", "Total"]
    assert table.loc["Total", "Total"] == 25 and table.loc["Sinjar", "Total"] == 0
    assert table.loc["Gwer–Makhmour–Qarachogh", "2021-11"] == 13


def test_casualties_by_victim_group_add_up(seeded_store):
    table = seeded_store.table()
    groups = casualties_by_group(table, "month")
    assert groups["killed"].sum() == 25 and set(groups["victims"]) >= {"Peshmerga", "Unknown / not stated"}
    assert groups.loc[groups["victims"] == "Civilians", "killed"].sum() == 3


def test_filters_round_trip_through_the_url():
    flt = IncidentFilter(date_from=date(2021, 12, 1), sectors=("Hawija", "Sinjar"), victim_groups=("police",),
                         min_fatalities=2, outlets=("ESTA Media Network",), origins=("acled",),
                         box=(43.5, 35.0, 44.5, 36.25), area="outside")
    assert IncidentFilter.from_query(flt.to_query()) == flt
    assert IncidentFilter.from_query({"area": "all"}).area is None
    assert IncidentFilter.from_query({"from": "not-a-date", "min_fatalities": "x"}) == IncidentFilter()


def test_outlet_filter(seeded_store):
    assert len(seeded_store.incidents(IncidentFilter(outlets=("ESTA Media Network",)))) == 4
    assert seeded_store.incidents(IncidentFilter(outlets=("Other",))) == []


FILTERS = [
    IncidentFilter(),
    IncidentFilter(date_from=date(2018, 1, 1), date_to=date(2019, 6, 30)),
    IncidentFilter(sectors=("Hawija", "Sinjar"), perpetrators=("isis",)),
    IncidentFilter(victim_groups=("police", "civilians"), min_fatalities=2),
    IncidentFilter(attack_types=("ied",), statuses=("extracted",), admin1=("Kirkuk",)),
    IncidentFilter(outlets=("ESTA Media Network",)),
    IncidentFilter(outlets=("Bench", "Other")),
    IncidentFilter(box=(43.5, 35.0, 44.5, 36.0), origins=("reports",)),
    IncidentFilter(area="study"),
    IncidentFilter(area="outside", min_fatalities=1),
]


@pytest.mark.parametrize("flt", FILTERS)
def test_filter_in_memory_selects_what_the_database_query_selects(seeded_store, flt):
    report, incidents = synthetic_incidents(600, seed=3)
    seeded_store.add_incidents(report, incidents)
    table = seeded_store.table()
    assert list(table[flt.mask(table)]["incident_id"]) == list(seeded_store.table(flt)["incident_id"])
    assert len(seeded_store.table(flt)) == len(seeded_store.incidents(flt))


def test_event_list_search_and_the_rows_of_a_clicked_marker(seeded_store):
    from analysis.tables import event_list, rows_at, search

    table = seeded_store.table()
    listed = event_list(table)
    assert list(listed["place"])[0] == "Qara Salim"  # latest first
    assert list(listed.columns[:6]) == ["date", "place", "killed", "wounded", "victims", "perpetrator"]
    kifri = listed[listed["place"] == "Kifri"].iloc[0]
    assert list(rows_at(listed, {"lat": kifri["latitude"], "lng": kifri["longitude"]})) == [kifri.name]
    assert rows_at(listed, None).empty
    assert list(table[search(table, "kifri")]["location"]) == ["Kifri", "Kulajo"]  # the town, and its district
    assert list(table[search(table, "KULAJO")]["place"]) == ["Kulajo"]
    for spelling in ("Kolajo", "golajo", "Qulajo", "kolaju"):  # any spelling the gazetteer knows finds it
        assert list(table[search(table, spelling)]["place"]) == ["Kulajo"], spelling
    assert not search(table, "kolajox").any()
    assert search(table, "foothills qarachogh", seeded_store.incidents()).sum() == 1  # words of a sentence
    assert search(table, "  ").all()


BAGHDAD = ("Published: 2021-12-06\n\nA suicide bomber killed 12 civilians and wounded 20 others at a crowded market "
           "in Baghdad on Monday, police said.")


def test_the_study_area_leaves_out_an_attack_in_baghdad(seeded_store):
    from ui.popups import popup_html
    from reports.reading import build_report

    seeded_store.ingest([build_report(BAGHDAD)])
    table = seeded_store.table()
    baghdad = table[table["admin1"] == "Baghdad"]
    assert len(baghdad) == 1
    for area, expected in (("study", 4), ("outside", 1)):
        flt = IncidentFilter(area=area)
        assert int(flt.mask(table).sum()) == len(seeded_store.table(flt)) == expected
    incident = seeded_store.get(baghdad["incident_id"].iloc[0])
    assert "Outside the disputed territories" in popup_html(incident)


def test_a_date_known_to_a_week_reads_as_the_days_it_lies_within(seeded_store):
    from analysis.tables import event_list, incident_rows

    table = seeded_store.table()
    dates = dict(zip(incident_rows(table)["place"], incident_rows(table)["date"]))
    assert dates["Qara Salim"] == "2021-12-05"  # told with its day
    assert dates["Khidrjija"] == "2021-11-29 – 2021-12-03"  # "last week": never one exact day
    assert dict(zip(event_list(table)["place"], event_list(table)["date"]))["Khidrjija"] == dates["Khidrjija"]


def test_a_download_is_named_by_the_view_it_holds():
    from analysis.labels import MAX_STEM, export_stem

    flt = IncidentFilter(date_from=date(2021, 12, 1), date_to=date(2021, 12, 7), sectors=("Garmian (Kifri–Kalar)",),
                         victim_groups=("peshmerga",), min_fatalities=3, area="study", count_awaiting=True)
    assert export_stem(flt) == ("frontline_2021-12-01_to_2021-12-07_Garmian-Kifri-Kalar_peshmerga_3-or-more-killed_"
                                "study-area_with-awaiting-review")
    assert export_stem(IncidentFilter()) == "frontline_first_to_last"
    many = export_stem(IncidentFilter(outlets=tuple(f"Outlet {i} / ../../etc" for i in range(40))))
    assert len(many) <= MAX_STEM and all(c.isalnum() or c in "-_" for c in many)


def test_the_incidents_table_names_each_attacks_sector(seeded_store):
    from analysis.tables import incident_rows

    rows = incident_rows(seeded_store.table())
    assert set(rows["sector"]) == {"Garmian (Kifri–Kalar)", "Kirkuk–Dibis–Prde", "Gwer–Makhmour–Qarachogh"}


def test_a_governorate_wide_attack_reads_as_the_governorate_not_its_city(store):
    from analysis.tables import event_list, incident_rows
    from reports.reading import build_report

    store.ingest([build_report("Title: t\nPublished: 2021-12-07\nSource: Test wire\n\nGunmen attacked an army "
                               "checkpoint in Kirkuk province on Sunday, killing two soldiers. In Daquq, a mortar "
                               "shell killed a shepherd on Saturday.")])
    table = store.table()
    assert set(incident_rows(table)["place"]) == set(event_list(table)["place"]) == {"Kirkuk (governorate)", "Daquq"}
