"""AsyncTokenBucket under asyncio, on a virtual-time loop: exact order and times.

racecheck models threads, not asyncio; these tests pin the ordering instead.
"""

import asyncio

import pytest

from snippets.problems.serving.rate_limiter_async import AsyncTokenBucket
from tests.problems.serving.helpers import run_virtual


async def _grant_log(bucket, requests):
    """Start one task per (name, tokens) in list order; log (name, grant time)."""
    loop = asyncio.get_running_loop()
    log = []

    async def one(name, tokens):
        assert await bucket.acquire(tokens)
        log.append((name, loop.time()))

    await asyncio.gather(*(one(n, k) for n, k in requests))
    return log


def test_grants_in_call_order_at_exact_times():
    async def main():
        bucket = AsyncTokenBucket(rate=10, capacity=5)
        return await _grant_log(bucket, [("a", 2), ("b", 2), ("c", 2), ("d", 2), ("e", 1)])

    log = run_virtual(main())
    assert [name for name, _ in log] == ["a", "b", "c", "d", "e"]
    assert [t for _, t in log] == pytest.approx([0, 0, 0.1, 0.3, 0.4])


def test_big_request_is_not_starved_by_small_ones():
    async def main():
        bucket = AsyncTokenBucket(rate=10, capacity=5)
        assert bucket.try_acquire(5)
        return await _grant_log(bucket, [("big", 5), ("s1", 1), ("s2", 1)])

    log = run_virtual(main())
    assert log == [("big", pytest.approx(0.5)), ("s1", pytest.approx(0.6)), ("s2", pytest.approx(0.7))]


def test_timeout_returns_false_at_once():
    async def main():
        loop = asyncio.get_running_loop()
        bucket = AsyncTokenBucket(rate=10, capacity=5)
        assert bucket.try_acquire(5)
        assert await bucket.acquire(3, timeout=0.2) is False
        assert loop.time() == 0           # did not wait
        assert await bucket.acquire(3, timeout=0.3) is True
        return loop.time()

    assert run_virtual(main()) == pytest.approx(0.3)


def test_cancelled_waiter_gives_its_tokens_back():
    async def main():
        loop = asyncio.get_running_loop()
        bucket = AsyncTokenBucket(rate=10, capacity=5)
        assert bucket.try_acquire(5)
        waiter = asyncio.create_task(bucket.acquire(5))   # would be granted at 0.5
        await asyncio.sleep(0.2)
        waiter.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiter
        # The balance is as if the waiter had never asked: 0.2 s refilled 2 tokens.
        assert bucket.try_acquire(2)
        assert not bucket.try_acquire(1)
        return loop.time()

    assert run_virtual(main()) == pytest.approx(0.2)


def test_validation_matches_the_thread_version():
    with pytest.raises(ValueError, match="rate must be"):
        AsyncTokenBucket(0, 1)
    with pytest.raises(ValueError, match="capacity must be"):
        AsyncTokenBucket(1, -1)

    async def main():
        bucket = AsyncTokenBucket(1, 2)
        with pytest.raises(ValueError, match="tokens must be > 0"):
            await bucket.acquire(0)
        with pytest.raises(ValueError, match="exceeds the bucket capacity"):
            await bucket.acquire(3)
        with pytest.raises(ValueError, match="exceeds the bucket capacity"):
            bucket.try_acquire(3)
        with pytest.raises(ValueError, match="'timeout' must be"):
            await bucket.acquire(1, timeout=-1)

    run_virtual(main())


def test_real_loop_smoke():
    async def main():
        bucket = AsyncTokenBucket(rate=1000, capacity=2)
        return [await bucket.acquire() for _ in range(5)]

    assert asyncio.run(main()) == [True] * 5
