import pytest

from snippets.problems.primitives import countdown_latch
from snippets.problems.primitives import countdown_latch_if_bad as if_bad
from snippets.problems.primitives import countdown_latch_notify_bad as notify_bad
from snippets.problems.primitives.countdown_latch import CountDownLatch
from tests.problems.primitives.helpers import run_threads


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
    assert latch.await_(timeout=0.01) is False
    latch.count_down()
    assert latch.count == 1 and latch.await_(timeout=0) is False
    latch.count_down()
    latch.count_down()  # at zero: nothing happens
    assert latch.count == 0 and latch.await_() is True and latch.await_(timeout=0) is True


def test_zero_count_is_open_from_the_start():
    assert CountDownLatch(0).await_(timeout=0) is True


def test_stress_waiters_see_all_results():
    workers = 6
    latch, results = CountDownLatch(workers), []

    def worker(i):
        results.append(i)
        latch.count_down()

    def waiter():
        assert latch.await_(timeout=10)
        return sorted(results)

    out = run_threads([waiter, waiter, waiter] + [lambda i=i: worker(i) for i in range(workers)])
    assert out[:3] == [list(range(workers))] * 3
