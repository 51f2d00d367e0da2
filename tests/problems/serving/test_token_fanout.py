import threading

import pytest

from snippets.problems.serving import token_fanout_bad
from snippets.problems.serving.token_fanout import (
    EndOfStream,
    SubscriberDropped,
    TokenFanout,
)
from tests.support.threads import join_all, within


def test_every_subscriber_gets_every_token_then_the_end():
    f = TokenFanout(maxsize=8)
    a, b = f.subscribe(), f.subscribe()
    for tok in ["Hel", "lo", "!"]:
        f.publish(tok)
    f.close()
    assert list(a) == ["Hel", "lo", "!"]
    assert list(b) == ["Hel", "lo", "!"]


def test_late_subscriber_sees_tokens_from_then_on():
    f = TokenFanout()
    early = f.subscribe()
    f.publish(1)
    late = f.subscribe()
    f.publish(2)
    f.close()
    assert list(early) == [1, 2] and list(late) == [2]
    with pytest.raises(RuntimeError, match="closed stream"):
        f.subscribe()
    with pytest.raises(RuntimeError, match="closed stream"):
        f.publish(3)


def test_block_policy_times_out_without_partial_delivery():
    f = TokenFanout(maxsize=1)
    fast, slow = f.subscribe(), f.subscribe()
    f.publish("a")
    assert fast.get(timeout=0) == "a"
    with pytest.raises(TimeoutError):
        within(lambda: f.publish("b", timeout=0.01))           # `slow` is full
    with pytest.raises(TimeoutError):
        fast.get(timeout=0)                    # all or nothing: `fast` did not get "b"
    assert slow.get(timeout=0) == "a"
    f.publish("b", timeout=0)                  # room now
    assert fast.get(timeout=0) == "b" and slow.get(timeout=0) == "b"


def test_block_policy_backpressure_with_threads():
    f = TokenFanout(maxsize=2)
    subs = [f.subscribe() for _ in range(3)]
    got = [[] for _ in subs]

    def reader(i):
        got[i].extend(subs[i])

    def producer():
        for i in range(100):
            f.publish(i, timeout=5)
        f.close()

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(3)]
    threads.append(threading.Thread(target=producer))
    for t in threads:
        t.start()
    join_all(threads)
    assert got == [list(range(100))] * 3


def test_drop_policy_drops_only_the_slow_subscriber():
    f = TokenFanout(maxsize=2, policy="drop")
    fast, slow = f.subscribe(), f.subscribe()
    for i in range(5):
        f.publish(i)                            # never blocks
        assert fast.get(timeout=0) == i
    f.close()
    assert slow.get(timeout=0) == 0 and slow.get(timeout=0) == 1   # buffered tokens first
    with pytest.raises(SubscriberDropped, match="buffer was full"):
        slow.get(timeout=0)
    with pytest.raises(SubscriberDropped):
        next(slow)                              # iteration does not hide the loss
    assert list(fast) == []


def test_unsubscribe_unblocks_a_waiting_producer():
    f = TokenFanout(maxsize=1)
    stuck = f.subscribe()
    f.publish("a")
    t = threading.Thread(target=f.publish, args=("b",), kwargs={"timeout": 5})
    t.start()
    t.join(0.02)
    assert t.is_alive()                         # blocked on the full buffer
    stuck.unsubscribe()
    join_all([t])
    stuck.unsubscribe()                         # idempotent
    with pytest.raises(EndOfStream):
        stuck.get(timeout=0)
    assert list(stuck) == []


def test_unsubscribe_wakes_a_blocked_reader():
    f = TokenFanout()
    sub = f.subscribe()
    out = []
    t = threading.Thread(target=lambda: out.extend(sub))
    t.start()
    t.join(0.02)
    sub.unsubscribe()
    join_all([t])
    assert out == []


def test_close_wakes_a_blocked_producer_with_an_error():
    f = TokenFanout(maxsize=1)
    f.subscribe()
    f.publish("a")
    errors = []

    def publish():
        try:
            f.publish("b", timeout=5)
        except RuntimeError as e:
            errors.append(e)

    t = threading.Thread(target=publish)
    t.start()
    t.join(0.02)
    f.close()
    f.close()
    join_all([t])
    assert len(errors) == 1


def test_get_timeout():
    sub = TokenFanout().subscribe()
    with pytest.raises(TimeoutError):
        within(lambda: sub.get(timeout=0.01))


@pytest.mark.parametrize("maxsize", [0, -1, 1.0, True])
def test_bad_maxsize(maxsize):
    with pytest.raises(ValueError, match="maxsize must be an int >= 1"):
        TokenFanout(maxsize)


def test_bad_policy():
    with pytest.raises(ValueError, match="policy must be 'block' or 'drop', got 'lossy'"):
        TokenFanout(policy="lossy")


def test_bad_module_works_in_the_easy_case():
    # Its race is shown in test_token_fanout_racecheck.
    f = token_fanout_bad.TokenFanout()
    q = f.subscribe()
    f.publish("x")
    f.close()
    assert list(f.tokens(q)) == ["x"]


def test_list_removal_during_iteration_skips_the_next_element():
    """The mechanism behind the bad variant, in one thread."""
    subscribers, visited = ["a", "b", "c"], []
    for s in subscribers:
        visited.append(s)
        if s == "a":
            subscribers.remove("a")   # what another thread's unsubscribe does
    assert visited == ["a", "c"]      # "b" never got its end-of-stream
