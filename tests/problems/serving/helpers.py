"""Helpers specific to the serving problems' tests: fake clocks and a
virtual-time event loop. Real threads (``join_all``, ``run_threads``) and the
check of the counterexamples on the pages are the shared helpers in
``tests/support/``."""

import asyncio
import selectors
import threading
from pathlib import Path


class FakeClock:
    """A manual clock: ``now()`` reads it, ``sleep(d)`` advances it and logs ``d``.

    Internally synchronized so real threads may share it in stress tests.
    """

    def __init__(self, start=0.0):
        self._now = start
        self._lock = threading.Lock()
        self.sleeps = []

    def __call__(self):
        with self._lock:
            return self._now

    def advance(self, seconds):
        with self._lock:
            self._now += seconds

    def sleep(self, seconds):
        with self._lock:
            self.sleeps.append(seconds)
            self._now += seconds


class _NonBlockingSelector(selectors.SelectSelector):
    """Polls real file descriptors without waiting, and advances the loop's
    virtual time by the timeout the loop asked to wait instead."""

    def __init__(self, loop):
        super().__init__()
        self._loop = loop

    def select(self, timeout=None):
        events = super().select(0)
        if not events:
            if timeout is None:
                raise RuntimeError("virtual-time loop: nothing scheduled, nothing ready (deadlock)")
            self._loop.virtual_now += timeout
        return events


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    """An event loop whose clock only moves when every task is waiting.

    When nothing is ready, time jumps to the next timer, so ``asyncio.sleep``
    takes no real time and the order of wake-ups is exact and repeatable.
    """

    def __init__(self):
        self.virtual_now = 0.0
        super().__init__(selector=_NonBlockingSelector(self))

    def time(self):
        return self.virtual_now


def run_virtual(coro):
    """Run ``coro`` to completion on a fresh VirtualTimeLoop and return its result."""
    loop = VirtualTimeLoop()
    try:
        return loop.run_until_complete(coro)
    finally:
        loop.close()


# One report per known-bad module: counterexamples/<bad module>.txt, racecheck's
# failure message, included by the pages in ```text fences and checked by
# tests.support.counterexamples.check_published. Regenerate on Python 3.11 with
# UPDATE_COUNTEREXAMPLES=1 and review the diff.
COUNTEREXAMPLES = Path(__file__).resolve().parents[3] / "snippets/problems/serving/counterexamples"
