"""Threads that the code under test starts run as scheduled threads of the run:
threading.Thread, Timer, _thread, ThreadPoolExecutor, SimpleQueue,
threading.local and contextvars, with switch points and failure reports like
the scenario's own threads."""

import _thread
import contextvars
import queue
import subprocess
import sys
import threading
import time
from concurrent.futures import (FIRST_COMPLETED, CancelledError, ThreadPoolExecutor,
                                as_completed, wait)

import pytest

import racecheck
from tests.racecheck import thread_examples as tx

SEEDS = range(5)
# The every-seed tests check that each seed finds the bug; only the first
# seed's failure is also minimized (about 1 s of CPU each with an executor's
# thread starts, and what minimizing does is tested by the report tests).
MINIMIZED_SEED = SEEDS[0]


def scenario(name, threads, setup=dict, check=None, targets=(tx,), **kw):
    return racecheck.Scenario(name=name, setup=setup, threads=threads, check=check,
                              targets=list(targets), **kw)


def tally_scenario(count, add_name, batches=3):
    def body(s):
        s["total"] = count(s["tally"], [["tok"]] * batches, getattr(s["tally"], add_name))

    return scenario(f"{count.__name__} with Tally.{add_name}", [body],
                    setup=lambda: {"tally": tx.Tally()},
                    check=lambda s: s["total"] == batches)


# ------------------------------------------------------------ threading.Thread
def test_one_scenario_thread_starting_three_workers_is_verified():
    result = racecheck.verify(tally_scenario(tx.count_with_threads, "add"))
    assert result.runs > 10


@pytest.mark.parametrize("seed", SEEDS)
def test_lost_update_in_started_threads_is_caught_on_every_seed(seed):
    failure = racecheck.expect_failure(tally_scenario(tx.count_with_threads, "add_bad"), seed=seed,
                                       minimize=seed == MINIMIZED_SEED)
    assert failure.kind == "invariant"
    assert "start T1 (counter-0)" in str(failure)  # the start is a step of the schedule
    assert "T2" in failure.schedule_text or "T3" in failure.schedule_text


def test_started_thread_failure_replays_to_the_same_text():
    sc = tally_scenario(tx.count_with_threads, "add_bad")
    failure = racecheck.expect_failure(sc)
    again = racecheck.replay(sc, schedule=failure.schedule)
    assert again is not None and again.schedule_text == failure.schedule_text


def test_join_with_timeout_returns_in_virtual_time():
    def body(s):
        stop = threading.Event()
        t = threading.Thread(target=stop.wait, daemon=True)
        t.start()
        t0 = time.monotonic()
        t.join(timeout=30)
        s["waited"] = time.monotonic() - t0
        s["alive"] = t.is_alive()
        stop.set()
        t.join()
        s["alive_after"] = t.is_alive()

    start = time.perf_counter()
    racecheck.verify(scenario("join(timeout)", [body],
                              check=lambda s: (s["waited"], s["alive"], s["alive_after"])
                              == (30.0, True, False)))
    assert time.perf_counter() - start < 10


def test_daemon_thread_blocked_at_the_end_is_not_a_deadlock():
    def body(s):
        threading.Thread(target=threading.Event().wait, daemon=True).start()
        s["done"] = True

    racecheck.verify(scenario("daemon left waiting", [body], check=lambda s: s["done"]))


def test_joining_a_thread_that_waits_forever_is_a_deadlock_with_positions():
    def body(s):
        t = threading.Thread(target=threading.Event().wait, name="waiter")
        t.start()
        t.join()

    failure = racecheck.expect_failure(scenario("join a stuck thread", [body]), kind="deadlock")
    text = str(failure)
    assert "T0 at test_started_threads.py" in text and "waits for: join T1" in text
    assert "T1 (waiter) at" in text


def test_exception_in_a_started_thread_is_a_failure():
    def boom():
        raise ValueError("bad batch")

    def body(s):
        t = threading.Thread(target=boom)
        t.start()
        t.join()

    failure = racecheck.expect_failure(scenario("worker raises", [body]), kind="exception")
    assert "T1 raised ValueError: bad batch" in str(failure)


def test_current_thread_names_and_thread_errors():
    def body(s):
        s["me"] = threading.current_thread().name
        t = threading.Thread(target=lambda: s.setdefault("it", threading.current_thread().name),
                             name="worker-a")
        with pytest.raises(RuntimeError, match="before it is started"):
            t.join()
        t.start()
        with pytest.raises(RuntimeError, match="only be started once"):
            t.start()
        t.join()
        s["ident"] = t.ident is not None

    racecheck.verify(scenario("names", [body, lambda s: None],
                              check=lambda s: (s["me"], s["it"], s["ident"]) == ("T0", "worker-a", True)))


def test_threads_started_in_setup_join_the_run():
    def setup():
        s = {"tally": tx.Tally(), "threads": []}
        for _ in range(2):
            t = threading.Thread(target=s["tally"].add_bad, args=(1,))
            t.start()
            s["threads"].append(t)
        return s

    def joiner(s):
        for t in s["threads"]:
            t.join()

    bad = scenario("threads started by setup", [joiner], setup=setup,
                   check=lambda s: s["tally"].total == 2)
    assert racecheck.expect_failure(bad).kind == "invariant"


def test_starting_a_thread_in_the_check_is_unsupported():
    def check(s):
        threading.Thread(target=print).start()

    with pytest.raises(racecheck.UnsupportedOperation,
                       match="'thread in check'.*starting a thread in the check"):
        racecheck.verify(scenario("thread in check", [lambda s: None], check=check))


def test_thread_objects_are_stopped_after_the_run():
    kept = []

    def body(s):
        t = threading.Thread(target=lambda: None)
        t.start()
        kept.append(t)

    racecheck.verify(scenario("kept thread", [body]), runs=3)
    assert kept and all(not t.is_alive() for t in kept)
    kept[0].join()  # the original join: returns at once
    assert kept[0] not in threading.enumerate()


def test_low_level_start_new_thread_is_scheduled():
    def body(s):
        done = threading.Event()

        def work(a, b):
            s["sum"] = a + b
            done.set()

        _thread.start_new_thread(work, (2, 3))
        done.wait()

    racecheck.verify(scenario("_thread.start_new_thread", [body], check=lambda s: s["sum"] == 5))


# ---------------------------------------------------------- Timer and local
def test_timer_fires_on_the_virtual_clock_and_cancel_stops_it():
    def body(s):
        fired = []
        t = threading.Timer(60, fired.append, args=("flush",))
        t.start()
        t.join()
        c = threading.Timer(60, fired.append, args=("never",))
        c.start()
        c.cancel()
        c.join()
        s["fired"] = fired

    start = time.perf_counter()
    # timeouts="lazy": the cancel comes before the 60 s run out (by default a
    # stall of the scenario thread past 60 s is explored too, and fires it).
    racecheck.verify(scenario("Timer", [body], check=lambda s: s["fired"] == ["flush"],
                              timeouts="lazy"))
    assert time.perf_counter() - start < 10


def test_thread_local_is_per_started_thread():
    def body(s):
        local = threading.local()
        local.v = "scenario"
        seen = []

        def work(name):
            assert not hasattr(local, "v")
            local.v = name
            seen.append(local.v)

        ts = [threading.Thread(target=work, args=(n,)) for n in ("a", "b")]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        s["result"] = (local.v, sorted(seen))

    racecheck.verify(scenario("threading.local", [body],
                              check=lambda s: s["result"] == ("scenario", ["a", "b"])))


# ------------------------------------------------------- ThreadPoolExecutor
def test_executor_fan_out_is_verified():
    racecheck.verify(tally_scenario(tx.count_with_pool, "add"))


@pytest.mark.parametrize("seed", SEEDS)
def test_lost_update_in_executor_work_is_caught_on_every_seed(seed):
    failure = racecheck.expect_failure(tally_scenario(tx.count_with_pool, "add_bad"), seed=seed,
                                       minimize=seed == MINIMIZED_SEED)
    assert failure.kind == "invariant"
    assert "count_" in str(failure)  # the executor's thread names are shown


@pytest.mark.parametrize("seed", SEEDS)
def test_lazy_init_race_in_executor_map_is_caught_on_every_seed(seed):
    def body(s):
        with ThreadPoolExecutor(max_workers=2) as pool:
            s["clients"] = list(pool.map(lambda _: s["reg"].get_bad(), range(2)))

    def setup():
        return {"reg": tx.Registry()}

    def check(s):
        assert s["clients"][0] is s["clients"][1], "two clients were created"

    failure = racecheck.expect_failure(scenario("lazy client via pool.map", [body], setup, check),
                                       seed=seed, minimize=seed == MINIMIZED_SEED)
    assert "two clients were created" in str(failure)


def test_executor_map_and_correct_lazy_init_are_verified():
    def body(s):
        with ThreadPoolExecutor(max_workers=2) as pool:
            s["clients"] = list(pool.map(lambda _: s["reg"].get(), range(2)))

    racecheck.verify(scenario("lazy client (locked) via pool.map", [body],
                              setup=lambda: {"reg": tx.Registry()},
                              check=lambda s: s["clients"][0] is s["clients"][1]))
    racecheck.verify(tally_scenario(tx.count_with_map, "add"))


def test_shutdown_without_wait_and_with_cancel_futures():
    def body(s):
        gate = threading.Event()
        pool = ThreadPoolExecutor(max_workers=1)
        first = pool.submit(gate.wait)
        rest = [pool.submit(lambda: "ran") for _ in range(2)]
        pool.shutdown(wait=False, cancel_futures=True)
        gate.set()
        # Not started yet when shutdown ran: cancelled; else it ends normally.
        s["first"] = first.cancelled() or first.result() is True
        s["rest"] = [f.cancelled() or f.result() == "ran" for f in rest]
        with pytest.raises(RuntimeError, match="shutdown"):
            pool.submit(print)

    racecheck.verify(scenario("shutdown(wait=False, cancel_futures=True)", [body],
                              check=lambda s: s["first"] is True and all(s["rest"])))


def test_as_completed_wait_result_timeout_and_callbacks():
    def body(s):
        gate = threading.Event()
        done_names = []
        with ThreadPoolExecutor(max_workers=2) as pool:
            slow = pool.submit(gate.wait)
            fast = pool.submit(lambda: 7)
            fast.add_done_callback(lambda f: done_names.append(f.result()))
            first, _ = wait([slow, fast], return_when=FIRST_COMPLETED)
            s["first"] = [f.result() for f in first]
            with pytest.raises(TimeoutError):
                slow.result(timeout=5)
            gate.set()
            s["all"] = sorted(str(f.result()) for f in as_completed([slow, fast], timeout=60))
        s["callbacks"] = done_names

    racecheck.verify(scenario("as_completed/wait/result(timeout)/callbacks", [body],
                              check=lambda s: (s["first"], s["all"], s["callbacks"])
                              == ([7], ["7", "True"], [7]), timeouts="lazy"))


def _completion_orders(junk):
    """Per run, the order in which as_completed and wait hand back four
    futures, over 40 runs from seed 3; `junk` objects stay allocated meanwhile,
    so the futures live at other addresses than in another call."""
    garbage = [object() for _ in range(junk)]
    seen = []

    def body(s):
        with ThreadPoolExecutor(max_workers=3) as pool:
            futures = [pool.submit(int, i) for i in range(4)]
            s["as_completed"] = [f.result() for f in as_completed(futures)]
            done, _ = wait(futures, return_when=FIRST_COMPLETED)
            s["wait"] = [f.result() for f in done]

    def check(s):
        seen.append((s["as_completed"], s["wait"]))
        return True

    racecheck.verify(scenario("as_completed and wait order", [body], check=check),
                     runs=40, seed=3)
    del garbage
    return seen


def test_as_completed_and_wait_order_is_the_same_for_the_same_seed():
    """Futures of a run hash by creation order: the sets inside as_completed
    and wait (and the order their locks are taken in) do not depend on where
    the futures happen to be in memory."""
    first = _completion_orders(1)
    assert len(first) == 40 and len(set(map(repr, first))) > 1  # the schedules differ
    for junk in (37, 501, 4099):
        assert _completion_orders(junk) == first


def test_cancel_of_a_queued_future():
    def body(s):
        gate = threading.Event()
        with ThreadPoolExecutor(max_workers=1) as pool:
            blocker = pool.submit(gate.wait)
            queued = pool.submit(lambda: "ran")
            s["cancelled"] = queued.cancel()
            gate.set()
            blocker.result()
            with pytest.raises(CancelledError):
                queued.result()

    racecheck.verify(scenario("cancel a queued future", [body], check=lambda s: s["cancelled"]))


def test_executor_first_imported_inside_a_scenario():
    # A fresh interpreter: concurrent.futures.thread is imported by the scenario
    # itself (it used to fail with "'Lock' object has no attribute '_at_fork_reinit'").
    code = (
        "import sys, racecheck\n"
        "assert 'concurrent.futures.thread' not in sys.modules\n"
        "def body(s):\n"
        "    from concurrent.futures import ThreadPoolExecutor\n"
        "    with ThreadPoolExecutor(2) as p:\n"
        "        s['r'] = sorted(p.map(abs, [-1, -2]))\n"
        "racecheck.verify(racecheck.Scenario(name='import inside', setup=dict, threads=[body],\n"
        "                 check=lambda s: s['r'] == [1, 2], targets=[body]), runs=5)\n"
        "import threading\n"
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor(2) as p:\n"  # the module's lock works for real threads
        "    assert list(p.map(abs, [-3])) == [3]\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, cwd=str(__import__("pathlib").Path(__file__).parents[2]))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


# --------------------------------------------------- SimpleQueue, contextvars
def test_simple_queue_between_started_threads():
    def body(s):
        q = queue.SimpleQueue()
        got = []

        def consumer():
            while (item := q.get()) is not None:
                got.append(item)

        t = threading.Thread(target=consumer)
        t.start()
        for i in range(3):
            q.put(i)
        q.put(None)
        t.join()
        with pytest.raises(queue.Empty):
            q.get(timeout=1)
        s["got"] = got

    racecheck.verify(scenario("SimpleQueue", [body], check=lambda s: s["got"] == [0, 1, 2]))


def test_contextvars_follow_python_rules_in_started_threads():
    def body(s):
        tx.request_id.set("req-1")
        seen = {}

        def record(key):
            seen[key] = tx.current_request()

        t = threading.Thread(target=record, args=("plain thread",))
        t.start()
        t.join()
        ctx = contextvars.copy_context()
        t = threading.Thread(target=ctx.run, args=(record, "copy_context().run"))
        t.start()
        t.join()
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(record, "executor").result()
            pool.submit(contextvars.copy_context().run, record, "executor + ctx.run").result()
        s["seen"] = seen

    expected = {"plain thread": "-", "copy_context().run": "req-1", "executor": "-",
                "executor + ctx.run": "req-1"}
    racecheck.verify(scenario("contextvars", [body], check=lambda s: s["seen"] == expected))


def test_a_slow_thread_start_is_not_mistaken_for_a_real_lock_wait(monkeypatch):
    # On a loaded machine starting an OS thread can take longer than the
    # real-lock grace period; the starting thread then waits on the harness's
    # own hand-off lock, which is not a lock of the code under test.
    from racecheck import _real

    real_start = _real.start_new_thread

    def slow_start(function, args):
        def late():
            _real.sleep(3 * racecheck._runtime.REAL_LOCK_GRACE)
            function(*args)
        return real_start(late, ())

    monkeypatch.setattr(_real, "start_new_thread", slow_start)
    result = racecheck.verify(tally_scenario(tx.count_with_threads, "add"), runs=1)
    assert result.runs == 1
