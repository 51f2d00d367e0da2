"""DynamicBatcher under racecheck: the batcher starts its own worker thread,
which racecheck schedules like the callers (it is numbered after them)."""

import pytest
import racecheck

from snippets.problems.serving import dynamic_batcher, dynamic_batcher_bad
from tests.problems.serving.helpers import COUNTEREXAMPLES
from tests.support.counterexamples import check_published


class RecordingModel:
    """Doubles each item and records every batch it was given."""

    def __init__(self):
        self.batches = []

    def __call__(self, items):
        self.batches.append(list(items))
        return [2 * x for x in items]


def batcher_scenario(mod, *, callers, max_batch_size, max_wait, closer=True, timeout=None):
    """Caller threads (+ a thread that shuts down); the batcher, created in
    setup, starts its worker thread as it would in production.

    Invariant: each caller either got 2 * its item or (only once shutdown
    may have happened first) RuntimeError, or (with a ``timeout``)
    TimeoutError; every answered item was in exactly one batch of at most
    max_batch_size, a timed-out one in at most one (withdrawn or abandoned);
    the worker loop returned.
    """
    def setup():
        model = RecordingModel()
        return {
            "model": model,
            "batcher": mod.DynamicBatcher(model, max_batch_size, max_wait),
            "answers": {},
            "rejected": set(),
            "timed_out": set(),
        }

    def caller(item):
        def call(s):
            try:
                batcher = s["batcher"]
                s["answers"][item] = batcher.predict(item) if timeout is None else batcher.predict(item, timeout)
            except TimeoutError:
                s["timed_out"].add(item)
            except RuntimeError:
                s["rejected"].add(item)
        return call

    def shut(s):
        s["batcher"].shutdown(wait=False)

    def check(s):
        worker = getattr(s["batcher"], "_thread", None)
        if worker is not None:  # on real threads (stress) it may still be draining
            worker.join(timeout=5)
        items = list(range(1, callers + 1))
        answers, rejected, timed_out = s["answers"], s["rejected"], s["timed_out"]
        for item in items:
            outcomes = (item in answers) + (item in rejected) + (item in timed_out)
            assert outcomes == 1, f"item {item}: answered, rejected or timed out {outcomes} times"
            if item in answers:
                assert answers[item] == 2 * item, f"item {item} got {answers[item]}"
        batched = sorted(x for b in s["model"].batches for x in b)
        abandoned = sorted(x for x in batched if x in timed_out)
        assert batched == sorted([*answers, *abandoned]), f"batched {batched}, answered {sorted(answers)}"
        assert all(1 <= len(b) <= max_batch_size for b in s["model"].batches)
        assert worker is None or not worker.is_alive(), "the worker loop did not return"
        return True

    threads = [caller(i) for i in range(1, callers + 1)]
    if closer:
        threads.append(shut)
    else:
        # No separate closer: the last caller shuts down after its answer.
        last = threads[-1]
        threads[-1] = lambda s: (last(s), shut(s))
    limit = "" if timeout is None else f", timeout {timeout}"
    return racecheck.Scenario(
        name=f"{mod.__name__.rsplit('.', 1)[-1]}: {callers} callers, batch {max_batch_size}, max_wait {max_wait}{limit}",
        setup=setup,
        threads=threads,
        check=check,
        targets=[mod],
        # The timer must be able to fire while callers are still arriving,
        # not only once everybody is blocked: that is the race under test.
        timeouts="eager",
        # A run takes a few hundred steps; the known-bad timer loop can spin
        # when eager timeouts keep ending its sleep, so cut such runs short.
        max_steps=3000,
    )


@pytest.mark.parametrize(
    "callers, max_batch_size, closer",
    [(2, 2, False), (2, 1, False), (3, 2, False), (2, 2, True)],
    ids=["size-trigger", "batch-of-one", "size-and-timer", "racing-shutdown"],
)
def test_every_request_answered_once(callers, max_batch_size, closer):
    racecheck.verify(
        batcher_scenario(
            dynamic_batcher, callers=callers, max_batch_size=max_batch_size, max_wait=0.01, closer=closer
        )
    )


def test_callers_that_time_out_withdraw_without_breaking_the_worker():
    """Callers give up (timeout) while the worker forms a batch: a withdrawn
    request must leave the queue under the lock, or the worker reads a
    request that is gone (IndexError) and every later caller hangs."""
    racecheck.verify(
        batcher_scenario(dynamic_batcher, callers=2, max_batch_size=2, max_wait=0.01, closer=True, timeout=0.005)
    )


def test_bad_copy_then_clear_strands_a_request():
    # One caller and batches of 2: only the timer flushes, so the only way to
    # lose the request is the gap between the copy and the clear.
    scenario = batcher_scenario(dynamic_batcher_bad, callers=1, max_batch_size=2, max_wait=0.01, closer=True)
    # The stranded caller waits forever: no thread can run. (kind= keeps the
    # search from stopping at a livelock of the bad timer loop, which spins
    # when the harness lets its sleeps end early and often.)
    racecheck.expect_failure(scenario, minimize=False, kind="deadlock")
    check_published(scenario, COUNTEREXAMPLES / "dynamic_batcher_bad.txt", kind="deadlock")


def test_bad_size_trigger_and_timer_race():
    # Two callers fill a batch of 2 (size trigger on the caller's thread)
    # while the timer flushes too: both copy the same requests, and the
    # model runs an item twice (the conservation check fails).
    scenario = batcher_scenario(dynamic_batcher_bad, callers=2, max_batch_size=2, max_wait=0.01, closer=True)
    racecheck.expect_failure(scenario, minimize=False, kind="invariant")


def test_same_scenarios_on_real_threads():
    # Worker, callers and shutdown on real threads, real time (max_wait 1 ms).
    for callers, size, closer in [(3, 2, False), (3, 2, True)]:
        racecheck.stress_scenario(
            batcher_scenario(dynamic_batcher, callers=callers, max_batch_size=size, max_wait=0.001, closer=closer),
            rounds=20,
            timeout=5,
        )
