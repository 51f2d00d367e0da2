"""lincheck: operations run under the controlled scheduler and on real
threads; the histories are checked against the FIFO model."""

import pytest

import racecheck
from racecheck.linearizability import linearizability_scenario, lincheck, queue_model
from tests.racecheck import lincheck_queues as queues

PUT_GET = [
    [("put", 1), ("get",)],
    [("put", 2), ("get",)],
]


def test_correct_queue_passes_both_modes():
    lincheck(queues.LockedQueue, PUT_GET, queue_model(), targets=[queues], rounds=20)


def test_peek_then_remove_queue_duplicates_an_item():
    scenario = linearizability_scenario(
        "peek-then-remove queue", queues.PeekThenRemoveQueue, PUT_GET + [[("put", 3)]],
        queue_model(), targets=[queues],
    )
    failure = racecheck.expect_failure(scenario, kind="invariant")
    assert "not linearizable" in str(failure) and "was taken twice" in str(failure)


def test_indexed_queue_loses_an_item():
    # Only T1 takes, so what fails is the puts' overwrite (the queue's get()
    # has its own race, a double take, which two taking threads find first).
    ops = [[("put", 1)], [("put", 2), ("get",), ("get",)]]
    scenario = linearizability_scenario(
        "indexed queue", queues.IndexedQueue, ops, queue_model(), targets=[queues]
    )
    failure = racecheck.expect_failure(scenario, kind="invariant")
    assert "not linearizable" in str(failure) and "although item" in str(failure)


def test_lincheck_raises_on_a_bad_queue():
    with pytest.raises(AssertionError, match="not linearizable"):
        lincheck(queues.IndexedQueue, PUT_GET, queue_model(), targets=[queues], mode="schedule")


def test_mode_is_validated():
    with pytest.raises(ValueError):
        lincheck(queues.LockedQueue, PUT_GET, queue_model(), mode="sometimes")
