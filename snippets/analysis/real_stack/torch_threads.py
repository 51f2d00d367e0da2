"""torch's intra-op threads vs Python threads (PyTorch 2.13.0, CPU, OpenMP backend).

Two layers of threads multiply: each Python thread that calls a torch op can
fan it out to ``torch.get_num_threads()`` intra-op (OpenMP) threads. On the
OpenMP backend, ``torch.set_num_threads(n)`` stores ``n`` process-wide *and*
sets the calling thread's OpenMP value; any other thread copies the stored
value the first time it goes through ATen's parallel layer (an op that
uses ``at::parallel_for``, or ``torch.get_num_threads()``) and keeps its copy
afterwards (``at::internal::lazy_init_num_threads``). So a later call from
another thread does not reach threads that already ran torch ops, and a new
thread whose only torch work is a BLAS call such as ``torch.mm`` never makes
the copy: MKL then uses the thread's OpenMP default, one thread per core.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass

import torch

__all__ = ["num_threads_as_seen", "os_threads_multiplying", "Rate", "matmul_rate"]

JOIN_TIMEOUT = 120.0


def _in_new_thread(fn):
    out = []
    thread = threading.Thread(target=lambda: out.append(fn()), daemon=True)
    thread.start()
    thread.join(JOIN_TIMEOUT)
    if thread.is_alive():
        raise RuntimeError("probe thread did not finish")
    return out[0]


# --8<-- [start:probe]
def num_threads_as_seen(other: int = 1) -> dict[str, int]:
    """Who sees what after a *worker* thread calls ``torch.set_num_threads(other)``.

    Restores the caller's original setting before returning.
    """
    original = torch.get_num_threads()  # also initializes this thread's copy
    try:
        seen = {"main thread, before": original}
        seen["worker thread that set it"] = _in_new_thread(
            lambda: (torch.set_num_threads(other), torch.get_num_threads())[1]
        )
        seen["main thread, after"] = torch.get_num_threads()
        seen["thread started after"] = _in_new_thread(torch.get_num_threads)
        return seen
    finally:
        torch.set_num_threads(original)


def os_threads_multiplying(intra_op: int, copy_first: bool, size: int = 256,
                           deadline: float = JOIN_TIMEOUT) -> int:
    """How many OS threads a *new* thread's ``torch.mm`` runs on (itself included).

    The calling thread sets ``torch.set_num_threads(intra_op)`` first. With
    ``copy_first`` the new thread calls ``torch.get_num_threads()`` before
    multiplying, which makes its copy of that setting; without it the thread
    only calls ``torch.mm``. Counts the threads (in /proc, Linux) born since
    the new thread was started, while it multiplies. Restores the caller's
    setting. RuntimeError if the thread has not multiplied within ``deadline`` s.
    """
    original = torch.get_num_threads()
    torch.set_num_threads(intra_op)
    multiplying, stop = threading.Event(), threading.Event()

    def worker() -> None:
        if copy_first:
            torch.get_num_threads()
        a, b = torch.randn(size, size), torch.randn(size, size)
        while not stop.is_set():
            torch.mm(a, b)
            multiplying.set()

    before = set(os.listdir("/proc/self/task"))
    thread = threading.Thread(target=worker, daemon=True)
    try:
        thread.start()
        if not multiplying.wait(deadline):
            raise RuntimeError(f"probe thread did not multiply within {deadline} s")
        return len(set(os.listdir("/proc/self/task")) - before)  # threads born since
    finally:
        stop.set()
        thread.join(deadline)
        torch.set_num_threads(original)
# --8<-- [end:probe]


# --8<-- [start:rate]
@dataclass(frozen=True)
class Rate:
    per_second: float      # multiplications per wall-clock second, all threads together
    per_cpu_second: float  # per second of CPU time the process used (all its threads)


def matmul_rate(python_threads: int, intra_op: int, size: int = 256, seconds: float = 1.0) -> Rate:
    """How many ``size`` x ``size`` float32 multiplications the process completes.

    Every thread multiplies its own matrices (nothing shared) until
    ``seconds`` have passed; ``intra_op`` is set before the threads start,
    so each of them copies it on first use. On a machine shared with other
    work, wall-clock throughput also depends on the share of the cores the
    OS gives this process; work per CPU-second does not.
    """
    original = torch.get_num_threads()
    torch.set_num_threads(intra_op)
    counts = [0] * python_threads
    start = threading.Barrier(python_threads + 1)
    stop = threading.Event()

    def worker(i: int) -> None:
        torch.get_num_threads()  # copy the setting into this thread: torch.mm alone would not
        a, b = torch.randn(size, size), torch.randn(size, size)
        start.wait()
        while not stop.is_set():
            torch.mm(a, b)  # releases the GIL while the kernel runs
            counts[i] += 1

    workers = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(python_threads)]
    try:
        for w in workers:
            w.start()
        start.wait()
        t0, cpu0 = time.perf_counter(), time.process_time()
        time.sleep(seconds)
        stop.set()
        for w in workers:
            w.join(JOIN_TIMEOUT)
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    finally:
        stop.set()
        torch.set_num_threads(original)
    return Rate(sum(counts) / elapsed, sum(counts) / max(cpu, 1e-9))
# --8<-- [end:rate]
