"""Dataset import benchmark: `./run bench datasets [--rows 200000]`. Prints one JSON object.

Writes an ACLED export of `--rows` synthetic events (ACLED's columns, places and dates of the disputed
territories, the corpus's mix of date and geo precisions) and imports it with the real command,
`frontline import acled`, into a fresh SQLite file in a child process: rows per second of wall time
and of CPU time (on a shared machine the two differ), and the child's peak resident memory (the whole
process: Python, geo data and the import).
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench.synthetic import DATE_PRECISION_MIX, _pick
from geo import get_gazetteer
from exchange.datasets import ACLED_COLUMNS

SUB_EVENTS = ["Armed clash", "Attack", "Remote explosive/landmine/IED", "Shelling/artillery/missile attack"]
ACTORS = ["Islamic State (Iraq)", "Unidentified Armed Group (Iraq)"]
TARGETS = ["Military Forces of Iraq (2020-) Peshmerga", "Civilians (Iraq)", "Police Forces of Iraq (2020-)", ""]


def write_acled(path: Path, rows: int, seed: int = 3, last_day: date = date(2024, 12, 31)) -> None:
    """An ACLED export of `rows` events over ten years up to `last_day`."""
    rng = random.Random(seed)
    places = [p for p in get_gazetteer().places.values() if p.in_disputed and p.kind in ("town", "village")]
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS)
        writer.writeheader()
        for i in range(rows):
            place = rng.choice(places)
            day = last_day - timedelta(days=rng.randrange(3650))
            writer.writerow({
                "event_id_cnty": f"IRQ{i + 1}", "event_date": day.isoformat(), "year": day.year,
                "time_precision": {"day": 1, "week": 2, "month": 3}[_pick(rng, DATE_PRECISION_MIX)],
                "disorder_type": "Political violence", "event_type": "Battles",
                "sub_event_type": rng.choice(SUB_EVENTS), "actor1": rng.choice(ACTORS), "inter1": 2,
                "actor2": rng.choice(TARGETS), "iso": 368, "region": "Middle East", "country": "Iraq",
                "admin1": place.admin1 or "", "admin2": place.admin2 or "", "location": place.name,
                "latitude": round(place.latitude + rng.uniform(-0.01, 0.01), 4),
                "longitude": round(place.longitude + rng.uniform(-0.01, 0.01), 4),
                "geo_precision": rng.choice([1, 1, 1, 2, 3]), "source": rng.choice(["Rudaw", "Shafaq News"]),
                "source_scale": "National", "notes": f"On {day:%d %B %Y}, an attack near {place.name}.",
                "fatalities": rng.choice([0, 0, 1, 1, 2, 3, 5, 8]), "tags": "", "timestamp": 1700000000})


def import_figures(csv_path: Path, database: Path) -> dict:
    """Run `frontline import acled` in a child process; its wall time, rows/s and peak RSS."""
    rows = sum(1 for _ in csv_path.open(encoding="utf-8")) - 1
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "cli.main", "--database", f"sqlite:///{database}",
                           "import", "acled", str(csv_path)], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"import failed ({done.returncode}): {done.stderr[-2000:]}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    return {"rows": rows, "seconds": round(seconds, 1), "rows_per_s": round(rows / seconds),
            "cpu_seconds": round(cpu, 1), "rows_per_cpu_s": round(rows / cpu),
            "peak_rss_mb": round(usage.ru_maxrss / 1024), "summary": done.stdout.splitlines()[:6]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench datasets", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000, help="ACLED rows to generate and import")
    parser.add_argument("--keep", type=Path, help="also write the generated file here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = args.keep or Path(tmp) / "acled.csv"
        write_acled(csv_path, args.rows)
        figures = {"acled_import": import_figures(csv_path, Path(tmp) / "bench.sqlite"),
                   "file_mb": round(csv_path.stat().st_size / 1e6, 1)}
    print(json.dumps(figures, indent=2))
