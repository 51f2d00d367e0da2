"""LeetCode 1226 The Dining Philosophers: take the lower-numbered fork first.

Contract: ``wantsToEat`` may be called concurrently for every philosopher
(and again for the same philosopher). It blocks until the philosopher holds
both forks, eats, and puts both forks down before returning. Fork ``i`` is
philosopher ``i``'s left fork and fork ``(i + 1) % seats`` the right one;
each fork is a ``Lock``, so no fork is ever held by two philosophers.

Deadlock freedom by resource ordering: everybody acquires the lower-numbered
of their two forks first, so a cycle of "holds one, waits for the next" is
impossible (the last philosopher's order is reversed, breaking the circle).
``seats`` defaults to LeetCode's five; tests also use smaller tables.
"""

from threading import Lock
from typing import Callable


class DiningPhilosophers:
    def __init__(self, seats: int = 5) -> None:
        self._seats = seats
        self._forks = [Lock() for _ in range(seats)]

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
        first, second = sorted((left, right))  # global order: no wait cycle
        with self._forks[first], self._forks[second]:
            pickLeftFork()
            pickRightFork()
            eat()
            putLeftFork()
            putRightFork()
