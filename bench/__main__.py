"""Benchmarks: `./run bench [--reports N] [--lookups N]`, and `./run bench geocoding` for accuracy.
Each prints one JSON object of figures.

- gazetteer lookups per second, warm (names from the curated spellings and COD-AB/GeoNames entries);
- extraction + geocoding throughput on synthetic reports of typical length, one core;
- ingest throughput (extract, geocode, de-duplicate, store) into a fresh SQLite file.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import synthetic_reports
from geo import get_gazetteer
from extraction.extract import extract
from store.database import IncidentStore


def bench_lookups(count: int) -> dict:
    gazetteer = get_gazetteer()
    names = [n for p in gazetteer.places.values() for n in (p.name, *p.alt_names[:2])]
    names += ["Pirde", "Qara Chokh", "Khidir Jija", "Makhmour", "Kolajo", "Garmiyan", "Nowhereville"]
    sample = [random.Random(1).choice(names) for _ in range(count)]
    gazetteer.lookup("warm-up")
    started = time.perf_counter()
    for name in sample:
        gazetteer.lookup(name)
    seconds = time.perf_counter() - started
    return {"lookups": count, "lookups_per_s": round(count / seconds)}


def bench_extract(count: int) -> dict:
    reports = synthetic_reports(count)
    extract(reports[0])  # warm caches (gazetteer, boundaries)
    started = time.perf_counter()
    incidents = sum(len(extract(r).incidents) for r in reports)
    seconds = time.perf_counter() - started
    return {"reports": count, "incidents": incidents, "extract_reports_per_s": round(count / seconds, 1),
            "mean_report_chars": round(sum(len(r.text) for r in reports) / count)}


def bench_ingest(count: int) -> dict:
    reports = synthetic_reports(count, seed=11)
    with tempfile.TemporaryDirectory() as tmp:
        store = IncidentStore(f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
        started = time.perf_counter()
        summary = store.ingest(reports)
        seconds = time.perf_counter() - started
    return {"reports": count, "incidents_new": summary.incidents_new, "incidents_merged": summary.incidents_merged,
            "ingest_reports_per_s": round(count / seconds, 1)}


def main() -> None:
    if sys.argv[1:2] == ["geocoding"]:
        from bench.geocoding import main as geocoding_main

        return geocoding_main(sys.argv[2:])
    if sys.argv[1:2] == ["page"]:
        from bench.page import main as page_main

        return page_main(sys.argv[2:])
    if sys.argv[1:2] == ["scale"]:
        from bench.scale import main as scale_main

        return scale_main(sys.argv[2:])
    if sys.argv[1:2] == ["datasets"]:
        from bench.datasets import main as datasets_main

        return datasets_main(sys.argv[2:])
    if sys.argv[1:2] == ["watch"]:
        from bench.watch import main as watch_main

        return watch_main(sys.argv[2:])
    if sys.argv[1:2] == ["new_since"]:
        from bench.new_since import main as new_since_main

        return new_since_main(sys.argv[2:])
    if sys.argv[1:2] == ["bulk"]:
        from bench.bulk import main as bulk_main

        return bulk_main(sys.argv[2:])
    if sys.argv[1:2] == ["backends"]:
        from bench.backends import main as backends_main

        return backends_main(sys.argv[2:])
    parser = argparse.ArgumentParser(prog="bench", description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000, help="synthetic reports to extract")
    parser.add_argument("--ingest-reports", type=int, default=2_000, help="synthetic reports to ingest")
    parser.add_argument("--lookups", type=int, default=100_000, help="gazetteer lookups")
    args = parser.parse_args()
    results = {"gazetteer": bench_lookups(args.lookups), "extract": bench_extract(args.reports),
               "ingest": bench_ingest(args.ingest_reports)}
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
