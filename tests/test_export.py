import csv
import json

from exchange.export import incidents_frame, to_csv, to_geojson
from extraction.extract import extract
from reports.reading import build_report


def hostile_incidents():
    report = build_report(
        "Title: =HYPERLINK(\"http://evil\")\nPublished: 2021-12-07\nSource: @evil\n\n"
        "On Sunday, militants attacked a village near Kifri, killing two civilians. <script>alert(1)</script>")
    return extract(report).incidents


def test_csv_neutralises_formula_cells(tmp_path):
    path = tmp_path / "out.csv"
    path.write_text(to_csv(hostile_incidents()), encoding="utf-8")
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["source_titles"].startswith("'=")
    assert rows[0]["source"].startswith("'@")
    for row in rows:
        assert not any(v.startswith(("=", "+", "-", "@")) for v in row.values() if v)


def test_columns_use_acled_names():
    columns = set(incidents_frame(hostile_incidents()).columns)
    assert {"event_date", "admin1", "admin2", "latitude", "longitude", "geo_precision", "fatalities", "source",
            "notes"} <= columns
    assert set(incidents_frame([]).columns) == columns


def test_geojson_is_a_feature_collection_with_sources():
    collection = json.loads(to_geojson(hostile_incidents()))
    feature = collection["features"][0]
    assert feature["geometry"]["type"] == "Point"
    assert feature["properties"]["sources"][0]["sentence"].startswith("On Sunday")


def test_every_formula_start_is_neutralised_as_owasp_lists():
    from exchange.export import neutralise_formula

    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert neutralise_formula(f"{start}cmd|' /C calc'!A0") == f"'{start}cmd|' /C calc'!A0"
    assert neutralise_formula("Kifri") == "Kifri" and neutralise_formula(4) == 4


def test_csv_counts_are_whole_numbers_and_empty_when_unknown(seeded_store):
    """The dashboard's Download CSV: counts as `frontline export` writes them, never 7.0."""
    from store.query import IncidentFilter

    rows = list(csv.DictReader(to_csv(seeded_store.incidents(IncidentFilter())).splitlines()))
    counts = [k for k in rows[0] if k.startswith(("killed_", "wounded_", "fatalities", "source_count"))]
    cells = [row[k] for row in rows for k in counts]
    assert "" in cells and any(c not in ("", "0") for c in cells)  # unknown ones empty, known ones given
    assert all(c == "" or c.isdigit() for c in cells), [c for c in cells if "." in c]
