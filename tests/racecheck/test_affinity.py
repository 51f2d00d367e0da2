"""A run's threads share one CPU (racecheck/_affinity.py): the scenario's
threads and those the code under test starts have the same one-CPU mask
during the run; the caller's own mask is back when verify returns or
raises (tests/racecheck/test_isolation.py checks every way out); and
RACECHECK_PIN=0 leaves every mask alone."""

import os
import threading

import pytest

import racecheck
from racecheck import _affinity
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
