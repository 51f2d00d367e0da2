"""LeetCode 1114 Print in Order, solved with two ``threading.Semaphore(0)``.

Contract: as for the Event version. Each semaphore starts at 0 permits, so
``acquire`` blocks until the predecessor's ``release``; a release that comes
first is remembered as a permit, so no wake-up is lost. ``first`` never blocks.
"""

from threading import Semaphore
from typing import Callable


class Foo:
    def __init__(self) -> None:
        # Explicit 0: Semaphore() defaults to ONE permit, which would let the
        # waiter through immediately.
        self._after_first = Semaphore(0)
        self._after_second = Semaphore(0)

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
