"""The scenarios of the scale test and benchmark: producers and consumers on a correct bounded queue.

Shared by tests/racecheck/test_scale.py and bench/verification_throughput.py so
the benchmark measures exactly what the test verifies.
"""

import racecheck
from snippets.problems.primitives import bounded_queue
from snippets.problems.primitives.bounded_queue import BoundedQueue


def producers_consumers(ops: int, threads: int = 4, maxsize: int = 4) -> racecheck.Scenario:
    """`threads` // 2 producers put `ops` items each, as many consumers get `ops` each."""
    pairs = threads // 2

    def setup():
        return {"q": BoundedQueue(maxsize), "got": [[] for _ in range(pairs)]}

    def producer(p):
        def body(s):
            for i in range(ops):
                s["q"].put((p, i))
        return body

    def consumer(c):
        def body(s):
            got = s["got"][c]
            for _ in range(ops):
                got.append(s["q"].get())
        return body

    def check(s):
        items = [x for got in s["got"] for x in got]
        assert sorted(items) == [(p, i) for p in range(pairs) for i in range(ops)], \
            "an item was lost or delivered twice"
        for got in s["got"]:  # each producer's items arrive in order
            for p in range(pairs):
                mine = [i for q, i in got if q == p]
                assert mine == sorted(mine), "items of one producer overtook each other"
        return True

    threads_ = [producer(p) for p in range(pairs)] + [consumer(c) for c in range(pairs)]
    return racecheck.Scenario(
        name=f"BoundedQueue({maxsize}): {threads} threads x {ops} operations",
        setup=setup, threads=threads_, check=check, targets=[bounded_queue])
