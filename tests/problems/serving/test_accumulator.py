import threading

import pytest

from snippets.problems.serving import accumulator_bad
from snippets.problems.serving.accumulator import (
    GlobalLockAccumulator,
    PerThreadAccumulator,
    StripedAccumulator,
)
from tests.support.threads import join_all

LOCKED = [GlobalLockAccumulator, lambda: StripedAccumulator(4), lambda: StripedAccumulator(1)]


@pytest.mark.parametrize("make", LOCKED + [PerThreadAccumulator])
def test_sums_per_key_single_thread(make):
    acc = make()
    for key, value in [("loss", 1.5), ("tokens", 3), ("loss", 2.5), (7, 1)]:
        acc.add(key, value)
    table = acc.reduce() if isinstance(acc, PerThreadAccumulator) else acc.snapshot()
    assert table == {"loss": 4.0, "tokens": 3, 7: 1}


@pytest.mark.parametrize("make", LOCKED)
def test_get(make):
    acc = make()
    acc.add("a", 2)
    assert acc.get("a") == 2
    assert acc.get("missing") == 0
    assert acc.get("missing", None) is None


@pytest.mark.parametrize("make", LOCKED + [PerThreadAccumulator])
def test_rejects_non_numbers(make):
    with pytest.raises(TypeError, match="value must be a number, got str"):
        make().add("k", "1")


@pytest.mark.parametrize("n", [0, -1, 2.0, True, None])
def test_bad_stripe_count(n):
    with pytest.raises(ValueError, match="n_stripes must be an int >= 1"):
        StripedAccumulator(n)


@pytest.mark.parametrize("make", LOCKED + [PerThreadAccumulator])
def test_real_threads_conserve_every_add(make):
    acc = make()
    keys = [f"shard-{i}" for i in range(8)]
    start = threading.Barrier(4)

    def worker():
        start.wait()
        for i in range(2000):
            acc.add(keys[i % 8], 1)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    join_all(threads)
    table = acc.reduce() if isinstance(acc, PerThreadAccumulator) else acc.snapshot()
    assert table == {k: 1000 for k in keys}


def test_bad_unlocked_version_works_single_threaded():
    # Its failure under concurrency is shown in test_accumulator_racecheck.
    acc = accumulator_bad.UnlockedAccumulator()
    acc.add("k", 1)
    acc.add("k", 2)
    assert acc.get("k") == 3 and acc.snapshot() == {"k": 3}
