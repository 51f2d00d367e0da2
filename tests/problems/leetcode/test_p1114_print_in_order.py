"""LeetCode 1114 Print in Order: every variant, real threads and racecheck."""

import itertools

import pytest

from snippets.problems.leetcode import (
    p1114_print_in_order_condition,
    p1114_print_in_order_event,
    p1114_print_in_order_if_wait_bad,
    p1114_print_in_order_semaphore,
    p1114_print_in_order_semaphore_default_bad,
)
from tests.problems.leetcode.helpers import run_threads, state

GOOD = [p1114_print_in_order_event, p1114_print_in_order_semaphore, p1114_print_in_order_condition]
BAD = [p1114_print_in_order_if_wait_bad, p1114_print_in_order_semaphore_default_bad]
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
