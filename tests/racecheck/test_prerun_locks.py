"""Locks created before the run, outside the targets: a helper module's
`from threading import Lock`, a module-level singleton's RLock, 3.11's
functools.cached_property. racecheck models them during the run; a real lock
it cannot reach is reported at once, with each thread's position and locks."""

import threading
import time

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
