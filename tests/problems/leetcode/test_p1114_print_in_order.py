"""LeetCode 1114 Print in Order: every variant, real threads and racecheck."""

import itertools

import pytest

from snippets.problems.leetcode import (
    p1114_print_in_order_busywait_bad,
    p1114_print_in_order_condition,
    p1114_print_in_order_event,
    p1114_print_in_order_if_wait_bad,
    p1114_print_in_order_semaphore,
    p1114_print_in_order_semaphore_default_bad,
)
from tests.problems.leetcode.helpers import state
from tests.support.threads import JOIN_TIMEOUT, run_threads

GOOD = [p1114_print_in_order_event, p1114_print_in_order_semaphore, p1114_print_in_order_condition]
EXPECTED = ["first", "second", "third"]


def calls(s):
    """The three thread bodies of the judge, each recording its word."""
    return [
        lambda: s.obj.first(lambda: s.out.append("first")),
        lambda: s.obj.second(lambda: s.out.append("second")),
        lambda: s.obj.third(lambda: s.out.append("third")),
    ]


@pytest.mark.parametrize("mod", GOOD, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
@pytest.mark.parametrize("start_order", list(itertools.permutations(range(3))))
def test_real_threads_every_start_order(mod, start_order):
    s = state(mod.Foo())
    bodies = calls(s)
    run_threads(*(bodies[i] for i in start_order))
    assert s.out == EXPECTED


def test_default_semaphore_lets_third_through_alone():
    """Deterministic, no scheduler needed: third runs alone first. A correct
    Foo makes it wait; Semaphore() starts with a permit, so it prints."""
    s = state(p1114_print_in_order_semaphore_default_bad.Foo())
    calls(s)[2]()
    assert s.out == ["third"]


# ---------------------------------------------------------------- racecheck
import racecheck  # noqa: E402

from tests.problems.leetcode.helpers import published  # noqa: E402
from tests.support.counterexamples import check_published  # noqa: E402


def scenario(mod):
    """The judge: three threads, all runnable at once (so every start order
    is one of the explored schedules); the output must be in order."""

    def check(s):
        assert s.out == EXPECTED, f"output was {s.out}"
    return racecheck.Scenario(
        name=f"1114 print in order: {mod.__name__.rsplit('.', 1)[-1]}",
        setup=lambda: state(mod.Foo()),
        threads=[
            lambda s: s.obj.first(lambda: s.out.append("first")),
            lambda s: s.obj.second(lambda: s.out.append("second")),
            lambda s: s.obj.third(lambda: s.out.append("third")),
        ],
        check=check,
        targets=[mod],
        max_steps=2000,  # correct versions need a small fraction; more means spinning
    )


@pytest.mark.parametrize("mod", GOOD, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_racecheck_every_schedule_prints_in_order(mod):
    racecheck.verify(scenario(mod))


@pytest.mark.parametrize(
    "mod, kind",
    [
        (p1114_print_in_order_if_wait_bad, "invariant"),
        (p1114_print_in_order_semaphore_default_bad, "invariant"),
        (p1114_print_in_order_busywait_bad, "livelock"),
    ],
    ids=["if_wait_bad", "semaphore_default_bad", "busywait_bad"],
)
def test_racecheck_catches_known_bad(mod, kind):
    racecheck.expect_failure(scenario(mod), kind=kind, seed=0)  # the search finds it
    check_published(scenario(mod), published(mod), kind=kind, seed=0)  # the page shows it


@pytest.mark.parametrize("mod", GOOD, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_stress_same_scenario_on_real_threads(mod):
    """The racecheck scenario again, on real threads: Barrier start, tiny
    switch interval, a deadline per round that dumps every stack on a hang."""
    racecheck.stress_scenario(scenario(mod), rounds=100, timeout=JOIN_TIMEOUT)
