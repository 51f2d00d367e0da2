"""LeetCode 1226 The Dining Philosophers: at most ``seats - 1`` at the table.

Contract: as for the ordered version. Every philosopher takes the left fork
first, but a ``Semaphore(seats - 1)`` (the "butler") lets at most four of the
five reach for forks at once. With one seat empty, at least one philosopher
at the table can get both forks, so there is no deadlock.
"""

from threading import Lock, Semaphore
from typing import Callable


class DiningPhilosophers:
    def __init__(self, seats: int = 5) -> None:
        self._seats = seats
        self._forks = [Lock() for _ in range(seats)]
        self._butler = Semaphore(seats - 1)

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
        left, right = philosopher, (philosopher + 1) % self._seats
        with self._butler, self._forks[left], self._forks[right]:
            pickLeftFork()
            pickRightFork()
            eat()
            putLeftFork()
            putRightFork()
