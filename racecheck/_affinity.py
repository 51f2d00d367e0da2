"""A run's threads share one CPU.

A controlled run executes one thread at a time: at every switch point the
running thread releases the next one's turn and waits for its own. On Linux,
waking a thread that sleeps on another CPU costs several times a hand-off on
the same CPU (an idle CPU has to be woken first; in a virtual machine that is
an exit to the host). Measured on the project's 2-vCPU machine, a lock
ping-pong round trip between two threads took 86-121 us across CPUs and
15-19 us with both threads on one. Nothing runs in parallel in a run anyway,
so the controller pins itself to the CPU it is running on while the run
lasts, and the threads it starts (the scenario's, and those the code under
test starts from them) inherit the mask. The mask is chosen again for every
run (where the operating system just scheduled the controller), so several
processes running racecheck at once spread over the CPUs. When the run ends,
the controller's own mask is restored, and so is the mask of every thread
started meanwhile that is still alive (a thread pool that C code started
during the run would otherwise stay on one CPU for good).

Only where ``os.sched_setaffinity`` and libc's ``sched_getcpu`` exist
(Linux); elsewhere, or with ``RACECHECK_PIN=0``, nothing changes.
"""

from __future__ import annotations

import os

__all__ = ["Pin", "enabled", "pin_to_current_cpu", "restore"]


def _current_cpu_function():
    if not hasattr(os, "sched_setaffinity"):
        return None
    try:
        import ctypes

        getcpu = ctypes.CDLL(None, use_errno=True).sched_getcpu
    except (OSError, AttributeError, ImportError):
        return None
    getcpu.restype = ctypes.c_int
    getcpu.argtypes = []
    return getcpu


_getcpu = _current_cpu_function()


def enabled() -> bool:
    """Whether runs pin their threads here (``RACECHECK_PIN=0`` turns it off)."""
    return _getcpu is not None and os.environ.get("RACECHECK_PIN", "1").strip().lower() not in {"0", "false", "no"}


class Pin:
    """What ``pin_to_current_cpu`` changed: the caller's previous mask, and
    the threads the process had then."""

    __slots__ = ("mask", "threads")

    def __init__(self, mask: set[int], threads: set[str]) -> None:
        self.mask, self.threads = mask, threads


def _threads() -> set[str]:
    try:
        return set(os.listdir("/proc/self/task"))
    except OSError:
        return set()


def pin_to_current_cpu() -> Pin | None:
    """Pin the calling thread to the CPU it runs on; returns what to undo
    (for ``restore``), or None if nothing was changed (one CPU allowed
    already, or pinning is off or unavailable)."""
    if not enabled():
        return None
    try:
        previous = os.sched_getaffinity(0)
        cpu = _getcpu()
        if cpu < 0 or cpu not in previous or len(previous) == 1:
            return None
        threads = _threads()
        os.sched_setaffinity(0, {cpu})
    except OSError:
        return None
    return Pin(previous, threads)


def restore(pin: Pin | None) -> None:
    """Give the calling thread back its mask, and every thread started since
    ``pin_to_current_cpu`` (the run's own, and any that code under test
    started outside the harness's view, such as an OpenMP pool started by C
    code, which inherited the one-CPU mask) the same mask, so nothing of the
    pin outlives the run."""
    if pin is None:
        return
    try:
        os.sched_setaffinity(0, pin.mask)
    except OSError:
        pass
    for tid in _threads() - pin.threads:
        try:
            os.sched_setaffinity(int(tid), pin.mask)
        except (OSError, ValueError):
            pass  # it has ended meanwhile
