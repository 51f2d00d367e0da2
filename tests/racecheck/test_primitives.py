"""Each modelled primitive keeps threading's contract under the scheduler,
with timeouts on the virtual clock (no real seconds spent)."""

import queue
import threading
import time

import pytest

import racecheck
from tests.racecheck import examples as ex


def scenario(name, setup, threads, check=None, **kw):
    return racecheck.Scenario(name=name, setup=setup, threads=threads, check=check,
                              targets=[ex], **kw)


def elapsed_real(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def assert_waits_are_virtual(sc, limit=3):
    """sc's timed waits pass in virtual time: ten runs, each of which would
    wait longer than `limit` real seconds, take less than that in all (a
    bounded number of runs: a default budget is CPU time, which a loaded
    machine stretches in real time)."""
    assert elapsed_real(lambda: racecheck.verify(sc, runs=10)) < limit


# ----------------------------------------------------------------- Condition
def test_condition_wait_times_out_in_virtual_time():
    def waiter(s):
        with s["cond"]:
            t0 = time.monotonic()
            s["result"] = s["cond"].wait(timeout=1.5)
            s["elapsed"] = time.monotonic() - t0

    sc = scenario("condition timeout", lambda: {"cond": threading.Condition()}, [waiter],
                  check=lambda s: s["result"] is False and s["elapsed"] == 1.5)
    assert elapsed_real(lambda: racecheck.verify(sc, runs=20)) < 1.4


def flag_setup():
    return {"cond": threading.Condition(), "flag": False, "results": []}


def flag_waiter(s):
    with s["cond"]:
        s["results"].append(s["cond"].wait_for(lambda: s["flag"], timeout=10))


def flag_setter(s):
    with s["cond"]:
        s["flag"] = True
        s["cond"].notify_all()


def test_notify_wakes_waiter_before_lazy_timeout():
    racecheck.verify(scenario("wait_for + notify", flag_setup, [flag_waiter, flag_setter],
                              check=lambda s: s["results"] == [True], timeouts="lazy"))


def test_timeouts_are_explored_by_default():
    # The same scenario as above with the default timeouts="explore": the
    # timeout firing before the notify is a real schedule, and it is found.
    failure = racecheck.expect_failure(
        scenario("wait_for + notify, default timeouts", flag_setup, [flag_waiter, flag_setter],
                 check=lambda s: s["results"] == [True]))
    assert "timeout fires" in failure.schedule_text


def test_eager_timeouts_let_a_timeout_fire_early():
    failure = racecheck.expect_failure(
        scenario("wait_for + notify, eager timeouts", flag_setup, [flag_waiter, flag_setter],
                 check=lambda s: s["results"] == [True], timeouts="eager"))
    assert "timeout fires" in failure.schedule_text


def test_wait_without_notify_is_a_deadlock():
    def waiter(s):
        with s["cond"]:
            s["cond"].wait()

    failure = racecheck.expect_failure(
        scenario("wait forever", lambda: {"cond": threading.Condition()}, [waiter]),
        kind="deadlock")
    assert "waits for: wait state['cond']" in failure.details


def test_condition_requires_the_lock():
    def bad(s):
        s["cond"].notify()

    failure = racecheck.expect_failure(
        scenario("notify unowned", lambda: {"cond": threading.Condition()}, [bad]),
        kind="exception")
    assert "cannot notify on un-acquired lock" in str(failure)


# --------------------------------------------------------------------- Event
def test_event_wait_timeout_and_set():
    def waiter(s):
        s["got"] = ex.wait_with_deadline(s["ev"], 2.0)

    lone = scenario("event timeout", lambda: {"ev": threading.Event()}, [waiter],
                    check=lambda s: s["got"] == (False, 2.0))
    racecheck.verify(lone, runs=10)
    both = scenario("event set", lambda: {"ev": threading.Event()},
                    [waiter, lambda s: s["ev"].set()],
                    check=lambda s: s["got"] == (True, 0.0), timeouts="lazy")
    racecheck.verify(both)
    # By default a timeout may also fire before the set() (the waiter's 2 s run
    # out while the setter is slow): that schedule is explored and found.
    racecheck.expect_failure(
        scenario("event set, timeouts explored", lambda: {"ev": threading.Event()},
                 [waiter, lambda s: s["ev"].set()], check=lambda s: s["got"] == (True, 0.0)))


# ----------------------------------------------------------------- Semaphore
def sem_setup(value, cls=threading.Semaphore):
    return lambda: {"sem": cls(value), "count_lock": threading.Lock(), "active": 0, "peak": 0}


def test_semaphore_bounds_concurrency():
    three = [ex.limited_section] * 3
    racecheck.verify(scenario("semaphore(2)", sem_setup(2), three,
                              check=lambda s: s["peak"] <= 2))
    racecheck.expect_failure(scenario("semaphore(3)", sem_setup(3), three,
                                      check=lambda s: s["peak"] <= 2))


def test_semaphore_acquire_timeout():
    def holder(s):
        s["sem"].acquire()
        time.sleep(5)
        s["sem"].release()

    def contender(s):
        s["ok"] = s["sem"].acquire(timeout=1)
        s["t"] = time.monotonic()
        if s["ok"]:
            s["sem"].release()

    sc = scenario("semaphore timeout", sem_setup(1), [holder, contender],
                  check=lambda s: (s["ok"] and s["t"] in (1000.0, 1005.0))
                  or (not s["ok"] and s["t"] == 1001.0), timeouts="lazy")
    racecheck.verify(sc)


def test_bounded_semaphore_over_release_raises():
    failure = racecheck.expect_failure(
        scenario("bounded over-release", sem_setup(1, threading.BoundedSemaphore),
                 [lambda s: s["sem"].release()]), kind="exception")
    assert "released too many times" in str(failure)


# ---------------------------------------------------------------------- Lock
def test_lock_acquire_timeout_against_a_sleeping_holder():
    def holder(s):
        with s["lock"]:
            time.sleep(5)

    def contender(s):
        t0 = time.monotonic()
        s["got"] = s["lock"].acquire(timeout=1)
        s["waited"] = time.monotonic() - t0
        if s["got"]:
            s["lock"].release()

    sc = scenario("lock timeout", lambda: {"lock": threading.Lock()}, [holder, contender],
                  check=lambda s: (s["got"], s["waited"]) in {(True, 0.0), (False, 1.0)},
                  timeouts="lazy")  # exact waits: no thread stalls while another waits
    racecheck.verify(sc)
    assert_waits_are_virtual(sc)


def test_rlock_is_reentrant_and_owned():
    def reenter(s):
        with s["r"]:
            with s["r"]:
                s["depth"] = 2

    racecheck.verify(scenario("rlock reentry", lambda: {"r": threading.RLock()}, [reenter],
                              check=lambda s: s["depth"] == 2), runs=5)

    def steal(s):
        s["r"].release()

    failure = racecheck.expect_failure(
        scenario("rlock foreign release", lambda: {"r": threading.RLock()},
                 [lambda s: s["r"].acquire() and time.sleep(1), steal]),
        kind="exception")
    assert "un-acquired" in str(failure)


# ------------------------------------------------------------------- Barrier
def test_barrier_releases_all_parties_together():
    def party(s):
        s["before"].append(1)
        s["barrier"].wait()
        s["seen"].append(len(s["before"]))

    setup = lambda: {"barrier": threading.Barrier(3), "before": [], "seen": []}  # noqa: E731
    racecheck.verify(scenario("barrier(3)", setup, [party] * 3,
                              check=lambda s: s["seen"] == [3, 3, 3]))


def test_barrier_timeout_breaks_it():
    def party(s):
        try:
            s["barrier"].wait(timeout=1)
        except threading.BrokenBarrierError:
            s["broken"] += 1

    setup = lambda: {"barrier": threading.Barrier(3), "broken": 0}  # noqa: E731
    racecheck.verify(scenario("barrier short of a party", setup, [party] * 2,
                              check=lambda s: s["broken"] == 2 and s["barrier"].broken))


def test_barrier_action_runs_once():
    setup = lambda: {"calls": []}  # noqa: E731

    def make():
        s = setup()
        s["barrier"] = threading.Barrier(2, action=lambda: s["calls"].append(1))
        return s

    racecheck.verify(scenario("barrier action", make, [lambda s: s["barrier"].wait()] * 2,
                              check=lambda s: s["calls"] == [1]))


# --------------------------------------------------------------- queue.Queue
def test_queue_producer_consumer_keeps_order():
    def producer(s):
        for i in range(3):
            s["q"].put(i, timeout=5)

    def consumer(s):
        for _ in range(3):
            s["got"].append(s["q"].get(timeout=5))

    setup = lambda: {"q": queue.Queue(maxsize=1), "got": []}  # noqa: E731
    racecheck.verify(scenario("queue handoff", setup, [producer, consumer],
                              check=lambda s: s["got"] == [0, 1, 2], timeouts="lazy"))


def test_queue_timeouts_raise_empty_and_full_in_virtual_time():
    def get_empty(s):
        t0 = time.monotonic()
        with pytest.raises(queue.Empty):
            s["q"].get(timeout=2.5)
        s["waited"].append(time.monotonic() - t0)

    def put_full(s):
        s["q2"].put("x")
        t0 = time.monotonic()
        with pytest.raises(queue.Full):
            s["q2"].put("y", timeout=4)
        s["waited"].append(time.monotonic() - t0)

    setup = lambda: {"q": queue.Queue(), "q2": queue.Queue(maxsize=1), "waited": []}  # noqa: E731
    sc = scenario("queue timeouts", setup, [get_empty, put_full],
                  check=lambda s: sorted(s["waited"]) == [2.5, 4.0], timeouts="lazy")
    racecheck.verify(sc)
    assert_waits_are_virtual(sc)


# ---------------------------------------------------------------- time.sleep
def test_sleep_is_virtual():
    def sleeper(s):
        t0 = time.monotonic()
        w0 = time.time()
        ex.nap(100)
        s["slept"] = (time.monotonic() - t0, time.time() - w0)

    sc = scenario("sleep 100 s", dict, [sleeper], check=lambda s: s["slept"] == (100.0, 100.0))
    assert elapsed_real(lambda: racecheck.verify(sc, runs=5)) < 2


def test_outside_a_run_the_real_primitives_are_back():
    racecheck.verify(scenario("restore", dict, [lambda s: None]), runs=2)
    assert threading.Lock is __import__("_thread").allocate_lock or \
        threading.Lock.__module__ == "_thread"
    assert time.sleep.__module__ == "time"
    assert queue.time is time.monotonic
    assert ex.Lock is threading.Lock
    assert type(threading.Condition()) is threading.Condition
