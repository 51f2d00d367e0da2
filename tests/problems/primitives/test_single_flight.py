import sys
import threading
import time
import types

import pytest
import racecheck

from snippets.problems.primitives import single_flight, single_flight_bad
from snippets.problems.primitives.single_flight import SingleFlight
from tests.problems.primitives.helpers import COUNTEREXAMPLES
from tests.support.counterexamples import check_published
from tests.support.threads import run_threads


def wait_until(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.001)


def test_sequential_calls_recompute():
    flights, calls = SingleFlight(), []
    for _ in range(3):
        assert flights.do("k", lambda: calls.append(1) or len(calls)) == len(calls)
    assert len(calls) == 3  # no caching: each finished flight is forgotten


def test_negative_timeout_raises():
    with pytest.raises(ValueError, match="'timeout' must be a non-negative number"):
        SingleFlight().do("k", lambda: 1, timeout=-1)


def test_concurrent_callers_share_one_call_and_its_result():
    flights, release, calls = SingleFlight(), threading.Event(), []

    def expensive():
        calls.append(1)
        assert release.wait(5)
        return "weights"

    def follower():
        return flights.do("k", lambda: calls.append("follower ran") or "wrong")

    def leader():
        return flights.do("k", expensive)

    def release_when_all_joined():
        wait_until(lambda: "k" in flights._flights and flights._flights["k"].waiters == 3)
        release.set()

    leader_thread = threading.Thread(target=lambda: results.append(leader()))
    results = []
    leader_thread.start()
    wait_until(lambda: calls == [1])  # the leader is inside expensive()
    assert run_threads(follower, follower, follower, release_when_all_joined)[:3] == [
        "weights"] * 3
    leader_thread.join(5)
    assert not leader_thread.is_alive() and results == ["weights"] and calls == [1]


def test_an_error_reaches_the_leader_and_every_waiter():
    flights, release = SingleFlight(), threading.Event()
    boom = OSError("checkpoint not found")

    def failing():
        assert release.wait(5)
        raise boom

    def call(fn):
        try:
            flights.do("k", fn)
        except OSError as exc:
            return exc
        return None

    def release_when_joined():
        wait_until(lambda: "k" in flights._flights and flights._flights["k"].waiters == 2)
        release.set()

    leader = threading.Thread(target=lambda: errors.append(call(failing)))
    errors = []
    leader.start()
    wait_until(lambda: "k" in flights._flights)
    waiter_errors = run_threads(lambda: call(lambda: None), lambda: call(lambda: None),
                                release_when_joined)[:2]
    leader.join(5)
    assert not leader.is_alive()
    assert errors == [boom] and waiter_errors == [boom, boom]  # the same object
    assert flights.do("k", lambda: "recovered") == "recovered"  # the error is not cached


def test_a_waiter_times_out_without_cancelling_the_call():
    flights, release = SingleFlight(), threading.Event()
    leader = threading.Thread(target=lambda: flights.do("k", lambda: release.wait(5)))
    leader.start()
    wait_until(lambda: "k" in flights._flights)
    with pytest.raises(TimeoutError):
        flights.do("k", lambda: None, timeout=0.01)
    release.set()
    leader.join(5)
    assert not leader.is_alive()


# --- controlled interleavings (racecheck) ------------------------------------

THIS_MODULE = sys.modules[__name__]


def compute(s):
    """The shared computation: counts how many run, and how many at once."""
    s.running += 1
    s.max_running = max(s.max_running, s.running)
    s.started += 1
    value = s.started
    s.running -= 1
    return value


def concurrent_callers(flight_class, callers):
    def setup():
        return types.SimpleNamespace(
            flights=flight_class(), running=0, max_running=0, started=0, results=[])

    def caller(s):
        s.results.append(s.flights.do("k", lambda: compute(s)))

    def check(s):
        # Never two computations of one key at once, and every caller got the
        # value of some computation that ran.
        return s.max_running == 1 and all(1 <= v <= s.started for v in s.results) \
            and len(s.results) == callers

    return racecheck.Scenario(
        name=f"{flight_class.__name__}: {callers} concurrent callers",
        setup=setup,
        threads=[caller] * callers,
        check=check,
        # This module too: compute() needs switch points to show an overlap.
        targets=[single_flight, single_flight_bad, THIS_MODULE],
        guards=GUARDS if flight_class is SingleFlight else None,
    )


def GUARDS(s):
    """The table of flights in progress is guarded by the lock (also its single delete)."""
    return [racecheck.guarded(s.flights, "_lock", "_flights")]


def failing_callers(callers):
    """Every caller gets an exception raised by some computation; callers
    that shared one computation get the very same exception object."""
    def setup():
        return types.SimpleNamespace(flights=SingleFlight(), raised=[], caught=[])

    def failing(s):
        exc = RuntimeError(f"load failed #{len(s.raised)}")
        s.raised.append(exc)
        raise exc

    def caller(s):
        try:
            s.flights.do("k", lambda: failing(s))
        except RuntimeError as exc:
            s.caught.append(exc)

    def check(s):
        return (len(s.caught) == callers
                and all(any(c is r for r in s.raised) for c in s.caught)
                and len(s.raised) <= callers)

    return racecheck.Scenario(
        name=f"SingleFlight: {callers} callers of a failing computation",
        setup=setup, threads=[caller] * callers, check=check,
        targets=[single_flight, THIS_MODULE], guards=GUARDS,
    )


@pytest.mark.parametrize("callers", [2, 3])
def test_racecheck_one_computation_at_a_time(callers):
    racecheck.verify(concurrent_callers(SingleFlight, callers))


def test_racecheck_errors_reach_every_caller():
    racecheck.verify(failing_callers(3))


def test_racecheck_check_then_act_is_caught():
    check_published(
        concurrent_callers(single_flight_bad.CheckThenActSingleFlight, 2),
        COUNTEREXAMPLES / "single_flight_bad.txt", kind="invariant", strategy="mixed")


def test_stress_the_racecheck_scenarios_on_real_threads():
    for scenario in (concurrent_callers(SingleFlight, 4), failing_callers(4)):
        racecheck.stress_scenario(scenario, rounds=100, timeout=10)
