"""LeetCode 1114 Print in Order, solved with one ``threading.Condition``.

Contract: as for the Event version. A single counter ``_stage`` (how many
prints have finished) is read and written only while holding the condition's
lock. Each waiter re-checks its predicate in a loop (``wait_for``), so it is
correct however many threads a ``notify_all`` wakes.
"""

from threading import Condition
from typing import Callable


class Foo:
    def __init__(self) -> None:
        self._cond = Condition()
        self._stage = 0  # guarded by _cond: number of prints completed

    def _run_at(self, stage: int, action: "Callable[[], None]") -> None:
        with self._cond:
            self._cond.wait_for(lambda: self._stage == stage)
            action()
            self._stage += 1
            self._cond.notify_all()  # two waiters may be parked: wake both

    def first(self, printFirst: "Callable[[], None]") -> None:
        self._run_at(0, printFirst)

    def second(self, printSecond: "Callable[[], None]") -> None:
        self._run_at(1, printSecond)

    def third(self, printThird: "Callable[[], None]") -> None:
        self._run_at(2, printThird)
