"""KNOWN-BAD LeetCode 1115: ``Event.clear()`` after handing over the turn.

After ``_bar_turn.set()`` the other thread may print ``bar`` and set
``_foo_turn`` before this thread clears it: the clear erases that signal, and
both threads wait forever (a lost wake-up, so a deadlock).
"""

from threading import Event
from typing import Callable


class FooBar:
    def __init__(self, n: int) -> None:
        self.n = n
        self._foo_turn = Event()
        self._bar_turn = Event()
        self._foo_turn.set()

    def foo(self, printFoo: "Callable[[], None]") -> None:
        for _ in range(self.n):
            self._foo_turn.wait()
            printFoo()
            self._bar_turn.set()
            self._foo_turn.clear()  # BUG: may erase bar's fresh signal

    def bar(self, printBar: "Callable[[], None]") -> None:
        for _ in range(self.n):
            self._bar_turn.wait()
            printBar()
            self._foo_turn.set()
            self._bar_turn.clear()  # BUG: same race in the other direction
