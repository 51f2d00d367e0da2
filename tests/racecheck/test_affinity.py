"""A run's threads share one CPU (racecheck/_affinity.py): the scenario's
threads and those the code under test starts have the same one-CPU mask
during the run; the caller's own mask is back when verify returns or
raises (tests/racecheck/test_isolation.py checks every way out), and so is
that of a thread started during the run outside the harness's view (as C
code starts a thread pool); and RACECHECK_PIN=0 leaves every mask alone."""

import os
import threading

import pytest

import racecheck
from racecheck import _affinity, _real
from tests.racecheck import examples as ex

pytestmark = pytest.mark.skipif(
    not _affinity.enabled() or len(os.sched_getaffinity(0)) < 2,
    reason="needs sched_setaffinity and more than one CPU allowed")


def masks_seen(runs=3) -> list:
    seen = []

    def record(_state):
        seen.append(frozenset(os.sched_getaffinity(0)))

    def starts_a_thread(state):
        record(state)
        t = threading.Thread(target=record, args=(state,))
        t.start()
        t.join()

    racecheck.verify(racecheck.Scenario(name="masks", setup=dict, threads=[record, starts_a_thread],
                                        targets=[ex]), runs=runs)
    return seen


def test_every_thread_of_a_run_has_the_same_single_cpu():
    before = os.sched_getaffinity(0)
    seen = masks_seen(runs=1)
    assert len(seen) == 3, seen
    assert len(set(seen)) == 1 and len(seen[0]) == 1, seen
    assert seen[0] <= before
    assert os.sched_getaffinity(0) == before


def test_racecheck_pin_0_leaves_the_masks_alone(monkeypatch):
    monkeypatch.setenv("RACECHECK_PIN", "0")
    before = frozenset(os.sched_getaffinity(0))
    assert set(masks_seen()) == {before}


def test_a_thread_started_outside_the_harness_gets_its_mask_back():
    """As an OpenMP pool that C code starts during a run: a raw OS thread
    (racecheck's own unpatched start_new_thread) inherits the run's one-CPU
    mask; once verify returns it has the caller's mask again."""
    before = os.sched_getaffinity(0)
    started, stop, ids, during = _real.allocate_lock(), _real.allocate_lock(), [], []
    started.acquire()
    stop.acquire()

    def pool_thread():
        ids.append(_real.get_native_id())
        during.append(os.sched_getaffinity(0))
        started.release()
        stop.acquire()  # lives on after the run

    def starts_a_pool(_state):
        if not ids:
            _real.start_new_thread(pool_thread, ())
            started.acquire()

    racecheck.verify(racecheck.Scenario(name="pool", setup=dict, threads=[starts_a_pool], targets=[ex]), runs=1)
    try:
        assert len(during[0]) == 1  # it was pinned during the run
        assert os.sched_getaffinity(ids[0]) == before
    finally:
        stop.release()
