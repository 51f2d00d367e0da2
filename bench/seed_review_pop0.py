"""Drain cost of the article's list-based queue against deque and queue.Queue.

Run from the repository root:

    .venv/bin/python bench/seed_review_pop0.py [N ...]

For each N: enqueue N items, then dequeue all N, single-threaded (the cost
measured is the data structure's, not contention). Prints the best of three
runs. list.pop(0) moves every remaining element, so the list-based queue
grows with N**2 while the others grow with N.
"""

import queue
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.machine import banner  # noqa: E402
from snippets.seed_review import thread_safe_queue, thread_safe_queue_bad  # noqa: E402


def article_queue(n):
    q = thread_safe_queue_bad.ThreadSafeQueue()
    for i in range(n):
        q.enqueue(i)
    for _ in range(n):
        q.dequeue()


def corrected_queue(n):
    q = thread_safe_queue.ThreadSafeQueue()
    for i in range(n):
        q.put(i)
    for _ in range(n):
        q.get(block=False)


def stdlib_queue(n):
    q = queue.Queue()
    for i in range(n):
        q.put(i)
    for _ in range(n):
        q.get(block=False)


CANDIDATES = {
    "article ThreadSafeQueue (list.pop(0))": article_queue,
    "corrected ThreadSafeQueue (deque)": corrected_queue,
    "queue.Queue (stdlib)": stdlib_queue,
}


def best_of(fn, n, repeats=3):
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn(n)
        best = min(best, time.perf_counter() - start)
    return best


def main(sizes):
    print(banner())
    print("best of 3; enqueue N then dequeue N, one thread")
    width = max(map(len, CANDIDATES))
    print(f"{'':{width}}" + "".join(f"{'N=' + format(n, ','):>14}" for n in sizes))
    for name, fn in CANDIDATES.items():
        row = "".join(f"{best_of(fn, n) * 1000:>11.1f} ms" for n in sizes)
        print(f"{name:{width}}{row}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [25_000, 50_000, 100_000])
