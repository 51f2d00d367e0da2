"""LeetCode 1226 The Dining Philosophers: one lock for the whole table.

Contract: as for the ordered version, but only one philosopher eats at a
time. Trivially deadlock-free (a single lock cannot form a cycle) and
accepted by the judge; it gives up all parallelism, which is the point an
interviewer will raise.
"""

from threading import Lock
from typing import Callable


class DiningPhilosophers:
    def __init__(self, seats: int = 5) -> None:
        self._table = Lock()

    # call the functions directly to execute, for example, eat()
    def wantsToEat(
        self,
        philosopher: int,
        pickLeftFork: "Callable[[], None]",
        pickRightFork: "Callable[[], None]",
        eat: "Callable[[], None]",
        putLeftFork: "Callable[[], None]",
        putRightFork: "Callable[[], None]",
    ) -> None:
        with self._table:
            pickLeftFork()
            pickRightFork()
            eat()
            putLeftFork()
            putRightFork()
