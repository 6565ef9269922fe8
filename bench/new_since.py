""""New since your last visit" at scale: `./run bench new_since [--size 100000] [--new 20] [--rounds 9]`.
Prints one JSON object.

A store of `--size` synthetic incidents ingested 60 days ago, then `--new` reports of attacks told for the first
time: the time of watch.records.incidents_new_since (median of `--rounds`) for a visitor who last came a week
ago (only the new ones), for one who came just now (nothing new), and for a first visit that counts the whole
store as new (a bulk import within the week).
"""
from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bench.synthetic import store_synthetic, synthetic_reports
from store.schema import incidents_table, reports_table
from store.database import IncidentStore
from watch.records import incidents_new_since


def _median_s(store: IncidentStore, since: datetime, rounds: int) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(rounds):
        started = time.perf_counter()
        rows = len(incidents_new_since(store, since))
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 4), rows


def bench_new_since(size: int, new: int, rounds: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        store = IncidentStore(f"sqlite:///{Path(folder) / 'new-since.sqlite'}")
        store_synthetic(store, size, seed=9)
        with store.engine.begin() as conn:  # the store as it stood two months ago (store.told's first-told times too)
            back = datetime.now(timezone.utc) - timedelta(days=60)
            conn.execute(reports_table.update().values(ingested_at=back))
            conn.execute(incidents_table.update().where(incidents_table.c.first_told_at.isnot(None))
                         .values(first_told_at=back))
        summary = store.ingest(synthetic_reports(new, seed=11))
        now = datetime.now(timezone.utc)
        results = {"incidents": size + summary.incidents_new, "first_told_this_week": summary.incidents_new}
        for name, since, times in (("last_week", now - timedelta(days=7), rounds), ("nothing_new", now, rounds),
                                   ("whole_store_new", now - timedelta(days=90), max(1, rounds // 3))):
            seconds, rows = _median_s(store, since, times)
            results[name] = {"seconds": seconds, "rows": rows}
        store.engine.dispose()
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench new_since", description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="stored synthetic incidents")
    parser.add_argument("--new", type=int, default=20, help="synthetic reports ingested this week")
    parser.add_argument("--rounds", type=int, default=9, help="timed calls per case (median)")
    args = parser.parse_args(argv)
    print(json.dumps(bench_new_since(args.size, args.new, args.rounds), indent=2))
