"""Module state one run changes and the next run's setup does not reset is
named: a warning from verify, and the reason in expect_failure's error (the
racy path that first fills a registry ran only in the serial first run)."""

import warnings

import pytest

import racecheck
from tests.racecheck import leftover_state as ls

LEFTOVER = "leftover_state._LOCKS: 0 items -> 1 items"


def scenario(lock_for, reset: bool):
    def setup():
        if reset:
            ls._LOCKS.clear()
        return ls.AdapterCache(lock_for), []

    ls._LOCKS.clear()
    return racecheck.Scenario(
        name=f"registry, {'reset' if reset else 'not reset'} in setup", setup=setup,
        threads=[lambda s: s[1].append(s[0].load("lora"))] * 2,
        check=lambda s: s[0].loads == 1 and s[1][0] is s[1][1], targets=[ls])


def test_verify_warns_about_state_setup_does_not_reset():
    with pytest.warns(racecheck.RacecheckWarning, match="reset that state in setup") as record:
        racecheck.verify(scenario(ls.lock_for, reset=False))
    assert any(LEFTOVER in str(w.message) for w in record)


def test_expect_failure_says_why_it_found_nothing():
    with pytest.raises(AssertionError, match="did not fail") as info:
        racecheck.expect_failure(scenario(ls.lock_for_bad, reset=False))
    assert LEFTOVER in str(info.value) and "ran once, in the serial first run" in str(info.value)


def test_with_the_reset_the_bug_is_caught_and_nothing_is_said():
    assert racecheck.expect_failure(scenario(ls.lock_for_bad, reset=True)).kind == "invariant"
    with warnings.catch_warnings():
        warnings.simplefilter("error", racecheck.RacecheckWarning)
        racecheck.verify(scenario(ls.lock_for, reset=True))
