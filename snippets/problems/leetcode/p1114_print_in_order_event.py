"""LeetCode 1114 Print in Order, solved with two ``threading.Event`` objects.

Contract: ``first``, ``second`` and ``third`` are each called once, by three
different threads started in any order. ``first`` never blocks. ``second``
blocks until ``first`` has returned from ``printFirst``; ``third`` blocks
until ``second`` has returned from ``printSecond``. So the output is always
``firstsecondthird``. An ``Event`` stays set once set, so a signal sent before
the waiter arrives is not lost. No timeouts: a waiter whose predecessor is
never called blocks forever, as the problem intends.
"""

from threading import Event
from typing import Callable


class Foo:
    def __init__(self) -> None:
        self._first_done = Event()
        self._second_done = Event()

    def first(self, printFirst: "Callable[[], None]") -> None:
        printFirst()
        self._first_done.set()  # after printing: set() publishes "first is out"

    def second(self, printSecond: "Callable[[], None]") -> None:
        self._first_done.wait()
        printSecond()
        self._second_done.set()

    def third(self, printThird: "Callable[[], None]") -> None:
        self._second_done.wait()
        printThird()
