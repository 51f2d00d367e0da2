import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from snippets.problems.serving import worker_pool_bad, worker_pool_submit_race_bad
from snippets.problems.serving.worker_pool import CancelledError, WorkerPool
from tests.support.threads import join_all, within


def test_runs_tasks_and_returns_results():
    pool = WorkerPool(2)
    tasks = [pool.submit(pow, 2, i) for i in range(10)]
    assert [t.result(timeout=5) for t in tasks] == [2**i for i in range(10)]
    pool.shutdown()


def test_kwargs_and_exceptions_reach_the_caller():
    pool = WorkerPool(1)
    assert pool.submit(int, "ff", base=16).result(timeout=5) == 255
    boom = pool.submit(int, "not a number")
    with pytest.raises(ValueError, match="invalid literal"):
        boom.result(timeout=5)
    assert isinstance(boom.exception(timeout=5), ValueError)
    pool.shutdown()


def blocker():
    """A pool with one worker held inside a task until `release` is set."""
    started, release = threading.Event(), threading.Event()

    def hold():
        started.set()
        assert release.wait(5)
        return "held"

    pool = WorkerPool(1)
    running = pool.submit(hold)
    assert started.wait(5)
    return pool, running, release


def test_cancel_pending_task_but_not_running_one():
    pool, running, release = blocker()
    queued = pool.submit(lambda: "never")
    assert queued.cancel() is True
    assert queued.cancel() is True          # idempotent, like Future.cancel
    assert queued.cancelled() and queued.done()
    assert running.cancel() is False
    release.set()
    assert running.result(timeout=5) == "held"
    with pytest.raises(CancelledError):
        queued.result(timeout=5)
    pool.shutdown()


def test_shutdown_drains_accepted_tasks_by_default():
    pool, running, release = blocker()
    queued = [pool.submit(lambda i=i: i) for i in range(5)]
    release.set()
    pool.shutdown(wait=True)
    assert [t.result(timeout=0) for t in queued] == list(range(5))
    assert running.result(timeout=0) == "held"


def test_shutdown_cancel_pending():
    pool, running, release = blocker()
    queued = [pool.submit(lambda: "never") for _ in range(3)]
    threading.Timer(0.05, release.set).start()
    pool.shutdown(wait=True, cancel_pending=True)
    assert all(t.cancelled() for t in queued)
    assert running.result(timeout=0) == "held"


def test_submit_after_shutdown_raises():
    pool = WorkerPool(1)
    pool.shutdown()
    pool.shutdown()                         # a second call is harmless
    with pytest.raises(RuntimeError, match="cannot submit to a WorkerPool after shutdown"):
        pool.submit(print)


def test_result_timeout():
    pool, running, release = blocker()
    with pytest.raises(TimeoutError):
        within(lambda: running.result(timeout=0.01))
    with pytest.raises(ValueError, match="'timeout' must be a non-negative number"):
        running.result(timeout=-1)
    release.set()
    pool.shutdown()


def test_shutdown_from_inside_a_task_does_not_join_itself():
    pool = WorkerPool(1)
    assert pool.submit(pool.shutdown).result(timeout=5) is None


@pytest.mark.parametrize("n", [0, -1, 1.5, True, "2"])
def test_bad_worker_count(n):
    with pytest.raises(ValueError, match="n_workers must be an int >= 1"):
        WorkerPool(n)


def test_non_callable():
    pool = WorkerPool(1)
    with pytest.raises(TypeError, match="fn must be callable, got int"):
        pool.submit(42)
    pool.shutdown()


def test_same_contract_as_thread_pool_executor():
    """The behaviours the page compares, checked on the stdlib executor."""
    ex = ThreadPoolExecutor(max_workers=1)
    started, release = threading.Event(), threading.Event()
    running = ex.submit(lambda: (started.set(), release.wait(5)))
    assert started.wait(5)
    queued = ex.submit(lambda: "never")
    assert running.cancel() is False and queued.cancel() is True
    release.set()
    ex.shutdown(wait=True, cancel_futures=True)
    with pytest.raises(RuntimeError, match="cannot schedule new futures after shutdown"):
        ex.submit(print)


def test_real_threads_every_task_runs_exactly_once():
    pool = WorkerPool(4)
    runs = []
    lock = threading.Lock()
    accepted, rejected = [], []
    start = threading.Barrier(5)

    def record(i):
        with lock:
            runs.append(i)
        return i

    def producer(base):
        start.wait()
        for i in range(base, base + 200):
            try:
                accepted.append((i, pool.submit(record, i)))
            except RuntimeError:
                rejected.append(i)

    producers = [threading.Thread(target=producer, args=(k * 1000,)) for k in range(4)]
    for t in producers:
        t.start()
    start.wait()
    time.sleep(0.001)
    pool.shutdown(wait=True)
    join_all(producers)
    assert len(accepted) + len(rejected) == 800
    assert sorted(runs) == sorted(i for i, _ in accepted)       # no task lost or run twice
    assert all(t.result(timeout=0) == i for i, t in accepted)


@pytest.mark.parametrize("bad", [worker_pool_bad, worker_pool_submit_race_bad])
def test_bad_modules_work_in_the_easy_case(bad):
    # Their races are shown in test_worker_pool_racecheck.
    pool = bad.WorkerPool(1)
    assert pool.submit(pow, 2, 5).result(timeout=5) == 32
    pool.shutdown()
