"""DataLoader workers and per-worker seeding; fork while another thread holds a lock."""

from __future__ import annotations

import os
import threading
import time
import types

import pytest

from tests.support.optional import lazy, require

torch = require("torch")

good = lazy("snippets.analysis.real_stack.dataloader_seeding")
bad = lazy("snippets.analysis.real_stack.dataloader_seeding_bad")
fork_after_threads = lazy("snippets.analysis.real_stack.fork_after_threads")


def params(items):
    return [p for _, _, p in items]


def test_without_worker_init_fn_both_workers_draw_the_same_stream():
    items = good.draws(bad.make_loader(good.AugmentedDataset(8), workers=2))
    assert [i for i, _, _ in items] == list(range(8))
    assert {w for _, w, _ in items} == {0, 1}
    worker0 = [p for _, w, p in items if w == 0]
    worker1 = [p for _, w, p in items if w == 1]
    assert worker0 == worker1  # the dataset's RNG was copied, state and all


def test_seed_worker_gives_each_worker_its_own_stream():
    items = good.draws(good.make_loader(good.AugmentedDataset(8), workers=2))
    assert {w for _, w, _ in items} == {0, 1}
    assert len(set(params(items))) == 8


def test_a_fixed_generator_seed_makes_runs_identical_and_another_seed_differs():
    run = lambda seed: good.draws(good.make_loader(good.AugmentedDataset(8), seed=seed))  # noqa: E731
    assert run(1234) == run(1234)
    assert params(run(1234)) != params(run(4321))


def test_in_the_main_process_the_dataset_reports_no_worker():
    assert good.AugmentedDataset(2)[0][1] == -1


EXPECTED_FORK = {
    "parent: lock free again after the holder released it": True,
    "child": "1 thread(s); lock acquired: False",
    "child exit": "exit status 0",
}


def test_a_lock_held_by_another_thread_at_fork_is_locked_forever_in_the_child():
    start = time.monotonic()
    result = fork_after_threads.fork_while_another_thread_holds_a_lock(try_for=0.2)
    assert result == EXPECTED_FORK
    # well within the demo's own deadline: every hand-off is signalled, none waits for a deadline
    assert time.monotonic() - start < fork_after_threads.DEADLINE / 2


class _SlowLock:
    """A lock that takes a while to acquire (as a contended one would)."""

    def __init__(self):
        self._lock = threading.Lock()

    def acquire(self, blocking=True, timeout=-1):
        time.sleep(0.05)
        return self._lock.acquire(blocking, timeout)

    def release(self):
        self._lock.release()

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc):
        self.release()


def test_the_fork_waits_until_the_holder_really_holds_the_lock(monkeypatch):
    """However long taking the lock takes, the parent forks only once it is held."""
    monkeypatch.setattr(fork_after_threads, "threading", types.SimpleNamespace(
        Lock=_SlowLock, Event=threading.Event, Thread=threading.Thread, active_count=threading.active_count))
    assert fork_after_threads.fork_while_another_thread_holds_a_lock(try_for=0.2) == EXPECTED_FORK


def test_when_fork_fails_the_holder_thread_still_ends(monkeypatch):
    def no_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    before = set(threading.enumerate())
    monkeypatch.setattr(fork_after_threads, "DEADLINE", 0.5)
    monkeypatch.setattr(os, "fork", no_fork)
    with pytest.raises(BlockingIOError):
        fork_after_threads.fork_while_another_thread_holds_a_lock()
    deadline = time.monotonic() + 10
    while set(threading.enumerate()) - before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not set(threading.enumerate()) - before, "the lock holder is still waiting"
