"""TokenBucket under racecheck's controlled scheduler (virtual time)."""

import time

import racecheck

from snippets.problems.serving import rate_limiter, rate_limiter_bad
from tests.problems.serving.helpers import COUNTEREXAMPLES
from tests.support.counterexamples import check_published
from tests.problems.serving.test_rate_limiter import grants_within_rate


def frozen():
    return 0.0  # a clock that never moves: no refill, so grants are countable


def race_for_tokens(mod, capacity=1, threads=2):
    """`threads` threads call try_acquire() on a frozen bucket of `capacity`."""
    def setup():
        return {"bucket": mod.TokenBucket(1, capacity, clock=frozen), "won": []}

    def contender(s):
        s["won"].append(s["bucket"].try_acquire())

    return racecheck.Scenario(
        name=f"{mod.__name__.rsplit('.', 1)[-1]}: {threads} threads race for {capacity} token(s)",
        setup=setup,
        threads=[contender] * threads,
        check=lambda s: sum(s["won"]) == capacity,
        targets=[mod],
    )


def test_never_overgrants():
    racecheck.verify(race_for_tokens(rate_limiter, capacity=1, threads=2))
    racecheck.verify(race_for_tokens(rate_limiter, capacity=2, threads=3))


def test_refill_is_counted_once():
    """One second after the bucket was emptied, two try_acquire race: one
    token was earned, so exactly one wins. The refill must happen under the
    lock, or both threads credit the same elapsed second."""
    def setup():
        now = [0.0]
        bucket = rate_limiter.TokenBucket(1, 1, clock=lambda: now[0])
        assert bucket.try_acquire()  # empty at t=0
        now[0] = 1.0
        return {"bucket": bucket, "won": []}

    def contender(s):
        s["won"].append(s["bucket"].try_acquire())

    racecheck.verify(racecheck.Scenario(
        name="rate_limiter: two try_acquire after one second of refill",
        setup=setup, threads=[contender, contender],
        check=lambda s: sorted(s["won"]) == [False, True], targets=[rate_limiter]))


def test_blocking_acquire_respects_the_rate_in_virtual_time():
    rate, capacity = 10, 2

    def setup():
        return {"bucket": rate_limiter.TokenBucket(rate, capacity), "grants": []}

    def client(s):
        for _ in range(2):
            assert s["bucket"].acquire(1)
            s["grants"].append((time.monotonic(), 1))

    def check(s):
        assert len(s["grants"]) == 6, s["grants"]
        assert grants_within_rate(s["grants"], rate, capacity), s["grants"]
        return True

    racecheck.verify(
        racecheck.Scenario(
            name="rate_limiter: 3 clients x 2 blocking acquires",
            setup=setup,
            threads=[client] * 3,
            check=check,
            targets=[rate_limiter],
            # "lazy": virtual time moves only when every thread is blocked, so
            # the time a client reads right after acquire() is its grant time.
            # With "eager", time may run on while a granted client waits to be
            # scheduled, and grants would look bunched (a real effect on send
            # times, discussed in the page's follow-ups, but not the bucket's).
            timeouts="lazy",
        )
    )


def bucket_model(capacity):
    """Sequential spec of a frozen bucket: try_acquire(n) succeeds iff n <= balance."""
    def step(state, op, args, result):
        n = args[0] if args else 1
        ok = state >= n
        return result == ok, state - n if ok else state

    return racecheck.Model(init=lambda: capacity, step=step, name=f"a frozen bucket of {capacity}")


def test_try_acquire_is_linearizable():
    racecheck.lincheck(
        lambda: rate_limiter.TokenBucket(1, 3, clock=frozen),
        [[("try_acquire", 1), ("try_acquire", 2)], [("try_acquire", 2)], [("try_acquire", 1)]],
        bucket_model(3),
        targets=[rate_limiter],
        name="rate_limiter: try_acquire histories",
        rounds=20,
    )


def test_bad_check_then_take_is_caught():
    scenario = race_for_tokens(rate_limiter_bad, capacity=1, threads=2)
    assert racecheck.expect_failure(scenario, minimize=False).kind == "invariant"
    check_published(scenario, COUNTEREXAMPLES / "rate_limiter_bad.txt", kind="invariant")


def test_same_race_on_real_threads():
    # The outer layer: the same scenario on real threads (Barrier start,
    # tiny switch interval, a deadline per round that dumps every stack).
    racecheck.stress_scenario(race_for_tokens(rate_limiter, capacity=2, threads=3), rounds=50, timeout=5)
