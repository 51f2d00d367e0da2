"""LeetCode 1116 Print Zero Even Odd: every variant, real threads and racecheck."""

import itertools

import pytest

from snippets.problems.leetcode import (
    p1116_print_zero_even_odd_condition,
    p1116_print_zero_even_odd_notify_bad,
    p1116_print_zero_even_odd_semaphore,
)
from tests.problems.leetcode.helpers import state
from tests.support.threads import JOIN_TIMEOUT, run_threads

GOOD = [p1116_print_zero_even_odd_semaphore, p1116_print_zero_even_odd_condition]


def short(mod):
    return mod.__name__.rsplit(".", 1)[-1]


def expected(n):
    return [x for i in range(1, n + 1) for x in (0, i)]


def calls(s):
    return [
        lambda: s.obj.zero(s.out.append),
        lambda: s.obj.even(s.out.append),
        lambda: s.obj.odd(s.out.append),
    ]


@pytest.mark.parametrize("mod", GOOD, ids=short)
@pytest.mark.parametrize("start_order", list(itertools.permutations(range(3))))
@pytest.mark.parametrize("n", [1, 2, 5, 40])
def test_real_threads(mod, start_order, n):
    s = state(mod.ZeroEvenOdd(n))
    bodies = calls(s)
    run_threads(*(bodies[i] for i in start_order))
    assert s.out == expected(n)


# ---------------------------------------------------------------- racecheck
import racecheck  # noqa: E402

from tests.problems.leetcode.helpers import published  # noqa: E402
from tests.support.counterexamples import check_published  # noqa: E402


def scenario(mod, n=3):
    def check(s):
        assert s.out == expected(n), f"output was {s.out}"
    return racecheck.Scenario(
        name=f"1116 zero even odd, n={n}: {short(mod)}",
        setup=lambda: state(mod.ZeroEvenOdd(n)),
        threads=[
            lambda s: s.obj.zero(s.out.append),
            lambda s: s.obj.even(s.out.append),
            lambda s: s.obj.odd(s.out.append),
        ],
        check=check,
        targets=[mod],
    )


@pytest.mark.parametrize("mod", GOOD, ids=short)
def test_racecheck_output_and_no_deadlock(mod):
    racecheck.verify(scenario(mod))


def test_racecheck_catches_notify_instead_of_notify_all():
    mod = p1116_print_zero_even_odd_notify_bad
    racecheck.expect_failure(scenario(mod), kind="deadlock", seed=0)  # the search finds it
    check_published(scenario(mod), published(mod), kind="deadlock", seed=0)  # the page shows it


@pytest.mark.parametrize("mod", GOOD, ids=short)
def test_stress_same_scenario_on_real_threads(mod):
    """The racecheck scenario again, on real threads: Barrier start, tiny
    switch interval, a deadline per round that dumps every stack on a hang."""
    racecheck.stress_scenario(scenario(mod), rounds=100, timeout=JOIN_TIMEOUT)
