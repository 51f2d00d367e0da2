import os
import queue
import shutil
import subprocess
import sys
import threading
import types
from pathlib import Path

import pytest
import racecheck

from snippets.problems.primitives import bounded_queue as mod
from snippets.problems.primitives import bounded_queue_if_bad, bounded_queue_shutdown_bad
from snippets.problems.primitives.bounded_queue import BoundedQueue, Empty, Full, ShutDown
from tests.problems.primitives import queue_differential
from tests.problems.primitives.helpers import COUNTEREXAMPLES, outcome
from tests.support.counterexamples import check_published
from tests.support.threads import run_threads, within


REPO = Path(__file__).resolve().parents[3]


# --- contract, one behaviour per test --------------------------------------

def test_fifo_and_sizes():
    q = BoundedQueue(2)
    assert q.empty() and not q.full() and q.qsize() == 0
    q.put("a")
    q.put_nowait("b")
    assert q.full() and q.qsize() == 2
    assert [q.get(), q.get_nowait()] == ["a", "b"]


@pytest.mark.parametrize("maxsize", [0, -1])
def test_non_positive_maxsize_is_unbounded(maxsize):
    q = BoundedQueue(maxsize)
    for i in range(1000):
        q.put_nowait(i)
    assert not q.full() and q.qsize() == 1000


def test_full_and_empty_without_blocking():
    q = BoundedQueue(1)
    with pytest.raises(Empty):
        q.get_nowait()
    with pytest.raises(Empty):
        q.get(block=False)
    q.put(1)
    with pytest.raises(Full):
        q.put_nowait(2)
    with pytest.raises(Full):
        q.put(2, block=False)


def test_timeouts_expire():
    q = BoundedQueue(1)
    with pytest.raises(Empty):
        within(lambda: q.get(timeout=0.01))
    q.put(1)
    with pytest.raises(Full):
        within(lambda: q.put(2, timeout=0.01))


@pytest.mark.parametrize("call", [
    lambda q: q.put(1, timeout=-1),
    lambda q: q.get(timeout=-0.5),
])
def test_negative_timeout_raises_like_queue_Queue(call):
    with pytest.raises(ValueError) as ours:
        call(BoundedQueue(1))
    with pytest.raises(ValueError) as stdlib:
        call(queue.Queue(1))
    assert str(ours.value) == str(stdlib.value) == "'timeout' must be a non-negative number"


def test_task_done_too_many_times_raises_like_queue_Queue():
    q = BoundedQueue()
    q.put(1)
    q.get()
    q.task_done()
    with pytest.raises(ValueError, match=r"^task_done\(\) called too many times$"):
        q.task_done()
    with pytest.raises(ValueError, match=r"^task_done\(\) called too many times$"):
        queue.Queue().task_done()


def test_join_waits_for_task_done():
    q = BoundedQueue()
    for i in range(3):
        q.put(i)

    def worker():
        for _ in range(3):
            q.get()
            q.task_done()

    run_threads(worker, q.join)
    q.join()  # nothing unfinished: returns at once


def test_shutdown_drains_then_raises():
    q = BoundedQueue(3)
    q.put(1)
    q.shutdown()
    with pytest.raises(ShutDown):
        q.put(2)
    assert q.get() == 1  # items put before the shutdown still come out
    with pytest.raises(ShutDown):
        q.get()


def test_shutdown_immediate_discards_and_releases_join():
    q = BoundedQueue()
    q.put(1)
    q.put(2)
    q.shutdown(immediate=True)
    assert q.qsize() == 0
    with pytest.raises(ShutDown):
        q.get_nowait()
    q.join()  # the discarded items count as done


def test_shutdown_wakes_blocked_getters_and_putters():
    full = BoundedQueue(1)
    full.put(0)
    empty = BoundedQueue(1)

    def expect_shutdown(call):
        with pytest.raises(ShutDown):
            call()

    def shut_both():
        # Wait until all four calls are blocked: then shutdown must wake them.
        import time

        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            with full._mutex, empty._mutex:
                if len(full._not_full._waiters) == 2 and len(empty._not_empty._waiters) == 2:
                    break
            time.sleep(0.001)
        full.shutdown()
        empty.shutdown()

    run_threads(
        lambda: expect_shutdown(lambda: full.put(1)),
        lambda: expect_shutdown(lambda: full.put(1, timeout=30)),
        lambda: expect_shutdown(empty.get),
        lambda: expect_shutdown(lambda: empty.get(timeout=30)),
        shut_both,
    )


def test_shutdown_exception_is_the_stdlib_one_when_it_exists():
    if hasattr(queue, "ShutDown"):
        assert ShutDown is queue.ShutDown
    else:
        assert issubclass(ShutDown, Exception)
    assert Empty is queue.Empty and Full is queue.Full


# --- differential test against queue.Queue (Python 3.13+) ----------------

def _python_with_shutdown():
    if hasattr(queue, "ShutDown"):
        return sys.executable
    candidates = [os.environ.get("HANDBOOK_PYTHON313"), shutil.which("python3.13"),
                  "/root/.pyenv/versions/3.13.0/bin/python3.13"]
    env = dict(os.environ, PYENV_VERSION=os.environ.get("PYENV_VERSION", "3.13.0"))
    for exe in filter(None, candidates):
        try:
            probe = subprocess.run([exe, "-c", "import queue; queue.ShutDown"],
                                   env=env, capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return exe
    return None


def test_same_outcomes_as_queue_Queue_on_python_3_13():
    if hasattr(queue, "ShutDown"):
        queue_differential.main()
        return
    exe = _python_with_shutdown()
    if exe is None:
        pytest.skip("no Python 3.13+ interpreter found (set HANDBOOK_PYTHON313)")
    env = dict(os.environ, PYENV_VERSION=os.environ.get("PYENV_VERSION", "3.13.0"))
    run = subprocess.run([exe, "-m", "tests.problems.primitives.queue_differential"],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("ok:")


# --- real threads: 4 producers, 4 consumers --------------------------------

def test_stress_every_item_consumed_exactly_once():
    """Real threads: 4 producers, 4 consumers, a queue of 4 slots, join and
    shutdown at the end; every item consumed once, each producer's items in
    order."""
    producers, consumers, per_producer = 4, 4, 200

    def setup():
        return types.SimpleNamespace(
            q=BoundedQueue(4), ledger=racecheck.Ledger(), producers_left=[producers],
            left_lock=threading.Lock(), seen=[[] for _ in range(consumers)])

    def producer(p):
        def produce(s):
            for i in range(per_producer):
                s.q.put((p, i), timeout=10)
                s.ledger.produced((p, i))
            with s.left_lock:
                s.producers_left[0] -= 1
                last = s.producers_left[0] == 0
            if last:  # every item is in: wait until all are processed, then close
                s.q.join()
                s.q.shutdown()
        return produce

    def consumer(c):
        def consume(s):
            while True:
                try:
                    item = s.q.get(timeout=10)
                except ShutDown:
                    return
                s.ledger.consumed(item)
                s.seen[c].append(item)
                s.q.task_done()
        return consume

    def check(s):
        s.ledger.assert_conserved()
        for items in s.seen:  # FIFO: each consumer sees each producer's items in order
            for p in range(producers):
                mine = [i for (pp, i) in items if pp == p]
                assert mine == sorted(mine)
        return s.q.qsize() == 0

    racecheck.stress(setup, [producer(p) for p in range(producers)]
                     + [consumer(c) for c in range(consumers)],
                     check, rounds=5, timeout=30, name="BoundedQueue 4x4")


def test_stress_the_racecheck_scenarios_on_real_threads():
    for scenario in (two_producers_two_consumers(BoundedQueue, 0),
                     two_producers_two_consumers(BoundedQueue, 1),
                     shutdown_while_getting(BoundedQueue),
                     timed_puts_gets_and_join()):
        racecheck.stress_scenario(scenario, rounds=50, timeout=10)


# --- controlled interleavings (racecheck) ------------------------------------

def two_producers_two_consumers(cls, maxsize):
    """Conservation: both items come out, once each, and nobody stays blocked."""
    def setup():
        return types.SimpleNamespace(q=cls(maxsize), got=[])

    return racecheck.Scenario(
        name=f"{cls.__name__}({maxsize}): 2 producers, 2 consumers",
        setup=setup,
        threads=[
            lambda s: s.got.append(s.q.get()),
            lambda s: s.got.append(s.q.get()),
            lambda s: s.q.put(1),
            lambda s: s.q.put(2),
        ],
        check=lambda s: sorted(s.got) == [1, 2] and s.q.qsize() == 0,
        targets=[mod, bounded_queue_if_bad],
    )


def shutdown_while_getting(cls):
    """A consumer waiting on an empty queue must see the shutdown."""
    def setup():
        return types.SimpleNamespace(q=cls(1), seen=[])

    return racecheck.Scenario(
        name=f"{cls.__name__}: get() racing shutdown()",
        setup=setup,
        threads=[
            lambda s: s.seen.append(outcome(s.q.get)),
            lambda s: s.q.shutdown(),
        ],
        check=lambda s: s.seen == [("raise", "ShutDown", "")],
        targets=[mod, bounded_queue_shutdown_bad],
    )


def timed_puts_gets_and_join():
    """maxsize 1: timed puts block; join() returns only after both task_done()s."""
    def setup():
        return types.SimpleNamespace(q=BoundedQueue(1), got=[], done_when_joined=[])

    def produce_then_join(s):
        s.q.put(1, timeout=5)
        s.q.put(2, timeout=5)
        s.q.join()
        s.done_when_joined.append(len(s.got))

    def consume_one(s):
        s.got.append(s.q.get(timeout=5))
        s.q.task_done()

    return racecheck.Scenario(
        name="BoundedQueue(1): timed put/get, task_done, join",
        setup=setup,
        threads=[produce_then_join, consume_one, consume_one],
        check=lambda s: sorted(s.got) == [1, 2] and s.done_when_joined == [2],
        targets=[mod],
        # The 5 s timeouts are a safety net, not the subject: no thread stalls
        # for 5 s here (by default such stalls are explored and time out).
        timeouts="lazy",
    )


def test_racecheck_timed_puts_gets_and_join():
    racecheck.verify(timed_puts_gets_and_join())


@pytest.mark.parametrize("maxsize", [0, 1])
def test_racecheck_two_producers_two_consumers(maxsize):
    racecheck.verify(two_producers_two_consumers(BoundedQueue, maxsize))


def test_racecheck_shutdown_wakes_a_waiting_consumer():
    racecheck.verify(shutdown_while_getting(BoundedQueue))


def test_racecheck_if_instead_of_while_is_caught():
    check_published(
        two_producers_two_consumers(bounded_queue_if_bad.IfInsteadOfWhileQueue, 0),
        COUNTEREXAMPLES / "bounded_queue_if_bad.txt", kind="exception", strategy="mixed")


def test_racecheck_silent_shutdown_is_caught():
    check_published(
        shutdown_while_getting(bounded_queue_shutdown_bad.SilentShutdownQueue),
        COUNTEREXAMPLES / "bounded_queue_shutdown_bad.txt", kind="deadlock", strategy="exhaustive")


def bounded_fifo_model(maxsize):
    """Sequential spec of put_nowait/get_nowait/qsize on a queue of maxsize slots."""
    def step(state, op, args, result):
        if op == "put_nowait":
            if len(state) >= maxsize:
                return result == racecheck.Raised("Full"), state
            return result is None, state + (args[0],)
        if op == "get_nowait":
            if not state:
                return result == racecheck.Raised("Empty"), state
            return result == state[0], state[1:]
        if op == "qsize":
            return result == len(state), state
        raise ValueError(op)

    return racecheck.Model(init=tuple, step=step, name=f"a FIFO queue of {maxsize} slots")


def test_racecheck_linearizable_against_a_bounded_fifo():
    racecheck.lincheck(
        lambda: BoundedQueue(2),
        [
            [("put_nowait", 1), ("put_nowait", 2), ("get_nowait",)],
            [("put_nowait", 3), ("get_nowait",), ("qsize",)],
            [("get_nowait",), ("put_nowait", 4)],
        ],
        bounded_fifo_model(2),
        targets=[mod],
        name="BoundedQueue(2) non-blocking operations",
        rounds=30,
    )


def bounded_fifo_with_shutdown_model(maxsize):
    """Sequential spec with shutdown (Python 3.13's queue.Queue): the flag and,
    with ``immediate``, the discarding of every item are one step."""
    def step(state, op, args, result):
        items, shut = state
        if op == "shutdown":
            return result is None, ((() if args[0] else items), True)
        if op == "put_nowait":
            if shut:
                return result == racecheck.Raised("ShutDown"), state
            if len(items) >= maxsize:
                return result == racecheck.Raised("Full"), state
            return result is None, (items + (args[0],), shut)
        if op == "get_nowait":
            if items:
                return result == items[0], (items[1:], shut)
            return result == racecheck.Raised("ShutDown" if shut else "Empty"), state
        raise ValueError(op)

    return racecheck.Model(init=lambda: ((), False), step=step, name=f"a FIFO queue of {maxsize} slots with shutdown")


def test_racecheck_immediate_shutdown_is_one_step():
    """A put that saw the queue shut down is never followed by a get that
    still finds an item an immediate shutdown discards."""
    racecheck.lincheck(
        lambda: BoundedQueue(2),
        [
            [("put_nowait", 1), ("put_nowait", 2)],
            [("shutdown", True)],
            [("put_nowait", 3), ("get_nowait",)],
        ],
        bounded_fifo_with_shutdown_model(2),
        targets=[mod],
        name="BoundedQueue(2): puts and gets racing shutdown(immediate=True)",
        rounds=30,
    )


# --- scenarios that make each wait, notify and re-check matter ----------------

@pytest.mark.parametrize("timeout", [None, 5])
def test_racecheck_full_queue_never_overfills(timeout):
    """maxsize 1, already full; two producers and a consumer of two: a
    producer woken for a free slot re-checks it (another may have taken it).
    Each producer looks at qsize() after its put: never above maxsize."""
    def setup():
        q = BoundedQueue(1)
        q.put(0)
        return types.SimpleNamespace(q=q, got=[], sizes=[])

    def producer(x):
        def put(s):
            s.q.put(x, timeout=timeout)
            s.sizes.append(s.q.qsize())
        return put

    def consumer(s):
        s.got.append(s.q.get(timeout=timeout))
        s.got.append(s.q.get(timeout=timeout))

    def check(s):
        assert max(s.sizes) <= 1, f"qsize() after put: {s.sizes} (maxsize 1)"
        assert sorted(s.got + [s.q.get_nowait()]) == [0, 1, 2], s.got

    racecheck.verify(racecheck.Scenario(
        name=f"BoundedQueue(1), full: 2 producers, 1 consumer, timeout={timeout}",
        setup=setup, threads=[producer(1), producer(2), consumer], check=check, targets=[mod],
        timeouts="lazy"))  # the timeout only bounds the wait here: it fires only if everyone is blocked


def test_racecheck_timeouts_expire_when_nobody_helps():
    """get(timeout) on an empty queue, put(timeout) on a full one: both give up."""
    def setup():
        full = BoundedQueue(1)
        full.put(0)
        return types.SimpleNamespace(empty=BoundedQueue(1), full=full, seen=[])

    racecheck.verify(racecheck.Scenario(
        name="BoundedQueue(1): timed get on empty, timed put on full, nobody helps",
        setup=setup,
        threads=[lambda s: s.seen.append(outcome(lambda: s.empty.get(timeout=1))),
                 lambda s: s.seen.append(outcome(lambda: s.full.put(1, timeout=1)))],
        check=lambda s: sorted(s.seen) == [("raise", "Empty", ""), ("raise", "Full", "")],
        targets=[mod]))


@pytest.mark.parametrize("immediate", [False, True])
def test_racecheck_every_joiner_wakes_only_when_all_work_is_done(immediate):
    """Two joiners, a consumer that takes an item and marks it done, and
    (optionally) an immediate shutdown that discards the rest. join() returns
    in every joiner, and only once every taken item is marked done."""
    def setup():
        q = BoundedQueue(0)
        q.put(1)
        q.put(2)
        return types.SimpleNamespace(q=q, taken=[], done=[], joined=[])

    def consumer(s):
        for _ in range(1 if immediate else 2):
            try:
                item = s.q.get()
            except ShutDown:
                return
            s.taken.append(item)
            s.done.append(item)  # before task_done: a joiner may return right after it
            s.q.task_done()

    def joiner(s):
        s.q.join()
        # Nothing is put after setup, so once join() may return the count
        # of unfinished tasks is 0 for good.
        s.joined.append((len(s.taken), len(s.done), s.q._unfinished_tasks))

    threads = [joiner, joiner, consumer]
    if immediate:
        threads.append(lambda s: s.q.shutdown(immediate=True))
    racecheck.verify(racecheck.Scenario(
        name=f"BoundedQueue: two joiners, a consumer{', an immediate shutdown' if immediate else ''}",
        setup=setup, threads=threads,
        check=lambda s: len(s.joined) == 2 and all(taken == done and unfinished == 0
                                                   for taken, done, unfinished in s.joined),
        targets=[mod]))


def test_racecheck_size_queries_read_the_items_under_the_mutex():
    """qsize(), empty() and full() each make one read of the deque, which no
    interleaving can split; the guard checks that they hold the mutex that
    put() and get() change it under."""
    def setup():
        q = BoundedQueue(2)
        q.put(0)
        return types.SimpleNamespace(q=q, seen=None)

    def query(s):
        s.seen = (s.q.qsize(), s.q.empty(), s.q.full())

    def check(s):
        size, empty, full = s.seen  # three snapshots, each of some instant
        assert size in (0, 1, 2) and empty in (True, False) and full in (True, False), s.seen
        return s.q.qsize() == 1

    racecheck.verify(racecheck.Scenario(
        name="BoundedQueue(2): size queries while a put and a get run",
        setup=setup,
        threads=[lambda s: s.q.put(1), lambda s: s.q.get(), query],
        check=check,
        targets=[mod],
        guards=lambda s: [racecheck.guarded(s.q, "_mutex", "_items", "_unfinished_tasks", "_is_shutdown")],
    ))
