"""The `frontline` console script, run as a user runs it."""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED_LATE, SEEDS

FRONTLINE = shutil.which("frontline", path=str(Path(sys.executable).parent)) or "frontline"


def run(*args, db_url=None, check=True):
    env = {**os.environ, "FRONTLINE_DATABASE_URL": db_url or ""}
    result = subprocess.run([FRONTLINE, *args], capture_output=True, text=True, env=env, timeout=120)
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.mark.parametrize("command", ["extract", "ingest", "geocode", "export", "stats"])
def test_every_subcommand_has_help(command):
    assert "usage: frontline " + command in run(command, "--help").stdout


def test_extract_json(db_url):
    incidents = json.loads(run("extract", str(SEED_LATE), "--json", db_url=db_url).stdout)
    assert len(incidents) == 4
    fields = {"incident_id", "event_date", "date_precision", "date_start", "date_end", "place", "location",
              "latitude", "longitude", "geo_precision", "admin1", "admin2", "sector", "attack_type", "perpetrator",
              "killed", "wounded", "killed_total", "wounded_total", "fatalities_low", "fatalities_best",
              "fatalities_high", "sources", "notes", "status"}
    assert fields <= set(incidents[0])
    assert incidents[0]["sources"][0]["sentence"]
    assert not Path(db_url.removeprefix("sqlite:///")).exists()  # extract stores nothing


def test_extract_verbose_shows_what_was_read_behind_each_incident_and_each_skip():
    out = run("extract", str(SEED_LATE), "--verbose").stdout
    assert "read #" in out and "place 'Qara Salim'" in out and re.search(r"confidence 0\.\d\d\n", out)
    assert "skipped (recap: " in out  # "It was the sixth attack ... since November 27"


def test_extract_refuses_an_undated_report(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("Gunmen attacked a checkpoint in Kirkuk on Sunday, killing two policemen.")
    refused = run("extract", str(path), check=False)
    assert refused.returncode == 2 and "publication date" in refused.stderr
    dated = run("extract", str(path), "--published", "2021-09-06")
    assert "1 incident(s)" in dated.stdout and "2021-09-05" in dated.stdout


def test_extract_lists_a_toll_of_nobody_as_0_and_an_untold_one_as_no_number(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("Gunmen attacked a Peshmerga post near Kifri on Thursday night. No casualties were reported.\n\n"
                    "On Friday, gunmen attacked a checkpoint in Daquq, killing two policemen.")
    out = run("extract", str(path), "--published", "2019-05-10").stdout
    assert "killed: 0; wounded: 0" in out  # the report says nobody was hurt
    assert "killed: police 2; wounded: no number" in out


def test_ingest_prints_a_summary_and_export_writes_the_filter(db_url, tmp_path):
    out = run("ingest", str(SEEDS), db_url=db_url).stdout
    assert "reports read: 2" in out and "incidents new: 4" in out and "incidents merged into stored ones: 3" in out
    again = run("ingest", str(SEEDS), db_url=db_url).stdout
    assert "reports already stored (unchanged): 2" in again and "incidents new: 0" in again

    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv", db_url=db_url).stdout)))
    assert len(rows) == 4 and sum(int(r["killed_total"]) for r in rows) == 25
    recent = list(csv.DictReader(io.StringIO(run("export", "--from", "2021-12-04", db_url=db_url).stdout)))
    assert [r["location"] for r in recent] == ["Qara Salim"]

    target = tmp_path / "out.geojson"
    run("export", "--format", "geojson", "--sector", "Garmian (Kifri–Kalar)", "-o", str(target), db_url=db_url)
    collection = json.loads(target.read_text())
    assert len(collection["features"]) == 2
    assert all(len(f["properties"]["sources"]) == 2 for f in collection["features"])


def test_ingest_reports_refused_files_and_exits_nonzero(db_url, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("no date here, militants attacked Kifri")
    result = run("ingest", str(bad), str(SEED_LATE), db_url=db_url, check=False)
    assert result.returncode == 1
    assert "reports refused: 1" in result.stdout and "bad.txt" in result.stdout and "incidents new: 4" in result.stdout


def test_geocode(db_url):
    results = json.loads(run("geocode", "Pirde", "Qara Chogh", "Nowhereville", "--json").stdout)
    assert results[0]["name"] == "Prde" and results[0]["admin2"] == "Dibis"
    assert results[1]["kind"] == "mountain" and results[1]["geo_precision"] == "sub_district"
    assert results[2] == {"query": "Nowhereville", "found": False}
    text = run("geocode", "Hawler", "Nowhereville").stdout
    assert "Erbil" in text and "Nowhereville: unknown" in text


def test_split_and_merge_from_the_command_line(db_url):
    run("ingest", str(SEEDS), db_url=db_url)
    rows = list(csv.DictReader(io.StringIO(run("export", db_url=db_url).stdout)))
    khidrjija = next(r for r in rows if r["location"] == "Khidrjija")
    geo = json.loads(run("export", "--format", "geojson", db_url=db_url).stdout)
    sources = next(f["properties"]["sources"] for f in geo["features"]
                   if f["properties"]["incident_id"] == khidrjija["incident_id"])
    first = sources[0]
    out = run("split", khidrjija["incident_id"], f"{first['report_id']}/{first['mention']}", db_url=db_url).stdout
    new_id = out.split()[0]
    assert len(list(csv.DictReader(io.StringIO(run("export", db_url=db_url).stdout)))) == 5
    run("merge", khidrjija["incident_id"], new_id, db_url=db_url)
    assert len(list(csv.DictReader(io.StringIO(run("export", db_url=db_url).stdout)))) == 4
    refused = run("merge", khidrjija["incident_id"], db_url=db_url, check=False)
    assert refused.returncode == 2 and "two incidents" in refused.stderr


def test_history_and_undo_from_the_command_line(db_url):
    run("ingest", str(SEEDS), db_url=db_url)
    rows = list(csv.DictReader(io.StringIO(run("export", db_url=db_url).stdout)))
    ids = [r["incident_id"] for r in rows if r["location"] in ("Kifri", "Kulajo")]
    env_analyst = {**os.environ, "FRONTLINE_DATABASE_URL": db_url, "FRONTLINE_ANALYST": "rania"}
    subprocess.run([FRONTLINE, "merge", *ids], check=True, capture_output=True, env=env_analyst)
    assert len(list(csv.DictReader(io.StringIO(run("export", db_url=db_url).stdout)))) == 3
    history = run("history", db_url=db_url).stdout  # review actions only: the ingests are in --all
    merge = history.split()[0].removeprefix("#")
    assert " rania merge: merged " in history.splitlines()[0] and len(history.splitlines()) == 1
    assert run("history", "--all", db_url=db_url).stdout.count(" ingest: ingested ") == 2  # the two seed reports
    assert run("undo", merge, db_url=db_url).stdout.startswith(f"edit #{merge} undone (recorded as #{int(merge) + 1})")
    assert len(list(csv.DictReader(io.StringIO(run("export", db_url=db_url).stdout)))) == 4
    again = run("undo", merge, db_url=db_url, check=False)
    assert again.returncode == 2 and "already undone" in again.stderr


def test_no_secret_is_printed_or_exported(postgis_server_url, tmp_path):
    """A database password, a GeoNames account and a tile key set in the environment never reach the
    terminal or an export; the online geocoder and tile server stay off unless configured."""
    import uuid

    from tests.postgis import fresh_database

    secret = "s3cr3t-" + uuid.uuid4().hex[:8]
    url = fresh_database(postgis_server_url, f"secrets_{uuid.uuid4().hex[:8]}").replace(
        "postgres@", f"postgres:{secret}@")
    env = {**os.environ, "FRONTLINE_DATABASE_URL": url, "FRONTLINE_GEOCODER_USERNAME": secret}
    env.pop("FRONTLINE_GEOCODER", None)
    seen = []
    for args in (["ingest", str(SEEDS)], ["export"], ["export", "--format", "geojson"], ["export", "--format", "acled"],
                 ["history"], ["places"], ["geocode", "Nowhereville"], ["undo", "99"]):
        result = subprocess.run([FRONTLINE, *args], capture_output=True, text=True, env=env, timeout=120)
        seen.append(result.stdout + result.stderr)
    assert "database: postgresql+psycopg://postgres:***@" in seen[0]
    assert "Nowhereville: unknown" in seen[6]  # no geocoder asked: FRONTLINE_GEOCODER is not set
    assert all(secret not in output for output in seen)
