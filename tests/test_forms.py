"""The forms an analyst fills (Add reports, Feeds) through Streamlit's AppTest on a real SQLite file, and what
a link's query asks for (store.query)."""
import json
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store.query import IncidentFilter, parse_minimum
from tests.markdown import as_shown

ROOT = Path(__file__).resolve().parent.parent
ADD_REPORTS = str(ROOT / "pages" / "3_Add_reports.py")
FEEDS = str(ROOT / "pages" / "5_Feeds.py")
REPORT = ("ISIS militants attacked a Peshmerga post in Kifri on Sunday night, killing three Peshmerga fighters "
          "and two civilians.")


@pytest.fixture
def add_reports(seeded_store, monkeypatch) -> AppTest:
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", seeded_store.url)
    return AppTest.from_file(ADD_REPORTS, default_timeout=60).run()


def fill(app: AppTest, text: str, published: date | None = None, **fields: str) -> AppTest:
    app.text_area[0].input(text)
    if published:
        app.date_input[0].set_value(published)
    for label, value in fields.items():
        next(t for t in app.text_input if t.label == label).input(value)
    return app


def headers(table) -> dict[str, str]:
    """What st.dataframe shows as each column's header (its label, else its name); hidden ones left out."""
    config = json.loads(table.proto.columns or "{}")
    return {c: config.get(c, {}).get("label", c) for c in table.value.columns if not config.get(c, {}).get("hidden")}


def test_a_stored_report_leaves_an_empty_form_for_the_next(add_reports, seeded_store):
    app = fill(add_reports, REPORT, date(2021, 11, 29), Title="Attack in Kifri", URL="https://esta.krd/1",
               **{"Source (outlet)": "ESTA"})
    next(b for b in app.button if b.label == "Extract and store").click().run()
    assert not app.exception and seeded_store.count() == 5
    assert "1 new incident" in app.success[0].value  # said after the form was emptied
    assert app.text_area[0].value == "" and app.date_input[0].value is None
    assert [t.value for t in app.text_input if t.label in ("Title", "URL", "Source (outlet)")] == ["", "", ""]
    app.run()
    assert not app.success  # said once


def test_a_refused_report_stays_in_the_form_and_says_to_fill_the_published_field(add_reports, seeded_store):
    app = fill(add_reports, REPORT, Title="Undated")
    next(b for b in app.button if b.label == "Extract and store").click().run()
    [error] = app.error
    assert not app.success  # nothing read: no "0 report(s) read" in green beside the refusal
    assert "publication date" in error.value and "Published field" in error.value
    assert "--published" not in error.value and seeded_store.count() == 4
    assert app.text_area[0].value == REPORT and app.text_input[0].value == "Undated"  # kept, to add the date
    next(b for b in app.button if b.label == "Extract (preview)").click().run()
    assert "Published field" in app.error[0].value and "--published" not in app.error[0].value


def test_a_report_naming_no_attack_says_so_without_an_empty_list(add_reports):
    app = fill(add_reports, "The governor of Kirkuk met farmers on Sunday to discuss the harvest.", date(2021, 11, 29))
    next(b for b in app.button if b.label == "Extract (preview)").click().run()
    assert not app.exception and not app.dataframe[:-1]  # only the review table
    assert any("no sentence names an attack" in i.value for i in app.info)
    assert not any("0 incident" in h.value for h in app.subheader)
    assert not [e for e in app.expander if e.label == "Sentences not taken, and why"]
    app = fill(app, "Militants attacked a village on Sunday.", date(2021, 11, 29))
    next(b for b in app.button if b.label == "Extract (preview)").click().run()
    [why] = [e for e in app.expander if e.label == "Sentences not taken, and why"]
    assert "no place named" in why.markdown[0].value  # an attack word, but no place: said why


def test_the_preview_splits_the_toll_by_victim_group_and_gives_the_confidence(add_reports):
    app = fill(add_reports, REPORT, date(2021, 11, 29))
    next(b for b in app.button if b.label == "Extract (preview)").click().run()
    preview = app.dataframe[0].value
    assert list(preview["killed"]) == ["5"]
    assert "Peshmerga 3 killed" in preview["victims"].iloc[0] and "Civilians 2 killed" in preview["victims"].iloc[0]
    assert 0 < preview["confidence"].iloc[0] <= 1


def test_the_review_table_shows_the_attack_not_its_id(add_reports, seeded_store):
    review = next(t for t in add_reports.dataframe if "select" in t.value.columns)
    shown = headers(review)
    assert "incident_id" not in shown and {"date", "location", "killed", "wounded"} <= set(shown)
    assert not any(i.incident_id in str(v) for i in seeded_store.incidents()
                   for c in shown for v in review.value[c])


def test_the_feeds_tables_have_sentence_case_headers(seeded_store, monkeypatch, tmp_path):
    from reports.reading import build_report
    from watch import config as watch_config
    from watch.config import Feed

    monkeypatch.setenv("FRONTLINE_DATABASE_URL", seeded_store.url)
    monkeypatch.setenv("FRONTLINE_CONFIG", str(tmp_path / "frontline.toml"))
    watch_config.add_feed(Feed(name="ESTA", url="http://127.0.0.1:9/rss"), watch_config.default_path())
    seeded_store.ingest([build_report(REPORT, "pasted", published="2021-11-29")])
    app = AppTest.from_file(FEEDS, default_timeout=60).run()
    assert not app.exception and len(app.dataframe) == 3  # new incidents, feeds, fetched articles
    assert "incident_id" not in headers(app.dataframe[0])  # date, place and toll say which attack it is
    for table in app.dataframe:
        for header in headers(table).values():
            assert header[0].isupper() and header[1:] == header[1:].lower() or header == "URL", header


def test_a_negative_minimum_must_be_zero_or_more():
    flt, said = IncidentFilter.read_query({"min_fatalities": "-5"})
    assert flt.min_fatalities is None and said == ["min_fatalities=-5 (must be 0 or more)"]
    assert IncidentFilter.read_query({"min_fatalities": "x"})[1] == ["min_fatalities=x (not a whole number)"]
    with pytest.raises(ValueError, match="must be 0 or more: '-5'"):  # the command line's message
        parse_minimum("-5")


def test_a_link_key_that_is_no_filter_is_said():
    flt, said = IncidentFilter.read_query({"foo": "bar", "sector": ["Sinjar"], "incident": "abc-1"})
    assert flt.sectors == ("Sinjar",) and said == ["foo=bar (not a filter)"]  # the map's `incident` is known
    assert IncidentFilter.read_query(IncidentFilter(min_fatalities=3, area="study").to_query())[1] == []


def test_a_link_notice_goes_once_the_analyst_changes_a_filter_or_moves_to_another_page(seeded_store, monkeypatch):
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", seeded_store.url)
    app = AppTest.from_file(str(ROOT / "pages" / "2_Incidents.py"), default_timeout=60)
    app.query_params.update({"min_fatalities": "-5", "foo": "bar"})
    app.run()

    def notice(app):
        return [as_shown(w.value) for w in app.sidebar.warning if w.value.startswith("Left out of this link")]

    assert notice(app) == ["Left out of this link: min_fatalities=-5 (must be 0 or more), foo=bar (not a filter)"]
    app.run()
    assert len(notice(app)) == 1  # the page's rerun, the view unchanged: still the link's view
    next(n for n in app.sidebar.number_input if n.label == "Minimum fatalities").set_value(4).run()
    assert not notice(app) and not app.exception
    moved = AppTest.from_file(str(ROOT / "pages" / "2_Incidents.py"), default_timeout=60)
    moved.session_state["link_notice"] = ("Left out of this link: foo=bar (not a filter)", None)
    moved.session_state["last_filter_query"] = {"min_fatalities": ["4"]}  # a move here drops the link's query
    moved.run()
    assert not notice(moved) and not moved.exception
