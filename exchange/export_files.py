"""An export streamed from the store into a file, one batch of incidents at a time (IncidentStore.incident_batches),
so that exporting a million incidents holds a batch, not the table: `frontline export` and the dashboard's
downloads call the same functions for the same files."""
from __future__ import annotations

import gzip
import io
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from exchange.datasets import write_acled_csv
from exchange.export import write_csv, write_geojson
from incidents.model import Incident
from store.query import IncidentFilter

if TYPE_CHECKING:
    from store.database import IncidentStore


@dataclass(frozen=True)
class ExportFormat:
    write: Callable[[Iterable[Iterable[Incident]], TextIO], int]
    suffix: str
    mime: str


FORMATS = {"csv": ExportFormat(write_csv, "csv", "text/csv"),
           "geojson": ExportFormat(write_geojson, "geojson", "application/geo+json"),
           "acled": ExportFormat(write_acled_csv, "csv", "text/csv")}


def write_export(store: IncidentStore, flt: IncidentFilter, fmt: str, out: TextIO) -> int:
    """The incidents the filter's figures count, in format `fmt`, written to `out`; returns how many."""
    return FORMATS[fmt].write(store.incident_batches(flt, counted=True), out)


def export_text(store: IncidentStore, flt: IncidentFilter, fmt: str) -> str:
    """write_export as text: for a selection small enough to be written with a page."""
    out = io.StringIO()
    write_export(store, flt, fmt, out)
    return out.getvalue()


def export_to_file(store: IncidentStore, flt: IncidentFilter, fmt: str, path: Path) -> int:
    """write_export into `path`, through a temporary file beside it moved into place when complete: a failed
    export leaves no half-written file."""
    handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        with open(handle, "w", encoding="utf-8", newline="") as out:
            written = write_export(store, flt, fmt, out)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return written


PUBLISHED_FOR_S = 3600  # a prepared download's folder is removed this long after it was written
# Streamlit's static handler answers 404 for a file over 200 MB (MAX_APP_STATIC_FILE_SIZE in Streamlit 1.67): a
# larger export is published gzip-compressed (a million synthetic incidents: 270 MB of CSV, 43 MB gzipped; 1.45 GB of
# GeoJSON), in several parts when even compressed it is over the limit (a larger or less repetitive selection).
STATIC_FILE_LIMIT = 200 * 1024 * 1024
PART_STEP = 500  # incidents written between two checks of a compressed part's size


def publish_export(store: IncidentStore, flt: IncidentFilter, fmt: str, exports_dir: Path, stem: str,
                   limit: int = STATIC_FILE_LIMIT) -> tuple[list[Path], int]:
    """write_export into a new folder of `exports_dir` with an unguessable name, as `stem`.<suffix>, after removing
    the folders older than PUBLISHED_FOR_S: the dashboard's prepared download, which its web server streams from
    disk instead of holding it in memory. Over `limit` bytes it is written again from the database gzipped, in as
    many parts (each a whole file of its format) as keep each under `limit`. Returns the files and the number of
    incidents; remove_published removes them."""
    remove_expired(exports_dir)
    folder = exports_dir / secrets.token_urlsafe(24)  # 192 random bits: a link is not guessed from another's
    folder.mkdir(parents=True)
    path = folder / f"{stem}.{FORMATS[fmt].suffix}"
    try:
        written = export_to_file(store, flt, fmt, path)
        if path.stat().st_size <= limit:
            return [path], written
        path.unlink()
        return gzipped_parts(store, flt, fmt, path, limit)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def gzipped_parts(store: IncidentStore, flt: IncidentFilter, fmt: str, path: Path,
                  limit: int) -> tuple[list[Path], int]:
    """write_export gzip-compressed as `path`.gz, or, when that would be over `limit` bytes, as `path`-1-of-N.gz,
    `path`-2-of-N.gz...: a part is closed before the next PART_STEP incidents could take it over the limit (twice
    the most any PART_STEP added so far, each flushed so that its compressed size is known). Returns the parts and
    the number of incidents."""
    pieces = (batch[i:i + PART_STEP] for batch in store.incident_batches(flt, counted=True)
              for i in range(0, len(batch), PART_STEP))
    waiting = next(pieces, None)
    parts, written, most_added = [], 0, 0
    while waiting is not None or not parts:
        part = path.with_name(f".{path.name}.{len(parts)}.partial")
        parts.append(part)
        with part.open("wb") as raw, gzip.open(raw, "wt", encoding="utf-8", newline="", compresslevel=6) as out:
            def fill():
                nonlocal waiting, most_added
                while waiting is not None:
                    before = raw.tell()
                    yield waiting
                    out.flush()  # through gzip's buffer to the file: raw.tell() is the part's size so far
                    most_added = max(most_added, raw.tell() - before)
                    waiting = next(pieces, None)
                    if raw.tell() + 2 * most_added > limit:
                        return
            written += FORMATS[fmt].write(fill(), out)
        if part.stat().st_size > limit:
            raise ValueError(f"{PART_STEP} incidents compress to more than the {limit:,} bytes a download may have")
    names = [f"{path.name}.gz"] if len(parts) == 1 else [
        f"{path.stem}-{n}-of-{len(parts)}{path.suffix}.gz" for n in range(1, len(parts) + 1)]
    return [part.replace(path.with_name(name)) for part, name in zip(parts, names)], written


def remove_published(paths: list[Path]) -> None:
    """A published export's folder, removed (a visitor keeps one prepared download at most)."""
    for folder in {path.parent for path in paths}:
        shutil.rmtree(folder, ignore_errors=True)


def remove_expired(exports_dir: Path, max_age_s: float = PUBLISHED_FOR_S, now: float | None = None) -> list[Path]:
    """The folders of `exports_dir` last written more than `max_age_s` ago, removed: the downloads of visitors
    who left. Returns them."""
    cutoff = (time.time() if now is None else now) - max_age_s
    expired = [folder for folder in exports_dir.glob("*") if folder.is_dir() and folder.stat().st_mtime < cutoff]
    for folder in expired:
        shutil.rmtree(folder, ignore_errors=True)
    return expired
