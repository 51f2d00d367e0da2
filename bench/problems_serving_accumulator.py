"""Throughput of the three accumulators in snippets/problems/serving/accumulator.py.

Each thread adds 1 under keys cycling over --keys keys. Pure Python, no NumPy.

    .venv/bin/python bench/problems_serving_accumulator.py [--n 20000] [--repeat 5]
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
from snippets.problems.serving.accumulator import (
    GlobalLockAccumulator,
    PerThreadAccumulator,
    StripedAccumulator,
)


def run(make, threads, n, keys):
    acc = make()
    names = [f"shard-{i}" for i in range(keys)]
    start = threading.Barrier(threads + 1)

    def worker():
        add = acc.add
        start.wait()
        for i in range(n):
            add(names[i % keys], 1)

    ts = [threading.Thread(target=worker) for _ in range(threads)]
    for t in ts:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in ts:
        t.join()
    elapsed = time.perf_counter() - t0
    table = acc.reduce() if isinstance(acc, PerThreadAccumulator) else acc.snapshot()
    assert sum(table.values()) == threads * n, "lost updates"
    return threads * n / elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000, help="adds per thread")
    ap.add_argument("--keys", type=int, default=64)
    ap.add_argument("--repeat", type=int, default=5)
    add_markdown_option(ap)
    args = ap.parse_args()
    out = Output()
    out(banner())
    out(f"adds per thread: {args.n}, keys: {args.keys}, repeats: {args.repeat} (median shown)\n")
    cases = {
        "GlobalLockAccumulator": GlobalLockAccumulator,
        "StripedAccumulator(16)": lambda: StripedAccumulator(16),
        "PerThreadAccumulator": PerThreadAccumulator,
    }
    out(f"{'accumulator':26} {'1 thread':>14} {'4 threads':>14}")
    for name, make in cases.items():
        row = [
            statistics.median(run(make, threads, args.n, args.keys) for _ in range(args.repeat))
            for threads in (1, 4)
        ]
        out(f"{name:26} {row[0] / 1e6:8.2f} M/s {row[1] / 1e6:8.2f} M/s")
    out("\n(million adds per second, all threads together; every run checks no add was lost)")
    out.write_markdown(
        args.markdown,
        f".venv/bin/python bench/problems_serving_accumulator.py --n {args.n} --repeat {args.repeat}",
    )


if __name__ == "__main__":
    main()
