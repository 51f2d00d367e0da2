"""Test helpers shared by the serving problems' tests."""

import asyncio
import selectors
import threading


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


def join_all(threads, timeout=10.0):
    """Join threads with a timeout; fail (never hang) if any is still alive."""
    for t in threads:
        t.join(timeout)
    alive = [t.name for t in threads if t.is_alive()]
    assert not alive, f"threads still running after {timeout}s (deadlock?): {alive}"


# --- counterexamples shown on the pages -------------------------------------

import os  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402

import racecheck  # noqa: E402

COUNTEREXAMPLES = Path(__file__).resolve().parents[3] / "snippets/problems/serving/counterexamples"
REGENERATE = os.environ.get("REGENERATE_COUNTEREXAMPLES") == "1"
_REPLAY = re.compile(r'racecheck\.replay\(scenario, schedule="([^"]*)"\)')


def counterexample_markdown(failure):
    """The text a page includes: the failure kind, how to replay the
    (minimized) schedule, and the schedule racecheck printed."""
    return (
        "```text\n"
        f"failure: {failure.kind}\n"
        f'replay:  racecheck.replay(scenario, schedule="{failure.schedule}")\n\n'
        + failure.schedule_text.rstrip()
        + "\n```\n"
    )


def assert_page_counterexample_current(scenario, name):
    """The counterexample a page includes must still be what racecheck finds.

    Replays the schedule recorded in the file (fast) and compares the text.
    With REGENERATE_COUNTEREXAMPLES=1, searches again (expect_failure with
    minimization, slower) and rewrites the file; review the diff.
    """
    path = COUNTEREXAMPLES / f"{name}.md"
    if REGENERATE:
        failure = racecheck.expect_failure(scenario)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(counterexample_markdown(failure), encoding="utf-8")
    assert path.is_file(), f"{path} missing: run the test with REGENERATE_COUNTEREXAMPLES=1"
    text = path.read_text(encoding="utf-8")
    found = _REPLAY.search(text)
    assert found, f"{path.name}: no replay line"
    failure = racecheck.replay(scenario, schedule=found.group(1))
    assert failure is not None, (
        f"{path.name}: the schedule shown on the page no longer fails (the code changed?); "
        "run the test with REGENERATE_COUNTEREXAMPLES=1 and review the diff"
    )
    assert counterexample_markdown(failure) == text, (
        f"{path.name} is stale (the page shows an old schedule); "
        "run the test with REGENERATE_COUNTEREXAMPLES=1 and review the diff"
    )
    return failure
