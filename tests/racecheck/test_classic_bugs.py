"""The harness catches the classic bugs and passes their fixes."""

import pytest

import racecheck
from tests.racecheck import examples as ex


def counter_scenario(cls):
    return racecheck.Scenario(
        name=f"{cls.__name__}: two increments",
        setup=cls,
        threads=[lambda c: c.incr(), lambda c: c.incr()],
        check=lambda c: c.n == 2,
        targets=[ex],
    )


def test_lost_update_is_caught():
    failure = racecheck.expect_failure(counter_scenario(ex.Counter))
    assert failure.kind == "invariant"
    assert isinstance(failure, AssertionError)
    assert failure.preemptions == 1
    assert "self.n += 1" in failure.schedule_text


def test_locked_counter_passes():
    result = racecheck.verify(counter_scenario(ex.LockedCounter))
    assert result.runs >= 2


def transfer_scenario(fn):
    return racecheck.Scenario(
        name=f"{fn.__name__}: opposite transfers",
        setup=lambda: (ex.Account(100), ex.Account(100)),
        threads=[lambda s: fn(s[0], s[1], 10), lambda s: fn(s[1], s[0], 20)],
        check=lambda s: s[0].balance + s[1].balance == 200,
        targets=[ex],
    )


def test_lock_order_deadlock_is_caught_and_explained():
    failure = racecheck.expect_failure(transfer_scenario(ex.transfer_bad), kind="deadlock")
    text = str(failure)
    assert "deadlock" in text
    # Each blocked thread: its position, what it holds, what it waits for and who holds that.
    assert "holds: state[0].lock; waits for: acquire state[1].lock (held by T1)" in text
    assert "holds: state[1].lock; waits for: acquire state[0].lock (held by T0)" in text
    assert "examples.py:" in failure.details


def test_ordered_locks_pass():
    racecheck.verify(transfer_scenario(ex.transfer))


def mailbox_scenario(cls):
    return racecheck.Scenario(
        name=f"{cls.__name__}: two consumers, two producers",
        setup=cls,
        threads=[lambda m: m.get(), lambda m: m.get(), lambda m: m.put(1), lambda m: m.put(2)],
        targets=[ex],
    )


def test_if_instead_of_while_is_caught():
    failure = racecheck.expect_failure(mailbox_scenario(ex.MailboxBad), kind="exception")
    assert "IndexError" in str(failure)
    assert "return self.items.popleft()" in failure.details


def test_while_loop_wait_passes():
    racecheck.verify(mailbox_scenario(ex.Mailbox))


def config_scenario(fn):
    return racecheck.Scenario(
        name=f"{fn.__name__}: two first calls",
        setup=ex.reset_config,
        threads=[lambda _: fn(), lambda _: fn()],
        check=lambda _: ex.Config.created == 1,
        targets=[ex],
    )


def test_unguarded_lazy_init_is_caught():
    racecheck.expect_failure(config_scenario(ex.get_config_bad), kind="invariant")


def test_module_level_lock_is_modelled_and_double_checked_init_passes():
    # ex._instance_lock is a real lock created at import; the run swaps in a modelled one.
    racecheck.verify(config_scenario(ex.get_config))
    assert type(ex._instance_lock) is type(__import__("_thread").allocate_lock())


def test_line_granularity_cannot_split_a_line_but_bytecode_can():
    scenario = counter_scenario(ex.Counter)
    scenario.granularity = "line"
    # `self.n += 1` is one line: line-level switch points never split it ...
    racecheck.verify(scenario)
    # ... bytecode-level ones do (the default).
    scenario.granularity = "bytecode"
    racecheck.expect_failure(scenario)
