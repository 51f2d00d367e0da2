"""Overhead of TokenBucket.acquire: uncontended, and with 4 threads.

The bucket never runs dry (huge rate and capacity), so this measures the
bookkeeping: argument checks, the lock and the refill arithmetic.

    .venv/bin/python -m bench.problems_serving_ratelimit [--n 20000] [--repeat 5]

Writes snippets/problems/serving/figures/ratelimit.md (included by
docs/problems/serving/rate-limiter.md).
"""

import statistics
import threading
import time

from bench.machine import banner
from bench.output import Lines, Script
from snippets.problems.serving.rate_limiter import TokenBucket

SCRIPT = Script(
    __name__,
    outputs=["snippets/problems/serving/figures/ratelimit.md"],
    inputs=["snippets/problems/serving/rate_limiter.py"],
    smoke=["--n", "200", "--repeat", "1"],
)


def per_op_ns(threads, n, fn):
    start = threading.Barrier(threads + 1)

    def worker():
        start.wait()
        for _ in range(n):
            fn()

    ts = [threading.Thread(target=worker) for _ in range(threads)]
    for t in ts:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in ts:
        t.join()
    return (time.perf_counter() - t0) / (threads * n) * 1e9


def main(argv=None):
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--n", type=int, default=20000, help="calls per thread")
    ap.add_argument("--repeat", type=int, default=5)
    args = SCRIPT.parse_args(ap, argv)
    out = Lines()
    out(banner())
    out(f"calls per thread: {args.n}, repeats: {args.repeat} (median shown)\n")

    lock = threading.Lock()

    def bare_lock():
        with lock:
            pass

    cases = {
        "empty `with lock:` (baseline)": bare_lock,
        "TokenBucket.try_acquire()": None,
        "TokenBucket.acquire()": None,
    }
    out(f"{'operation':32} {'1 thread':>12} {'4 threads':>12}")
    rows = {}
    for name, fn in cases.items():
        row = []
        for threads in (1, 4):
            samples = []
            for _ in range(args.repeat):
                bucket = TokenBucket(rate=1e12, capacity=1e12)
                f = fn or (bucket.try_acquire if "try" in name else bucket.acquire)
                samples.append(per_op_ns(threads, args.n, f))
            row.append(statistics.median(samples))
        rows[name] = row
        out(f"{name:32} {row[0]:9.0f} ns {row[1]:9.0f} ns")
    out("\n(ns per call, wall time / total calls; with 4 threads the calls share the GIL)")
    base = rows["empty `with lock:` (baseline)"][0]
    out("\ncost relative to an uncontended empty `with lock:`:")
    for name, (one, four) in rows.items():
        out(f"  {name:30} 1 thread {one / base:5.1f}x   4 threads {four / base:5.1f}x")
    SCRIPT.write(args, out.text_block(SCRIPT.command(args)))


if __name__ == "__main__":
    main()
