"""Reading an ACLED or UCDP GED file safely, whatever its size or content: in batches of BATCH_ROWS rows, so
memory stays flat; each line's length checked as it is read, so `/dev/zero` is refused rather than read
whole; each bad row refused with its line number and reason (a value the model refuses, an identifier
repeated in the file) while the rest lands; points located in our admin areas and sectors one batch at a
time. What the columns mean is exchange.datasets."""
from __future__ import annotations

import csv
import gc
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pydantic import ValidationError
from tqdm import tqdm

from geo import get_boundaries
from exchange.datasets import DATASETS, OutsideRegion
from incidents.model import Incident, Report, problems
from store.query import Box

if TYPE_CHECKING:
    from store.database import IncidentStore

T = TypeVar("T")


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


class DatasetFile:
    """An ACLED or UCDP CSV file, read in batches of incidents (never whole): `report` stands for the
    file, `summary` counts what was read, refused (line number and reason) or left out. Raises
    ValueError at once when the file is not that dataset's CSV at all."""

    def __init__(self, kind: str, path: Path, box: Box | None = None, sectors_only: bool = False):
        self.kind, self.path, self.box, self.sectors_only = kind, path, box, sectors_only
        self.dataset = DATASETS[kind]
        with self._lines() as lines:
            header = next(csv.reader(lines), [])
        missing = [c for c in self.dataset.required if c not in header]
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

    def _rows(self, size: int) -> Iterator[list[tuple[int, dict]]]:
        """The rows, `size` at a time, each with the line it ends on; a line the CSV reader cannot read is
        refused."""
        with self._lines() as lines:
            reader = csv.DictReader(lines)
            chunk: list[tuple[int, dict]] = []
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    self.summary.rows += 1
                    self.summary.errors.append(f"line {reader.line_num}: {exc}")
                    continue
                self.summary.rows += 1
                chunk.append((reader.line_num, {k: v or "" for k, v in row.items() if k is not None}))
                if len(chunk) >= size:
                    yield chunk
                    chunk = []
            if chunk:
                yield chunk

    def batches(self, size: int = BATCH_ROWS) -> Iterator[list[Incident]]:
        """The incidents to store, from `size` rows at a time. A row that repeats an identifier already read
        in this file is refused like any bad row (the first one counts)."""
        first_line: dict[str, int] = {}
        for chunk in self._rows(size):
            pointed = [(line, row, point) for line, row in chunk
                       if (point := self._checked(line, self.dataset.point, row)) is not False]
            batch = []
            for (line, row, _), located in zip(pointed, _located([p for _, _, p in pointed])):
                incident = self._checked(line, self._incident, row, line, located, first_line)
                if incident is False:
                    continue
                first_line[incident.external_id] = line
                if _inside(incident, self.box, self.sectors_only):
                    batch.append(incident)
                else:
                    self.summary.outside += 1
            if batch:
                yield batch

    def _incident(self, row: dict, line: int, located: dict, first_line: dict[str, int]) -> Incident:
        external_id = row.get(self.dataset.id_column, "").strip()
        if external_id in first_line:
            raise ValueError(f"{self.dataset.id_column} {external_id!r} repeats line {first_line[external_id]}")
        return self.dataset.convert(row, self.report, line, located)

    def _checked(self, line: int, work: Callable[..., T], *args) -> T | bool:
        """What `work(*args)` returns, or False when the row is refused (its line and why, in the summary)
        or lies outside the region."""
        try:
            return work(*args)
        except OutsideRegion:
            self.summary.outside += 1
        except ValidationError as exc:
            self.summary.errors.append(f"line {line}: {problems(exc)}")
        except _ROW_ERRORS as exc:
            self.summary.errors.append(f"line {line}: {exc}")
        return False


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
                   progress: bool = False, batch_rows: int = BATCH_ROWS) -> ImportSummary:
    """Import an ACLED or UCDP CSV file into `store`, `batch_rows` rows per transaction, each written by the
    store's bulk path (a killed import keeps the batches stored; running it again adds the rest). Raises
    ValueError when the file is not that dataset's CSV at all."""
    dataset = DatasetFile(kind, path, box, sectors_only)
    summary = dataset.summary
    # What is loaded so far (geo data, modules) is not garbage: collections skip it. The rows of a batch are
    # freed as they go (no reference cycles but a refused row's exception), so the collector runs once a batch
    # rather than every few hundred objects: ~15% less time, memory still flat.
    gc.freeze()
    collecting = gc.isenabled()
    gc.disable()
    try:
        with tqdm(total=max(dataset.line_count - 1, 0), unit="row", desc=f"import {kind}",
                  disable=not progress) as bar:
            accepted = 0
            for batch in dataset.batches(batch_rows):
                accepted += len(batch)
                summary.stored += store.add_incidents(dataset.report, batch, analyze=False)
                bar.update(summary.rows - bar.n)
                gc.collect()
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
