"""An export streamed from the store into a file, one batch of incidents at a time (IncidentStore.incident_batches),
so that exporting a million incidents holds a batch, not the table: `frontline export` and the dashboard's
downloads call the same functions for the same files."""
from __future__ import annotations

import io
import os
import tempfile
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


def prepared_export(store: IncidentStore, flt: IncidentFilter, fmt: str) -> tuple[Path, int]:
    """write_export into a new temporary file (the dashboard's prepared download; the caller removes it when
    done): its path and the number of incidents."""
    handle, name = tempfile.mkstemp(prefix="frontline-export-", suffix=f".{FORMATS[fmt].suffix}")
    path = Path(name)
    try:
        with open(handle, "w", encoding="utf-8", newline="") as out:
            return path, write_export(store, flt, fmt, out)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
