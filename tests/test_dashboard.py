"""The dashboard's page logic through Streamlit's AppTest, on a real seeded SQLite file."""
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from bench.synthetic import synthetic_incidents
from store.database import IncidentStore
from tests.markdown import as_shown
from ui.viewport import cell_degrees, grid_cells, located

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = str(ROOT / "dashboard.py")


@pytest.fixture
def seeded_env(seeded_store, monkeypatch):
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", seeded_store.url)
    return seeded_store


MAP_PAGES = (DASHBOARD, str(ROOT / "pages" / "0_Map.py"))


def run_page(path: str, **query) -> AppTest:
    """The page as the analyst sees it: the map page's opening run draws its figures and map, and the run the
    map asks for once drawn (it reports its view; run here by hand) the filters and the rest."""
    app = AppTest.from_file(path, default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    return app.run() if path in MAP_PAGES else app


def metrics(app):
    return {m.label: m.value for m in app.metric}


def killed_by_group(app) -> dict[str, int]:
    """The map page's line of killed per victim group, as {label: number}."""
    line = next(c.value for c in app.caption if c.value.startswith("Killed by victim group"))
    parts = line.split(": ", 1)[1].split(". ")[0].split(" · ")
    return {p.rsplit(" ", 1)[0]: int(p.rsplit(" ", 1)[1].strip("*").replace(",", "")) for p in parts}


def test_opens_on_the_stored_incidents(seeded_env):
    app = run_page(DASHBOARD)
    assert not app.exception
    assert metrics(app)["Incidents"] == "4" and metrics(app)["Killed"] == "25"
    groups = killed_by_group(app)
    assert groups["Peshmerga"] == 22 and groups["Civilians"] == 3
    assert sum(groups.values()) == 25 and "Unknown / not stated" in groups  # the parts add up to the total


def test_date_range_filters_metrics_and_writes_the_url(seeded_env):
    app = run_page(DASHBOARD)
    app.slider[0].set_value((date(2021, 12, 1), date(2021, 12, 5))).run()
    app.run()  # the slider writes the URL; the next run reads it back
    assert metrics(app)["Incidents"] == "1" and metrics(app)["Killed"] == "4" and metrics(app)["Wounded"] == "2"
    assert app.query_params["from"] in ("2021-12-01", ["2021-12-01"])


def test_a_shared_link_reproduces_the_view(seeded_env):
    app = run_page(DASHBOARD, sector="Garmian (Kifri–Kalar)")
    assert metrics(app)["Incidents"] == "2" and metrics(app)["Killed"] == "8"
    assert app.multiselect[0].value == ["Garmian (Kifri–Kalar)"]


def test_the_opening_run_draws_the_links_view_and_the_filters_come_next(seeded_env):
    app = AppTest.from_file(DASHBOARD, default_timeout=60)
    app.query_params["sector"] = "Garmian (Kifri–Kalar)"
    app.query_params["to"] = "2021-12-01"
    app.run()  # the page just opened: figures and map, from the link
    assert not app.exception and metrics(app)["Incidents"] == "2"
    assert not app.multiselect and not app.slider and not app.text_input
    assert any("shown once the map is drawn" in c.value for c in app.sidebar.caption)
    app.run()  # the run the drawn map asks for: the same view, its filters and search box now drawn
    assert metrics(app)["Incidents"] == "2" and app.multiselect[0].value == ["Garmian (Kifri–Kalar)"]
    assert app.date_input[1].value == date(2021, 12, 1) and app.text_input(key="search")
    assert app.query_params["to"] in ("2021-12-01", ["2021-12-01"])
    app.run()  # later runs draw everything at once
    assert app.multiselect and not any("shown once the map is drawn" in c.value for c in app.sidebar.caption)


def test_incidents_page_table_and_downloads_follow_the_filter(seeded_env):
    app = run_page(str(ROOT / "pages" / "2_Incidents.py"), victims="civilians")
    assert not app.exception
    table = app.dataframe[0].value
    assert list(table.columns[:7]) == ["date", "place", "governorate", "sector", "killed", "wounded", "victims"]
    assert list(table["place"]) == ["Khidrjija"] and list(table["perpetrator"]) == ["ISIS"]
    assert str(table["date"].iloc[0]) == "2021-11-29 – 2021-12-03" and list(table["precision"]) == ["Exact place"]
    assert table["map"].iloc[0].startswith("/?victims=civilians&") and "incident=" in table["map"].iloc[0]
    assert app.title[0].value == "Incidents (1)"


def test_trends_page(seeded_env):
    app = run_page(str(ROOT / "pages" / "1_Trends.py"))
    assert not app.exception
    table = app.dataframe[0].value
    assert table.loc["Total", "Total"] == 4 and len(table) == 9 + 1  # every sector, and the total


def test_empty_store_explains_how_to_add_reports(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    IncidentStore(url)
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", url)
    app = run_page(DASHBOARD)
    assert not app.exception
    assert "Add reports" in app.info[0].value


REPORT = ("ISIS militants attacked a Peshmerga post in Kifri on Sunday night, killing two Peshmerga fighters "
          "and wounding three others.")


def test_add_reports_page_previews_then_stores(seeded_env):
    page = str(ROOT / "pages" / "3_Add_reports.py")
    app = run_page(page)
    app.text_area[0].input(REPORT)
    app.date_input[0].set_value(date(2021, 11, 29))
    app.button[0].click().run()  # preview
    assert not app.exception and seeded_env.count() == 4
    preview = app.dataframe[0].value
    assert list(preview["location"]) == ["Kifri"] and list(preview["killed"]) == ["2"]  # "–" when not known
    assert list(preview["perpetrator"]) == ["ISIS"] and list(preview["precision"]) == ["Exact place"]
    app.text_area[0].input(REPORT)
    app.date_input[0].set_value(date(2021, 11, 29))
    app.button[1].click().run()  # store
    assert "1 new incident" in app.success[0].value
    assert seeded_env.count() == 5


def test_add_reports_page_refuses_an_undated_paste(seeded_env):
    app = run_page(str(ROOT / "pages" / "3_Add_reports.py"))
    app.text_area[0].input(REPORT)
    app.button[1].click().run()
    assert "publication date" in app.error[0].value and seeded_env.count() == 4


def test_review_accepts_selected_incidents(seeded_env):
    app = run_page(str(ROOT / "pages" / "3_Add_reports.py"))
    assert "4 incident(s) waiting" in app.caption[0].value
    accept = next(b for b in app.button if b.label == "Accept selected")
    assert accept.disabled


def test_places_page_fixes_a_name_for_every_incident(store, monkeypatch):
    from reports.reading import build_report

    monkeypatch.setenv("FRONTLINE_DATABASE_URL", store.url)
    store.ingest([build_report("Published: 2021-09-01\n\nOn Tuesday, ISIS fighters attacked Dogshman village in "
                               "the Rashad sub-district of southern Kirkuk province, killing a shepherd.")])
    app = run_page(str(ROOT / "pages" / "4_Places.py"))
    assert not app.exception and app.selectbox[0].value == "Dogshman"
    assert app.selectbox[1].value is None  # no entry named Dogshman lies in the Rashad sub-district
    app.text_input[0].input("Rashad").run()
    assert app.selectbox[1].value.admin1 == "Kirkuk"  # Al-Rashad sub-district, not Baghdad's Al-Rasheed
    app.selectbox[1].select_index(next(i for i, o in enumerate(app.selectbox[1].options) if "Baghdad" in o)).run()
    assert "from Kirkuk to Baghdad" in " ".join(m.value for m in app.markdown)
    assert next(b for b in app.button if b.label == "Use this entry").disabled  # until confirmed
    app.radio[0].set_value("Clicking the map").run()
    app.number_input[0].set_value(35.05)
    app.number_input[1].set_value(43.98).run()
    assert "4 km, within Kirkuk" in " ".join(m.value for m in app.markdown)
    next(b for b in app.button if b.label == "Place it here").click().run()
    assert "1 incident(s) moved" in app.success[0].value
    incident = store.incidents()[0]
    assert (incident.latitude, incident.longitude) == (35.05, 43.98)


def test_week_steps_move_the_window(seeded_env):
    app = run_page(DASHBOARD, **{"from": "2021-11-30", "to": "2021-12-01"})
    assert metrics(app)["Incidents"] == "3"
    next(b for b in app.button if b.label == "week ▶").click().run()
    app.run()
    assert metrics(app)["Incidents"] == "1"  # the window moved on to 5-6 December


def test_review_page_applies_a_correction(seeded_env):
    app = run_page(str(ROOT / "pages" / "3_Add_reports.py"))
    choice = app.selectbox(key="correct_incident")
    choice.select_index(next(i for i, label in enumerate(choice.options) if "Qara Salim" in label))
    app.number_input(key="k-peshmerga").set_value(5)
    app.text_input[-1].input("Later ministry figure")
    next(b for b in app.button if b.label == "Apply correction").click().run()
    assert not app.exception
    qara_salim = next(i for i in seeded_env.incidents() if i.location == "Qara Salim")
    assert qara_salim.killed.peshmerga == 5 and qara_salim.status == "reviewed"
    assert qara_salim.sources[-1].outlet == "Analyst correction"


def test_the_map_opens_on_the_study_area_and_a_link_can_ask_for_everywhere(seeded_env):
    from reports.reading import build_report
    from tests.test_analysis import BAGHDAD

    seeded_env.ingest([build_report(BAGHDAD)])
    assert metrics(run_page(DASHBOARD))["Incidents"] == "4"  # the Baghdad bombing is outside
    everywhere = run_page(DASHBOARD, area="all")
    assert metrics(everywhere)["Incidents"] == "5"
    outside = run_page(str(ROOT / "pages" / "2_Incidents.py"), area="outside")
    assert list(outside.dataframe[0].value["area"]) == ["outside"]
    listed = run_page(str(ROOT / "pages" / "2_Incidents.py"), area="all").dataframe[0].value
    assert all("area=all" in link for link in listed["map"])  # the map opens on the attack, wherever it is
    nowhere = run_page(DASHBOARD, area="nowhere")  # a bad value falls back to the study area, not to everywhere
    assert metrics(nowhere)["Incidents"] == "4"
    assert any("area=nowhere" in as_shown(w.value) for w in nowhere.warning
               if w.value.startswith("Left out of this link"))


def test_a_quiet_sector_can_be_chosen_and_says_it_is_quiet(seeded_env):
    from ui.viewport import sector_view

    app = run_page(DASHBOARD, sector="Sinjar")
    assert not app.exception and metrics(app)["Incidents"] == "0"
    assert app.multiselect[0].value == ["Sinjar"]
    assert "No attack in Sinjar" in app.warning[0].value
    (lat, lon), zoom = sector_view("Sinjar")
    assert 36 < lat < 36.7 and 41.3 < lon < 42.4 and zoom >= 8


@pytest.mark.parametrize("query, said", [
    ({"source": "Rudaw"}, ["source=Rudaw (not offered)"]),
    ({"type": "bogus"}, ["type=bogus (not offered)"]),
    ({"from": "9999-99-99"}, ["from=9999-99-99 (not a date)"]),
    ({"from": "2024-13-45", "to": "abc"}, ["from=2024-13-45 (not a date)", "to=abc (not a date)"]),
    ({"incident": "abc"}, ["incident=abc (not stored here)"]),
    ({"from": "2099-01-01"}, [f"from=2099-01-01 (after today: {date.today()})"]),
    ({"to": "2001-01-01"}, ["to=2001-01-01 (before the first attack: 2021-11-30)"]),
    ({"from": "2021-12-05", "to": "2021-11-30"}, ["to=2021-11-30 (before from: read as 2021-12-05)"]),
])
def test_a_bad_link_says_what_it_left_out_and_keeps_saying_it(seeded_env, query, said):
    app = run_page(DASHBOARD, **query)
    for _ in range(2):  # the page's own rerun rewrites the link without the values: the notice stays
        notice = [as_shown(w.value) for w in app.warning if w.value.startswith("Left out of this link")]
        assert len(notice) == 1 and all(part in notice[0] for part in said)
        app.run()


def test_the_search_is_in_the_link_and_the_figures_follow_it(seeded_env):
    app = run_page(DASHBOARD, q="dibis")  # a shared link with a search opens on it
    assert app.text_input(key="search").value == "dibis"
    assert metrics(app)["Incidents"] == "1" and metrics(app)["Killed"] == "4"
    assert any("Search “dibis”: 1 of the filter's 4 attacks" in c.value for c in app.caption)
    app.text_input(key="search").input("diyala").run()  # typed: the figures and the link follow
    assert metrics(app)["Incidents"] == "2" and app.query_params["q"] in ("diyala", ["diyala"])
    for page in ("pages/1_Trends.py", "pages/4_Places.py"):  # away by the sidebar (the query dropped) and back
        app.switch_page(page)
        app.query_params.clear()
        app.run()
        app.run()  # a second run there (any change) keeps it too
        assert not app.exception
        app.switch_page("pages/0_Map.py")
        app.query_params.clear()
        app.run()
        assert app.text_input(key="search").value == "diyala" and metrics(app)["Incidents"] == "2"
        assert app.query_params["q"] in ("diyala", ["diyala"])
    app.text_input(key="search").input("").run()  # cleared: every attack of the filter, and no q in the link
    assert metrics(app)["Incidents"] == "4" and "q" not in app.query_params


def test_pages_that_do_not_search_leave_the_search_out_of_their_links(seeded_env):
    trends = run_page(str(ROOT / "pages" / "1_Trends.py"), q="kulajo")  # Trends does not apply it: not in its link
    assert not trends.exception and "q" not in trends.query_params
    assert not any("q=kulajo" in w.value for w in trends.warning)  # nor is it a value left out
    incidents = run_page(str(ROOT / "pages" / "2_Incidents.py"), q="kulajo")
    links = incidents.dataframe[0].value["map"]
    assert len(links) == 4 and not any("q=" in link for link in links)  # every attack listed opens on the map


def test_a_linked_attack_outside_the_view_says_why_while_the_view_is_the_links(seeded_env):
    kulajo = next(i for i in seeded_env.incidents() if i.location == "Kulajo").incident_id
    app = run_page(DASHBOARD, incident=kulajo, sector="Kirkuk–Dibis–Prde")
    assert not app.exception
    assert any("outside the dates, sector or area chosen" in i.value for i in app.info)
    app.multiselect[0].set_value([]).run()  # widened: the attack is shown, nothing to say
    assert not app.info
    app.multiselect[0].set_value(["Kirkuk–Dibis–Prde"]).run()  # another view than the link's: no stale line
    assert not app.info
    searched = run_page(DASHBOARD, incident=kulajo, q="dibis")
    assert any("hidden by the search “dibis”" in i.value for i in searched.info)
    rejected = next(i for i in seeded_env.incidents() if i.location == "Kifri").incident_id
    seeded_env.set_status([rejected], "rejected")
    app = run_page(DASHBOARD, incident=rejected)
    assert any(f"incident={rejected} (its review status is not shown" in as_shown(w.value) for w in app.warning)


def test_link_values_are_shown_as_typed_not_as_markdown(seeded_env):
    app = run_page(DASHBOARD, incident="![x](http://203.0.113.9/p.png)", type="[Login](http://evil.example)")
    [notice] = [w.value for w in app.warning if w.value.startswith("Left out of this link")]
    assert "\\!\\[x\\]\\(http" in notice and "\\[Login\\]" in notice  # every Markdown character escaped
    assert "incident=![x](http://203.0.113.9/p.png)" in as_shown(notice)  # and read as typed


def test_an_alerts_box_is_kept_said_and_can_be_dropped(seeded_env):
    app = run_page(DASHBOARD, bbox="44.9,34.5,45.1,34.7")  # around Kifri, as an alert's link gives
    assert metrics(app)["Incidents"] == "1" and app.query_params["bbox"] in ("44.9,34.5,45.1,34.7",
                                                                            ["44.9,34.5,45.1,34.7"])
    app.run()
    assert metrics(app)["Incidents"] == "1"  # kept on later runs, not dropped after the opening one
    next(b for b in app.button if b.label == "Drop the link's box").click().run()
    assert metrics(app)["Incidents"] == "4" and "bbox" not in app.query_params


def test_an_empty_store_draws_its_filters_at_once(tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.sqlite'}")
    app = AppTest.from_file(DASHBOARD, default_timeout=60).run()  # no map to ask for the next run
    assert not app.exception and app.slider and not any("once the map is drawn" in c.value for c in app.caption)


def test_review_and_places_tables_use_plain_headers_and_a_dash_for_unknown_counts(seeded_env):
    from analysis.labels import NOT_GIVEN, column_labels, count_label

    assert count_label(None) == NOT_GIVEN and count_label(7) == "7" and count_label(7.0) == "7"
    assert column_labels(["unresolved_place", "located_at", "example_incident", "x"]) == {
        "unresolved_place": "Place name", "located_at": "Placed at", "example_incident": "Example incident"}
    assert set(column_labels(["fetched_at", "incidents_new", "incident_id"]).values()) == {
        "Fetched", "New incidents", "Incident"}
    app = run_page(str(ROOT / "pages" / "3_Add_reports.py"))
    assert not app.exception
    review = next(t for t in app.dataframe if "select" in t.value.columns).value
    cells = {str(v) for v in [*review["killed"], *review["wounded"]]}
    assert "None" not in cells and "nan" not in cells and NOT_GIVEN in cells


@pytest.mark.parametrize("page", ["3_Add_reports.py", "4_Places.py", "5_Feeds.py"])
def test_pages_without_filters_keep_the_links_filter(seeded_env, page, tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTLINE_CONFIG", str(tmp_path / "frontline.toml"))
    app = run_page(str(ROOT / "pages" / page), **{"from": "2021-12-01", "sector": "Garmian (Kifri–Kalar)"})
    assert not app.exception
    assert app.query_params["from"] in ("2021-12-01", ["2021-12-01"])  # the link keeps its view
    app = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=60)
    app.session_state["last_filter_query"] = {"from": ["2021-12-01"]}  # came from another page: put back
    app.run()
    assert not app.exception and app.query_params["from"] in ("2021-12-01", ["2021-12-01"])


def test_trends_gives_each_victim_group_its_own_colour_and_notes_read_cleanly(seeded_env):
    import json
    import tomllib

    from ui.symbols import PRECISION_NOTES

    app = run_page(str(ROOT / "pages" / "1_Trends.py"))
    assert not app.exception
    charts = [e for e in app.main.children.values() if getattr(e, "type", None) == "vega_lite_chart"]
    colour = json.loads(charts[-1].proto.spec)["encoding"]["color"]
    assert colour["field"] == "victims" and len(set(colour["scale"]["range"])) == len(colour["scale"]["domain"]) == 6
    assert not any("(" in note for note in PRECISION_NOTES.values())  # shown in brackets after the place's name
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == 50  # the upload box says what the product accepts


def test_the_maps_cells_follow_the_filter_the_search_the_zoom_and_the_stored_data(store):
    """The grid cells are cached across runs and sessions: each change of what they show makes new ones."""
    import streamlit as st

    from store.query import IncidentFilter
    from ui.app import DATA_VERSION, selection

    store.add_incidents(*synthetic_incidents(3000, seed=2))
    everything = IncidentFilter()
    table = store.table(everything)
    cells = selection(store, everything).cells(7, "victims")
    pd.testing.assert_frame_equal(cells, grid_cells(table, cell_degrees(7)), check_dtype=False)  # the database's
    assert cells["attacks"].sum() == len(table)
    assert len(selection(store, everything).cells(10, "victims")) > len(cells)  # zoomed in: finer cells
    spring = IncidentFilter(date_from=date(2020, 3, 1), date_to=date(2020, 5, 31))
    narrowed = store.table(spring)
    assert 0 < len(narrowed) < len(table)
    assert selection(store, spring).cells(7, "victims")["attacks"].sum() == len(narrowed)
    searched = selection(store, everything, "kirkuk")  # the search narrows the filter's rows in memory
    assert 0 < searched.cells(7, "victims")["attacks"].sum() == len(located(searched.rows)) < len(table)
    store.add_incidents(*synthetic_incidents(50, seed=3))
    st.session_state.pop(DATA_VERSION, None)  # as get_store does at the start of each run
    grown = store.table(everything)
    assert selection(store, everything).cells(7, "victims")["attacks"].sum() == len(grown) == len(table) + 50


def reported_view(app: AppTest, south: float, west: float, north: float, east: float, zoom: int = 13) -> AppTest:
    """The page's run after the map reported this view (as streamlit-folium returns it)."""
    app.session_state["map-victims"] = {"zoom": zoom, "bounds": {"_southWest": {"lat": south, "lng": west},
                                                                 "_northEast": {"lat": north, "lng": east}}}
    return app.run()


def list_caption(app: AppTest) -> str:
    return next(c.value for c in app.caption if "in view" in c.value)


@pytest.mark.parametrize("many", [False, True])
def test_the_list_beside_the_map_follows_the_view_the_map_reported(seeded_env, many):
    if many:  # above DETAIL_LIMIT: the map draws grid cells, and the list still follows the view
        seeded_env.add_incidents(*synthetic_incidents(1200, seed=3))
    table = seeded_env.table()
    app = run_page(DASHBOARD, area="all")
    reported_view(app, 30.0, 40.0, 30.05, 40.05)  # about 5 km of empty desert
    assert list_caption(app).startswith("No attack in view")
    assert all(not table.value.empty for table in app.dataframe)  # no blank list drawn beside the map
    one = table.dropna(subset=["latitude"]).iloc[0]
    reported_view(app, one.latitude - 0.01, one.longitude - 0.01, one.latitude + 0.01, one.longitude + 0.01)
    near = table[(table.latitude - one.latitude).abs().le(0.01) & (table.longitude - one.longitude).abs().le(0.01)]
    assert list_caption(app).startswith(f"{len(near)} attack(s) in view") and len(app.dataframe[0].value) == len(near)
    reported_view(app, 20, 30, 45, 60, zoom=5)  # the whole region
    located = table.dropna(subset=["latitude"])
    assert list_caption(app).startswith(f"{len(located):,} attack(s) in view" if len(located) <= 500
                                        else f"The latest 500 of {len(located):,} attacks in view")


def test_a_link_holds_the_attack_it_opens(seeded_env):
    kulajo = next(i for i in seeded_env.incidents() if i.location == "Kulajo").incident_id
    app = run_page(DASHBOARD, incident=kulajo)
    app.run()  # the page settles: the link still names the attack, so a copy of it reopens it
    assert app.query_params["incident"] in (kulajo, [kulajo])
    app.multiselect[0].set_value(["Kirkuk–Dibis–Prde"]).run()  # filtered out by the analyst: dropped
    assert "incident" not in app.query_params
    assert "incident" not in run_page(DASHBOARD, incident="abc").query_params  # not stored: said, and dropped


def test_the_places_table_gives_a_dash_not_none(store, monkeypatch):
    from reports.reading import build_report

    monkeypatch.setenv("FRONTLINE_DATABASE_URL", store.url)
    store.ingest([build_report("Published: 2021-09-01\n\nOn Tuesday, ISIS fighters attacked Xazrabad village, "
                               "killing a shepherd.")])
    app = run_page(str(ROOT / "pages" / "4_Places.py"))
    assert not app.exception
    shown = app.dataframe[0].value
    assert not shown.isna().any().any() and "None" not in shown.astype(str).to_numpy()


@pytest.fixture
def listening_everywhere(monkeypatch):
    """The dashboard's server.address set to every interface (AppTest runs in this process: its config is ours)."""
    from streamlit import config
    monkeypatch.delenv("FRONTLINE_TEAM", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", "/nonexistent")  # no team.toml in the user's configuration folder
    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    yield
    config.set_option("server.address", before)


def test_reachable_beyond_loopback_without_team_settings_every_visitor_is_a_viewer(seeded_env, listening_everywhere,
                                                                                   caplog):
    app = AppTest.from_file(DASHBOARD, default_timeout=60).run()  # the opening run (as AppTest shows the sidebar)
    [warning] = app.sidebar.warning
    assert "listens on 0.0.0.0, not on loopback only: anyone who reaches it is a viewer" in warning.value
    assert warning.value in caplog.text  # and in the server's log
    page = run_page(str(ROOT / "pages" / "3_Add_reports.py"))
    assert "needs the analyst role; visitor is a viewer" in page.info[0].value
    store = next(b for b in page.button if b.label == "Extract and store")
    assert store.disabled and seeded_env.count() == 4


def test_zoomed_in_the_map_draws_the_whole_cells_of_the_area_drawn(store):
    """Zoomed in (cells under CELLS_EVERYWHERE), only the cells of the area drawn are computed, each one whole: the
    same figures as those cells among every cell of the filter, from the database and from a search's rows alike.
    Zoomed out, every cell of the filter, whatever the area."""
    from store.query import IncidentFilter
    from ui.app import selection
    from ui.views import CELLS_EVERYWHERE, cell_area

    store.add_incidents(*synthetic_incidents(3000, seed=2))
    area = ((35.27, 44.13), (35.61, 44.58))  # around Kirkuk, as ui.viewport.steady_bounds gives it
    for shown in (selection(store, IncidentFilter()), selection(store, IncidentFilter(), "kirkuk")):
        assert cell_degrees(10) < CELLS_EVERYWHERE <= cell_degrees(8)
        everywhere = shown.cells(10, "victims")
        west, south, east, north = cell_area(area, cell_degrees(10))
        inside = everywhere[everywhere["latitude"].between(south, north) & everywhere["longitude"].between(west, east)]
        drawn = shown.cells(10, "victims", area)
        assert 0 < len(drawn) == len(inside) < len(everywhere)
        pd.testing.assert_frame_equal(drawn.reset_index(drop=True), inside.reset_index(drop=True), check_dtype=False)
        pd.testing.assert_frame_equal(shown.cells(8, "victims", area), shown.cells(8, "victims"))
