"""LeetCode 1115 Print FooBar Alternately, solved with two semaphores.

Contract: one thread calls ``foo`` and another calls ``bar`` on the same
instance, in any start order. Output is ``foobar`` exactly ``n`` times.
``foo`` blocks until the previous ``bar`` has printed (never on its first
round); ``bar`` blocks until the matching ``foo`` has printed. The two
semaphores hold one permit between them at any time: a token passed back
and forth.
"""

from threading import Semaphore
from typing import Callable


class FooBar:
    def __init__(self, n: int) -> None:
        self.n = n
        self._foo_turn = Semaphore(1)  # foo goes first
        self._bar_turn = Semaphore(0)

    def foo(self, printFoo: "Callable[[], None]") -> None:
        for _ in range(self.n):
            self._foo_turn.acquire()
            printFoo()
            self._bar_turn.release()

    def bar(self, printBar: "Callable[[], None]") -> None:
        for _ in range(self.n):
            self._bar_turn.acquire()
            printBar()
            self._foo_turn.release()
