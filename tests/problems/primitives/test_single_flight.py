import threading
import time

import pytest

from snippets.problems.primitives import single_flight, single_flight_bad
from snippets.problems.primitives.single_flight import SingleFlight
from tests.problems.primitives.helpers import run_threads


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
    assert run_threads([follower, follower, follower, release_when_all_joined])[:3] == [
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
    waiter_errors = run_threads([lambda: call(lambda: None), lambda: call(lambda: None),
                                 release_when_joined])[:2]
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
