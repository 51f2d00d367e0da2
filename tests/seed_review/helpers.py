"""Helpers of the seed-review tests that tests/support does not have: a
thread started and left running while the test pokes at it, a poll with a
deadline, and a small timing probe for the cost of one dequeue. Joining with
a deadline is tests.support.threads.join_all."""

import threading
import time

from tests.support.threads import JOIN_TIMEOUT


def start_daemon(target, *args):
    """Start ``target(*args)`` in a daemon thread: if it blocks forever, the
    interpreter can still exit (the test then fails on its own timeout)."""
    thread = threading.Thread(target=target, args=args, daemon=True)
    thread.start()
    return thread


def wait_until(predicate, timeout=JOIN_TIMEOUT, interval=0.001):
    """Poll ``predicate`` until it is true or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)
    return True


def seconds_per_dequeue(put, get, size, rounds=300, repeats=5):
    """Time one ``put(get())`` round trip on a queue that holds ``size`` items.

    The length stays constant, so the figure is the cost of one dequeue at
    that length. The minimum over ``repeats`` filters out the noise of a
    shared machine.
    """
    for i in range(size):
        put(i)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(rounds):
            put(get())
        best = min(best, time.perf_counter() - start)
    return best / rounds
