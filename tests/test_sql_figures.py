"""The figures the database computes (store.figures) are those the pandas computations over the whole table gave,
on SQLite and PostGIS: the headline, the sector toll, Trends' totals, the attacks in a map view and the grid
cells."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
import sqlalchemy as sa

from analysis.tables import counted, date_span, event_list, headline_figures, main_victim_group, sector_figures
from analysis.trends import casualties_by_group, by_period_and_sector, group_series, period_totals, sector_series
from bench.synthetic import synthetic_incidents
from incidents.model import Casualties
from reports.reading import read_reports
from store import figures
from store.database import IncidentStore
from store.query import OPENING_VIEW, IncidentFilter
from store.schema import incidents_table
from tests.conftest import SEEDS, store_with_doubts
from ui.viewport import cell_figures, grid_cells

BOX = (43.0, 34.5, 45.0, 36.0)
GRIDS = (0.8, 0.4, 0.2, 0.1)  # degrees: the cells the map draws over a whole filter (ui.views.EVERYWHERE_GRIDS)
FILTERS = [IncidentFilter(), OPENING_VIEW, replace(OPENING_VIEW, count_awaiting=True),
           replace(OPENING_VIEW, date_from=date(2019, 1, 1), date_to=date(2021, 12, 31)),
           replace(OPENING_VIEW, sectors=("Kirkuk–Dibis–Prde", "Sinjar")),
           replace(OPENING_VIEW, victim_groups=("police",), box=BOX),
           IncidentFilter(statuses=("rejected",))]


@pytest.fixture
def mixed_store(any_db_url):
    """Attacks awaiting review and accepted, an import, the seed reports' attacks told by several reports, and
    600 synthetic attacks over ten years."""
    store, _ = store_with_doubts(any_db_url)
    store.ingest(read_reports([SEEDS]))
    store.add_incidents(*synthetic_incidents(600, seed=3))
    return store


def test_the_database_computes_the_figures_pandas_computed(mixed_store):
    whole = mixed_store.table()
    for flt in FILTERS:
        table = whole[flt.mask(whole)]
        rows = counted(table, flt.count_awaiting)
        assert figures.headline(mixed_store, flt) == headline_figures(table, flt.count_awaiting), flt
        parts = figures.overview(mixed_store, flt)
        assert figures.sector_toll_of(parts, flt.count_awaiting) == sector_figures(rows), flt
        wide = table[(table["geo_precision"] == "governorate") & table["latitude"].notna()]
        assert figures.outlined_of(parts) == sorted(set(wide["admin1"].dropna())), flt
        assert figures.date_span(mixed_store, flt, counted=True) == date_span(rows), flt
        assert figures.count(mixed_store, flt, box=BOX, located=True) == len(
            table[table["latitude"].between(BOX[1], BOX[3]) & table["longitude"].between(BOX[0], BOX[2])]), flt
        for bin_ in ("week", "month", "quarter"):
            totals = figures.period_totals(mixed_store, flt, bin_)
            sectors = ["Sinjar", "Kirkuk–Dibis–Prde", "Khanaqin"]
            pd.testing.assert_frame_equal(sector_series(totals, bin_, sectors, date(2015, 1, 1)),
                                          by_period_and_sector(rows, bin_, sectors, date(2015, 1, 1)))
            pd.testing.assert_frame_equal(group_series(totals, bin_), casualties_by_group(rows, bin_))
            if not rows.empty:
                expected = period_totals(rows, bin_).sort_values(["period_start", "sector"]).reset_index(drop=True)
                got = totals.sort_values(["period_start", "sector"]).reset_index(drop=True)
                pd.testing.assert_frame_equal(got, expected, check_dtype=False)
        listed = mixed_store.table(flt, box=BOX, located=True, limit=50)
        in_box = table[table["latitude"].between(BOX[1], BOX[3]) & table["longitude"].between(BOX[0], BOX[2])]
        pd.testing.assert_frame_equal(event_list(listed), event_list(in_box, limit=50), check_dtype=False)
        for degrees in (0.4, 0.05):
            for colour_by in ("victims", "attack_type"):
                pd.testing.assert_frame_equal(
                    cell_figures(*figures.grid_cells(mixed_store, flt, degrees, colour_by), colour_by),
                    grid_cells(rows, degrees, colour_by), check_dtype=False)
        with_cells = figures.overview(mixed_store, flt, GRIDS)  # the cells summed in the figures' pass
        assert figures.headline_of(with_cells, flt.count_awaiting) == headline_figures(table, flt.count_awaiting), flt
        assert figures.sector_toll_of(with_cells, flt.count_awaiting) == sector_figures(rows), flt
        for degrees in GRIDS:
            pd.testing.assert_frame_equal(
                cell_figures(*figures.cells_of(with_cells, degrees, flt.count_awaiting), "victims"),
                grid_cells(rows, degrees, "victims"), check_dtype=False)


# Killed and wounded per victim group: none told, ties (the first group wins), wounded outweighed by one killed, zeros.
CASUALTIES = [({}, {}), ({"police": 1, "pmf": 1}, {}), ({"pmf": 2}, {"police": 900}),
              ({}, {"civilians": 3, "unknown": 3}), ({"peshmerga": 0}, {"iraqi_army": 0}),
              ({"unknown": 1}, {"peshmerga": 5}),
              ({"civilians": 1}, {"civilians": 2, "pmf": 1}), ({"iraqi_army": 4, "police": 4}, {"police": 1}),
              ({"peshmerga": 2}, {}), ({}, {"unknown": 1})]


def test_the_main_victim_group_in_sql_is_the_one_pandas_picks(any_db_url):
    """store.figures.main_group_code names, row for row, the group analysis.tables.main_victim_group picks."""
    store = IncidentStore(any_db_url)
    report, incidents = synthetic_incidents(len(CASUALTIES), seed=2)
    store.add_incidents(report, [i.model_copy(update={"killed": Casualties(**killed), "wounded": Casualties(**wounded)})
                                 for i, (killed, wounded) in zip(incidents, CASUALTIES)])
    t = incidents_table.c
    with store.engine.connect() as conn:
        codes = dict(conn.execute(sa.select(t.incident_id, figures.main_group_code())).all())
    table = store.table()
    expected = dict(zip(table["incident_id"], main_victim_group(table)))
    assert {incident: figures.MAIN_GROUPS[code] for incident, code in codes.items()} == expected
    assert len(set(expected.values())) >= 5  # the cases above reach most groups


def test_a_page_of_the_table_is_the_latest_first(mixed_store):
    whole = mixed_store.table(OPENING_VIEW)
    pages = pd.concat([mixed_store.table(OPENING_VIEW, limit=100, offset=o) for o in range(0, len(whole), 100)])
    assert list(pages["incident_id"]) == list(whole["incident_id"][::-1])
    plain = lambda frame: frame.reset_index(drop=True).map(lambda v: None if pd.isna(v) else v)  # noqa: E731
    pd.testing.assert_frame_equal(plain(pages), plain(whole.iloc[::-1]), check_dtype=False)


def test_the_review_lists_are_pages_of_the_table_in_their_order(mixed_store):
    """The review queue (least confident first, none last, the latest first among equals) and the latest attacks
    for correction and split are read a page of ids at a time, and are the rows the whole table gives."""
    whole = mixed_store.table()
    waiting = whole[whole["status"] == "extracted"]
    queue = figures.review_queue(mixed_store, 40)
    assert (queue["waiting"], queue["awaiting"]) == (len(waiting), int(waiting["awaiting_review"].sum()))
    assert queue["awaiting"] > 0
    expected = waiting.sort_values(["confidence", "event_date", "incident_id"], ascending=[True, False, True],
                                   na_position="last")
    assert queue["ids"] == list(expected["incident_id"].head(40))
    assert figures.latest_ids(mixed_store, 30) == list(whole["incident_id"].tail(30))[::-1]
    several = whole[whole["source_count"] > 1]
    assert len(several) > 0
    assert figures.latest_ids(mixed_store, 30, several_sources=True) == list(several["incident_id"].tail(30))[::-1]
