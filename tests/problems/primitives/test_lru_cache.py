

import pytest
import racecheck

from snippets.problems.primitives import lru_cache, lru_cache_bad
from snippets.problems.primitives.lru_cache import PrefixLRUCache
from tests.problems.primitives.helpers import COUNTEREXAMPLES
from tests.support.counterexamples import check_published


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
    """Real threads: 4 threads, 1000 operations each; values always match
    keys and the size bound holds throughout."""
    def worker(t):
        def run(cache):
            for i in range(1000):
                key = (t * 7 + i) % 20
                if i % 3:
                    value = cache.get(key)
                    assert value is None or value == key * 10
                else:
                    cache.put(key, key * 10)
                assert len(cache) <= 8
        return run

    racecheck.stress(lambda: PrefixLRUCache(8), [worker(t) for t in range(4)],
                     lambda cache: len(cache) == 8, rounds=5, timeout=30,
                     name="PrefixLRUCache(8)")


# --- controlled interleavings and linearizability (racecheck) ----------------

def lru_model(capacity, initial=()):
    """SequentialLRU as a racecheck model (state: tuple of pairs, LRU first)."""
    def step(state, op, args, result):
        spec = SequentialLRU(capacity)
        spec.items = list(state)
        expected = getattr(spec, op)(*args)
        return result == expected, tuple(spec.items)

    return racecheck.Model(init=lambda: tuple(initial), step=step,
                           name=f"an LRU cache of capacity {capacity}")


def filled(capacity, *pairs):
    def make():
        cache = PrefixLRUCache(capacity)
        for key, value in pairs:
            cache.put(key, value)
        return cache
    return make


def test_racecheck_linearizable_against_the_sequential_lru():
    racecheck.lincheck(
        filled(2, (1, "a"), (2, "b")),
        [
            [("get", 1), ("put", 3, "c")],
            [("put", 4, "d"), ("get", 2)],
            [("get", 3), ("put", 1, "e")],
        ],
        lru_model(2, [(1, "a"), (2, "b")]),
        targets=[lru_cache],
        name="PrefixLRUCache(2): gets and puts",
        rounds=30,
    )


def get_racing_put(cls):
    """Capacity 1 holding key 1: get(1) in one thread, put(2) in another."""
    def make():
        cache = cls(1)
        cache.put(1, "a")
        return cache

    return racecheck.linearizability_scenario(
        f"{cls.__name__}(1): get(1) racing put(2)",
        make,
        [[("get", 1)], [("put", 2, "b")]],
        lru_model(1, [(1, "a")]),
        targets=[lru_cache, lru_cache_bad],
    )


def test_racecheck_get_racing_put_is_linearizable():
    racecheck.verify(get_racing_put(PrefixLRUCache))


def test_racecheck_get_without_lock_is_caught():
    check_published(
        get_racing_put(lru_cache_bad.ReadsWithoutLockCache),
        COUNTEREXAMPLES / "lru_cache_bad.txt", kind="invariant", strategy="exhaustive")


def test_racecheck_len_and_keys_read_the_entries_under_the_lock():
    """len() and keys() are single C-level reads of the OrderedDict that put()
    reorders and trims: the guard checks that they hold the lock to do it."""
    def check(s):
        assert s["len"] == 2, s
        assert s["keys"] in ([1, 2], [2, 3]), s
        return True

    racecheck.verify(racecheck.Scenario(
        name="PrefixLRUCache(2): len() and keys() while put() evicts",
        setup=lambda: {"cache": filled(2, (1, "a"), (2, "b"))()},
        threads=[lambda s: s["cache"].put(3, "c"),
                 lambda s: s.__setitem__("len", len(s["cache"])),
                 lambda s: s.__setitem__("keys", s["cache"].keys())],
        check=check,
        targets=[lru_cache],
        guards=lambda s: [racecheck.guarded(s["cache"], "_lock", "_entries")],
    ))
