"""LeetCode 1226 The Dining Philosophers: what is special to it.

The template (test_leetcode.py, row P1226 of problems.py) runs racecheck on a
three-seat table for every variant, the known-bad one and its published
report, and the same scenario on real threads. Here: the judge's five seats.
"""

import pytest

from tests.problems.leetcode.problems import P1226, Table
from tests.problems.leetcode.template import short
from tests.support.threads import run_threads


@pytest.mark.parametrize("mod", P1226.good, ids=short)
@pytest.mark.parametrize("meals", [1, 60])
def test_real_threads_five_philosophers(mod, meals):
    table = Table(mod.DiningPhilosophers())
    run_threads(*(table.philosopher(p, meals) for p in range(5)))
    table.all_ate(meals)
