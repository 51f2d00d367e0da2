"""Helpers shared by the LeetCode concurrency tests.

Real threads here can never hang the suite: every thread is a daemon and is
joined with a deadline, after which the test asserts that it ended.
"""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace
from typing import Callable

JOIN_TIMEOUT = 10.0  # generous on a shared 2-core machine; passing runs take milliseconds


def run_threads(*targets: Callable[[], object], timeout: float = JOIN_TIMEOUT) -> None:
    """Start one daemon thread per target, in the order given, and join them all.

    Fails if a thread is still alive at the deadline (a hang or a deadlock)
    and re-raises the first exception raised inside a thread.
    """
    errors: list[BaseException] = []

    def guarded(target: Callable[[], object]) -> None:
        try:
            target()
        except BaseException as exc:  # noqa: BLE001 - reported to the test below
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=(t,), daemon=True) for t in targets]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    alive = [t.name for t in threads if t.is_alive()]
    assert not alive, f"threads still blocked after {timeout} s: {alive}"
    if errors:
        raise errors[0]


def state(obj: object, **extra: object) -> SimpleNamespace:
    """Fresh shared state for one run: the object under test and an output log.

    ``out.append`` is a single C call, so it is atomic under the GIL and
    the log records the order in which the callbacks really ran.
    """
    return SimpleNamespace(obj=obj, out=[], **extra)
