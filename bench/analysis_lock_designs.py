"""Four designs for many threads adding into one table, across 1-8 threads.

One lock, lock striping, per-thread buffers with a final reduction, and a
queue to one owner thread. Each thread adds 1 under keys cycling over --keys
keys; the script checks that no add was lost and prints adds per second (all
threads together, best of --repeat runs). Pure Python, GIL build.

    .venv/bin/python -m bench.analysis_lock_designs [--n 20000] [--repeat 5]

Writes snippets/analysis/figures/lock_designs.md (included by
docs/analysis/cost-of-locking.md).
"""

import os
import threading
import time

from bench.machine import banner  # noqa: E402
from bench.output import Lines, Script  # noqa: E402
from snippets.analysis.owner_thread import OwnerThreadAccumulator  # noqa: E402
from snippets.problems.serving.accumulator import (  # noqa: E402
    GlobalLockAccumulator,
    PerThreadAccumulator,
    StripedAccumulator,
)

SCRIPT = Script(
    __name__,
    outputs=["snippets/analysis/figures/lock_designs.md"],
    inputs=["snippets/analysis/owner_thread.py", "snippets/problems/serving/accumulator.py"],
    smoke=["--n", "200", "--repeat", "1", "--threads", "1,2"],
)


DESIGNS = {
    "one lock": GlobalLockAccumulator,
    "16 stripes": lambda: StripedAccumulator(16),
    "per-thread + reduce": PerThreadAccumulator,
    "owner thread (queue)": OwnerThreadAccumulator,
}


def final_table(acc):
    if isinstance(acc, PerThreadAccumulator):
        return acc.reduce()
    if isinstance(acc, OwnerThreadAccumulator):
        return acc.close(timeout=600)
    return acc.snapshot()


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
    table = final_table(acc)  # the owner design is done only when its inbox is drained
    elapsed = time.perf_counter() - t0
    assert sum(table.values()) == threads * n, "lost updates"
    return threads * n / elapsed


def main(argv=None):
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--n", type=int, default=20000, help="adds per thread")
    ap.add_argument("--keys", type=int, default=64)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", default="1,2,4,8")
    args = SCRIPT.parse_args(ap, argv)
    counts = [int(t) for t in args.threads.split(",")]
    out = Lines()
    out(banner())
    out(f"adds per thread: {args.n}, keys: {args.keys}, best of {args.repeat} runs (the machine may be shared: the fastest run is the least disturbed)\n")
    out(f"{'design':22}" + "".join(f"{f'{c} thr':>11}" for c in counts))
    for name, make in DESIGNS.items():
        best = dict.fromkeys(counts, 0.0)
        for _ in range(args.repeat):  # counts take turns: load bursts hit every column alike
            for c in counts:
                best[c] = max(best[c], run(make, c, args.n, args.keys))
        rates = [best[c] for c in counts]
        out(f"{name:22}" + "".join(f"{r / 1e6:>9.2f} M" for r in rates))
    out("\n(million adds per second, all threads together; every run checks that no add was lost)")
    out(f"load average (1, 5, 15 min) at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    SCRIPT.write(args, out.text_block(SCRIPT.command(args)))


if __name__ == "__main__":
    main()
