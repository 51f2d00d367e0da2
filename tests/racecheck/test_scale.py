"""Bigger scenarios: 4 threads x 200 operations verify at the default budget.

The step limit adapts to the scenario (4 x the serial calibration run), so a
long correct run is not a false livelock, while a short scenario that spins
is still stopped after 20,000 switch points. bench/verification_throughput.py
measures schedules per second for the same scenarios.
"""

import racecheck
from tests.racecheck import examples as ex
from tests.racecheck.scale import producers_consumers


def test_four_threads_by_two_hundred_operations_verify_at_the_default_budget():
    result = racecheck.verify(producers_consumers(200))
    assert result.runs >= 2  # the calibration run and at least one explored schedule


def test_small_scenario_of_the_benchmark_verifies():
    result = racecheck.verify(producers_consumers(2, threads=2))
    assert result.runs == racecheck.VERIFY_RUNS


def test_a_short_spinning_scenario_is_still_a_livelock_within_the_default_limit():
    flag = {"flag": False}
    failure = racecheck.expect_failure(racecheck.Scenario(
        name="spin on a flag nobody sets", setup=dict,
        threads=[lambda s: ex.spin_until(flag)], targets=[ex]), kind="livelock", runs=3)
    assert "step limit reached: 100000 switch points" in str(failure)


def test_an_explicit_step_limit_is_kept():
    failure = racecheck.expect_failure(
        racecheck.Scenario(name="explicit limit", setup=dict,
                           threads=[lambda s: ex.spin_until({"flag": False})],
                           targets=[ex], max_steps=500), kind="livelock", runs=2)
    assert "step limit reached: 500 switch points" in str(failure)
