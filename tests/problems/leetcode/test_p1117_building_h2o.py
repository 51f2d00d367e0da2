"""LeetCode 1117 Building H2O: what is special to it.

The template (test_leetcode.py, row P1117 of problems.py) runs racecheck on
every variant, the known-bad one and its published report, and the same
scenario on real threads.
"""

import random

import pytest

from snippets.problems.leetcode import p1117_building_h2o_no_barrier_bad
from tests.problems.leetcode.problems import P1117, atom, molecules_ok
from tests.problems.leetcode.template import short, state
from tests.support.threads import run_threads


def test_molecules_ok_rejects_a_bad_log():
    assert molecules_ok(list("HHOOHH"))
    assert not molecules_ok(list("HHHOOH"))


@pytest.mark.parametrize("mod", P1117.good, ids=short)
@pytest.mark.parametrize("seed", range(4))
def test_real_threads_one_thread_per_atom(mod, seed):
    n = 10
    atoms = list("H" * (2 * n) + "O" * n)
    random.Random(seed).shuffle(atoms)  # arrival order of the judge's input string
    s = state(mod.H2O())
    run_threads(*(atom(s, kind) for kind in atoms))
    assert molecules_ok(s.out), "".join(s.out)


def test_no_barrier_releases_three_hydrogens_in_a_row():
    """Deterministic: three hydrogens arriving before any oxygen all pass."""
    s = state(p1117_building_h2o_no_barrier_bad.H2O())
    run_threads(*(atom(s, k) for k in "HHHOHO"))  # the bad H2O never blocks here
    assert not molecules_ok(s.out)
