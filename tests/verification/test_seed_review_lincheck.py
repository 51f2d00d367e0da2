"""The source article's queue under the linearizability checker.

The article's ThreadSafeQueue (snippets/seed_review/thread_safe_queue_bad.py,
verbatim) holds its lock over every call, so each call is atomic and its
histories are linearizable with respect to a FIFO queue whose ``dequeue()``
returns None when empty: its defects are in the API and the cost, not in
atomicity (see the seed-review pages). Without the lock the same check fails.
The corrected queue passes the same check with non-blocking gets.
"""

import contextlib

import racecheck
from racecheck.linearizability import linearizability_scenario, lincheck, queue_model
from snippets.seed_review import thread_safe_queue, thread_safe_queue_bad

ARTICLE_OPS = [
    [("enqueue", 1), ("dequeue",)],
    [("enqueue", 2), ("dequeue",)],
    [("dequeue",)],
]
CORRECTED_OPS = [
    [("put", 1), ("get", False)],
    [("put", 2), ("get", False)],
    [("get", False)],
]


def test_article_queue_is_linearizable():
    lincheck(
        thread_safe_queue_bad.ThreadSafeQueue, ARTICLE_OPS, queue_model(empty=None),
        targets=[thread_safe_queue_bad], name="article ThreadSafeQueue: lincheck", rounds=20,
    )


def test_article_queue_without_its_lock_is_caught():
    def unlocked():
        q = thread_safe_queue_bad.ThreadSafeQueue()
        q.lock = contextlib.nullcontext()  # the mistake the lock prevents
        return q

    scenario = linearizability_scenario(
        "article ThreadSafeQueue without its lock: lincheck", unlocked, ARTICLE_OPS,
        queue_model(empty=None), targets=[thread_safe_queue_bad],
    )
    failure = racecheck.expect_failure(scenario, kind="invariant")
    assert "not linearizable" in str(failure)


def test_corrected_queue_is_linearizable():
    lincheck(
        thread_safe_queue.ThreadSafeQueue, CORRECTED_OPS, queue_model(),
        targets=[thread_safe_queue], name="corrected ThreadSafeQueue: lincheck", rounds=20,
    )
