"""Locks a module keeps out of reach of rebinding threading's names
(captured_locks.py) are modelled during a run and are the real ones again
after it; a subclass of threading's classes is refused at once, by name."""

import _thread
import threading
import time

import pytest

import racecheck
from tests.racecheck import captured_locks as cl

REAL_LOCK = type(_thread.allocate_lock())
REAL_RLOCK = type(threading.RLock())


def totals_scenario(name, add, key="k"):
    def setup():
        cl.TOTALS.clear()
        if key == "fresh":
            cl.KEY_LOCKS.pop(key, None)  # made in every run, not only in the first

    return racecheck.Scenario(
        name=name, setup=setup,
        threads=[lambda _: add(key, 1), lambda _: add(key, 2)],
        check=lambda _: cl.TOTALS[key] == 3, targets=[cl])


def counter_scenario(name, make):
    return racecheck.Scenario(name=name, setup=make, threads=[lambda c: c.incr()] * 2,
                              check=lambda c: c.value == 2, targets=[cl])


def test_striped_locks_in_a_module_level_list_are_modelled():
    racecheck.verify(totals_scenario("striped", cl.add_striped))
    assert all(type(lock) is REAL_LOCK for lock in cl.STRIPES)  # the real ones again


def test_a_defaultdict_of_locks_is_modelled_old_keys_and_new():
    warm = cl.KEY_LOCKS["warm"]
    racecheck.verify(totals_scenario("per key, made before the run", cl.add_per_key, "warm"))
    racecheck.verify(totals_scenario("per key, made in the run", cl.add_per_key, "fresh"))
    assert cl.KEY_LOCKS["warm"] is warm and cl.KEY_LOCKS.default_factory is threading.Lock
    cl.KEY_LOCKS.pop("fresh", None)  # (made in a run: acts as a real lock outside one)


def test_the_unlocked_variant_is_caught():
    assert racecheck.expect_failure(totals_scenario("unlocked", cl.add_unlocked)).kind == "invariant"


def test_a_dataclass_default_factory_makes_modelled_locks():
    racecheck.verify(counter_scenario("dataclass field", cl.Counter))
    assert type(cl.Counter().lock) is REAL_LOCK


def test_a_factory_default_argument_makes_modelled_locks():
    racecheck.verify(counter_scenario("default argument", cl.Tally))
    assert type(cl.Tally()._lock) is REAL_LOCK


def test_a_lock_two_attributes_down_a_module_singleton_is_modelled():
    def setup():
        cl.ENGINE.scheduler.waiting = 0

    racecheck.verify(racecheck.Scenario(
        name="engine.scheduler.lock", setup=setup, threads=[lambda _: cl.ENGINE.scheduler.admit()] * 2,
        check=lambda _: cl.ENGINE.scheduler.waiting == 2, targets=[cl]))
    assert type(cl.ENGINE.scheduler.lock) is REAL_RLOCK


@pytest.mark.parametrize("where, expected", [
    ("made in the run", "creating Admission, a subclass of threading.BoundedSemaphore"),
    ("made before the run", "Admission.acquire() on an object created before the run whose class "
                            "subclasses threading.BoundedSemaphore"),
])
def test_a_subclass_of_a_threading_class_is_refused_at_once(where, expected):
    setup = (lambda: cl.Admission(1)) if where == "made in the run" else (lambda: cl.ADMISSION)
    scenario = racecheck.Scenario(name=f"subclass {where}", setup=setup,
                                  threads=[lambda a: a.run()] * 2, targets=[cl])
    start = time.perf_counter()
    with pytest.raises(racecheck.UnsupportedOperation) as info:
        racecheck.verify(scenario)
    assert time.perf_counter() - start < 1
    text = str(info.value)
    assert f"'subclass {where}'" in text and expected in text and "attribute" in text
    assert cl.ADMISSION.acquire(timeout=0) and cl.ADMISSION.release() is None  # real again


def test_threading_s_own_classes_made_before_the_run_are_not_taken_for_subclasses():
    sem = threading.BoundedSemaphore(2)  # out of racecheck's reach; never blocks here

    def worker(_):
        with sem:
            cl.add_unlocked("sem", 1)

    racecheck.verify(racecheck.Scenario(name="real semaphore, room for both", setup=cl.TOTALS.clear,
                                        threads=[worker, worker], targets=[cl]))
