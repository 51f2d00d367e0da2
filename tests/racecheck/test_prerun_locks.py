"""Locks created before the run, outside the targets: a helper module's
`from threading import Lock`, a module-level singleton's RLock, 3.11's
functools.cached_property. racecheck models them during the run; a real lock
it cannot reach is reported at once, with each thread's position and locks."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import racecheck
from tests.racecheck import prerun_helpers as ph
from tests.racecheck import thread_examples as tx


def scenario(name, threads, setup, check=None, targets=(tx,)):
    return racecheck.Scenario(name=name, setup=setup, threads=threads, check=check,
                              targets=list(targets))


def loader_state():
    ph.reset()
    ph.CACHE.items.clear()
    return {"loader": tx.Loader(), "got": []}


def registry_scenario(register):
    def worker(s):
        s["got"].append(register("model", s["loader"].load))

    return scenario(f"helper lock: {register.__name__}", [worker, worker], loader_state,
                    check=lambda s: s["loader"].calls == 1 and s["got"][0] == s["got"][1])


def test_helper_module_lock_is_modelled():
    assert type(ph._registry_lock).__module__ == "_thread"  # real, created at import
    start = time.perf_counter()
    result = racecheck.verify(registry_scenario(ph.register_once))
    assert result.runs > 10 and time.perf_counter() - start < 10
    assert type(ph._registry_lock).__module__ == "_thread"  # restored after the run


def test_helper_module_race_is_caught():
    failure = racecheck.expect_failure(registry_scenario(ph.register_once_bad))
    assert failure.kind == "invariant"


def test_singleton_rlock_created_at_import_is_modelled():
    def worker(s):
        s["got"].append(ph.CACHE.get_or_create("m", s["loader"].load))

    racecheck.verify(scenario("singleton RLock", [worker, worker], loader_state,
                              check=lambda s: s["loader"].calls == 1))


def test_cached_property_computes_once_per_instance():
    def setup():
        s = loader_state()
        s["model"] = ph.Model(s["loader"].load)
        return s

    def worker(s):
        s["got"].append(s["model"].weights)

    start = time.perf_counter()
    racecheck.verify(scenario("cached_property", [worker, worker], setup,
                              check=lambda s: s["got"][0] == s["got"][1] or
                              __import__("sys").version_info >= (3, 12)))
    assert time.perf_counter() - start < 10


def test_unreachable_real_lock_is_reported_at_once_with_positions():
    lock = threading.Lock()  # created outside any run, reachable only by closure

    def worker(s):
        with lock:
            s["loader"].load()  # target code: a switch point while holding it

    start = time.perf_counter()
    with pytest.raises(racecheck.UnsupportedOperation) as info:
        racecheck.verify(scenario("closure lock", [worker, worker], loader_state))
    text = str(info.value)
    assert time.perf_counter() - start < 3
    assert "'closure lock'" in text and "a real lock created before the run" in text
    assert "test_prerun_locks.py" in text and "with lock:" in text
    assert "Threads when the run stopped:" in text and "waits for: acquire lock (a real lock)" in text


def test_real_rlock_deadlock_is_a_deadlock_report():
    rlock = threading.RLock()  # real, created before the run

    def setup():
        return {"ready": threading.Event()}  # modelled

    def holder(s):
        with rlock:
            s["ready"].wait()  # never set: the other thread is stuck on rlock

    def other(s):
        with rlock:
            s["ready"].set()

    start = time.perf_counter()
    failure = racecheck.expect_failure(
        scenario("real RLock against a modelled Event", [holder, other], setup), kind="deadlock")
    assert time.perf_counter() - start < 3
    text = str(failure)
    assert "waits for: acquire rlock (a real lock) (held by T0)" in text
    assert "waits for: wait state['ready']" in text


# ------------------------------------------------ executors created before the run
def tally_scenario(name, run, add):
    """One scenario thread hands two additions to a pool created at import."""
    def setup():
        return tx.Tally()

    return scenario(name, [lambda t: run(getattr(t, add))], setup, check=lambda t: t.total == 3)


def module_pool(add):
    return ph.fan_out(add, [1, 2])


def test_module_level_executor_runs_its_work_as_scheduled_threads():
    ph.POOL.submit(int).result(timeout=5)  # a real worker thread exists before the run
    real_threads = set(ph.POOL._threads)
    racecheck.verify(tally_scenario("module pool, locked add", module_pool, "add"))
    failure = racecheck.expect_failure(tally_scenario("module pool, lost update", module_pool, "add_bad"))
    assert failure.kind == "invariant"
    text = str(failure)
    assert "helpers-pool_0" in text and "put prerun_helpers.POOL._work_queue" in text
    # Afterwards the pool is the real one again: its own threads, open for work.
    assert ph.POOL._threads == real_threads and not ph.POOL._shutdown
    assert ph.POOL.submit(lambda: 42).result(timeout=5) == 42


def test_class_and_instance_level_executors_of_a_module_object():
    def both(add):
        ph.SERVICE.run_both(add, 1, 2)

    racecheck.verify(tally_scenario("service pools, locked add", both, "add"))
    assert racecheck.expect_failure(tally_scenario("service pools, lost update", both,
                                                   "add_bad")).kind == "invariant"
    assert ph.Service.shared.submit(lambda: 1).result(timeout=5) == 1


def test_shutdown_of_a_module_level_executor_lasts_one_run():
    def close_then_submit(t):
        ph.POOL.submit(t.add, 1).result()
        ph.POOL.shutdown(wait=True)
        try:
            ph.POOL.submit(t.add, 2)
        except RuntimeError:  # "cannot schedule new futures after shutdown"
            t.add(2)

    result = racecheck.verify(scenario("shutdown in every run", [close_then_submit], tx.Tally,
                                       check=lambda t: t.total == 3))
    assert result.runs > 1  # each run starts with an open pool
    assert not ph.POOL._shutdown and ph.POOL.submit(lambda: 7).result(timeout=5) == 7


def test_executor_out_of_reach_fails_at_once_saying_what_to_do():
    hidden = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hidden")  # only a closure sees it

    def worker(t):
        hidden.submit(t.add, 1).result()

    try:
        start = time.perf_counter()
        with pytest.raises(racecheck.UnsupportedOperation) as info:
            racecheck.verify(scenario("closure pool", [worker], tx.Tally))
        assert time.perf_counter() - start < 1
        text = str(info.value)
        assert "scenario 'closure pool'" in text and "ThreadPoolExecutor.submit()" in text
        assert "out of racecheck's reach ('hidden')" in text
        assert "Create the executor inside the run" in text and "module-level name" in text
        assert "test_prerun_locks.py" in text
        assert hidden.submit(lambda: 5).result(timeout=5) == 5  # still a working real pool
    finally:
        hidden.shutdown()


# ------------------------------------- other primitives created before the run
def test_condition_over_a_prerun_lock_shares_it():
    """`with lock:` and `with cond:` (a Condition over that lock) exclude each
    other: each run models the lock once, and the Condition over that model."""
    def by_lock(s):
        with ph.GUARDED.lock:
            v = ph.GUARDED.value
            s.load()  # target code: a switch point inside the critical section
            ph.GUARDED.value = v + 1

    def by_condition(s):
        with ph.GUARDED.changed:
            v = ph.GUARDED.value
            s.load()
            ph.GUARDED.value = v + 1
            ph.GUARDED.changed.notify_all()

    def setup():
        ph.GUARDED.value = 0
        return tx.Loader()

    racecheck.verify(scenario("lock and its condition", [by_lock, by_condition], setup,
                              check=lambda s: ph.GUARDED.value == 2))


def test_prerun_event_keeps_its_flag_and_prerun_queue_is_modelled():
    def consumer(s):
        ph.READY.wait()  # set at import: never blocks
        s["got"] = ph.JOBS.get()

    def producer(s):
        s["loader"].load()
        ph.JOBS.put("job")

    racecheck.verify(scenario("prerun event and queue", [consumer, producer], loader_state,
                              check=lambda s: s["got"] == "job" and ph.JOBS.empty()))
    assert ph.READY.is_set() and type(ph.JOBS.mutex).__module__ == "_thread"


def test_a_module_name_imported_again_from_the_project_is_looked_at_again(tmp_path, monkeypatch):
    """racecheck remembers, per module object, whether a module is the
    project's (where its pre-run locks are modelled) or a library's. A name
    first imported from an installed package and later from the project is a
    new module: its pre-run lock is modelled in the next run."""
    import importlib
    import sys

    installed, project = tmp_path / "site-packages", tmp_path / "project"
    for folder in (installed, project):
        folder.mkdir()
        (folder / "reused_probe.py").write_text("from threading import Lock\nLOCK = Lock()\n")
    monkeypatch.syspath_prepend(str(installed))
    try:
        library = importlib.import_module("reused_probe")
        racecheck.verify(scenario("a library is loaded", [lambda s: None], dict), runs=2)
        assert type(library.LOCK).__module__ == "_thread"
        del sys.modules["reused_probe"]
        sys.path.remove(str(installed))
        monkeypatch.syspath_prepend(str(project))
        probe = importlib.import_module("reused_probe")
        assert probe is not library and probe.__file__.startswith(str(project))

        def add(s):
            with probe.LOCK:
                n = s["n"]
                s["n"] = n + 1

        result = racecheck.verify(scenario("the project's module lock", [add, add], lambda: {"n": 0},
                                           check=lambda s: s["n"] == 2, targets=[sys.modules[__name__]]))
        assert result.runs > 10
    finally:
        sys.modules.pop("reused_probe", None)
