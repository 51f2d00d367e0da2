"""Real threads in tests that can never hang the suite.

Every thread is a daemon and is joined against one deadline; a thread still
alive then fails the test (a hang or a deadlock) instead of blocking CI.
"""

from __future__ import annotations

import threading
import time
from typing import Callable, Iterable

JOIN_TIMEOUT = 10.0  # generous on a loaded 2-core machine; passing runs take milliseconds


def join_all(threads: Iterable[threading.Thread], timeout: float = JOIN_TIMEOUT) -> None:
    """Join ``threads`` within ``timeout`` seconds in total; fail if any is still alive."""
    threads = list(threads)
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    alive = [t.name for t in threads if t.is_alive()]
    assert not alive, f"threads still running after {timeout} s (deadlock or hang?): {alive}"


def run_threads(*targets: Callable[[], object], timeout: float = JOIN_TIMEOUT) -> list:
    """Run each target in its own daemon thread, started in the order given.

    Returns the targets' results in order. Fails if a thread is still alive
    at the deadline, and re-raises the first exception raised in a thread.
    """
    results: list = [None] * len(targets)
    errors: list[BaseException] = []

    def guarded(i: int, target: Callable[[], object]) -> None:
        try:
            results[i] = target()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            errors.append(exc)

    threads = [
        threading.Thread(target=guarded, args=(i, t), daemon=True) for i, t in enumerate(targets)
    ]
    for thread in threads:
        thread.start()
    join_all(threads, timeout)
    if errors:
        raise errors[0]
    return results


def within(call: Callable[[], object], timeout: float = JOIN_TIMEOUT) -> object:
    """Run ``call()`` against a deadline: return its result or re-raise its
    exception, and fail if it is still running after ``timeout`` seconds.

    For a call that must give up on its own (a timed get, a timed acquire):
    if its timeout never fires, the test fails at the deadline instead of
    hanging the run.
    """
    return run_threads(call, timeout=timeout)[0]
