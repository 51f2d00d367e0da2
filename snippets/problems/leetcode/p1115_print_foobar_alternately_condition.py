"""LeetCode 1115 Print FooBar Alternately, solved with a ``Condition``.

Contract: as for the semaphore version. ``_foo_next`` says whose turn it is;
it is read and flipped only while holding the condition's lock, and each
thread waits in a loop (``wait_for``) until it is its turn.
"""

from threading import Condition
from typing import Callable


class FooBar:
    def __init__(self, n: int) -> None:
        self.n = n
        self._cond = Condition()
        self._foo_next = True  # guarded by _cond

    def foo(self, printFoo: "Callable[[], None]") -> None:
        for _ in range(self.n):
            with self._cond:
                self._cond.wait_for(lambda: self._foo_next)
                printFoo()
                self._foo_next = False
                self._cond.notify()  # exactly one other thread can be waiting

    def bar(self, printBar: "Callable[[], None]") -> None:
        for _ in range(self.n):
            with self._cond:
                self._cond.wait_for(lambda: not self._foo_next)
                printBar()
                self._foo_next = True
                self._cond.notify()
