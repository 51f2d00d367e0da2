"""Timing helpers shared by the bench scripts (one copy, not one per script)."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable


def run_together(worker: Callable[[], None], threads: int, then: Callable[[], None] | None = None) -> float:
    """Run ``worker`` in ``threads`` threads released at once by a barrier;
    the wall-clock seconds from the release until the last one finishes (and,
    when given, ``then()`` returns: work the result is not complete without,
    such as draining a queue the threads fed)."""
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
    if then is not None:
        then()
    return time.perf_counter() - t0


def adds_per_second(acc, threads: int, n: int, keys: int, total: Callable[[object], dict]) -> float:
    """``threads`` threads each ``acc.add(key, 1)`` ``n`` times, keys cycling
    over ``keys`` names; adds per second, all threads together, until
    ``total(acc)`` (the final table) has returned. Fails if an add was lost."""
    names = [f"shard-{i}" for i in range(keys)]
    table: dict = {}

    def worker():
        add = acc.add
        for i in range(n):
            add(names[i % keys], 1)

    elapsed = run_together(worker, threads, then=lambda: table.update(total(acc)))
    assert sum(table.values()) == threads * n, "lost updates"
    return threads * n / elapsed


def medians_by_threads(measure: Callable[[int], float], thread_counts: tuple[int, ...],
                       repeat: int) -> list[float]:
    """The median of ``repeat`` calls of ``measure(threads)``, per thread count."""
    return [statistics.median(measure(threads) for _ in range(repeat)) for threads in thread_counts]
