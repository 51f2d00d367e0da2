"""Throughput of BoundedQueue against queue.Queue, 4 producers and 4 consumers.

Every producer puts --n items into a queue of --maxsize slots; every consumer
gets until it receives a sentinel. The two queues run alternately, --repeat
times each; the median items per second is shown, and the ratio of medians.

    .venv/bin/python bench/problems_primitives_queue.py [--n 20000] [--maxsize 64] [--repeat 5]
"""

import argparse
import queue
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.machine import banner  # noqa: E402
from snippets.problems.primitives.bounded_queue import BoundedQueue  # noqa: E402

PRODUCERS = CONSUMERS = 4
SENTINEL = object()


def items_per_second(make_queue, n, maxsize):
    q = make_queue(maxsize)
    start = threading.Barrier(PRODUCERS + CONSUMERS + 1)
    received = [0] * CONSUMERS

    def produce():
        put = q.put
        start.wait()
        for i in range(n):
            put(i)

    def consume(c):
        get = q.get
        start.wait()
        count = 0
        while get() is not SENTINEL:
            count += 1
        received[c] = count

    threads = [threading.Thread(target=produce) for _ in range(PRODUCERS)]
    threads += [threading.Thread(target=consume, args=(c,)) for c in range(CONSUMERS)]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in threads[:PRODUCERS]:
        t.join()
    for _ in range(CONSUMERS):
        q.put(SENTINEL)
    for t in threads[PRODUCERS:]:
        t.join()
    elapsed = time.perf_counter() - t0
    assert sum(received) == PRODUCERS * n, "lost or duplicated items"
    return PRODUCERS * n / elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000, help="items per producer")
    ap.add_argument("--maxsize", type=int, default=64)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    print(banner())
    print(f"{PRODUCERS} producers, {CONSUMERS} consumers, {args.n} items per producer, "
          f"maxsize {args.maxsize}, {args.repeat} runs each (median shown)\n")
    runs = {"queue.Queue": [], "BoundedQueue": []}
    classes = {"queue.Queue": queue.Queue, "BoundedQueue": BoundedQueue}
    for i in range(args.repeat):
        order = list(classes) if i % 2 == 0 else list(reversed(classes))  # no first-run bias
        for name in order:
            runs[name].append(items_per_second(classes[name], args.n, args.maxsize))
    medians = {name: statistics.median(r) for name, r in runs.items()}
    for name, median in medians.items():
        print(f"{name:14} {median:12,.0f} items/s")
    print(f"\nratio BoundedQueue / queue.Queue: "
          f"{medians['BoundedQueue'] / medians['queue.Queue']:.2f}")


if __name__ == "__main__":
    main()
