"""Timing helpers shared by the bench scripts (one copy, not one per script)."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable


def run_together(worker: Callable[[], None], threads: int) -> float:
    """Run ``worker`` in ``threads`` threads released at once by a barrier;
    the wall-clock seconds from the release until the last one finishes."""
    start = threading.Barrier(threads + 1)

    def body():
        start.wait()
        worker()

    ts = [threading.Thread(target=body) for _ in range(threads)]
    for t in ts:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in ts:
        t.join()
    return time.perf_counter() - t0


def medians_by_threads(measure: Callable[[int], float], thread_counts: tuple[int, ...],
                       repeat: int) -> list[float]:
    """The median of ``repeat`` calls of ``measure(threads)``, per thread count."""
    return [statistics.median(measure(threads) for _ in range(repeat)) for threads in thread_counts]
