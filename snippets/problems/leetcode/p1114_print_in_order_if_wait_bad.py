"""KNOWN-BAD LeetCode 1114: ``if`` instead of ``while`` around ``wait``.

``third`` checks its condition once. The ``notify_all`` sent after *first*
wakes it too; it does not re-check, so it prints before *second*.
"""

from threading import Condition
from typing import Callable


class Foo:
    def __init__(self) -> None:
        self._cond = Condition()
        self._stage = 0

    def first(self, printFirst: "Callable[[], None]") -> None:
        with self._cond:
            printFirst()
            self._stage = 1
            self._cond.notify_all()

    def second(self, printSecond: "Callable[[], None]") -> None:
        with self._cond:
            if self._stage != 1:  # BUG: must be `while`
                self._cond.wait()
            printSecond()
            self._stage = 2
            self._cond.notify_all()

    def third(self, printThird: "Callable[[], None]") -> None:
        with self._cond:
            if self._stage != 2:  # BUG: woken by first's notify_all, stage is 1
                self._cond.wait()
            printThird()
