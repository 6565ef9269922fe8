"""A small run of the benchmarks, so they keep working; the real figures come from `./run bench`."""
from bench.__main__ import bench_extract, bench_ingest, bench_lookups


def test_benchmarks_run_on_small_inputs():
    assert bench_lookups(200)["lookups_per_s"] > 0
    extracted = bench_extract(20)
    assert extracted["incidents"] >= 20 and extracted["extract_reports_per_s"] > 0
    ingested = bench_ingest(10)
    assert ingested["incidents_new"] > 0
