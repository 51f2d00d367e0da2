"""Nothing leaks out of a run: after verify, expect_failure, replay or
explore_exhaustive returns or raises (a failure, a harness error,
UnsupportedOperation, KeyboardInterrupt), no module or class stays patched,
primitives created during a run behave as real ones afterwards, one session
runs at a time, and a runaway thread stopped by the watchdog does not slow
the next verify."""

import _thread
import builtins
import ctypes
import importlib
import sys
import threading
import time

import pytest

import racecheck
from tests.racecheck import examples as ex
from tests.racecheck import prerun_helpers as ph
from tests.support.leaks import assert_nothing_leaked, snapshot
from tests.support.threads import join_all


def scenario(name, threads, setup=ex.Counter, check=None, **kw):
    return racecheck.Scenario(name=name, setup=setup, threads=threads, check=check,
                              targets=[ex], **kw)


def lost_update():
    return scenario("lost update", [lambda c: c.incr(), lambda c: c.incr()],
                    check=lambda c: c.n == 2)


def with_a_started_thread(c):
    t = threading.Thread(target=c.incr, name="helper")
    t.start()
    t.join()


def raise_in_main_thread(exc_type):
    """Deliver an exception to the main thread while it waits for the run (Ctrl-C)."""
    main = threading.main_thread().ident
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(main), ctypes.py_object(exc_type))


def harness_error(c):
    raise_in_main_thread(RuntimeError)  # the controller fails, not the scenario
    threading.Event().wait(1)


def keyboard_interrupt(c):
    raise_in_main_thread(KeyboardInterrupt)
    threading.Event().wait(1)


CALLS = {
    "verify passes": lambda: racecheck.verify(
        scenario("passes", [with_a_started_thread, lambda c: None]), runs=5),
    "verify fails": lambda: racecheck.verify(lost_update()),
    "expect_failure": lambda: racecheck.expect_failure(lost_update()),
    "expect_failure finds nothing": lambda: racecheck.expect_failure(
        scenario("nothing to find", [lambda c: None]), runs=3),
    "replay": lambda: racecheck.replay(lost_update(), schedule="2>T1"),
    "explore_exhaustive": lambda: racecheck.explore_exhaustive(lost_update()),
    "unsupported": lambda: racecheck.verify(
        scenario("socket", [lambda c: __import__("socket").socket()]), runs=2),
    "check raises KeyboardInterrupt": lambda: racecheck.verify(
        scenario("ctrl-c in check", [lambda c: None],
                 check=lambda c: (_ for _ in ()).throw(KeyboardInterrupt)), runs=2),
}


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(),
                    reason="needs the main thread")
@pytest.mark.parametrize("entry", [*CALLS, "KeyboardInterrupt mid-run", "harness error mid-run"])
def test_nothing_stays_patched(entry):
    before = snapshot()
    try:
        if entry == "KeyboardInterrupt mid-run":
            with pytest.raises(KeyboardInterrupt):
                racecheck.verify(scenario("ctrl-c", [keyboard_interrupt]), runs=3)
        elif entry == "harness error mid-run":
            with pytest.raises(RuntimeError):
                racecheck.verify(scenario("harness error", [harness_error]), runs=3)
        else:
            CALLS[entry]()
    except (AssertionError, racecheck.UnsupportedOperation, KeyboardInterrupt):
        pass
    time.sleep(0.05)  # (real) a thread of the run finishing its unwinding
    assert_nothing_leaked(before)


def test_lock_of_a_module_first_imported_in_a_run_works_for_real_threads():
    sys.modules.pop("tests.racecheck.late_import_helper", None)
    modules = {}

    def setup():
        modules["late"] = importlib.import_module("tests.racecheck.late_import_helper")
        return ex.Counter()

    def use(c):
        modules["late"].bump()

    racecheck.verify(scenario("import in setup", [use, use], setup=setup), runs=10)
    late = modules["late"]
    # What it bound during the run (racecheck's stand-ins) is the real thing again.
    assert late.LockClass is threading.Lock and late.default_timer is time.perf_counter
    late.count = 0
    holder_has_it = threading.Event()
    release = threading.Event()

    def holder():
        with late.LOCK:
            holder_has_it.set()
            release.wait(5)
            late.count += 1000

    def bumper():
        for _ in range(200):
            late.bump()

    h = threading.Thread(target=holder, daemon=True)
    h.start()
    assert holder_has_it.wait(5)
    assert not late.LOCK.acquire(blocking=False)  # really held by another thread
    bumpers = [threading.Thread(target=bumper, daemon=True) for _ in range(3)]
    for t in bumpers:
        t.start()
    time.sleep(0.05)
    assert late.count == 0  # the bumpers wait for real
    release.set()
    join_all([h, *bumpers])
    assert late.count == 1000 + 600
    late.READY.set()
    assert late.READY.wait(0)


def test_a_lazily_named_module_is_not_run_by_the_patching_and_is_unpatched_if_a_run_runs_it(tmp_path, monkeypatch):
    """A module named lazily (tests/support/optional.py, as the torch tests name
    torch) is not run by racecheck's look at the project's modules (reading its
    __file__ would import it mid-patching, inside the run's CPU budget); if the
    scenario itself first uses it, the names it bound are the real ones after
    the run."""
    from tests.support.optional import lazy

    (tmp_path / "lazy_rc_probe.py").write_text(
        "import builtins, time\nfrom threading import Lock as LockClass\n"
        "builtins.lazy_rc_probe_ran = True\ndefault_timer = time.perf_counter\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(builtins, "lazy_rc_probe_ran", False, raising=False)
    try:
        probe = lazy("lazy_rc_probe")
        racecheck.verify(lost_update(), runs=3)
        assert not builtins.lazy_rc_probe_ran  # a verify alone does not run it
        racecheck.verify(scenario("first use in a run", [lambda c: probe.LockClass, lambda c: c.incr()]), runs=3)
        assert builtins.lazy_rc_probe_ran
        assert probe.LockClass is threading.Lock and probe.default_timer is time.perf_counter
    finally:
        sys.modules.pop("lazy_rc_probe", None)


def test_two_verify_calls_at_once_the_second_fails_at_once():
    inside = threading.Event()
    results = {}

    def slow_setup():
        inside.set()
        return ex.Counter()

    long_one = scenario("long-running", [lambda c: c.incr()], setup=slow_setup)

    def first():
        results["first"] = racecheck.verify(long_one, runs=100_000, seconds=0.5)

    t = threading.Thread(target=first, daemon=True)
    t.start()
    assert inside.wait(10)
    start = time.perf_counter()
    with pytest.raises(racecheck.UnsupportedOperation) as info:
        racecheck.verify(lost_update())
    assert time.perf_counter() - start < 1
    assert "'lost update'" in str(info.value)
    assert "already running scenario 'long-running'" in str(info.value)
    # (Its budget is CPU time, which a loaded machine stretches in real time;
    # while it runs, the session is busy for every other test in the process.)
    join_all([t], timeout=60)
    assert results["first"].runs > 10  # the first one was not disturbed
    assert threading.Lock is __import__("_thread").allocate_lock or \
        threading.Lock.__module__ == "_thread"


def test_verify_inside_a_scenario_fails_clearly():
    def nested(c):
        racecheck.verify(lost_update())

    before = snapshot()
    with pytest.raises(racecheck.UnsupportedOperation, match=r"racecheck\.verify \(nested in a scenario\)"):
        racecheck.verify(scenario("outer", [nested]), runs=2)
    assert_nothing_leaked(before)


def test_after_the_watchdog_stops_a_runaway_loop_the_next_verify_runs_its_budget():
    with pytest.raises(racecheck.UnsupportedOperation, match="made no progress"):
        racecheck.verify(scenario("runaway", [lambda c: ph.spin_forever()]), runs=2,
                         watchdog=0.5)
    time.sleep(0.2)  # (real) the stopped thread unwinds
    result = racecheck.verify(scenario("small", [lambda c: c.incr(), lambda c: None]))
    assert result.runs == racecheck.VERIFY_RUNS


def test_a_thread_left_blocked_in_c_does_not_stall_later_runs():
    # The watchdog raises its abort in a thread no switch point reaches; one
    # blocked in C never receives it. Left pending it would fire at a random
    # point when the thread wakes, and on Python 3.11 it livelocked every
    # traced thread in the process: the next run could not start its threads
    # ("T0 did not start within 60 s").
    gate = _thread.allocate_lock()
    gate.acquire()
    frames_before = len(sys._current_frames())
    try:
        with pytest.raises(racecheck.UnsupportedOperation, match="made no progress"):
            racecheck.verify(scenario("blocked in C", [lambda c: ph.wait_in_c(gate)]),
                             runs=1, watchdog=0.3)
        result = racecheck.verify(scenario("small", [lambda c: c.incr(), lambda c: None]))
        assert result.runs == racecheck.VERIFY_RUNS
        failure = racecheck.expect_failure(lost_update())
        assert failure.kind == "invariant"
    finally:
        gate.release()
    # Woken, the abandoned thread ends quietly (its run is over).
    deadline = time.monotonic() + 10
    while len(sys._current_frames()) > frames_before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(sys._current_frames()) <= frames_before


# Forking is the point here (as DataLoader does); 3.12+ warns that a process with threads forks.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_process_forked_after_a_run_exits_cleanly():
    """Thread objects an executor made during a run are still referenced after
    it (here by the test; in the suite, by whatever kept them alive). A child
    forked later runs threading's after-fork and exit steps over them: its exit
    joins the executor's threads, which must count as started (a modelled
    Event's _at_fork_reinit used to clear the flag: the DataLoader workers of a
    later test exited with code 1, "cannot join thread before it is started")."""
    import multiprocessing
    from concurrent.futures import ThreadPoolExecutor

    kept = []

    def body(_state):
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(lambda _: None, range(2)))
            kept.extend(pool._threads)

    racecheck.verify(scenario("executor, then fork", [body], setup=dict), runs=2)
    assert kept
    child = multiprocessing.get_context("fork").Process(target=int)
    child.start()
    child.join(timeout=60)
    assert child.exitcode == 0


def _wait_briefly_after_fork(cond) -> None:
    """In a forked child: what threading.Condition._at_fork_reinit promises, a
    condition as good as new (the thread that held it does not exist here)."""
    cond._at_fork_reinit()
    with cond:
        timed_out = cond.wait(0.01) is False
    sys.exit(0 if timed_out else 2)


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_condition_made_in_a_run_is_new_after_fork_reinit():
    """A Condition created during a run outlives it and, used by ordinary
    threads, becomes a real one (over a real RLock). Its _at_fork_reinit, as
    threading.Condition's, must leave a fresh condition: before the fix it kept
    the real Condition over the old lock, held in the child by a thread that
    is not there, and wait() raised "cannot wait on un-acquired lock"."""
    import multiprocessing

    made = []
    racecheck.verify(scenario("makes a condition", [lambda s: made.append(threading.Condition())],
                              setup=dict), runs=1)
    cond = made[-1]
    with cond:  # used outside a run: it becomes a real Condition over a real RLock
        cond.notify()
    held, done = threading.Event(), threading.Event()

    def holder():
        with cond:
            held.set()
            done.wait(60)

    t = threading.Thread(target=holder)
    t.start()
    try:
        assert held.wait(10)
        child = multiprocessing.get_context("fork").Process(target=_wait_briefly_after_fork, args=(cond,))
        child.start()
        child.join(timeout=60)
    finally:
        done.set()
        t.join(10)
    assert child.exitcode == 0


def test_the_leak_check_does_not_run_a_lazily_imported_module(tmp_path, monkeypatch):
    """tests/support/leaks.py scans every module for stand-ins; a module
    imported lazily (tests/support/optional.py, as the real-stack tests name
    their snippets) must stay unrun: reading it through vars() ran it (torch
    and openai, in whichever xdist worker ran the leak checks)."""
    from tests.support.optional import lazy

    (tmp_path / "lazy_leak_probe.py").write_text("import builtins\nbuiltins.lazy_leak_probe_ran = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(builtins, "lazy_leak_probe_ran", False, raising=False)
    try:
        lazy("lazy_leak_probe")
        assert_nothing_leaked(snapshot())
        assert not builtins.lazy_leak_probe_ran
    finally:
        sys.modules.pop("lazy_leak_probe", None)
