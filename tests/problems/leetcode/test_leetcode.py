"""The LeetCode template's checks, run on every row of problems.PROBLEMS.

See template.py for what each row holds; the test module of a problem keeps
only what is special to it.
"""

import pytest

import racecheck
from tests.problems.leetcode.problems import PROBLEMS
from tests.problems.leetcode.template import published, short
from tests.support.counterexamples import check_published
from tests.support.threads import JOIN_TIMEOUT

GOOD = [pytest.param(p, mod, id=f"{p.id}-{short(mod)}") for p in PROBLEMS for mod in p.good]
EXTRA = [
    pytest.param(p, mod, extra, id=f"{p.id}-{short(mod)}-{extra.id}")
    for p in PROBLEMS
    for mod in p.good
    for extra in p.extra
]
MORE = [
    pytest.param(p, mod, build, id=f"{p.id}-{short(mod)}-{build.__name__}")
    for p in PROBLEMS
    for mod in p.good
    for build in p.more
]
BAD = [pytest.param(p, mod, kind, id=f"{p.id}-{short(mod)}") for p in PROBLEMS for mod, kind in p.bad]
JUDGED = [
    pytest.param(p, mod, order, n, id=f"{p.id}-{short(mod)}-{''.join(map(str, order))}-n{n}")
    for p in PROBLEMS
    if p.judge
    for mod in p.good
    for order in p.judge.start_orders
    for n in p.judge.sizes
]


@pytest.mark.parametrize("problem, mod", GOOD)
def test_racecheck_every_explored_schedule_passes(problem, mod):
    """The judge's threads, all runnable at once, and the judge's check:
    no explored schedule may fail it, deadlock or livelock."""
    racecheck.verify(problem.scenario(mod))


@pytest.mark.parametrize("problem, mod, extra", EXTRA)
def test_racecheck_extra_parameters(problem, mod, extra):
    racecheck.verify(problem.scenario(mod, **extra.params), budget=extra.budget)


@pytest.mark.parametrize("problem, mod, build", MORE)
def test_racecheck_more_scenarios(problem, mod, build):
    racecheck.verify(build(mod))


@pytest.mark.parametrize("problem, mod, kind", BAD)
def test_racecheck_catches_known_bad(problem, mod, kind):
    racecheck.expect_failure(problem.scenario(mod), kind=kind, seed=0)  # the search finds it
    check_published(problem.scenario(mod), published(mod), kind=kind, seed=0)  # the page shows it


@pytest.mark.parametrize("problem, mod", GOOD)
def test_stress_same_scenario_on_real_threads(problem, mod):
    """The racecheck scenario again, on real threads: Barrier start, tiny
    switch interval, a deadline per round that dumps every stack on a hang."""
    racecheck.stress_scenario(problem.scenario(mod), rounds=problem.stress_rounds, timeout=JOIN_TIMEOUT)


@pytest.mark.parametrize("problem, mod, start_order, n", JUDGED)
def test_judge_on_real_threads_every_start_order(problem, mod, start_order, n):
    """The judge itself on real threads, threads started in the given order."""
    problem.judge.run_real_threads(mod, start_order, n)


def test_every_problem_has_good_and_bad_modules():
    """A row without a known-bad module would prove nothing about its check."""
    for p in PROBLEMS:
        assert p.good and p.bad, f"{p.id}: needs correct and known-bad modules"
