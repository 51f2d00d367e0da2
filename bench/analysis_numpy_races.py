"""Lost updates when threads add into one NumPy array in place, with and without a lock.

For each array size and thread count, every thread adds a vector of ones
--steps times into one shared float64 array (``w += g``). Without a lock the
sum of the result falls short of threads x steps x size; the table shows the
share lost (median of --repeat runs) and how many runs lost anything. The
locked and per-thread versions are checked to be exact on every run.

    .venv/bin/python -m bench.analysis_numpy_races [--steps 50] [--repeat 5]

Writes snippets/analysis/figures/numpy_races.md (included by
docs/analysis/data-races.md).
"""

import statistics

import numpy as np

from bench.machine import banner
from bench.output import Lines, Script
from snippets.analysis.numpy_updates import (
    LockedWeights,
    PerThreadGradients,
    lost_fraction,
    run_threads,
)
from snippets.analysis.numpy_updates_bad import UnlockedWeights

SCRIPT = Script(
    __name__,
    outputs=["snippets/analysis/figures/numpy_races.md"],
    inputs=["snippets/analysis/numpy_updates.py", "snippets/analysis/numpy_updates_bad.py"],
    smoke=["--steps", "3", "--repeat", "1", "--sizes", "1000", "--threads", "2"],
    libraries=("numpy",),
)


def one_run(make, size, threads, steps):
    acc = make(size)
    g = np.ones(size)
    run_threads(lambda: [acc.add(g) for _ in range(steps)], threads)
    final = acc.reduce() if isinstance(acc, PerThreadGradients) else acc.w
    return lost_fraction(final, float(size) * threads * steps)


def main(argv=None):
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--steps", type=int, default=50, help="in-place adds per thread")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--sizes", default="1000,100000,1000000")
    ap.add_argument("--threads", default="2,4,8")
    args = SCRIPT.parse_args(ap, argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    thread_counts = [int(t) for t in args.threads.split(",")]
    out = Lines()
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
    SCRIPT.write(args, out.text_block(SCRIPT.command(args)))


if __name__ == "__main__":
    main()
