"""Work spread over worker processes while this one writes: what a bulk load does to each batch (parse,
validate, locate, make database rows) runs in `workers` processes, the results come back in the batches'
order (so a line number and "repeats line N" mean what they say), and only a few batches are in flight at
once, so memory stays flat whatever the file's size."""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MAX_WORKERS = 8  # past this, the one writing process is the bottleneck
IN_FLIGHT_PER_WORKER = 2  # batches handed out per worker: one being worked on, one waiting


def default_workers() -> int:
    """One worker process per CPU (the writing process mostly waits for the database)."""
    return min(os.cpu_count() or 1, MAX_WORKERS)


def in_order(work: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    """work(item) for each item, in the items' order: in `workers` processes (forked, so they share what this
    one has loaded: geo data, modules), or in this process when `workers` is 0. `work` and the items and
    results travel between processes by pickle: plain tuples are cheap."""
    if workers < 1:
        yield from map(work, items)
        return
    # fork: a worker starts at once with this process's modules and geo data, nothing loaded again.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    pending: deque[Future] = deque()
    try:
        for item in items:
            pending.append(pool.submit(work, item))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(cancel_futures=True)
