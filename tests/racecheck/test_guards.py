"""Scenario.guards: accesses to a guarded attribute without its lock fail the run."""

import pytest
import racecheck

from tests.racecheck import guard_examples as gx


def box_scenario(cls, **kw):
    return racecheck.Scenario(
        name=f"{cls.__name__}: put and size",
        setup=cls,
        threads=[lambda b: b.put(1), lambda b: b.size()],
        check=lambda b: b.size() == 1,
        targets=[gx],
        guards=lambda b: [racecheck.guarded(b, "_lock", "_items")],
        **kw,
    )


def test_a_class_that_keeps_its_discipline_passes():
    racecheck.verify(box_scenario(gx.Box))


def test_a_lock_free_single_c_call_is_caught_by_the_guard_alone():
    plain = box_scenario(gx.UnlockedSizeBox)
    plain.guards = None
    racecheck.verify(plain)  # no interleaving shows it: len() is one step
    failure = racecheck.expect_failure(box_scenario(gx.UnlockedSizeBox))
    assert failure.kind == "invariant"
    assert "unguarded access: T1 reads UnlockedSizeBox._items at guard_examples.py:25 without " \
           "holding _lock" in str(failure)
    # the same text on replay
    again = racecheck.replay(box_scenario(gx.UnlockedSizeBox), schedule=failure.schedule)
    assert again is not None and "guard_examples.py:25" in str(again)


def test_setup_and_check_are_exempt_and_the_class_is_restored_after_the_run():
    made = []

    def setup():
        box = gx.Box()
        box._items.append(0)  # setup runs alone: no lock needed
        made.append(box)
        return box

    def check(b):
        b._items.clear()  # so does the check
        return type(b).__name__ == "Box" and isinstance(b, gx.Box)

    scenario = box_scenario(gx.Box)
    scenario.setup, scenario.check = setup, check
    racecheck.verify(scenario, runs=3)
    assert made and all(type(b) is gx.Box for b in made)


def test_slots_rlock_and_writes():
    scenario = racecheck.Scenario(
        name="SlottedBox: put under an RLock, a write without it",
        setup=gx.SlottedBox,
        threads=[lambda b: b.put(1), lambda b: b.clear_unlocked()],
        targets=[gx],
        guards=lambda b: [racecheck.guarded(b, "_lock", "_items")],
    )
    failure = racecheck.expect_failure(scenario)
    assert "T1 writes SlottedBox._items" in str(failure)
    scenario.threads = [lambda b: b.put(1), lambda b: b.put(2)]
    racecheck.verify(scenario)


def test_a_condition_guards_through_its_lock_also_across_wait():
    scenario = racecheck.Scenario(
        name="CondBox: get waits, put notifies",
        setup=gx.CondBox,
        threads=[lambda b: b.get(), lambda b: b.put(1)],
        targets=[gx],
        guards=lambda b: [racecheck.guarded(b, "_cond", "_items")],
    )
    racecheck.verify(scenario)
    scenario.threads = [lambda b: b.put(1), lambda b: b.peek_unlocked()]
    assert "T1 reads CondBox._items" in str(racecheck.expect_failure(scenario))


def test_bad_declarations_are_clear_errors():
    with pytest.raises(ValueError, match="at least one"):
        racecheck.guarded(object(), "_lock")
    with pytest.raises(ValueError, match="cannot guard itself"):
        racecheck.guarded(object(), "_lock", "_lock")
    with pytest.raises(TypeError, match="guards must be a function"):
        racecheck.Scenario(name="x", setup=gx.Box, threads=[len], targets=[gx], guards=[1])
    scenario = box_scenario(gx.Box)
    scenario.guards = lambda b: [racecheck.guarded(b._items, "_lock", "x")]
    with pytest.raises(TypeError, match="cannot guard attributes of a deque"):
        racecheck.verify(scenario)
