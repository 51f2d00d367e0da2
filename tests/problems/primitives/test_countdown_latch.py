import types

import pytest
import racecheck

from snippets.problems.primitives import countdown_latch
from snippets.problems.primitives import countdown_latch_if_bad as if_bad
from snippets.problems.primitives import countdown_latch_notify_bad as notify_bad
from snippets.problems.primitives.countdown_latch import CountDownLatch
from tests.problems.primitives.helpers import COUNTEREXAMPLES
from tests.support.counterexamples import check_published
from tests.support.threads import within


@pytest.mark.parametrize("count, error, message", [
    (-1, ValueError, "count must be non-negative"),
    (1.0, TypeError, "count must be an int"),
    (None, TypeError, "count must be an int"),
])
def test_count_is_validated(count, error, message):
    with pytest.raises(error, match=message):
        CountDownLatch(count)


def test_negative_timeout_raises():
    with pytest.raises(ValueError, match="'timeout' must be a non-negative number"):
        CountDownLatch(1).await_(timeout=-1)


def test_counts_down_to_zero_and_stays_open():
    latch = CountDownLatch(2)
    assert within(lambda: latch.await_(timeout=0.01)) is False
    latch.count_down()
    assert latch.count == 1 and latch.await_(timeout=0) is False
    latch.count_down()
    latch.count_down()  # at zero: nothing happens
    assert latch.count == 0 and latch.await_() is True and latch.await_(timeout=0) is True


def test_zero_count_is_open_from_the_start():
    assert CountDownLatch(0).await_(timeout=0) is True


def test_stress_waiters_see_all_results():
    """Real threads: three waiters and six workers; every waiter that is
    released sees all six results."""
    workers = 6

    def setup():
        return types.SimpleNamespace(latch=CountDownLatch(workers), results=[], seen=[])

    def worker(i):
        def run(s):
            s.results.append(i)
            s.latch.count_down()
        return run

    def waiter(s):
        assert s.latch.await_(timeout=10)
        s.seen.append(sorted(s.results))

    racecheck.stress(setup, [waiter] * 3 + [worker(i) for i in range(workers)],
                     lambda s: s.seen == [list(range(workers))] * 3,
                     rounds=30, timeout=10, name="CountDownLatch(6)")


# --- controlled interleavings (racecheck) ------------------------------------

TARGETS = [countdown_latch, notify_bad, if_bad]


def two_waiters(latch_class):
    """Latch of 1, two waiters, one counter: both waiters are released."""
    def setup():
        return types.SimpleNamespace(latch=latch_class(1), released=[])

    return racecheck.Scenario(
        name=f"{latch_class.__name__}(1): two waiters, one count_down",
        setup=setup,
        threads=[
            lambda s: s.released.append(s.latch.await_()),
            lambda s: s.released.append(s.latch.await_()),
            lambda s: s.latch.count_down(),
        ],
        check=lambda s: s.released == [True, True],
        targets=TARGETS,
    )


def waiter_sees_all_results(latch_class):
    """Latch of 2: two workers publish a result each; the waiter reads both."""
    def setup():
        return types.SimpleNamespace(latch=latch_class(2), results=[], seen=[])

    def worker(s):
        s.results.append("done")
        s.latch.count_down()

    def waiter(s):
        assert s.latch.await_() is True
        s.seen.append(len(s.results))

    return racecheck.Scenario(
        name=f"{latch_class.__name__}(2): waiter reads the workers' results",
        setup=setup,
        threads=[waiter, worker, worker],
        check=lambda s: s.seen == [2] and s.latch.count == 0,
        targets=TARGETS,
    )


def timed_waiter():
    """await_(timeout) returns False only if the count is still above zero."""
    def setup():
        return types.SimpleNamespace(latch=CountDownLatch(1), answers=[])

    def waiter(s):
        opened = s.latch.await_(timeout=1)
        s.answers.append((opened, s.latch.count))

    return racecheck.Scenario(
        name="CountDownLatch(1): timed wait",
        setup=setup,
        threads=[waiter, lambda s: s.latch.count_down()],
        check=lambda s: s.answers in ([(True, 0)], [(False, 1)], [(False, 0)]),
        targets=TARGETS,
    )


def test_racecheck_every_waiter_is_released():
    racecheck.verify(two_waiters(CountDownLatch))


def test_racecheck_waiter_sees_all_results():
    racecheck.verify(waiter_sees_all_results(CountDownLatch))


def test_racecheck_timed_wait():
    racecheck.verify(timed_waiter())


def test_racecheck_timed_wait_gives_up_when_nobody_counts_down():
    """Two timed waiters and no count_down: both must return False, never
    wait forever (racecheck's clock is virtual: the timeout costs nothing)."""
    def waiter(s):
        s.answers.append(s.latch.await_(timeout=1))

    racecheck.verify(racecheck.Scenario(
        name="CountDownLatch(1): timed waits with nobody counting down",
        setup=lambda: types.SimpleNamespace(latch=CountDownLatch(1), answers=[]),
        threads=[waiter, waiter],
        check=lambda s: s.answers == [False, False],
        targets=TARGETS,
    ))


def test_racecheck_notify_instead_of_notify_all_is_caught():
    check_published(
        two_waiters(notify_bad.NotifyOneLatch),
        COUNTEREXAMPLES / "countdown_latch_notify_bad.txt", kind="deadlock", strategy="exhaustive")


def test_racecheck_if_instead_of_while_is_caught():
    check_published(
        waiter_sees_all_results(if_bad.IfWaitLatch),
        COUNTEREXAMPLES / "countdown_latch_if_bad.txt", kind="invariant", strategy="exhaustive")


def test_stress_the_racecheck_scenarios_on_real_threads():
    for scenario in (two_waiters(CountDownLatch), waiter_sees_all_results(CountDownLatch)):
        racecheck.stress_scenario(scenario, rounds=50, timeout=10)
