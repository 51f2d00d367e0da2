"""LeetCode 1226 The Dining Philosophers: every variant, real threads and racecheck."""

import pytest

from snippets.problems.leetcode import (
    p1226_dining_philosophers_left_first_bad,
    p1226_dining_philosophers_lock,
    p1226_dining_philosophers_ordered,
    p1226_dining_philosophers_semaphore,
)
from tests.support.threads import JOIN_TIMEOUT, run_threads

GOOD = [p1226_dining_philosophers_ordered, p1226_dining_philosophers_semaphore, p1226_dining_philosophers_lock]


def short(mod):
    return mod.__name__.rsplit(".", 1)[-1]


class Table:
    """The judge's side: forks as owner slots, checked on every pick and put.

    The callbacks run without switch points (this module is not a racecheck
    target), so each check-and-update is one atomic step.
    """

    def __init__(self, dining, seats=5):
        self.dining = dining
        self.seats = seats
        self.owner = [None] * seats
        self.log = []  # [philosopher, fork (1 left, 2 right), op (1 pick, 2 put, 3 eat)]
        self.errors = []

    def _fork(self, p, side):
        return p if side == 1 else (p + 1) % self.seats

    def _pick(self, p, side):
        f = self._fork(p, side)
        if self.owner[f] is not None:
            self.errors.append(f"philosopher {p} picked fork {f} held by {self.owner[f]}")
        self.owner[f] = p
        self.log.append([p, side, 1])

    def _put(self, p, side):
        f = self._fork(p, side)
        if self.owner[f] != p:
            self.errors.append(f"philosopher {p} put down fork {f} it does not hold")
        self.owner[f] = None
        self.log.append([p, side, 2])

    def _eat(self, p):
        if self.owner[p] != p or self.owner[(p + 1) % self.seats] != p:
            self.errors.append(f"philosopher {p} ate without both forks")
        self.log.append([p, 0, 3])

    def meal(self, p):
        self.dining.wantsToEat(
            p,
            lambda: self._pick(p, 1),
            lambda: self._pick(p, 2),
            lambda: self._eat(p),
            lambda: self._put(p, 1),
            lambda: self._put(p, 2),
        )

    def philosopher(self, p, meals):
        return lambda: [self.meal(p) for _ in range(meals)]


@pytest.mark.parametrize("mod", GOOD, ids=short)
@pytest.mark.parametrize("meals", [1, 60])
def test_real_threads_five_philosophers(mod, meals):
    table = Table(mod.DiningPhilosophers())
    run_threads(*(table.philosopher(p, meals) for p in range(5)))
    assert table.errors == []
    assert all(o is None for o in table.owner)
    eaten = [entry[0] for entry in table.log if entry[2] == 3]
    assert sorted(eaten) == sorted(list(range(5)) * meals)


# ---------------------------------------------------------------- racecheck
import racecheck  # noqa: E402

from tests.problems.leetcode.helpers import published  # noqa: E402
from tests.support.counterexamples import check_published  # noqa: E402

SEATS, MEALS = 3, 2


def scenario(mod):
    """A three-seat table: the smallest where every fork is shared and a
    cycle of waits is possible. The judge's callbacks check the forks."""

    def check(s):
        assert s.errors == [], s.errors
        assert all(o is None for o in s.owner), f"forks still held: {s.owner}"
        eaten = sorted(entry[0] for entry in s.log if entry[2] == 3)
        assert eaten == sorted(list(range(SEATS)) * MEALS), f"meals: {eaten}"
    def diner(p):
        return lambda s: [s.meal(p) for _ in range(MEALS)]

    return racecheck.Scenario(
        name=f"1226 dining philosophers, {SEATS} seats: {short(mod)}",
        setup=lambda: Table(mod.DiningPhilosophers(SEATS), SEATS),
        threads=[diner(p) for p in range(SEATS)],
        check=check,
        targets=[mod],
    )


@pytest.mark.parametrize("mod", GOOD, ids=short)
def test_racecheck_forks_exclusive_and_no_deadlock(mod):
    racecheck.verify(scenario(mod))


def test_racecheck_catches_left_fork_first_deadlock():
    mod = p1226_dining_philosophers_left_first_bad
    racecheck.expect_failure(scenario(mod), kind="deadlock", seed=0)  # the search finds it
    check_published(scenario(mod), published(mod), kind="deadlock", seed=0)  # the page shows it


@pytest.mark.parametrize("mod", GOOD, ids=short)
def test_stress_same_scenario_on_real_threads(mod):
    """The racecheck scenario again, on real threads: Barrier start, tiny
    switch interval, a deadline per round that dumps every stack on a hang."""
    racecheck.stress_scenario(scenario(mod), rounds=100, timeout=JOIN_TIMEOUT)
