"""The article's ThreadSafeQueue: what is really wrong with it.

Each call holds the lock, so nothing is lost under concurrent use (the
racecheck tests show that too). These tests demonstrate the defects that are
real: O(n) dequeue, None for "empty", no blocking and no bound.
"""

import threading

from snippets.seed_review import thread_safe_queue, thread_safe_queue_bad
from tests.seed_review.helpers import seconds_per_dequeue
from tests.support.threads import join_all

SMALL, LARGE = 1_000, 100_000  # 100x more items queued


def growth(make_queue, put, get):
    """How much slower one dequeue gets when the queue holds 100x more items."""
    small = seconds_per_dequeue(*_ops(make_queue(), put, get), size=SMALL)
    large = seconds_per_dequeue(*_ops(make_queue(), put, get), size=LARGE)
    return large / small


def _ops(q, put, get):
    return (lambda item: put(q, item)), (lambda: get(q))


def test_dequeue_cost_grows_with_length_unlike_deque():
    # list.pop(0) shifts every remaining pointer: cost proportional to the
    # length (about 100x here, in theory). deque.popleft() does not (about
    # 1x). A shared machine is noisy, so the margins are wide and a miss is
    # measured again; the absolute figures are in bench/seed_review_pop0.py.
    original = thread_safe_queue_bad.ThreadSafeQueue
    corrected = thread_safe_queue.ThreadSafeQueue
    for _attempt in range(3):
        list_growth = growth(original, original.enqueue, original.dequeue)
        deque_growth = growth(corrected, corrected.put, lambda q: q.get(block=False))
        if list_growth > 8 and deque_growth < 4:
            break
    assert list_growth > 8, f"pop(0) cost grew only {list_growth:.1f}x for 100x more items"
    assert deque_growth < 4, f"popleft() cost grew {deque_growth:.1f}x for 100x more items"


def test_none_item_is_indistinguishable_from_empty():
    q = thread_safe_queue_bad.ThreadSafeQueue()
    q.enqueue(None)
    holding_none = q.dequeue()
    empty = q.dequeue()
    assert holding_none is None and empty is None  # two different states, one answer


def test_dequeue_cannot_wait_for_an_item():
    q = thread_safe_queue_bad.ThreadSafeQueue()
    timer = threading.Timer(0.05, q.enqueue, args=("late",))
    timer.start()
    # There is no blocking variant and no timeout: the item is 50 ms away,
    # but the only answer now is None, so a consumer has to call again and
    # again (see the polling test of the producer-consumer answer).
    assert q.dequeue() is None
    join_all([timer])
    assert q.dequeue() == "late"


def test_no_bound_so_no_backpressure():
    q = thread_safe_queue_bad.ThreadSafeQueue()
    for i in range(100_000):  # nothing ever tells a fast producer to slow down
        q.enqueue(i)
    assert len(q.queue) == 100_000


def test_fifo_order_single_thread():
    q = thread_safe_queue_bad.ThreadSafeQueue()
    for i in range(5):
        q.enqueue(i)
    assert [q.dequeue() for _ in range(5)] == [0, 1, 2, 3, 4]
