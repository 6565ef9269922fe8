"""Bulk paths at scale: `./run bench bulk [--sizes 100000 1000000] [--backends sqlite postgis]`. Prints one JSON
line per measurement as it goes, then one JSON object of them all.

For each size and backend, each step in a child process of its own, as an operator runs it (so its peak
resident memory, ru_maxrss, is that step's whole process: Python, geo data and the work):
- `frontline import acled` of a synthetic ACLED export of that many rows (bench.datasets.write_acled: ACLED's
  columns, places and dates of the disputed territories) into a fresh store: rows/s of wall and CPU time (the
  CPU time and peak memory of its worker processes apart, and in the CPU time);
- `frontline export --format csv|geojson|acled --area all -o FILE` of everything imported: seconds, peak
  memory and the file's size;
- the dashboard's prepared download (exchange.export_files.publish_export, the function the Incidents page calls,
  in each format): its peak memory while writing, seconds and the published file's size (the dashboard then links
  to the file, which Streamlit streams from disk, gzipped over 200 MB);
- the benchmarks' synthetic loader (bench.synthetic.store_synthetic) of that many incidents into a fresh store.
The PostGIS server is started from Debian's packages as the tests start it (tests/postgis.py).

`--stores URL...` measures the exports and downloads on stores that exist already (a million incidents take the
better part of an hour to load on a loaded 2-core machine): nothing is imported, written or loaded into them.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from bench.datasets import write_acled

EXPORT_FORMATS = ("csv", "geojson", "acled")


def child(code: str, *args: str) -> dict:
    """Run `code` (Python, given `args` as sys.argv[1:]) in a child process: its wall and CPU seconds and peak
    resident memory, which the child reports of itself as it exits (RUSAGE_SELF)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", USAGE_AT_EXIT + code, *args], check=False, capture_output=True,
                          text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{code.splitlines()[-1]} failed ({done.returncode}): {done.stderr[-2000:]}")
    usage = json.loads(done.stderr.rsplit(USAGE_MARK, 1)[1])
    figures = {"seconds": round(seconds, 1), "cpu_seconds": round(usage["cpu"] + usage["workers_cpu"], 1),
               "workers_cpu_seconds": round(usage["workers_cpu"], 1), "peak_rss_mb": round(usage["maxrss_kib"] / 1024),
               "worker_peak_rss_mb": round(usage["workers_maxrss_kib"] / 1024),
               "stdout": done.stdout.strip().splitlines()[-3:]}
    print(json.dumps({"step": " ".join(args), **figures}), file=sys.stderr, flush=True)  # as each step ends
    return figures


USAGE_MARK = "\nUSAGE "
USAGE_AT_EXIT = ("import atexit, json, resource, sys\n"
                 "def _usage():\n    u = resource.getrusage(resource.RUSAGE_SELF)\n"
                 "    w = resource.getrusage(resource.RUSAGE_CHILDREN)\n"  # its worker processes, ended by now
                 f"    sys.stderr.write({USAGE_MARK!r} + json.dumps({{'cpu': u.ru_utime + u.ru_stime, "
                 "'maxrss_kib': u.ru_maxrss, 'workers_cpu': w.ru_utime + w.ru_stime, "
                 "'workers_maxrss_kib': w.ru_maxrss}))\n"
                 "atexit.register(_usage)\n")


# Each child's work: the real command, or the function the dashboard calls.
COMMAND = "import sys\nfrom cli.main import main\nsys.exit(main(sys.argv[1:]))"
DOWNLOAD = ("import sys, tempfile\nfrom pathlib import Path\nfrom exchange.export_files import publish_export, "
            "remove_published\nfrom store.database import IncidentStore\nfrom store.query import IncidentFilter\n"
            "paths, n = publish_export(IncidentStore(sys.argv[1]), IncidentFilter(statuses=('extracted', 'reviewed')),"
            " sys.argv[2], Path(tempfile.gettempdir()) / 'frontline-bench-exports', 'bench')\n"
            "print(n, ','.join(p.name for p in paths), sum(p.stat().st_size for p in paths))\nremove_published(paths)")
SYNTHETIC = ("import sys\nfrom bench.synthetic import store_synthetic\nfrom store.database import IncidentStore\n"
             "print(store_synthetic(IncidentStore(sys.argv[1]), int(sys.argv[2])))")


def measure(url: str, synthetic_url: str, acled: Path, rows: int, folder: Path, steps: list[str],
            workers: int | None = None) -> dict:
    out = {}
    if "import" in steps:
        imported = child(COMMAND, "--database", url, "import", "acled", str(acled),
                         *(["--workers", str(workers)] if workers is not None else []))
        out["import"] = {**imported, "rows": rows, "rows_per_s": round(rows / imported["seconds"]),
                         "rows_per_cpu_s": round(rows / imported["cpu_seconds"])}
    for fmt in EXPORT_FORMATS:
        if f"export_{fmt}" in steps:
            target = folder / f"export.{fmt}"
            out[f"export_{fmt}"] = {**child(COMMAND, "--database", url, "export", "--format", fmt, "--area", "all",
                                            "-o", str(target)), "file_mb": round(target.stat().st_size / 1e6, 1)}
            target.unlink()
    for fmt in EXPORT_FORMATS:
        if f"download_{fmt}" in steps:
            published = child(DOWNLOAD, url, fmt)
            incidents, names, size = published["stdout"][-1].split()
            out[f"dashboard_download_{fmt}"] = {**published, "incidents": int(incidents), "files": names,
                                                "file_mb": round(int(size) / 1e6, 1)}
    if "synthetic" in steps:
        out["synthetic_load"] = child(SYNTHETIC, synthetic_url, str(rows))
    return out


STEPS = ["import", *(f"export_{f}" for f in EXPORT_FORMATS), *(f"download_{f}" for f in EXPORT_FORMATS), "synthetic"]
READING = [step for step in STEPS if step.startswith(("export_", "download_"))]  # what --stores measures


def main(argv: list[str] | None = None) -> None:
    from tests.browser import free_port
    from tests.postgis import fresh_database, postgis_server

    parser = argparse.ArgumentParser(prog="bench bulk", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000], help="ACLED rows imported")
    parser.add_argument("--backends", nargs="+", choices=["sqlite", "postgis"], default=["sqlite", "postgis"])
    parser.add_argument("--steps", nargs="+", choices=STEPS, default=STEPS,
                        help="what to measure (the exports and downloads read what `import` stored)")
    parser.add_argument("--stores", nargs="+", metavar="URL",
                        help="measure the exports and downloads on these existing stores instead (nothing imported)")
    parser.add_argument("--workers", type=int, help="the import's worker processes (default: its own, one per CPU)")
    args = parser.parse_args(argv)
    results: dict = {"load_before": os.getloadavg()[0]}
    if args.stores:
        measure_stores(args.stores, [step for step in args.steps if step in READING], results)
        return
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        folder = Path(tmp)
        server = stack.enter_context(postgis_server(free_port())) if "postgis" in args.backends else None
        for size in args.sizes:
            acled = folder / f"acled-{size}.csv"
            write_acled(acled, size)
            for backend in args.backends:
                stores = folder / f"{backend}-{size}"
                stores.mkdir()
                if backend == "sqlite":
                    urls = [f"sqlite:///{stores / f'{name}.sqlite'}" for name in ("import", "synthetic")]
                else:
                    urls = [fresh_database(server, f"{name}_{size}") for name in ("import", "synthetic")]
                figures = {**measure(*urls, acled, size, stores, args.steps, args.workers),
                           "load_after": os.getloadavg()[0]}
                results[f"{backend}_{size}"] = figures
                print(json.dumps({f"{backend}_{size}": figures}), flush=True)
                shutil.rmtree(stores)
            acled.unlink()
    print(json.dumps(results, indent=2))


def measure_stores(urls: list[str], steps: list[str], results: dict) -> None:
    """The export and download steps on existing stores, each a line as it is measured, then all of them."""
    with tempfile.TemporaryDirectory() as tmp:
        for url in urls:
            shown = url.rsplit("/", 1)[-1]
            figures = {**measure(url, "", Path(), 0, Path(tmp), steps), "load_after": os.getloadavg()[0]}
            results[shown] = figures
            print(json.dumps({shown: figures}), flush=True)
    print(json.dumps(results, indent=2))
