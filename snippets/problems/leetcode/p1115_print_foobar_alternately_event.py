"""LeetCode 1115 Print FooBar Alternately, solved with two ``Event`` objects.

Contract: as for the semaphore version. Each thread clears *its own* event
before it sets the other thread's event. That order matters: once the other
event is set, the other thread may print and set our event again, and a
``clear()`` after that point would erase the signal (see the known-bad
variant).
"""

from threading import Event
from typing import Callable


class FooBar:
    def __init__(self, n: int) -> None:
        self.n = n
        self._foo_turn = Event()
        self._bar_turn = Event()
        self._foo_turn.set()  # foo goes first

    def foo(self, printFoo: "Callable[[], None]") -> None:
        for _ in range(self.n):
            self._foo_turn.wait()
            self._foo_turn.clear()  # consume our turn first ...
            printFoo()
            self._bar_turn.set()  # ... then hand over

    def bar(self, printBar: "Callable[[], None]") -> None:
        for _ in range(self.n):
            self._bar_turn.wait()
            self._bar_turn.clear()
            printBar()
            self._foo_turn.set()
