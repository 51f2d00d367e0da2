"""LeetCode 1195 Fizz Buzz Multithreaded: every variant, real threads and racecheck."""

import itertools

import pytest

from snippets.problems.leetcode import (
    p1195_fizz_buzz_multithreaded_condition,
    p1195_fizz_buzz_multithreaded_notify_bad,
    p1195_fizz_buzz_multithreaded_semaphore,
)
from tests.problems.leetcode.helpers import state
from tests.support.threads import JOIN_TIMEOUT, run_threads

GOOD = [p1195_fizz_buzz_multithreaded_condition, p1195_fizz_buzz_multithreaded_semaphore]


def short(mod):
    return mod.__name__.rsplit(".", 1)[-1]


def expected(n):
    def token(i):
        return "fizzbuzz" if i % 15 == 0 else "fizz" if i % 3 == 0 else "buzz" if i % 5 == 0 else i

    return [token(i) for i in range(1, n + 1)]


def calls(s):
    return [
        lambda: s.obj.fizz(lambda: s.out.append("fizz")),
        lambda: s.obj.buzz(lambda: s.out.append("buzz")),
        lambda: s.obj.fizzbuzz(lambda: s.out.append("fizzbuzz")),
        lambda: s.obj.number(s.out.append),
    ]


def test_expected_matches_the_leetcode_example():
    assert expected(15) == [1, 2, "fizz", 4, "buzz", "fizz", 7, 8, "fizz", "buzz", 11, "fizz", 13, 14, "fizzbuzz"]


@pytest.mark.parametrize("mod", GOOD, ids=short)
@pytest.mark.parametrize("start_order", list(itertools.permutations(range(4)))[::5])
@pytest.mark.parametrize("n", [1, 5, 15, 50])
def test_real_threads(mod, start_order, n):
    s = state(mod.FizzBuzz(n))
    bodies = calls(s)
    run_threads(*(bodies[i] for i in start_order))
    assert s.out == expected(n)


# ---------------------------------------------------------------- racecheck
import racecheck  # noqa: E402

from tests.problems.leetcode.helpers import published  # noqa: E402
from tests.support.counterexamples import check_published  # noqa: E402


def scenario(mod, n=5):
    def check(s):
        assert s.out == expected(n), f"output was {s.out}"
    return racecheck.Scenario(
        name=f"1195 fizz buzz, n={n}: {short(mod)}",
        setup=lambda: state(mod.FizzBuzz(n)),
        threads=[
            lambda s: s.obj.fizz(lambda: s.out.append("fizz")),
            lambda s: s.obj.buzz(lambda: s.out.append("buzz")),
            lambda s: s.obj.fizzbuzz(lambda: s.out.append("fizzbuzz")),
            lambda s: s.obj.number(s.out.append),
        ],
        check=check,
        targets=[mod],
    )


@pytest.mark.parametrize("mod", GOOD, ids=short)
def test_racecheck_sequence_and_no_deadlock(mod):
    racecheck.verify(scenario(mod))


@pytest.mark.parametrize("mod", GOOD, ids=short)
def test_racecheck_through_fizzbuzz(mod):
    """n = 15 reaches the fizzbuzz thread's only value."""
    racecheck.verify(scenario(mod, n=15), budget=0.5)


def test_racecheck_catches_notify_instead_of_notify_all():
    mod = p1195_fizz_buzz_multithreaded_notify_bad
    racecheck.expect_failure(scenario(mod), kind="deadlock", seed=0)  # the search finds it
    check_published(scenario(mod), published(mod), kind="deadlock", seed=0)  # the page shows it


@pytest.mark.parametrize("mod", GOOD, ids=short)
def test_stress_same_scenario_on_real_threads(mod):
    """The racecheck scenario again, on real threads: Barrier start, tiny
    switch interval, a deadline per round that dumps every stack on a hang."""
    racecheck.stress_scenario(scenario(mod), rounds=100, timeout=JOIN_TIMEOUT)
