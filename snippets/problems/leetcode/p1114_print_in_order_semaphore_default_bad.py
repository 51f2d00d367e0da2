"""KNOWN-BAD LeetCode 1114: ``Semaphore()`` starts with one permit, not zero.

``threading.Semaphore(value=1)`` is the default, so the first ``acquire``
succeeds at once and ``second``/``third`` do not wait for anything.
"""

from threading import Semaphore
from typing import Callable


class Foo:
    def __init__(self) -> None:
        self._after_first = Semaphore()  # BUG: one permit already available
        self._after_second = Semaphore()

    def first(self, printFirst: "Callable[[], None]") -> None:
        printFirst()
        self._after_first.release()

    def second(self, printSecond: "Callable[[], None]") -> None:
        self._after_first.acquire()
        printSecond()
        self._after_second.release()

    def third(self, printThird: "Callable[[], None]") -> None:
        self._after_second.acquire()
        printThird()
