"""Several threads add gradients into one shared NumPy array.

NumPy's ufuncs release the GIL while they loop over large arrays (NumPy
2.4.6 on CPython 3.11, measured by ``bench/analysis_numpy_races.py``), so two
threads running ``w += g`` on the same array really run at the same time on
two cores: each reads an element, adds, and writes it back, and one thread's
write can overwrite the other's. The lock below makes each in-place add
atomic with respect to the other adds; the per-thread buffers share nothing
until a reduction after the threads have been joined.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np

__all__ = ["LockedWeights", "PerThreadGradients", "run_threads", "lost_fraction"]


# --8<-- [start:locked]
class LockedWeights:
    """A weight array that threads update in place; externally visible reads
    of ``w`` are only exact after the writers have been joined."""

    def __init__(self, size: int):
        self.w = np.zeros(size)
        self._lock = threading.Lock()

    def add(self, g: np.ndarray) -> None:
        with self._lock:  # one in-place add at a time
            self.w += g
# --8<-- [end:locked]


# --8<-- [start:per_thread]
class PerThreadGradients:
    """Each thread accumulates into its own buffer (thread-local, no lock);
    ``reduce()`` sums the buffers and is exact once the writers are joined."""

    def __init__(self, size: int):
        self._size = size
        self._local = threading.local()
        self._buffers: list[np.ndarray] = []
        self._register = threading.Lock()  # guards the list, not the arrays

    def add(self, g: np.ndarray) -> None:
        buf = getattr(self._local, "buf", None)
        if buf is None:
            buf = self._local.buf = np.zeros(self._size)
            with self._register:
                self._buffers.append(buf)
        buf += g  # only this thread ever touches buf

    def reduce(self) -> np.ndarray:
        with self._register:
            return np.sum(self._buffers, axis=0) if self._buffers else np.zeros(self._size)
# --8<-- [end:per_thread]


def run_threads(body: Callable[[], None], n_threads: int, timeout: float = 60.0) -> None:
    """Run ``body`` in ``n_threads`` threads released together by a barrier; join them."""
    start = threading.Barrier(n_threads)

    def worker():
        start.wait()
        body()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
        if t.is_alive():
            raise TimeoutError(f"a worker thread did not finish within {timeout} s")


def lost_fraction(final: np.ndarray, expected_total: float) -> float:
    """The share of added mass that is missing from ``final`` (0.0 = nothing lost)."""
    return float((expected_total - final.sum()) / expected_total)
