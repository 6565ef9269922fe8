"""Benchmarks (`./run bench ...`, see bench/README.md). They may import any package; nothing imports them."""
from __future__ import annotations

import time
from typing import Callable, TypeVar

T = TypeVar("T")


def timed(work: Callable[[], T], repeat: int = 1) -> tuple[T, float]:
    """The result of `work` and the seconds one run of it took (the mean of `repeat` runs)."""
    started = time.perf_counter()
    for _ in range(repeat):
        result = work()
    return result, (time.perf_counter() - started) / repeat
