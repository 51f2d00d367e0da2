"""Tests of snippets/verification/harness_transfer*.py and the deadlock report on
docs/verification/harness.md."""

import racecheck
from snippets.verification import harness_transfer, harness_transfer_bad, harness_transfer_check
from tests.verification.test_harness_counter import assert_page_output


def test_transfer_moves_money():
    a, b = harness_transfer.Account(100), harness_transfer.Account(0)
    harness_transfer.transfer(a, b, 30)
    assert (a.balance, b.balance) == (70, 30)


def test_bad_transfer_works_alone():
    a, b = harness_transfer_bad.Account(100), harness_transfer_bad.Account(0)
    harness_transfer_bad.transfer(a, b, 30)
    assert (a.balance, b.balance) == (70, 30)


def test_check_transfers_passes_good_and_catches_bad():
    failure = harness_transfer_check.check_transfers()
    assert "waits for: acquire state[1].lock (held by T1)" in failure.details


def test_ordered_locks_pass_exhaustively():
    result = racecheck.explore_exhaustive(
        harness_transfer_check.opposite_transfers(harness_transfer), preemption_bound=1)
    assert result.complete


def test_deadlock_report_on_the_page_is_current():
    scenario = harness_transfer_check.opposite_transfers(harness_transfer_bad)
    racecheck.expect_failure(scenario, kind="deadlock", seed=0, runs=1500)  # the search finds it
    assert_page_output("harness_transfer_bad.txt", scenario, kind="deadlock", seed=0, runs=1500)
