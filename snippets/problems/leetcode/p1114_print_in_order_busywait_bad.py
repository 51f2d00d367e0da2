"""KNOWN-BAD LeetCode 1114: busy-waiting on a flag.

The order is right whenever the program finishes, but a waiting thread spins
instead of blocking. It burns a CPU core, and it finishes only if the
scheduler takes the CPU away from it: under a scheduler that keeps running
the spinning thread, the thread it waits for never runs (a livelock).
"""

from typing import Callable


class Foo:
    def __init__(self) -> None:
        self._stage = 0  # prints completed

    def first(self, printFirst: "Callable[[], None]") -> None:
        printFirst()
        self._stage = 1

    def second(self, printSecond: "Callable[[], None]") -> None:
        while self._stage != 1:  # BUG: spins instead of blocking
            pass
        printSecond()
        self._stage = 2

    def third(self, printThird: "Callable[[], None]") -> None:
        while self._stage != 2:  # BUG: spins instead of blocking
            pass
        printThird()
