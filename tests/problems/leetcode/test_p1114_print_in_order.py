"""LeetCode 1114 Print in Order: what is special to it.

The template (test_leetcode.py, row P1114 of problems.py) runs racecheck on
every variant, the known-bad ones and their published reports, and the judge
on real threads in every start order.
"""

from snippets.problems.leetcode import p1114_print_in_order_semaphore_default_bad
from tests.problems.leetcode.problems import P1114
from tests.problems.leetcode.template import state


def test_default_semaphore_lets_third_through_alone():
    """Deterministic, no scheduler needed: third runs alone first. A correct
    Foo makes it wait; Semaphore() starts with a permit, so it prints."""
    s = state(p1114_print_in_order_semaphore_default_bad.Foo())
    P1114.judge.calls[2](s)
    assert s.out == ["third"]
