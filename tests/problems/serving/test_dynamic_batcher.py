import threading

import pytest

from snippets.problems.serving import dynamic_batcher_bad
from snippets.problems.serving.dynamic_batcher import DynamicBatcher
from tests.support.threads import join_all, run_threads


class FakeModel:
    """Doubles each item and records the batches it was called with."""

    def __init__(self, fail_on=None):
        self.batches = []
        self.fail_on = fail_on
        self._lock = threading.Lock()

    def __call__(self, items):
        with self._lock:
            self.batches.append(list(items))
        return [ValueError(f"bad item {x}") if x == self.fail_on else 2 * x for x in items]


def shutdown(batcher, wait=True):
    """shutdown() joins the worker without a timeout: run it against the
    test deadline, so a worker that never wakes fails instead of hanging."""
    run_threads(lambda: batcher.shutdown(wait=wait))


def call_concurrently(batcher, items, timeout=10):
    """predict() every item from its own thread; return {item: result or exception}."""
    out = {}
    start = threading.Barrier(len(items))

    def caller(x):
        start.wait()
        try:
            out[x] = batcher.predict(x, timeout=timeout)
        except Exception as e:
            out[x] = e

    threads = [threading.Thread(target=caller, args=(x,)) for x in items]
    for t in threads:
        t.start()
    join_all(threads)
    return out


def test_each_caller_gets_its_own_result():
    model = FakeModel()
    b = DynamicBatcher(model, max_batch_size=4, max_wait=0.05)
    out = call_concurrently(b, list(range(10)))
    shutdown(b)
    assert out == {x: 2 * x for x in range(10)}
    seen = [x for batch in model.batches for x in batch]
    assert sorted(seen) == list(range(10))                  # each item in exactly one batch
    assert all(1 <= len(batch) <= 4 for batch in model.batches)


def test_full_batch_does_not_wait_for_the_timer():
    model = FakeModel()
    b = DynamicBatcher(model, max_batch_size=3, max_wait=60)   # timer would take a minute
    out = call_concurrently(b, [1, 2, 3], timeout=5)
    shutdown(b)
    assert out == {1: 2, 2: 4, 3: 6} and model.batches and len(model.batches[0]) == 3


def test_lone_request_goes_after_max_wait():
    model = FakeModel()
    b = DynamicBatcher(model, max_batch_size=100, max_wait=0.01)
    assert b.predict(21, timeout=5) == 42
    shutdown(b)
    assert model.batches == [[21]]


def test_per_item_exception_goes_to_its_caller_only():
    model = FakeModel(fail_on=3)
    b = DynamicBatcher(model, max_batch_size=4, max_wait=0.05)
    out = call_concurrently(b, [1, 2, 3, 4])
    shutdown(b)
    assert isinstance(out[3], ValueError) and str(out[3]) == "bad item 3"
    assert {k: v for k, v in out.items() if k != 3} == {1: 2, 2: 4, 4: 8}


def test_model_exception_reaches_every_caller_of_the_batch():
    def broken(items):
        raise OSError("GPU fell off the bus")

    b = DynamicBatcher(broken, max_batch_size=2, max_wait=0.05)
    out = call_concurrently(b, [1, 2])
    shutdown(b)
    assert all(isinstance(e, OSError) for e in out.values())


def test_wrong_result_count_is_an_error_not_a_mismatch():
    b = DynamicBatcher(lambda items: items[:-1], max_batch_size=2, max_wait=0.05)
    out = call_concurrently(b, [1, 2])
    shutdown(b)
    for e in out.values():
        assert isinstance(e, RuntimeError) and "returned 1 results for 2 items" in str(e)


def test_shutdown_answers_accepted_requests_then_rejects():
    release = threading.Event()
    model = FakeModel()

    def slow(items):
        release.wait(5)
        return model(items)

    b = DynamicBatcher(slow, max_batch_size=1, max_wait=0)
    results = {}
    threads = [threading.Thread(target=lambda x=x: results.update({x: b.predict(x, timeout=5)})) for x in range(3)]
    for t in threads:
        t.start()
    while len(model.batches) + len(b._pending) < 2:   # wait until requests are queued
        threading.Event().wait(0.001)
    release.set()
    shutdown(b, wait=True)
    join_all(threads)
    assert results == {0: 0, 1: 2, 2: 4}
    with pytest.raises(RuntimeError, match="after shutdown"):
        b.predict(1)


def test_shutdown_with_wait_returns_after_the_accepted_batch_is_answered():
    """wait=True: shutdown() returns only once the worker has answered what it
    accepted and exited. The model is still running when shutdown() starts."""
    started, release, answered = threading.Event(), threading.Event(), []

    def slow(items):
        started.set()
        release.wait(5)
        answered.append(list(items))
        return [2 * x for x in items]

    b = DynamicBatcher(slow, max_batch_size=1, max_wait=0)
    caller = threading.Thread(target=lambda: b.predict(1, timeout=10), daemon=True)
    caller.start()
    assert started.wait(5)
    timer = threading.Timer(0.05, release.set)
    timer.start()
    shutdown(b, wait=True)
    assert answered == [[1]], "shutdown(wait=True) returned before the accepted batch was answered"
    assert not b._thread.is_alive()
    join_all([caller, timer])


def test_timeout_withdraws_a_queued_request():
    model = FakeModel()
    # The worker waits up to 60 s for a full batch; the caller gives up first.
    b = DynamicBatcher(model, max_batch_size=10, max_wait=60)

    def times_out():
        with pytest.raises(TimeoutError):
            b.predict(1, timeout=0.01)

    run_threads(times_out)  # a timeout that never fires fails at the deadline instead of hanging
    assert not b._pending                  # withdrawn, will not be run later
    shutdown(b)                            # the worker drains nothing and exits
    assert model.batches == []


@pytest.mark.parametrize(
    "kwargs, exc, msg",
    [
        (dict(model_fn=42, max_batch_size=1, max_wait=0), TypeError, "model_fn must be callable"),
        (dict(model_fn=len, max_batch_size=0, max_wait=0), ValueError, "max_batch_size must be an int >= 1"),
        (dict(model_fn=len, max_batch_size=2.0, max_wait=0), ValueError, "max_batch_size must be an int >= 1"),
        (dict(model_fn=len, max_batch_size=1, max_wait=-1), ValueError, "max_wait must be a number >= 0"),
        (dict(model_fn=len, max_batch_size=1, max_wait=float("nan")), ValueError, "max_wait must be"),
    ],
)
def test_argument_validation(kwargs, exc, msg):
    with pytest.raises(exc, match=msg):
        DynamicBatcher(**kwargs)


def test_negative_timeout():
    b = DynamicBatcher(len, 1, 0)
    with pytest.raises(ValueError, match="'timeout' must be a non-negative number"):
        b.predict(1, timeout=-1)
    b.shutdown()


def test_real_threads_stress_conservation():
    model = FakeModel()
    b = DynamicBatcher(model, max_batch_size=8, max_wait=0.002)
    out = call_concurrently(b, list(range(64)))
    shutdown(b)
    assert out == {x: 2 * x for x in range(64)}
    assert sorted(x for batch in model.batches for x in batch) == list(range(64))


def test_bad_module_works_in_the_easy_case():
    # Its race is shown in test_dynamic_batcher_racecheck.
    b = dynamic_batcher_bad.DynamicBatcher(lambda xs: [2 * x for x in xs], 1, 0.01)
    assert b.predict(5) == 10
    shutdown(b)
