"""Drain cost of the article's list-based queue against deque and queue.Queue.

Run from the repository root:

    .venv/bin/python -m bench.seed_review_pop0 [--sizes N ...]

For each N: enqueue N items, then dequeue all N, single-threaded (the cost
measured is the data structure's, not contention). Prints the best of three
runs, by the CPU time of the thread (time.thread_time), so other jobs on a
shared machine do not inflate it. list.pop(0) moves every remaining element, so the list-based queue
grows with N**2 while the others grow with N: the last line gives, for each,
how much longer the largest N took than the smallest.

Writes snippets/seed_review/figures/pop0.md (included by
docs/seed-review/coding-answers.md).
"""

import queue
import time

from bench.machine import banner
from bench.output import Lines, Script
from snippets.seed_review import thread_safe_queue, thread_safe_queue_bad

SCRIPT = Script(
    __name__,
    outputs=["snippets/seed_review/figures/pop0.md"],
    inputs=["snippets/seed_review/thread_safe_queue.py", "snippets/seed_review/thread_safe_queue_bad.py"],
    smoke=["--sizes", "500", "1000"],
)


def article_queue(n):
    q = thread_safe_queue_bad.ThreadSafeQueue()
    for i in range(n):
        q.enqueue(i)
    for _ in range(n):
        q.dequeue()


def standard_api(make_queue):
    """Fill then drain a queue with the put/get(block=False) API of queue.Queue."""

    def fill_and_drain(n):
        q = make_queue()
        for i in range(n):
            q.put(i)
        for _ in range(n):
            q.get(block=False)

    return fill_and_drain


CANDIDATES = {
    "article ThreadSafeQueue (list.pop(0))": article_queue,
    "corrected ThreadSafeQueue (deque)": standard_api(thread_safe_queue.ThreadSafeQueue),
    "queue.Queue (stdlib)": standard_api(queue.Queue),
}


def best_of(fn, n, repeats=3):
    best = float("inf")
    for _ in range(repeats):
        start = time.thread_time()
        fn(n)
        best = min(best, time.thread_time() - start)
    return best


def main(argv=None):
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[25_000, 50_000, 100_000])
    args = SCRIPT.parse_args(ap, argv)
    sizes = args.sizes
    out = Lines()
    out(banner())
    out("best of 3 by CPU time of the thread (other jobs on the machine do not count); "
        "enqueue N then dequeue N, one thread")
    width = max(map(len, CANDIDATES))
    out(f"{'':{width}}" + "".join(f"{'N=' + format(n, ','):>14}" for n in sizes))
    growth = {}
    for name, fn in CANDIDATES.items():
        times = [best_of(fn, n) for n in sizes]
        growth[name] = times[-1] / times[0]
        out(f"{name:{width}}" + "".join(f"{t * 1000:>11.1f} ms" for t in times))
    out(f"\ntime for N={sizes[-1]:,} / time for N={sizes[0]:,} (the items grew {sizes[-1] / sizes[0]:g}x):")
    for name, g in growth.items():
        out(f"  {name:{width}} {g:6.1f}x")
    SCRIPT.write(args, out.text_block(SCRIPT.command(args)))


if __name__ == "__main__":
    main()
