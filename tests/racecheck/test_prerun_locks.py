"""Locks created before the run, outside the targets: a helper module's
`from threading import Lock`, a module-level singleton's RLock, 3.11's
functools.cached_property. racecheck models them during the run; a real lock
it cannot reach is reported at once, with each thread's position and locks."""

import _thread
import ast
import collections
import threading
import time
import types
from concurrent.futures import ThreadPoolExecutor

import pytest

import racecheck
from racecheck import _stuck
from tests.racecheck import prerun_helpers as ph
from tests.racecheck import real_lock_helpers as rl
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


def assert_real_rlock_deadlock(name, under_lock, expr):
    """Two threads take one real RLock (created before the run; it records its
    holder): the holder waits for a modelled Event that only the other thread,
    stuck on the lock, would set. A deadlock report, at once, naming the lock
    by the expression of the code that waits for it."""
    def setup():
        return {"ready": threading.Event()}  # modelled

    def holder(s):
        under_lock(s["ready"].wait)  # never set: the other thread is stuck on the lock

    def other(s):
        under_lock(s["ready"].set)

    start = time.perf_counter()
    failure = racecheck.expect_failure(scenario(name, [holder, other], setup), kind="deadlock")
    assert time.perf_counter() - start < 3
    text = str(failure)
    assert f"waits for: acquire {expr} (a real lock) (held by T0)" in text
    assert "waits for: wait state['ready']" in text


def test_real_rlock_deadlock_is_a_deadlock_report():
    rlock = threading.RLock()  # real, created before the run

    def under_lock(fn):
        with rlock:
            fn()

    assert_real_rlock_deadlock("real RLock against a modelled Event", under_lock, "rlock")


# ------------------------------- real locks in containers (racecheck/_stuck.py)
def container_shapes():
    """A thread body per shape, each holding its real lock across a switch
    point (real_lock_helpers.py: locks out of racecheck's reach)."""
    update_key = rl.key_locked(["r1"])
    by_arithmetic, by_index = rl.striped()
    table = rl.Table(["k"])
    shard = rl.sharded(2)(1)
    return {
        "KEY_LOCKS[rid]": lambda s: update_key("r1", s["loader"].load),
        "STRIPES[i % 4]": lambda s: by_arithmetic(6, s["loader"].load),
        "STRIPES[idx]": lambda s: by_index(5, s["loader"].load),
        "self.locks[key]": lambda s: table.update("k", s["loader"].load),
        "locks[self.shard]": lambda s: shard.update(s["loader"].load),
    }


@pytest.mark.parametrize("expr", list(container_shapes()))
def test_real_lock_in_a_container_is_named_at_once(expr):
    worker = container_shapes()[expr]
    start = time.perf_counter()
    with pytest.raises(racecheck.UnsupportedOperation) as info:
        racecheck.verify(scenario(f"container lock {expr}", [worker, worker], loader_state))
    seconds = time.perf_counter() - start
    text = str(info.value)
    assert f"it waits for {expr}, a real lock created before the run" in text, text
    assert f"waits for: acquire {expr} (a real lock)" in text
    assert "real_lock_helpers.py" in text and "made no progress for 0.2 s" in text
    assert seconds < 3  # not the 5 s watchdog


def test_real_rlock_deadlock_through_a_defaultdict_is_a_deadlock_report():
    update = rl.key_locked(["r1"], factory=_thread.RLock)
    assert_real_rlock_deadlock("real RLock per key", lambda fn: update("r1", fn), "KEY_LOCKS[rid]")


def evaluate(expr, **names):
    """_stuck's value of `expr` with these local names (None if not evaluable)."""
    frame = types.SimpleNamespace(f_locals=names, f_globals={})
    value = _stuck._evaluate(ast.parse(expr, mode="eval").body, frame)
    return None if value is _stuck._MISSING else value


def test_evaluated_subscripts_and_int_arithmetic():
    stripes = [object() for _ in range(4)]
    assert evaluate("STRIPES[i % 4]", STRIPES=stripes, i=6) is stripes[2]
    assert evaluate("STRIPES[(i * 3 + 1) // 2 - n]", STRIPES=stripes, i=2, n=1) is stripes[2]
    assert evaluate("STRIPES[-1]", STRIPES=tuple(stripes)) is stripes[3]
    assert evaluate("STRIPES[-i]", STRIPES=stripes, i=1) is stripes[3]
    shard = types.SimpleNamespace(locks={("a", 1): "x", 2.5: "y", None: "z"}, n=1)
    assert evaluate("s.locks[k, s.n]", s=shard, k="a") == "x"
    assert evaluate("s.locks[(k, 1)]", s=shard, k="a") == "x"
    assert evaluate("s.locks[2.5]", s=shard) == "y" and evaluate("s.locks[None]", s=shard) == "z"
    ordered = collections.OrderedDict(a=1)
    assert evaluate("d['a']", d=ordered) == 1 and evaluate("d[k]", d=collections.Counter(b=2), k="b") == 2
    # Not evaluable: out of range, a str index into a list, division by zero,
    # a slice, a call, an int subclass (its __mod__ is the program's).
    assert evaluate("STRIPES[4]", STRIPES=stripes) is None
    assert evaluate("STRIPES['a']", STRIPES=stripes) is None
    assert evaluate("STRIPES[i // 0]", STRIPES=stripes, i=1) is None
    assert evaluate("STRIPES[0:1]", STRIPES=stripes) is None
    assert evaluate("STRIPES[len(STRIPES) - 1]", STRIPES=stripes) is None

    class Int(int):
        def __mod__(self, other):
            raise AssertionError("called")

    assert evaluate("STRIPES[i % 4]", STRIPES=stripes, i=Int(6)) is None


def test_evaluating_a_missing_key_of_a_defaultdict_creates_no_entry():
    made = []
    key_locks = collections.defaultdict(lambda: made.append(1) or threading.Lock())
    key_locks["present"]  # noqa: B018
    made.clear()
    assert evaluate("KEY_LOCKS[rid]", KEY_LOCKS=key_locks, rid="absent") is None
    assert evaluate("KEY_LOCKS['absent']", KEY_LOCKS=key_locks) is None
    assert list(key_locks) == ["present"] and made == []
    assert evaluate("KEY_LOCKS[rid]", KEY_LOCKS=key_locks, rid="present") is key_locks["present"]

    class Missing(dict):
        def __missing__(self, key):
            raise AssertionError("called")

    assert evaluate("d[k]", d=Missing(), k="absent") is None


def test_evaluation_calls_no_getitem_hash_or_eq_of_the_program():
    calls = []

    class Mapping:
        def __getitem__(self, key):
            calls.append("getitem")

    class LoggingDict(dict):
        def __getitem__(self, key):
            calls.append("dict getitem")

    class Key:
        def __hash__(self):
            calls.append("hash")
            return hash("k")

        def __eq__(self, other):
            calls.append("eq")
            return other is self

    assert evaluate("m['k']", m=Mapping()) is None
    assert evaluate("d['k']", d=LoggingDict(k=1)) is None
    assert evaluate("d[k]", d={"k": 1}, k=Key()) is None
    assert evaluate("d[(k, 1)]", d={"k": 1}, k=Key()) is None
    stored = {Key(): 1, "k": 2}
    calls.clear()
    assert evaluate("d['k']", d=stored) is None  # a lookup could call Key.__eq__
    assert calls == []


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
