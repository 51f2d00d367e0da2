"""RequestCounter under controlled scheduling: the locked version never loses
a count; the version without the lock loses one, and the schedule that shows
it is the one the atomic-operations page prints."""

from pathlib import Path

import racecheck

from snippets.interview.python_runtime import request_counter, request_counter_bad
from tests.support.counterexamples import check_published

COUNTEREXAMPLE = (
    Path(__file__).resolve().parents[3]
    / "snippets/interview/python_runtime/counterexamples/request_counter_bad.txt"
)


def two_requests(mod):
    return racecheck.Scenario(
        name="RequestCounter: two threads record the same model",
        setup=mod.RequestCounter,
        threads=[lambda c: c.record("llama"), lambda c: c.record("llama")],
        check=lambda c: c.snapshot() == {"llama": 2},
        targets=[mod],
    )


def test_sequential_counts():
    counter = request_counter.RequestCounter()
    for model in ["a", "b", "a"]:
        counter.record(model)
    assert counter.snapshot() == {"a": 2, "b": 1}
    snap = counter.snapshot()
    snap["a"] = 99  # a copy: callers cannot corrupt the counter
    assert counter.snapshot()["a"] == 2


def test_locked_counter_never_loses_an_update():
    racecheck.verify(two_requests(request_counter))


def test_locked_counter_every_schedule_with_up_to_two_preemptions():
    # The lost update needs one preemption; the bounded search covers them all.
    racecheck.verify(two_requests(request_counter), strategy="exhaustive")


def test_unlocked_counter_loses_an_update_and_the_page_shows_it():
    # The bounded exhaustive search finds the lost update ...
    racecheck.expect_failure(two_requests(request_counter_bad), kind="invariant", strategy="exhaustive")
    # ... and the report on the page is still what racecheck prints for it
    # (regenerate with UPDATE_COUNTEREXAMPLES=1, see tests/support/counterexamples.py).
    check_published(
        two_requests(request_counter_bad), COUNTEREXAMPLE, kind="invariant", strategy="exhaustive"
    )


def test_snapshot_reads_the_counts_under_the_lock():
    """snapshot() is one dict copy, which no interleaving can split; the
    guard checks that it holds the lock that record() writes under."""
    racecheck.verify(
        racecheck.Scenario(
            name="RequestCounter: a snapshot while two threads record",
            setup=lambda: {"counter": request_counter.RequestCounter()},
            threads=[lambda s: s["counter"].record("llama"), lambda s: s["counter"].record("qwen"),
                     lambda s: s.__setitem__("seen", s["counter"].snapshot())],
            check=lambda s: s["seen"] in ({}, {"llama": 1}, {"qwen": 1}, {"llama": 1, "qwen": 1}),
            targets=[request_counter],
            guards=lambda s: [racecheck.guarded(s["counter"], "_lock", "_counts")],
        )
    )
