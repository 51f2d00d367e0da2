"""Overhead of TokenBucket.acquire: uncontended, and with 4 threads.

The bucket never runs dry (huge rate and capacity), so this measures the
bookkeeping: argument checks, the lock and the refill arithmetic.

    .venv/bin/python bench/problems_serving_ratelimit.py [--n 20000] [--repeat 5]
"""

import argparse
import statistics
import threading
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.machine import banner  # noqa: E402
from bench.output import Output, add_markdown_option  # noqa: E402
from snippets.problems.serving.rate_limiter import TokenBucket


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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000, help="calls per thread")
    ap.add_argument("--repeat", type=int, default=5)
    add_markdown_option(ap)
    args = ap.parse_args()
    out = Output()
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
    for name, fn in cases.items():
        row = []
        for threads in (1, 4):
            samples = []
            for _ in range(args.repeat):
                bucket = TokenBucket(rate=1e12, capacity=1e12)
                f = fn or (bucket.try_acquire if "try" in name else bucket.acquire)
                samples.append(per_op_ns(threads, args.n, f))
            row.append(statistics.median(samples))
        out(f"{name:32} {row[0]:9.0f} ns {row[1]:9.0f} ns")
    out("\n(ns per call, wall time / total calls; with 4 threads the calls share the GIL)")
    out.write_markdown(
        args.markdown,
        f".venv/bin/python bench/problems_serving_ratelimit.py --n {args.n} --repeat {args.repeat}",
    )


if __name__ == "__main__":
    main()
