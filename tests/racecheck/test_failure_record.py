"""A failure is a frozen record of typed events, and its report is built from it."""

import dataclasses

import pytest

import racecheck
from racecheck import _failure
from tests.racecheck import examples as ex
from tests.racecheck.test_classic_bugs import counter_scenario, transfer_scenario


def test_record_is_frozen_and_typed():
    failure = racecheck.expect_failure(transfer_scenario(ex.transfer_bad), kind="deadlock")
    rec = failure.record
    assert isinstance(rec, _failure.FailureRecord) and rec.kind == "deadlock"
    with pytest.raises(dataclasses.FrozenInstanceError):
        rec.kind = "invariant"
    assert isinstance(rec.events, tuple)
    kinds = {type(ev) for ev in rec.events}
    assert {_failure.Step, _failure.Sync, _failure.Acquire, _failure.Block,
            _failure.Preempt} <= kinds
    for ev in rec.events:
        with pytest.raises(dataclasses.FrozenInstanceError):
            ev.thread = 99
    # Positions when the run ended: both threads blocked, each holding one lock.
    assert [(p.state, p.holds, p.holder) for p in rec.positions] == [
        ("blocked", ("state[0].lock",), "T1"), ("blocked", ("state[1].lock",), "T0")]
    # The failing step is the block that left no thread able to run.
    last_block = [ev for ev in rec.events if isinstance(ev, _failure.Block)][-1]
    assert rec.failing_thread == last_block.thread
    assert rec.schedule == failure.schedule and rec.preemptions == failure.preemptions


def test_aborted_threads_do_not_change_the_record():
    """Threads unwound after the run ended (their with-blocks release locks,
    they end) leave no trace in the record: nothing after the final block."""
    failure = racecheck.expect_failure(transfer_scenario(ex.transfer_bad), kind="deadlock")
    events = failure.record.events
    last = max(i for i, ev in enumerate(events) if isinstance(ev, _failure.Block))
    assert events[last + 1:] == ()
    assert not any(isinstance(ev, (_failure.Release, _failure.End)) for ev in events)
    assert "stopped unfinished" not in str(failure)


def test_livelock_marks_the_spinning_thread():
    scenario = racecheck.Scenario(
        name="spin", setup=lambda: {"flag": False},
        threads=[ex.spin_until, lambda s: s.update(flag=True)],
        targets=[ex], max_steps=200)
    failure = racecheck.expect_failure(scenario, kind="livelock", strategy="pct")
    rows = failure.schedule_text.splitlines()
    assert rows[-1].startswith("!!") and " T0 " in rows[-1]
    # A spinning loop is folded, not printed 200 times.
    assert any("again," in r and "more times" in r for r in rows)
    assert len(rows) < 20


def test_report_of_an_invariant_marks_the_final_check():
    failure = racecheck.expect_failure(counter_scenario(ex.Counter))
    assert failure.record.failing_thread is None  # an invariant: the final check failed
    assert failure.schedule_text.splitlines()[-1].startswith("!!")


def test_same_bytecode_in_two_files_keeps_each_file_name():
    """Code objects compare equal across files (co_filename is not part of
    ==); a report must still name the file the step ran in."""
    src = "def f(x):\n    return x + 1\n"
    a = compile(src, "/tmp/first_copy.py", "exec").co_consts[0]
    b = compile(src, "/tmp/second_copy.py", "exec").co_consts[0]
    assert a == b
    assert _failure._step_info(a, 0, None)[0] == "first_copy.py"
    assert _failure._step_info(b, 0, None)[0] == "second_copy.py"


def test_folded_rows_with_a_lock_held():
    """A spinning loop that holds a lock: the fold row fits the locks column."""
    import threading

    def spin(s):
        with s["lock"]:
            while not s["flag"]:
                pass

    scenario = racecheck.Scenario(
        name="spin holding a lock", setup=lambda: {"flag": False, "lock": threading.Lock()},
        threads=[spin, lambda s: s.update(flag=True)], targets=[spin], max_steps=200)
    failure = racecheck.expect_failure(scenario, kind="livelock", strategy="pct")
    assert "locks held" in failure.schedule_text.splitlines()[0]
    assert any("more times" in r for r in failure.schedule_text.splitlines())
