"""Reading an ACLED or UCDP GED file safely, whatever its size or content: in batches of BATCH_ROWS rows, so
memory stays flat; each line's length checked as it is read, so `/dev/zero` is refused rather than read
whole; each bad row refused with its line number and reason (a value the model refuses, an identifier
repeated in the file) while the rest lands; points located in our admin areas and sectors one batch at a
time. Each batch is read, checked, located and made into the rows store.bulk writes by worker processes
(exchange.pipeline) while this process writes the batches before it, in the file's order. What the columns
mean is exchange.datasets."""
from __future__ import annotations

import csv
import gc
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import zip_longest
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from pydantic import ValidationError
from tqdm import tqdm

from exchange.datasets import DATASETS, Dataset, OutsideRegion
from exchange.pipeline import default_workers, in_order
from geo import get_boundaries
from incidents.model import Incident, Report, problems
from store.bulk import BulkRows, bulk_rows, checks_deferred, dialect_of
from store.query import Box

if TYPE_CHECKING:
    from store.database import IncidentStore


@dataclass
class ImportSummary:
    rows: int = 0
    stored: int = 0
    already_stored: int = 0
    outside: int = 0  # left out by the box or sector filter, or outside REGION_BOX
    errors: list[str] = field(default_factory=list)  # "line N: why"

    def lines(self) -> list[str]:
        return [f"rows read: {self.rows}", f"incidents stored: {self.stored}",
                f"already stored (same identifiers): {self.already_stored}",
                f"outside the chosen area (or Iraq and its neighbours): {self.outside}",
                f"rows refused: {len(self.errors)}", *[f"  {e}" for e in self.errors]]


BATCH_ROWS = 10_000  # incidents stored per transaction: memory stays flat whatever the file's size
MAX_DATASET_BYTES = 2_000_000_000  # ACLED's whole-world export is smaller
MAX_LINE_CHARS = 1_000_000  # one CSV line; a file with longer lines is not a dataset export
_ROW_ERRORS = (ValueError, KeyError, TypeError, ArithmeticError, csv.Error)


def _located(points: list[tuple[float, float] | None]) -> list[dict]:
    """Each point located again in our admin areas and sectors (one vectorised point-in-polygon per batch);
    an empty dict for a row with no point."""
    placed = [p for p in points if p is not None]
    if not placed:
        return [{} for _ in points]
    found = get_boundaries().locate_many([p[0] for p in placed], [p[1] for p in placed])
    areas = zip(found["admin1"], found["admin2"], found["sector"])
    return [{} if point is None else dict(zip(("latitude", "longitude", "admin1", "admin2", "sector"),
                                              (*point, *next(areas))))
            for point in points]


class _Outcome(NamedTuple):
    """What became of one row: refused (why), stored (its incident, or the rows store.bulk writes), or left out
    (neither). `external_id` is set once the row's point is good, for the check that no identifier repeats."""
    line: int
    external_id: str | None = None
    refused: str | None = None
    kept: Incident | BulkRows | None = None


@dataclass(frozen=True)
class _Preparation:
    """Turns a chunk of CSV rows into their _Outcomes, in a worker process or in this one: everything but the
    checks across the whole file (a repeated identifier, an incident stored already). Small: it travels with
    each chunk."""
    kind: str
    header: tuple[str, ...]
    report: Report
    box: Box | None
    sectors_only: bool
    dialect: str | None  # the rows as store.bulk writes them for this database (dialect_of), or None: Incidents

    def __call__(self, chunk: list[tuple[int, list[str] | str]]) -> list[_Outcome]:
        dataset, width = DATASETS[self.kind], len(self.header)
        outcomes, pointed = [], []
        for line, values in chunk:
            if isinstance(values, str):  # what the CSV reader could not read
                outcomes.append(_Outcome(line, refused=values))
                continue
            if any("\x00" in value for value in values):
                outcomes.append(_Outcome(line, refused="a NUL character in a value: not text a database can store"))
                continue
            row = dict(zip_longest(self.header, values[:width], fillvalue=""))  # as csv.DictReader reads it
            try:
                pointed.append((line, row, dataset.point(row)))
            except OutsideRegion:
                outcomes.append(_Outcome(line))
            except _ROW_ERRORS as exc:
                outcomes.append(_Outcome(line, refused=str(exc)))
        for (line, row, _), located in zip(pointed, _located([p for _, _, p in pointed])):
            outcomes.append(self._converted(dataset, line, row, located))
        gc.collect()  # once a chunk (import_dataset disables the collector's runs every few hundred objects)
        return sorted(outcomes, key=attrgetter("line"))  # the file's order: each identifier's first line counts

    def _converted(self, dataset: Dataset, line: int, row: dict, located: dict) -> _Outcome:
        external_id = row.get(dataset.id_column, "").strip()
        try:
            incident = dataset.convert(row, self.report, line, located)
        except ValidationError as exc:
            return _Outcome(line, external_id, problems(exc))
        except _ROW_ERRORS as exc:
            return _Outcome(line, external_id, str(exc))
        if not _inside(incident, self.box, self.sectors_only):
            return _Outcome(line, external_id)
        return _Outcome(line, external_id, kept=incident if self.dialect is None else bulk_rows(incident, self.dialect))


class DatasetFile:
    """An ACLED or UCDP CSV file, read in batches of incidents (never whole): `report` stands for the
    file, `summary` counts what was read, refused (line number and reason) or left out. Raises
    ValueError at once when the file is not that dataset's CSV at all."""

    def __init__(self, kind: str, path: Path, box: Box | None = None, sectors_only: bool = False):
        self.kind, self.path, self.box, self.sectors_only = kind, path, box, sectors_only
        self.dataset = DATASETS[kind]
        with self._lines() as lines:
            self.header = tuple(next(csv.reader(lines), []))
        missing = [c for c in self.dataset.required if c not in self.header]
        if missing:
            raise ValueError(f"{path} is not a {kind.upper()} CSV file: missing column(s) {', '.join(missing)}")
        digest, self.line_count = _fingerprint(path)
        self.report = Report(title=f"{kind.upper()} import: {path.name}", outlet=kind.upper(), path=str(path),
                             published=date.today(), text=f"{kind} {path.name} sha256:{digest}")
        self.summary = ImportSummary()

    @contextmanager
    def _lines(self) -> Iterator[Iterator[str]]:
        """The file's lines, each checked for length as it is read (`/dev/zero` is refused, not read whole)."""
        with self.path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            def lines() -> Iterator[str]:
                for number, line in enumerate(iter(lambda: handle.readline(MAX_LINE_CHARS + 1), ""), start=1):
                    if len(line) > MAX_LINE_CHARS:
                        raise ValueError(f"{self.path}: line {number} is longer than {MAX_LINE_CHARS:,} characters:"
                                         f" not a {self.kind.upper()} CSV file")
                    yield line
            yield lines()

    def _chunks(self, size: int) -> Iterator[list[tuple[int, list[str] | str]]]:
        """The rows after the header, `size` at a time, each with the line it ends on: its values, or why the
        CSV reader could not read it."""
        with self._lines() as lines:
            reader = csv.reader(lines)
            next(reader, None)
            chunk: list[tuple[int, list[str] | str]] = []
            while True:
                try:
                    values = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    values = str(exc)
                if values == []:  # a blank line, skipped as csv.DictReader skips it
                    continue
                self.summary.rows += 1
                chunk.append((reader.line_num, values))
                if len(chunk) >= size:
                    yield chunk
                    chunk = []
            if chunk:
                yield chunk

    def batches(self, size: int = BATCH_ROWS, workers: int = 0, dialect: str | None = None) -> Iterator[list]:
        """What to store, from `size` rows at a time, prepared in `workers` processes (0: this one): Incidents, or
        the rows store.bulk writes for `dialect`. A row that repeats an identifier already read in this file is
        refused like any bad row (the first one counts)."""
        prepare = _Preparation(self.kind, self.header, self.report, self.box, self.sectors_only, dialect)
        first_line: dict[str, int] = {}
        for outcomes in in_order(prepare, self._chunks(size), workers):
            batch = []
            for outcome in outcomes:
                line, external_id = outcome.line, outcome.external_id
                if external_id is not None and external_id in first_line:
                    self.summary.errors.append(f"line {line}: {self.dataset.id_column} {external_id!r} repeats line "
                                               f"{first_line[external_id]}")
                elif outcome.refused is not None:
                    self.summary.errors.append(f"line {line}: {outcome.refused}")
                elif outcome.kept is None:
                    self.summary.outside += 1
                    if external_id is not None:
                        first_line[external_id] = line
                else:
                    first_line[external_id] = line
                    batch.append(outcome.kept)
            if batch:
                yield batch


def _fingerprint(path: Path) -> tuple[str, int]:
    """The file's SHA-256 (the import's identity) and its number of lines, read in blocks; ValueError past
    MAX_DATASET_BYTES."""
    digest, size, lines = hashlib.sha256(), 0, 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            size += len(block)
            if size > MAX_DATASET_BYTES:
                raise ValueError(f"{path} is larger than {MAX_DATASET_BYTES:,} bytes: split it, or export only "
                                 "Iraq and its neighbours")
            digest.update(block)
            lines += block.count(b"\n")
    return digest.hexdigest(), lines


def import_dataset(store: IncidentStore, kind: str, path: Path, box: Box | None = None, sectors_only: bool = False,
                   progress: bool = False, batch_rows: int = BATCH_ROWS, workers: int | None = None) -> ImportSummary:
    """Import an ACLED or UCDP CSV file into `store`, `batch_rows` rows per transaction, each written by the
    store's bulk path (a killed import keeps the batches stored; running it again adds the rest). The rows are
    read, checked and made into database rows by `workers` processes (None: one per CPU; 0: this process alone)
    while this one writes. Raises ValueError when the file is not that dataset's CSV at all."""
    dataset = DatasetFile(kind, path, box, sectors_only)
    summary = dataset.summary
    workers = default_workers() if workers is None else workers
    if dataset.line_count <= batch_rows:
        workers = 0  # one batch: nothing to overlap with
    get_boundaries()  # loaded once, before the workers fork
    # What is loaded so far (geo data, modules) is not garbage: collections skip it. The rows of a batch are
    # freed as they go (no reference cycles but a refused row's exception), so the collector runs once a batch
    # (in the process that prepares it) rather than every few hundred objects: ~15% less time, memory still flat.
    gc.freeze()
    collecting = gc.isenabled()
    gc.disable()
    # Into a store holding fewer incidents than the file has rows, the secondary indexes (and PostgreSQL's foreign keys)
    # are built once at the end.
    rows_in_file = max(dataset.line_count - 1, 0)
    try:
        with checks_deferred(store.engine, store.count() < rows_in_file), tqdm(
                total=rows_in_file, unit="row", desc=f"import {kind}", disable=not progress) as bar:
            accepted = 0
            for batch in dataset.batches(batch_rows, workers, dialect_of(store.engine)):
                accepted += len(batch)
                summary.stored += store.add_rows(dataset.report, batch, analyze=False)
                bar.update(summary.rows - bar.n)
            bar.update(summary.rows - bar.n)
    finally:
        if collecting:
            gc.enable()
        gc.unfreeze()
    if summary.stored:
        store.refresh_statistics()  # once, after the last batch: the planner sees the new data
    summary.already_stored = accepted - summary.stored
    return summary


def read_dataset(kind: str, path: Path, box: Box | None = None,
                 sectors_only: bool = False) -> tuple[Report, list[Incident], ImportSummary]:
    """Every incident of a (small) ACLED or UCDP CSV file at once, with the report that stands for the file
    and what was refused or left out (import_dataset stores a file of any size)."""
    dataset = DatasetFile(kind, path, box, sectors_only)
    incidents = [incident for batch in dataset.batches() for incident in batch]
    return dataset.report, incidents, dataset.summary


def _inside(incident: Incident, box: Box | None, sectors_only: bool) -> bool:
    if sectors_only and not incident.sector:
        return False
    if box is None:
        return True
    west, south, east, north = box
    return incident.geolocated and south <= incident.latitude <= north and west <= incident.longitude <= east
