"""LeetCode 1115 Print FooBar Alternately: every variant, real threads and racecheck."""

import pytest

from snippets.problems.leetcode import (
    p1115_print_foobar_alternately_condition,
    p1115_print_foobar_alternately_event,
    p1115_print_foobar_alternately_late_clear_bad,
    p1115_print_foobar_alternately_lock_only_bad,
    p1115_print_foobar_alternately_semaphore,
)
from tests.problems.leetcode.helpers import state
from tests.support.threads import JOIN_TIMEOUT, run_threads

GOOD = [
    p1115_print_foobar_alternately_semaphore,
    p1115_print_foobar_alternately_condition,
    p1115_print_foobar_alternately_event,
]
BAD = [p1115_print_foobar_alternately_lock_only_bad, p1115_print_foobar_alternately_late_clear_bad]


def short(mod):
    return mod.__name__.rsplit(".", 1)[-1]


def calls(s):
    return [
        lambda: s.obj.foo(lambda: s.out.append("foo")),
        lambda: s.obj.bar(lambda: s.out.append("bar")),
    ]


@pytest.mark.parametrize("mod", GOOD, ids=short)
@pytest.mark.parametrize("bar_starts_first", [False, True])
@pytest.mark.parametrize("n", [1, 2, 50])
def test_real_threads(mod, bar_starts_first, n):
    s = state(mod.FooBar(n))
    foo, bar = calls(s)
    run_threads(*((bar, foo) if bar_starts_first else (foo, bar)))
    assert "".join(s.out) == "foobar" * n


def test_lock_only_prints_foo_twice_when_foo_runs_first():
    """Deterministic: nothing stops foo from finishing its loop alone."""
    s = state(p1115_print_foobar_alternately_lock_only_bad.FooBar(2))
    foo, bar = calls(s)
    foo()
    bar()
    assert s.out == ["foo", "foo", "bar", "bar"]


# ---------------------------------------------------------------- racecheck
import racecheck  # noqa: E402

from tests.problems.leetcode.helpers import published  # noqa: E402
from tests.support.counterexamples import check_published  # noqa: E402


def scenario(mod, n=2):
    def check(s):
        assert s.out == ["foo", "bar"] * n, f"output was {s.out}"
    return racecheck.Scenario(
        name=f"1115 foobar, n={n}: {short(mod)}",
        setup=lambda: state(mod.FooBar(n)),
        threads=[
            lambda s: s.obj.foo(lambda: s.out.append("foo")),
            lambda s: s.obj.bar(lambda: s.out.append("bar")),
        ],
        check=check,
        targets=[mod],
    )


@pytest.mark.parametrize("mod", GOOD, ids=short)
def test_racecheck_strict_alternation(mod):
    racecheck.verify(scenario(mod))


@pytest.mark.parametrize(
    "mod, kind",
    [
        (p1115_print_foobar_alternately_lock_only_bad, "invariant"),
        (p1115_print_foobar_alternately_late_clear_bad, "deadlock"),
    ],
    ids=["lock_only_bad", "late_clear_bad"],
)
def test_racecheck_catches_known_bad(mod, kind):
    racecheck.expect_failure(scenario(mod), kind=kind, seed=0)  # the search finds it
    check_published(scenario(mod), published(mod), kind=kind, seed=0)  # the page shows it


@pytest.mark.parametrize("mod", GOOD, ids=short)
def test_stress_same_scenario_on_real_threads(mod):
    """The racecheck scenario again, on real threads: Barrier start, tiny
    switch interval, a deadline per round that dumps every stack on a hang."""
    racecheck.stress_scenario(scenario(mod), rounds=100, timeout=JOIN_TIMEOUT)
