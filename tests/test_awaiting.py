"""Numbers an analyst can quote: an extracted incident whose figures are in question (a figure beyond the guardrail,
a confidence below COUNTED_FROM) awaits review: on the map and in the review queue, out of every figure and export
until an analyst accepts it or counts them all; the dashboard, `frontline stats` and the CSV export agree."""
import csv
import io
import json

import pytest

from analysis.tables import headline_figures
from cli.main import main
from incidents.confidence import COUNTED_FROM
from store.query import IncidentFilter
from tests.conftest import store_with_doubts


def test_the_database_and_the_model_agree_on_what_awaits_review(any_db_url):
    store, expected = store_with_doubts(any_db_url)
    table = store.table()
    assert dict(zip(table["incident_id"], table["awaiting_review"])) == expected
    assert sum(expected.values()) == 2
    counted = {i.incident_id for i in store.incidents(IncidentFilter(), counted=True)}
    assert counted == {i for i, waits in expected.items() if not waits}
    everything = IncidentFilter(count_awaiting=True)
    assert {i.incident_id for i in store.incidents(everything, counted=True)} == set(expected)


def test_the_figures_leave_out_what_awaits_review_until_counted(db_url):
    store, expected = store_with_doubts(db_url)
    table = store.table()
    waiting = table[table["awaiting_review"]]
    left_out, counted = headline_figures(table), headline_figures(table, count_awaiting=True)
    assert left_out["incidents"] == 6 and counted["incidents"] == 8
    assert counted["killed"] - left_out["killed"] == waiting["killed_total"].sum() == left_out["awaiting_review_killed"]
    assert left_out["awaiting_review"] == counted["awaiting_review"] == 2
    assert not left_out["awaiting_review_counted"] and counted["awaiting_review_counted"]
    one_report = table[~table["awaiting_review"] & (table["source_count"] <= 1)]["killed_total"].sum()
    assert left_out["killed_one_report"] == one_report  # every synthetic incident has one report
    low = table[(table["confidence"] < COUNTED_FROM) & ~table["awaiting_review"]]["killed_total"].sum()
    assert left_out["killed_low_confidence"] == low  # the reviewed one: accepted, still flagged


def test_the_mask_and_the_query_count_the_same_incidents(db_url):
    store, _ = store_with_doubts(db_url)
    table = store.table()
    for flt in (IncidentFilter(), IncidentFilter(count_awaiting=True), IncidentFilter(statuses=("extracted",))):
        assert set(table[flt.mask(table, counted=True)]["incident_id"]) == {
            i.incident_id for i in store.incidents(flt, counted=True)}


def test_the_switch_is_kept_in_the_link():
    assert IncidentFilter(count_awaiting=True).to_query() == {"awaiting": "counted"}
    assert IncidentFilter.from_query({"awaiting": ["counted"]}).count_awaiting
    flt, left_out = IncidentFilter.read_query({"awaiting": ["yes"]})
    assert not flt.count_awaiting and left_out == ["awaiting=yes (not counted)"]


@pytest.mark.parametrize("count", [[], ["--count-awaiting"]])
def test_stats_the_csv_export_and_the_headline_agree(db_url, tmp_path, capsys, count):
    store, _ = store_with_doubts(db_url)
    filters = ["--area", "all", "--status", "extracted", "--status", "reviewed", *count]
    assert main(["--database", db_url, "stats", "--json", *filters]) == 0
    said = json.loads(capsys.readouterr().out)
    out = tmp_path / "export.csv"
    assert main(["--database", db_url, "export", "--format", "csv", "-o", str(out), *filters]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    headline = headline_figures(store.table(), count_awaiting=bool(count))
    assert said["incidents"] == len(rows) == headline["incidents"] == (8 if count else 6)
    assert said["killed"] == sum(int(r["killed_total"] or 0) for r in rows) == headline["killed"]
    assert said["awaiting_review"] == 2
    assert said["filter"] == {"status": ["extracted", "reviewed"], **({"awaiting": "counted"} if count else {})}
    assert {r["awaiting_review"] for r in rows} == ({"True", "False"} if count else {"False"})


def test_stats_by_default_reports_the_dashboards_opening_view(seeded_store, capsys):
    assert main(["--database", seeded_store.url, "stats"]) == 0
    said = capsys.readouterr().out
    figures = headline_figures(seeded_store.table(IncidentFilter(statuses=("extracted", "reviewed"), area="study")))
    assert f"incidents: {figures['incidents']:,}" in said and f"killed: {figures['killed']:,}" in said
    assert "Of the" in said and "told by one report only" in said


def test_the_map_pages_tiles_and_stats_agree(db_url, monkeypatch, capsys):
    from tests.test_dashboard import DASHBOARD, run_page

    store, _ = store_with_doubts(db_url)
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", db_url)
    for link, option in (({}, []), ({"awaiting": "counted"}, ["--count-awaiting"])):
        app = run_page(DASHBOARD, **link)
        assert not app.exception
        tiles = {m.label: m for m in app.metric}
        assert main(["--database", db_url, "stats", "--json", *option]) == 0
        said = json.loads(capsys.readouterr().out)
        assert said["awaiting_review"] == 2
        assert tiles["Incidents"].value == f"{said['incidents']:,}" and tiles["Killed"].value == f"{said['killed']:,}"
        assert tiles["Incidents"].delta == ("incl. 2 in review" if option else "+2 in review")
        line = next(c.value for c in app.caption if c.value.startswith("Killed by victim group"))
        assert f"2 attack(s) awaiting review ({said['awaiting_review_killed']:,} killed) are" in line
        switch = next(t for t in app.toggle if t.label == "Count attacks awaiting review")
        assert switch.value == bool(option)
