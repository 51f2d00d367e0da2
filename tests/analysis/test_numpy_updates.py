"""Shared NumPy arrays updated in place by real threads.

racecheck cannot split ``w += g``: it is one bytecode, and the race is in
NumPy's C loop, which runs without the GIL. So these checks use real threads
on a 2-core machine. The locked and per-thread versions must be exact on
every run; the unlocked one must lose updates within a bounded number of
rounds (the experiment measures how many: bench/analysis_numpy_races.py).
"""

import time

import numpy as np
import racecheck

from snippets.analysis import numpy_updates
from snippets.analysis.numpy_updates import LockedWeights, PerThreadGradients, lost_fraction, run_threads
from snippets.analysis.numpy_updates_bad import UnlockedWeights

SIZE, STEPS, THREADS = 200_000, 40, 4


def hammer(weights):
    g = np.ones(SIZE)
    run_threads(lambda: [weights.add(g) for _ in range(STEPS)], THREADS)


def test_locked_adds_are_exact():
    weights = LockedWeights(SIZE)
    hammer(weights)
    assert np.array_equal(weights.w, np.full(SIZE, THREADS * STEPS))


def test_per_thread_buffers_reduce_exactly():
    grads = PerThreadGradients(SIZE)
    hammer(grads)
    assert np.array_equal(grads.reduce(), np.full(SIZE, THREADS * STEPS))


def test_reduce_with_no_writer_is_zero():
    assert not PerThreadGradients(3).reduce().any()


def test_unlocked_adds_lose_updates_on_real_threads():
    deadline = time.monotonic() + 20
    rounds = 0
    while time.monotonic() < deadline:
        rounds += 1
        weights = UnlockedWeights(SIZE)
        hammer(weights)
        lost = lost_fraction(weights.w, SIZE * STEPS * THREADS)
        assert lost >= 0, "more mass than was added?"
        if lost > 0:
            return
    raise AssertionError(f"no lost update in {rounds} rounds: the known-bad check has no teeth here")


def test_racecheck_buffers_register_under_the_lock_while_a_reduce_runs():
    """The list of per-thread buffers is guarded by _register: a first add()
    registers its buffer under it and reduce() reads the list under it, even
    while another thread registers (reduce is exact only after the join)."""
    def check(s):
        assert s["partial"].shape == (3,)
        return np.array_equal(s["grads"].reduce(), np.full(3, 2.0))

    racecheck.verify(
        racecheck.Scenario(
            name="PerThreadGradients: two first adds and a reduce",
            setup=lambda: {"grads": PerThreadGradients(3)},
            threads=[lambda s: s["grads"].add(np.ones(3)), lambda s: s["grads"].add(np.ones(3)),
                     lambda s: s.__setitem__("partial", s["grads"].reduce())],
            check=check,
            targets=[numpy_updates],
            guards=lambda s: [racecheck.guarded(s["grads"], "_register", "_buffers")],
        )
    )
