"""A hostile-input review, kept as tables of cases: input, what is stored, what is said. One bad row, link,
value or file never breaks an import, a page or the totals; nothing is lost, doubled or injected.

The next reviewer adds a row to a table. What already held when this file was written (SQL injection,
XSS in popups, CSV formula injection, password leaks, kill -9 during ingest, concurrent ingests) is
tested in test_store, test_dashboard, test_datasets, test_cli, test_kill and the browser tests. The watcher's
cases (feeds that lead inward, robots.txt, huge pages, terminal escapes, the feeds file, lost news) are tables
in test_watch_hostile and test_watch_news.
"""
from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError
from streamlit.testing.v1 import AppTest

from bench.synthetic import synthetic_incidents
from cli.main import main
from exchange.dataset_files import DatasetFile, import_dataset, read_dataset
from exchange.datasets import ACLED_COLUMNS
from extraction.extract import extract
from incidents.confidence import awaiting_review
from incidents.dedup import consolidate
from incidents.model import (EARLIEST_DATE, FIGURE_GUARDRAIL, GUARDRAIL_REASON, MAX_COUNT, MAX_FATALITIES,
                             Casualties, Incident, SourceRef, latest_date)
from store.query import IncidentFilter, date_window
from reports.reading import build_report, read_reports
from store.database import IncidentStore
from tests.markdown import as_shown

ROOT = Path(__file__).resolve().parent.parent
UCDP_SAMPLE = Path(__file__).parent / "data" / "ucdp_ged_sample.csv"
TOMORROW = date.today() + timedelta(days=1)

# -- imports: one bad row is refused with its line, the good rows around it land ---------------------------
ACLED_GOOD = {
    "event_id_cnty": "IRQ1", "event_date": "2021-12-05", "year": "2021", "time_precision": "1",
    "disorder_type": "Political violence", "event_type": "Battles", "sub_event_type": "Armed clash",
    "actor1": "Islamic State (Iraq)", "inter1": "2", "actor2": "Military Forces of Iraq (2020-) Peshmerga",
    "iso": "368", "region": "Middle East", "country": "Iraq", "admin1": "Kirkuk", "admin2": "Kirkuk",
    "location": "Qara Salim", "latitude": "35.79", "longitude": "44.30", "geo_precision": "1", "source": "Rudaw",
    "notes": "IS militants attacked Peshmerga near Qara Salim.", "fatalities": "4", "timestamp": "1639000000"}

# (case, the middle row's values, what is said about its line 3, or None when it is stored without a word)
ACLED_ROWS = [
    ("fatalities inf", {"fatalities": "inf"}, "fatalities 'inf' is not a count"),
    ("fatalities 1e30", {"fatalities": "1e30"}, "fatalities '1e30' is not a count"),
    ("fatalities 20 digits", {"fatalities": "12345678901234567890"}, f"a whole number from 0 to {MAX_COUNT:,}"),
    ("fatalities negative", {"fatalities": "-5"}, "fatalities '-5' is not a count"),
    ("fatalities fractional", {"fatalities": "3.9"}, "fatalities '3.9' is not a count"),
    ("fatalities words", {"fatalities": "many"}, "fatalities 'many' is not a count"),
    ("week before year 1", {"event_date": "0001-01-01", "time_precision": "2"}, "0001-01-01 is not between 1990"),
    ("month after year 9999", {"event_date": "9999-12-15", "time_precision": "3"}, "9999-12-15 is not between"),
    ("dated 2090", {"event_date": "2090-01-01"}, "2090-01-01 is not between 1990-01-01 and"),
    ("dated 9999-12-31", {"event_date": "9999-12-31"}, "9999-12-31 is not between 1990-01-01 and"),
    ("dated 1900", {"event_date": "1900-06-01"}, "1900-06-01 is not between"),
    ("not a date", {"event_date": "2021-02-30"}, "not a date: '2021-02-30'"),
    ("latitude 500", {"latitude": "500"}, "not a point on Earth"),
    ("latitude inf", {"latitude": "inf"}, "not a point on Earth"),
    ("longitude nan", {"longitude": "nan"}, "not a point on Earth"),
    ("latitude words", {"latitude": "north"}, "not numbers"),
    ("empty identifier", {"event_id_cnty": "  "}, "event_id_cnty is empty"),
    ("identifier repeated", {"event_id_cnty": "IRQ1"}, "event_id_cnty 'IRQ1' repeats line 2"),
    ("time precision 7", {"time_precision": "7"}, "time_precision '7' is not 1, 2 or 3"),
    ("NUL in the notes", {"notes": "an attack\x00"}, "a NUL character in a value"),
    ("NUL in the identifier", {"event_id_cnty": "IRQ\x002"}, "a NUL character in a value"),
]


def acled_file(path: Path, *rows: dict) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def with_bad_row(path: Path, bad: dict) -> Path:
    """A good row (line 2), the row under test (line 3), another good row (line 4)."""
    return acled_file(path, ACLED_GOOD, {**ACLED_GOOD, "event_id_cnty": "IRQ2", **bad},
                      {**ACLED_GOOD, "event_id_cnty": "IRQ3", "fatalities": "1"})


@pytest.mark.parametrize("case, bad, said", ACLED_ROWS, ids=[c[0] for c in ACLED_ROWS])
def test_a_bad_acled_row_is_refused_with_its_line_and_the_rest_lands(store, tmp_path, case, bad, said):
    summary = import_dataset(store, "acled", with_bad_row(tmp_path / "acled.csv", bad))
    assert (summary.rows, summary.stored) == (3, 2)
    [error] = summary.errors
    assert error.startswith("line 3: ") and said in error
    stored = {i.external_id: i for i in store.incidents()}
    assert set(stored) == {"IRQ1", "IRQ3"} and stored["IRQ1"].fatalities_best == 4  # the first of a repeat counts
    assert store.table()["fatalities_best"].sum() == 5  # the totals hold only the good rows


# (case, UCDP columns changed in its first event (line 2), what is said)
UCDP_ROWS = [
    ("civilian deaths negative", {"deaths_civilians": "-100"}, "deaths_civilians '-100' is not a count"),
    ("side deaths 1e30", {"deaths_a": "1e30"}, "deaths_a '1e30' is not a count"),
    ("empty identifier", {"id": ""}, "id is empty"),
    ("latitude 500", {"latitude": "500"}, "not a point on Earth"),
    ("end before start", {"date_end": "2021-12-01 00:00:00.000"}, "is before date_start"),
]


@pytest.mark.parametrize("case, bad, said", UCDP_ROWS, ids=[c[0] for c in UCDP_ROWS])
def test_a_bad_ucdp_row_is_refused_and_cannot_lower_the_totals(store, tmp_path, case, bad, said):
    rows = list(csv.DictReader(UCDP_SAMPLE.open(encoding="utf-8")))
    rows[0].update(bad)
    path = tmp_path / "ged.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    summary = import_dataset(store, "ucdp", path)
    assert summary.errors[0].startswith("line 2: ") and said in summary.errors[0]
    assert summary.stored == 2 and "412001" not in {i.external_id for i in store.incidents()}
    assert store.table()["killed_total"].sum() == 11 + 1  # the sample's two other events, nothing taken away


def test_a_figure_above_the_guardrail_is_stored_but_flagged_for_review(store, tmp_path):
    summary = import_dataset(store, "acled", with_bad_row(tmp_path / "acled.csv",
                                                          {"fatalities": str(FIGURE_GUARDRAIL + 1)}))
    assert summary.stored == 3 and not summary.errors
    flagged = {i.external_id: i.review_reason for i in store.incidents()}
    assert GUARDRAIL_REASON in flagged["IRQ2"] and f"killed {FIGURE_GUARDRAIL + 1}" in flagged["IRQ2"]
    assert flagged["IRQ1"] == flagged["IRQ3"] == ""


def test_a_valid_point_outside_iraq_and_its_neighbours_is_left_out_not_refused(store, tmp_path):
    summary = import_dataset(store, "acled", with_bad_row(tmp_path / "acled.csv",
                                                          {"latitude": "15.35", "longitude": "44.2"}))  # Sanaa
    assert (summary.stored, summary.outside, summary.errors) == (2, 1, [])


def test_refused_rows_change_nothing_on_a_second_import(any_db_url, tmp_path):
    store = IncidentStore(any_db_url)
    path = with_bad_row(tmp_path / "acled.csv", {"fatalities": "-5"})
    import_dataset(store, "acled", path)
    again = import_dataset(store, "acled", path)
    assert (again.stored, again.already_stored, len(again.errors)) == (0, 2, 1) and store.count() == 2
    store.engine.dispose()


def test_a_file_is_read_in_batches_and_a_repeat_across_batches_is_still_refused(tmp_path):
    rows = [{**ACLED_GOOD, "event_id_cnty": f"IRQ{n}"} for n in range(1, 6)] + [{**ACLED_GOOD, "event_id_cnty": "IRQ2"}]
    dataset = DatasetFile("acled", acled_file(tmp_path / "acled.csv", *rows))
    batches = list(dataset.batches(size=2))
    assert [len(b) for b in batches] == [2, 2, 1]
    assert dataset.summary.errors == ["line 7: event_id_cnty 'IRQ2' repeats line 3"]


def test_an_imported_incident_is_what_consolidate_makes_of_its_one_source(tmp_path):
    for kind, path in (("acled", with_bad_row(tmp_path / "acled.csv", {"time_precision": "2"})),
                       ("ucdp", UCDP_SAMPLE)):
        for incident in read_dataset(kind, path)[1]:
            assert incident == consolidate(incident.incident_id, incident.sources).model_copy(
                update={"origin": kind, "external_id": incident.external_id, "confidence": None})


@pytest.mark.parametrize("command", [["import", "acled"], ["ingest"]])
def test_an_endless_input_is_refused_without_reading_it_whole(db_url, capsys, command):
    assert main(["--database", db_url, *command, "/dev/zero"]) in (1, 2)
    said = capsys.readouterr()
    assert "longer than 1,000,000 characters" in said.err or "file too large" in said.out


# (case, command-line arguments, exit status, what is said on standard error)
COMMAND_LINES = [
    ("23-digit minimum", ["export", "--min-fatalities", "1" * 23], 0, ""),
    ("superscript minimum", ["export", "--min-fatalities", "²"], 2, "not a whole number: '²'"),
    ("infinite box", ["export", "--bbox=-inf,-inf,inf,inf"], 2, "a box is four finite numbers"),
    ("no such day", ["export", "--from", "2021-02-30"], 2, "not a date (YYYY-MM-DD): '2021-02-30'"),
    ("no such publication day", ["ingest", "--published", "2021-02-30", "data/seeds"], 1, ""),
]


@pytest.mark.parametrize("case, args, status, said", COMMAND_LINES, ids=[c[0] for c in COMMAND_LINES])
def test_a_command_line_value_that_does_not_fit_is_one_line(db_url, capsys, monkeypatch, case, args, status, said):
    monkeypatch.chdir(ROOT)
    try:
        code = main(["--database", db_url, *args])
    except SystemExit as exit_:  # argparse refuses the value
        code = exit_.code
    out, err = capsys.readouterr()
    assert code == status and said in err and "Traceback" not in err
    if args[0] == "ingest":
        assert "is not a valid date" in out and "incidents new: 0" in out


# -- the model: no path into the store can bypass the checks --------------------------------------------------
def incident(**fields) -> Incident:
    day = date(2021, 12, 5)
    return Incident(**{"incident_id": "x", "event_date": day, "date_precision": "day", "date_start": day,
                       "date_end": day, **fields})


# (case, fields, what is said)
REFUSED_BY_THE_MODEL = [
    ("negative count", {"killed": {"civilians": -100}}, "-100 is not a count from 0 to 100,000"),
    ("count too large", {"wounded": {"police": MAX_COUNT + 1}}, "is not a count from 0 to 100,000"),
    ("fractional count", {"killed": {"peshmerga": 3.9}}, "fractional part"),
    ("infinite count", {"killed": {"unknown": float("inf")}}, "finite number"),
    ("fatalities above all counts", {"fatalities_best": MAX_FATALITIES + 1}, "is not a count"),
    ("latitude 500", {"latitude": 500.0, "longitude": 44.0}, "outside Iraq and its neighbours"),
    ("infinite longitude", {"latitude": 35.0, "longitude": float("inf")}, "finite number"),
    ("latitude alone", {"latitude": 35.0}, "both or neither"),
    ("dated 2090", {"event_date": date(2090, 1, 1)}, "2090-01-01 is not between"),
    ("ends after tomorrow", {"date_end": TOMORROW + timedelta(days=1)}, "is not between"),
    ("import without identifier", {"origin": "acled", "external_id": " "}, "needs its identifier"),
]


def source(**fields) -> SourceRef:
    day = date(2021, 12, 5)
    return SourceRef(**{"report_id": "r", "published": date(2021, 12, 6), "sentence": "s", "event_date": day,
                        "date_precision": "day", "date_start": day, "date_end": day, **fields})


def test_a_report_tells_of_nothing_after_its_publication_beyond_a_days_slack():
    with pytest.raises(ValidationError, match=re.escape("event date 2021-12-08 is after its report's publication "
                                                        "date 2021-12-06 (more than 1 day later)")):
        source(event_date=date(2021, 12, 8), date_end=date(2021, 12, 8))
    assert source(event_date=date(2021, 12, 7), date_end=date(2021, 12, 7)).event_date == date(2021, 12, 7)


@pytest.mark.parametrize("case, fields, said", REFUSED_BY_THE_MODEL, ids=[c[0] for c in REFUSED_BY_THE_MODEL])
def test_the_model_refuses_impossible_values(case, fields, said):
    with pytest.raises(ValidationError, match=re.escape(said)):
        incident(**fields)


def test_the_model_keeps_plausible_edges():
    edge = incident(killed=Casualties(civilians=MAX_COUNT), latitude=24.0, longitude=52.0, date_end=TOMORROW)
    assert edge.killed_total == MAX_COUNT and GUARDRAIL_REASON in edge.review_reason
    assert incident(killed=Casualties(civilians=3.0)).killed.civilians == 3  # a whole number written as float
    assert GUARDRAIL_REASON not in incident(killed=Casualties(peshmerga=FIGURE_GUARDRAIL)).review_reason


# -- reports ---------------------------------------------------------------------------------------------------
# (case, the Published line, what is said)
PUBLISHED = [
    ("no such day", "2021-02-30", "publication date '2021-02-30' is not a valid date"),
    ("month 13", "2021-13-01", "is not a valid date"),
    ("before any event", "1900-01-01", "is before 1990-01-01"),
    ("tomorrow", TOMORROW.isoformat(), "is in the future"),
]


@pytest.mark.parametrize("case, published, said", PUBLISHED, ids=[c[0] for c in PUBLISHED])
def test_a_bad_publication_date_is_named_for_what_it_is(case, published, said):
    refused = build_report(f"Published: {published}\n\nGunmen attacked a checkpoint in Kirkuk on Sunday.", "a.txt")
    assert said in refused.reason


# (case, a report's sentence, killed and wounded of each incident extracted, whether they await review)
EXTRACTED = [
    ("a footnote mark before the toll", "Gunmen (1) attacked a checkpoint in Daquq on Monday, killing three "
     "policemen.", [(3, None)], False),
    ("a reference mark after the toll", "Gunmen attacked a checkpoint in Daquq on Monday, killing three policemen "
     "[2].", [(3, None)], False),
    ("families who fled", "The attack in Daquq on Monday killed 1 and wounded 2 soldiers, and 300 families fled.",
     [(1, 2)], False),
    ("families displaced", "Gunmen attacked a checkpoint in Daquq on Monday, killing 1 and wounding 2 others, and "
     "300 families were displaced.", [(1, 2)], False),
    ("bare numbers adding past the guardrail", "Gunmen attacked the villages of Daquq and Kifri on Monday, killing 1 "
     "and 2 and 300 people.", [(303, None)], True),
    ("a joint toll past the guardrail split between places", "Militants carried out attacks in Daquq, Tuz Khurmatu, "
     "Kifri and Hawija on Monday, killing 312 people.", [(78, None)] * 4, True),
]


@pytest.mark.parametrize("case, sentence, figures, flagged", EXTRACTED, ids=[c[0] for c in EXTRACTED])
def test_a_toll_is_what_the_sentence_states_or_is_flagged(case, sentence, figures, flagged):
    incidents = extract(build_report(f"Published: 2021-12-07\n\n{sentence}", "a.txt")).incidents
    assert [(i.killed_total, i.wounded_total) for i in incidents] == figures
    assert all(awaiting_review(i) == flagged and (GUARDRAIL_REASON in i.review_reason) == flagged for i in incidents)


def test_a_file_is_read_no_further_than_the_size_limit(tmp_path, monkeypatch):
    import reports.reading as reports

    monkeypatch.setattr(reports, "MAX_FILE_BYTES", 100)
    path = tmp_path / "big.txt"
    path.write_text("Published: 2021-12-06\n\n" + "Gunmen attacked a checkpoint. " * 10)
    [refused] = list(read_reports([path]))
    assert "file too large (more than 100 bytes" in refused.reason


# -- links: what does not fit is left out, said in one line, and the page opens --------------------------------
# (case, query, what the filter keeps, what is said)
LINKS = [
    ("unknown source", {"source": "Rudaw"}, {}, "source=Rudaw (not offered)"),
    ("merged status", {"status": "merged"}, {"statuses": ()}, "status=merged (not offered)"),
    ("bogus type", {"type": "bogus"}, {"attack_types": ()}, "type=bogus (not offered)"),
    ("bogus victims", {"victims": ["x", "police"]}, {"victim_groups": ("police",)}, "victims=x (not offered)"),
    ("superscript two", {"min_fatalities": "²"}, {"min_fatalities": None}, "min_fatalities=² (not a whole number)"),
    ("23 digits", {"min_fatalities": "1" * 23}, {"min_fatalities": MAX_FATALITIES}, "lowered to 600,000"),
    ("no such day", {"from": "2021-02-30"}, {"date_from": None}, "from=2021-02-30 (not a date)"),
    ("infinite box", {"bbox": "-inf,-inf,inf,inf"}, {"box": None}, "bbox=-inf,-inf,inf,inf (not a box"),
]


@pytest.mark.parametrize("case, query, kept, said", LINKS, ids=[c[0] for c in LINKS])
def test_a_link_keeps_what_fits_and_says_what_it_left_out(case, query, kept, said):
    flt, left_out = IncidentFilter.read_query(query)
    flt, not_offered = flt.fitted({"outlets": ["ESTA Media Network"]})
    assert all(getattr(flt, name) == value for name, value in kept.items())
    assert said in ", ".join(left_out + not_offered)


@pytest.fixture
def hostile_store(seeded_store, monkeypatch) -> IncidentStore:
    """The seeded store, plus rows written before the model's checks existed (model_copy skips them): an
    event dated 9999-12-31, one at latitude 500, one with -5 killed, one at an infinite longitude."""
    report, made = synthetic_incidents(4, seed=9)
    day = date(9999, 12, 31)
    seeded_store.add_incidents(report, [
        made[0].model_copy(update={"event_date": day, "date_start": day, "date_end": day}),
        made[1].model_copy(update={"latitude": 500.0}),
        made[2].model_copy(update={"killed": Casualties.model_construct(civilians=-5), "fatalities_best": -5}),
        made[3].model_copy(update={"longitude": float("inf")})])
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", seeded_store.url)
    return seeded_store


PAGES = ["pages/0_Map.py", "pages/1_Trends.py", "pages/2_Incidents.py", "pages/3_Add_reports.py", "pages/4_Places.py"]


@pytest.mark.parametrize("page", PAGES)
def test_whatever_is_stored_every_page_opens(hostile_store, page):
    app = AppTest.from_file(str(ROOT / page), default_timeout=60).run()
    assert not app.exception
    assert len(hostile_store.incidents()) == 8  # every row is read back, the odd ones as they are


def test_trends_draws_only_the_days_an_event_can_have_and_says_so(hostile_store):
    app = AppTest.from_file(str(ROOT / "pages" / "1_Trends.py"), default_timeout=60).run()
    assert not app.exception
    [note] = [w.value for w in app.warning if w.value.startswith("Drawn from")]
    assert f"to {latest_date()}: what is dated 9999-12-31, a day no event can have, is left out" in note
    periods = app.dataframe[0].value.columns.drop("Total")
    assert 0 < len(periods) <= 4 * (latest_date().year - EARLIEST_DATE.year + 1)  # quarters at the coarsest
    assert max(periods) <= f"{latest_date().year}Q4" and "9999" not in "".join(periods)


def test_a_correction_the_model_refuses_is_said_on_the_page(hostile_store):
    app = AppTest.from_file(str(ROOT / "pages" / "3_Add_reports.py"), default_timeout=60).run()
    choice = app.selectbox(key="correct_incident")
    choice.select_index(next(i for i, label in enumerate(choice.options) if label.startswith("9999-12-31")))
    app.number_input(key="k-peshmerga").set_value(5)
    next(b for b in app.button if b.label == "Apply correction").click().run()
    assert not app.exception
    assert any(e.value.startswith("Not corrected: ") and "9999-12-31 is not between" in e.value for e in app.error)
    assert app.number_input(key="k-peshmerga").max == MAX_COUNT  # no count beyond the model's can be typed


def not_json(constant: str):
    pytest.fail(f"{constant} is not JSON")


def test_whatever_is_stored_exports_as_valid_json(hostile_store, capsys):
    assert main(["--database", hostile_store.url, "export", "--format", "geojson"]) == 0
    features = json.loads(capsys.readouterr().out, parse_constant=not_json)["features"]
    geometry = {f["properties"]["incident_id"]: f["geometry"] for f in features}
    assert len(geometry) == 8 and geometry["bench-9-3"] is None  # the infinite point is read as no point


@pytest.mark.parametrize("case, query, kept, said", LINKS[:6], ids=[c[0] for c in LINKS[:6]])
def test_a_stale_link_still_opens_the_map(seeded_env_url, case, query, kept, said):
    app = AppTest.from_file(str(ROOT / "pages" / "0_Map.py"), default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception
    [said_once] = [as_shown(w.value) for w in app.warning if w.value.startswith("Left out of this link")]
    assert said in said_once


@pytest.fixture
def seeded_env_url(seeded_store, monkeypatch) -> str:
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", seeded_store.url)
    return seeded_store.url


def test_the_date_slider_keeps_to_days_an_event_can_have():
    assert date_window((date(2021, 1, 1), date(9999, 12, 31))) == (date(2021, 1, 1), latest_date())
    assert date_window((date(1, 1, 1), date(1, 1, 1))) == (date(1990, 1, 1), date(1990, 1, 2))
    assert date_window((date(9999, 12, 31),) * 2) == (latest_date() - timedelta(days=1), latest_date())
    first, last = date_window(None)
    assert last - first == timedelta(days=30) and last == date.today()


# -- a damaged database: one line that says what to do; no traceback anywhere ----------------------------------
@pytest.fixture
def damaged_db(tmp_path) -> str:
    path = tmp_path / "frontline.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)
    return f"sqlite:///{path}"


def test_a_damaged_database_is_one_line_in_the_command_line(damaged_db):
    done = subprocess.run([sys.executable, "-m", "cli.main", "--database", damaged_db, "places"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 3 and "Traceback" not in done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith(f"error: the database {damaged_db} is damaged") and "restore it from a backup" in line


def test_a_damaged_database_is_one_line_in_the_dashboard(damaged_db, monkeypatch):
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", damaged_db)
    app = AppTest.from_file(str(ROOT / "pages" / "0_Map.py"), default_timeout=60).run()
    assert not app.exception
    [error] = app.error
    assert "is damaged or is not a database" in error.value and "\n" not in error.value


def test_browsers_never_see_a_traceback():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"  # false would mean "stacktrace" to Streamlit
    assert "showErrorDetails=full" in (ROOT / "README.md").read_text()  # how to see them in development

