"""Lost updates when threads add into one NumPy array in place, with and without a lock.

For each array size and thread count, every thread adds a vector of ones
--steps times into one shared float64 array (``w += g``). Without a lock the
sum of the result falls short of threads x steps x size; the table shows the
share lost (median of --repeat runs) and how many runs lost anything. The
locked and per-thread versions are checked to be exact on every run.

    .venv/bin/python bench/analysis_numpy_races.py [--steps 50] [--repeat 5] [--markdown PATH]
"""

import argparse
import statistics
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.machine import banner  # noqa: E402
from bench.output import Output, add_markdown_option  # noqa: E402
from snippets.analysis.numpy_updates import (  # noqa: E402
    LockedWeights,
    PerThreadGradients,
    lost_fraction,
    run_threads,
)
from snippets.analysis.numpy_updates_bad import UnlockedWeights  # noqa: E402


def one_run(make, size, threads, steps):
    acc = make(size)
    g = np.ones(size)
    run_threads(lambda: [acc.add(g) for _ in range(steps)], threads)
    final = acc.reduce() if isinstance(acc, PerThreadGradients) else acc.w
    return lost_fraction(final, float(size) * threads * steps)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=50, help="in-place adds per thread")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--sizes", default="1000,100000,1000000")
    ap.add_argument("--threads", default="2,4,8")
    add_markdown_option(ap)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    thread_counts = [int(t) for t in args.threads.split(",")]
    out = Output()
    out(banner(libraries=["numpy"]))
    out(f"float64 arrays, {args.steps} in-place adds per thread, {args.repeat} runs per cell\n")
    out(f"{'elements':>10} {'threads':>7} {'unlocked: lost (median)':>24} {'runs with loss':>15} "
        f"{'locked':>7} {'per-thread':>10}")
    for size in sizes:
        for threads in thread_counts:
            unlocked = [one_run(UnlockedWeights, size, threads, args.steps) for _ in range(args.repeat)]
            locked = [one_run(LockedWeights, size, threads, args.steps) for _ in range(args.repeat)]
            per_thread = [one_run(PerThreadGradients, size, threads, args.steps) for _ in range(args.repeat)]
            assert not any(locked) and not any(per_thread), "a locked or per-thread run lost updates"
            lossy = sum(1 for x in unlocked if x > 0)
            out(f"{size:>10,} {threads:>7} {statistics.median(unlocked):>23.4%} "
                f"{lossy:>9} of {args.repeat:<3} {'exact':>7} {'exact':>10}")
    out("\n(lost = share of the added total missing from the final array)")
    out.write_markdown(
        args.markdown,
        f".venv/bin/python bench/analysis_numpy_races.py --steps {args.steps} --repeat {args.repeat}",
    )


if __name__ == "__main__":
    main()
