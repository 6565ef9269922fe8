"""A small run of the benchmarks, so they keep working; the real figures come from `./run bench`."""
import json

from bench.__main__ import bench_extract, bench_ingest, bench_lookups


def test_benchmarks_run_on_small_inputs():
    assert bench_lookups(200)["lookups_per_s"] > 0
    extracted = bench_extract(20)
    assert extracted["incidents"] >= 20 and extracted["extract_reports_per_s"] > 0
    ingested = bench_ingest(10)
    assert ingested["incidents_new"] > 0


def test_scale_benchmark_runs_on_a_small_store(capsys):
    from bench.scale import main

    main(["--sizes", "300", "--no-browser", "--dedup-reports", "5", "--ingest-reports", "5"])
    out = capsys.readouterr().out
    figures = json.loads(out[out.index("{\n"):])
    row = figures["sizes"]["300"]
    assert row["all"]["incidents"] == 300 and row["all"]["payload_ratio"] > 0
    assert row["dedup"]["ingest_ms_per_report"] > 0 and figures["ingest"]["reports"] == 5


def test_dataset_import_benchmark_runs_on_a_small_file(capsys):
    from bench.datasets import main

    main(["--rows", "300"])
    figures = json.loads(capsys.readouterr().out)["acled_import"]
    assert figures["rows"] == 300 and "incidents stored: 300" in figures["summary"]
    assert figures["rows_per_s"] > 0 and figures["peak_rss_mb"] > 0


def test_page_benchmark_keeps_its_stores_and_runs_again_on_them(capsys, tmp_path, monkeypatch):
    """`bench page --store-folder`: the store is kept in the folder, and the next run measures it again."""
    from bench.page import main
    from store.database import IncidentStore

    monkeypatch.setenv("FRONTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'unused.sqlite'}")  # bench sets its own
    for _ in range(2):
        main(["--sizes", "4", "--no-browser", "--store-folder", str(tmp_path)])
        figures = json.loads(capsys.readouterr().out)
        assert set(figures["filter_change_server_s"]["4"]) == {"date_window", "sector", "victim_group", "map_view",
                                                                "pan", "zoom"}
        assert IncidentStore(f"sqlite:///{tmp_path / 'page-4.sqlite'}").count() == 4  # the seed reports' attacks


def test_page_benchmark_measures_a_postgis_store_already_loaded(capsys, tmp_path, monkeypatch, postgis_server_url):
    """`bench page --postgis-url`: a PostGIS store loaded before is measured as it is, named by its incidents."""
    import uuid

    from bench.page import main
    from reports.reading import read_reports
    from store.database import IncidentStore
    from tests.conftest import SEED_EARLY
    from tests.postgis import fresh_database

    url = fresh_database(postgis_server_url, f"test_{uuid.uuid4().hex[:12]}")
    IncidentStore(url).ingest(read_reports([SEED_EARLY]))
    stored = IncidentStore(url).count()
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'unused.sqlite'}")  # bench sets its own
    main(["--backends", "postgis", "--no-browser", "--postgis-url", url])
    figures = json.loads(capsys.readouterr().out)["filter_change_server_s"]
    assert list(figures) == [f"postgis_{stored}"] and stored > 0
    assert set(figures[f"postgis_{stored}"]) == {"date_window", "sector", "victim_group", "map_view", "pan", "zoom"}
    assert IncidentStore(url).count() == stored  # measured, not loaded again
