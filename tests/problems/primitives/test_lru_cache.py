import pytest

from snippets.problems.primitives import lru_cache, lru_cache_bad
from snippets.problems.primitives.lru_cache import PrefixLRUCache
from tests.problems.primitives.helpers import run_threads


class SequentialLRU:
    """The specification: a plain list, most recently used last. Not thread-safe."""

    def __init__(self, capacity):
        self.capacity = capacity
        self.items = []  # [(key, value)]

    def get(self, key, default=None):
        for i, (k, v) in enumerate(self.items):
            if k == key:
                self.items.append(self.items.pop(i))
                return v
        return default

    def put(self, key, value):
        self.items = [(k, v) for (k, v) in self.items if k != key] + [(key, value)]
        if len(self.items) > self.capacity:
            return self.items.pop(0)
        return None


@pytest.mark.parametrize("capacity, error, message", [
    (0, ValueError, "capacity must be at least 1"),
    (-3, ValueError, "capacity must be at least 1"),
    (2.5, TypeError, "capacity must be an int"),
    (True, TypeError, "capacity must be an int"),
])
def test_capacity_is_validated(capacity, error, message):
    with pytest.raises(error, match=message):
        PrefixLRUCache(capacity)


def test_get_refreshes_and_put_evicts_least_recently_used():
    cache = PrefixLRUCache(2)
    assert cache.put((1,), "a") is None
    assert cache.put((1, 2), "b") is None
    assert cache.get((1,)) == "a"  # (1,) is now the most recent
    assert cache.put((1, 2, 3), "c") == ((1, 2), "b")
    assert cache.get((1, 2)) is None and cache.get((1, 2), "miss") == "miss"
    assert cache.keys() == [(1,), (1, 2, 3)] and len(cache) == 2


def test_matches_the_sequential_model_on_random_sequences():
    import random

    for seed in range(50):
        rng = random.Random(seed)
        capacity = rng.randint(1, 4)
        cache, model = PrefixLRUCache(capacity), SequentialLRU(capacity)
        for _ in range(100):
            key = rng.randrange(6)
            if rng.random() < 0.5:
                assert cache.get(key) == model.get(key), seed
            else:
                assert cache.put(key, seed) == model.put(key, seed), seed
            assert cache.keys() == [k for k, _ in model.items], seed


def test_stress_size_bound_holds():
    cache = PrefixLRUCache(8)

    def worker(t):
        for i in range(2000):
            key = (t * 7 + i) % 20
            if i % 3:
                value = cache.get(key)
                assert value is None or value == key * 10
            else:
                cache.put(key, key * 10)
            assert len(cache) <= 8

    run_threads([lambda t=t: worker(t) for t in range(4)])
    assert len(cache) == 8
