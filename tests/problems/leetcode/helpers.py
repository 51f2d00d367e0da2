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


# ---------------------------------------------------------------- racecheck
# Counterexamples shown on the pages are files under snippets/, written from
# the failure that racecheck.expect_failure returns. The test that finds the
# failure compares it with the file, so a page can never show a stale
# schedule. Step numbers depend on the bytecode of the running CPython, so
# the text is compared on the version that recorded it; on other versions
# the test still requires the failure, only not the identical text.

import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

COUNTEREXAMPLES = Path(__file__).resolve().parents[3] / "snippets" / "problems" / "leetcode" / "counterexamples"
RECORDED_ON = (3, 11)
UPDATE_ENV = "LEETCODE_UPDATE_COUNTEREXAMPLES"


def counterexample_text(failure, roles: str) -> str:
    """The page's view of a racecheck failure: what failed, who is who, how
    to replay it, and the step-by-step schedule (plus thread states for a
    deadlock)."""
    head = []
    for line in failure.message.splitlines()[:2]:
        if line.startswith("found by:"):
            break
        head.append(line.replace("racecheck: scenario ", "scenario "))
    parts = [
        *head,
        f"threads:  {roles}",
        f'replay:   racecheck.replay(scenario, schedule="{failure.schedule}")',
        "",
        failure.schedule_text.rstrip(),
    ]
    if failure.kind in ("deadlock", "livelock"):
        parts += ["", failure.details.rstrip()]
    return "\n".join(parts) + "\n"


def assert_counterexample_current(bad_module, failure, roles: str) -> None:
    """Fail if the counterexample file of ``bad_module`` differs from ``failure``.

    Run with LEETCODE_UPDATE_COUNTEREXAMPLES=1 (on Python 3.11) to rewrite it.
    """
    name = bad_module.__name__.rsplit(".", 1)[-1]
    path = COUNTEREXAMPLES / f"{name}.txt"
    text = counterexample_text(failure, roles)
    if sys.version_info[:2] != RECORDED_ON:
        return  # the failure itself was still required by the caller
    if os.environ.get(UPDATE_ENV) == "1":
        path.write_text(text, encoding="utf-8")
        return
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    assert current == text, (
        f"{path} is stale; rerun this test with {UPDATE_ENV}=1 to rewrite it.\n"
        f"--- new text ---\n{text}"
    )
