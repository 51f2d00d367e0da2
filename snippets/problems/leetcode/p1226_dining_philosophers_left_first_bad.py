"""KNOWN-BAD LeetCode 1226: everybody takes the left fork first.

If every philosopher picks up the left fork before anyone picks up a right
fork, each waits for the neighbour's fork forever: a circular wait, so a
deadlock.
"""

from threading import Lock
from typing import Callable


class DiningPhilosophers:
    def __init__(self, seats: int = 5) -> None:
        self._seats = seats
        self._forks = [Lock() for _ in range(seats)]

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
        with self._forks[left]:  # BUG: same order for all: a cycle of waits
            pickLeftFork()
            with self._forks[right]:
                pickRightFork()
                eat()
                putLeftFork()
                putRightFork()
