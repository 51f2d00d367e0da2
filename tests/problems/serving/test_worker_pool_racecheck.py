"""WorkerPool under racecheck: the pool starts its own worker threads (in
setup), which racecheck schedules like the scenario's threads."""

import threading

import pytest
import racecheck

from snippets.problems.serving import worker_pool, worker_pool_bad, worker_pool_submit_race_bad
from tests.problems.serving.helpers import COUNTEREXAMPLES
from tests.support.counterexamples import check_published


def square_and_count(s, x):
    s["runs"].append(x)
    return x * x


def shutdown_race(mod, *, submitters=2, workers=1, cancel_pending=False, wait=False):
    """Submitters race with shutdown. Invariant: each submit raised
    RuntimeError or returned a task that ended exactly once, and every
    worker thread exited."""
    def setup():
        return {"pool": mod.WorkerPool(workers), "tasks": {}, "rejected": set(), "runs": []}

    def submitter(x):
        def submit(s):
            try:
                s["tasks"][x] = s["pool"].submit(square_and_count, s, x)
            except RuntimeError:
                s["rejected"].add(x)
        return submit

    def closer(s):
        if cancel_pending:
            s["pool"].shutdown(wait=wait, cancel_pending=True)
        else:
            s["pool"].shutdown(wait=wait)

    def check(s):
        # On real threads (stress) the workers may still be draining: give
        # them time. Under racecheck they have run as far as they can.
        for t in s["pool"]._threads:
            t.join(timeout=5)
        for x in range(1, submitters + 1):
            assert (x in s["tasks"]) != (x in s["rejected"])
        for x, task in s["tasks"].items():
            assert task.done(), f"task {x} was accepted but never ran (and was not cancelled)"
            if task.cancelled():
                assert cancel_pending and x not in s["runs"]
            else:
                assert task.result(timeout=0) == x * x
        assert sorted(s["runs"]) == sorted(x for x, t in s["tasks"].items() if not t.cancelled())
        assert not any(t.is_alive() for t in s["pool"]._threads), "a worker did not exit"
        return True

    how = "shutdown(wait=True)" if wait else "shutdown"
    return racecheck.Scenario(
        name=f"{mod.__name__.rsplit('.', 1)[-1]}: {submitters} submits race with {how}",
        setup=setup,
        threads=[submitter(x) for x in range(1, submitters + 1)] + [closer],
        check=check,
        targets=[mod, worker_pool],
    )


@pytest.mark.parametrize(
    "submitters, workers, cancel_pending, wait",
    [(2, 1, False, False), (1, 2, False, False), (2, 1, True, False), (2, 2, False, True)],
    ids=["drain", "two-workers", "cancel-pending", "wait-for-workers"],
)
def test_shutdown_never_loses_a_task(submitters, workers, cancel_pending, wait):
    racecheck.verify(
        shutdown_race(worker_pool, submitters=submitters, workers=workers,
                      cancel_pending=cancel_pending, wait=wait)
    )


def test_shutdown_cancel_pending_is_one_step():
    """shutdown(cancel_pending=True) sets the flag and takes the queued tasks
    in one critical section. The worker is kept busy until a prober, whose
    submit was already rejected, releases it: the task queued behind must
    then be cancelled, never run (it had not started when the pool shut)."""
    def setup():
        s = {"pool": worker_pool.WorkerPool(1), "runs": [], "release": threading.Event(), "rejected": False}
        s["pool"].submit(s["release"].wait)
        s["queued"] = s["pool"].submit(square_and_count, s, 1)
        return s

    def prober(s):
        try:
            s["pool"].submit(int)
        except RuntimeError:
            s["rejected"] = True
        s["release"].set()

    def check(s):
        for t in s["pool"]._threads:
            t.join(timeout=5)
        if s["rejected"]:
            assert s["queued"].cancelled() and s["runs"] == [], \
                "a submit was rejected before the worker was free, yet the task queued behind the busy one ran"
        return True

    racecheck.verify(racecheck.Scenario(
        name="worker_pool: shutdown(cancel_pending=True) with a task queued behind a busy worker",
        setup=setup,
        threads=[lambda s: s["pool"].shutdown(wait=False, cancel_pending=True), prober],
        check=check,
        targets=[worker_pool],
    ))


def test_cancel_races_with_start():
    def setup():
        s = {"pool": worker_pool.WorkerPool(1), "runs": []}
        s["task"] = s["pool"].submit(square_and_count, s, 3)
        return s

    def canceller(s):
        s["cancel_returned"] = s["task"].cancel()
        s["pool"].shutdown(wait=False)

    def check(s):
        task = s["task"]
        assert task.done()
        assert s["cancel_returned"] == task.cancelled()
        assert s["runs"] == ([] if task.cancelled() else [3])
        return True

    racecheck.verify(
        racecheck.Scenario(
            name="worker_pool: cancel races with the worker",
            setup=setup,
            threads=[canceller],
            check=check,
            targets=[worker_pool],
        )
    )


@pytest.mark.parametrize(
    "bad", [worker_pool_bad, worker_pool_submit_race_bad], ids=["exit-before-drain", "unlocked-check"]
)
def test_bad_pools_lose_a_task(bad):
    scenario = shutdown_race(bad, submitters=1, workers=1)
    assert racecheck.expect_failure(scenario, minimize=False).kind == "invariant"
    check_published(
        scenario, COUNTEREXAMPLES / f"{bad.__name__.rsplit('.', 1)[-1]}.txt", kind="invariant")


def test_same_races_on_real_threads():
    for submitters, workers, cancel_pending in [(3, 2, False), (3, 1, True)]:
        racecheck.stress_scenario(
            shutdown_race(worker_pool, submitters=submitters, workers=workers, cancel_pending=cancel_pending),
            rounds=50,
            timeout=5,
        )


def _wait_result(s, name, task):
    try:
        s["seen"][name] = ("result", task.result())
    except worker_pool.CancelledError:
        s["seen"][name] = ("cancelled",)


@pytest.mark.parametrize("ending", ["cancel", "run"])
def test_every_waiter_of_a_task_wakes(ending):
    """Two threads wait on one task; it is cancelled or run by the pool's
    worker: both waiters must wake (notify_all), with the same outcome. The
    worker is first kept busy by a task that waits for ``release``, so the
    task is still queued when the ender cancels it."""
    def setup():
        s = {"pool": worker_pool.WorkerPool(1), "runs": [], "seen": {}, "release": threading.Event()}
        s["pool"].submit(s["release"].wait)
        s["task"] = s["pool"].submit(square_and_count, s, 3)
        return s

    def ender(s):
        if ending == "cancel":
            s["task"].cancel()
        s["release"].set()
        s["pool"].shutdown(wait=False)

    expected = ("cancelled",) if ending == "cancel" else ("result", 9)
    racecheck.verify(racecheck.Scenario(
        name=f"worker_pool: two waiters on a task that is {'cancelled' if ending == 'cancel' else 'run'}",
        setup=setup,
        threads=[lambda s: _wait_result(s, "w1", s["task"]), lambda s: _wait_result(s, "w2", s["task"]), ender],
        check=lambda s: s["seen"] == {"w1": expected, "w2": expected},
        targets=[worker_pool],
    ))


def test_two_workers_run_two_tasks_that_need_each_other():
    """Task A waits for an event that task B sets: they finish only on two
    workers at once. A worker woken for a task another worker took first
    must go back to waiting (while, not if), not leave the pool short."""
    def setup():
        return {"pool": worker_pool.WorkerPool(2), "runs": [], "seen": {},
                "event": threading.Event(), "tasks": {}}

    def submitter(s):
        pool, event = s["pool"], s["event"]
        s["tasks"]["x"] = pool.submit(square_and_count, s, 2)
        s["tasks"]["a"] = pool.submit(event.wait)
        s["tasks"]["b"] = pool.submit(event.set)
        pool.shutdown(wait=False)

    def check(s):
        assert all(t.done() for t in s["tasks"].values())
        assert s["tasks"]["a"].result(timeout=0) is True and s["tasks"]["x"].result(timeout=0) == 4
        assert not any(t.is_alive() for t in s["pool"]._threads), "a worker did not exit"

    racecheck.verify(racecheck.Scenario(
        name="worker_pool: two workers, a task that waits for the next one",
        setup=setup,
        threads=[submitter],
        check=check,
        targets=[worker_pool],
    ))


def test_a_worker_leaves_only_after_shutdown():
    """A worker thread exits only once the pool is shut down (its contract).
    Two workers and two quick tasks: a worker woken for a task that the other
    worker (back from its first task) took first must wait again, not leave.
    The submitter looks at the workers just before it shuts the pool down.
    The interleaving needs two preemptions, hence the larger budget."""
    def setup():
        return {"pool": worker_pool.WorkerPool(2)}

    def submitter(s):
        pool = s["pool"]
        pool.submit(int)
        pool.submit(int)
        s["alive"] = [t.is_alive() for t in pool._threads]
        pool.shutdown(wait=False)

    racecheck.verify(racecheck.Scenario(
        name="worker_pool: two workers leave only after shutdown",
        setup=setup, threads=[submitter],
        check=lambda s: s["alive"] == [True, True], targets=[worker_pool]), budget=10)
