"""Overhead of TokenBucket.acquire: uncontended, and with 4 threads.

The bucket never runs dry (huge rate and capacity), so this measures the
bookkeeping: argument checks, the lock and the refill arithmetic.

    .venv/bin/python -m bench.problems_serving_ratelimit [--n 20000] [--repeat 5]

Writes snippets/problems/serving/figures/ratelimit.md (included by
docs/problems/serving/rate-limiter.md).
"""

import threading

from bench.machine import banner
from bench.output import Lines, Script
from bench.timing import medians_by_threads, run_together
from snippets.problems.serving.rate_limiter import TokenBucket

SCRIPT = Script(
    __name__,
    outputs=["snippets/problems/serving/figures/ratelimit.md"],
    inputs=["snippets/problems/serving/rate_limiter.py"],
    smoke=["--n", "200", "--repeat", "1"],
)


def per_op_ns(threads, n, fn):
    """Nanoseconds of wall time per call of ``fn``, ``n`` calls in each of ``threads`` threads."""

    def worker():
        for _ in range(n):
            fn()

    return run_together(worker, threads) / (threads * n) * 1e9


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
        def measure(threads, fn=fn, name=name):
            bucket = TokenBucket(rate=1e12, capacity=1e12)  # a fresh bucket per sample
            return per_op_ns(threads, args.n, fn or (bucket.try_acquire if "try" in name else bucket.acquire))

        row = rows[name] = medians_by_threads(measure, (1, 4), args.repeat)
        out(f"{name:32} {row[0]:9.0f} ns {row[1]:9.0f} ns")
    out("\n(ns per call, wall time / total calls; with 4 threads the calls share the GIL)")
    base = rows["empty `with lock:` (baseline)"][0]
    out("\ncost relative to an uncontended empty `with lock:`:")
    for name, (one, four) in rows.items():
        out(f"  {name:30} 1 thread {one / base:5.1f}x   4 threads {four / base:5.1f}x")
    SCRIPT.write(args, out.text_block(SCRIPT.command(args)))


if __name__ == "__main__":
    main()
