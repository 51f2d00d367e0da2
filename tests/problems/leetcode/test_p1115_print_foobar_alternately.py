"""LeetCode 1115 Print FooBar Alternately: what is special to it.

The template (test_leetcode.py, row P1115 of problems.py) runs racecheck on
every variant, the known-bad ones and their published reports, and the judge
on real threads with either thread started first and n in 1, 2, 50.
"""

from snippets.problems.leetcode import p1115_print_foobar_alternately_lock_only_bad
from tests.problems.leetcode.problems import P1115
from tests.problems.leetcode.template import state


def test_lock_only_prints_foo_twice_when_foo_runs_first():
    """Deterministic: nothing stops foo from finishing its loop alone."""
    s = state(p1115_print_foobar_alternately_lock_only_bad.FooBar(2))
    foo, bar = P1115.judge.calls
    foo(s)
    bar(s)
    assert s.out == ["foo", "foo", "bar", "bar"]
