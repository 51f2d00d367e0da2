"""Lost updates when threads add into one NumPy array in place, with and without a lock.

For each array size and thread count, every thread adds a vector of ones
--steps times into one shared float64 array (``w += g``). Without a lock the
sum of the result falls short of threads x steps x size; the table shows the
share lost (median of --repeat runs) and how many runs lost anything. The
locked and per-thread versions are checked to be exact on every run.

    .venv/bin/python -m bench.analysis_numpy_races [--steps 50] [--repeat 5]

Writes snippets/analysis/figures/numpy_races.md (the table), .csv (the data)
and .svg / .zh.svg (the chart), included by docs/analysis/data-races.md and
its Chinese edition.
"""

import statistics

import numpy as np

from bench import charts
from bench.machine import banner
from bench.output import Lines, Script, csv_text
from snippets.analysis.numpy_updates import (
    LockedWeights,
    PerThreadGradients,
    lost_fraction,
    run_threads,
)
from snippets.analysis.numpy_updates_bad import UnlockedWeights

SCRIPT = Script(
    __name__,
    outputs=[
        "snippets/analysis/figures/numpy_races.md",
        "snippets/analysis/figures/numpy_races.csv",
        "snippets/analysis/figures/numpy_races.svg",
        "snippets/analysis/figures/numpy_races.zh.svg",
    ],
    inputs=["snippets/analysis/numpy_updates.py", "snippets/analysis/numpy_updates_bad.py"],
    smoke=["--steps", "3", "--repeat", "1", "--sizes", "1000", "--threads", "2"],
    libraries=("numpy",),
)

TEXT = {
    "en": {
        "x": "elements in the array", "y": "adds lost (%, median)", "threads": "{n} threads", "alt": (
            "Bar chart of the share of in-place adds lost without a lock (median of {repeat} runs), "
            "by array size and thread count: {values}. The locked and per-thread versions lost none."),
    },
    "zh": {
        "x": "数组元素个数", "y": "丢失的加法（%，中位数）", "threads": "{n} 个线程", "alt": (
            "柱状图：不加锁时丢失的原地加法所占比例（{repeat} 次运行的中位数），按数组大小和线程数分组：{values}。"
            "加锁版本和每线程版本没有丢失任何一次。"),
    },
}


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
    lost = {}  # (size, threads) -> (median lost share, runs with loss)
    for size in sizes:
        for threads in thread_counts:
            unlocked = [one_run(UnlockedWeights, size, threads, args.steps) for _ in range(args.repeat)]
            locked = [one_run(LockedWeights, size, threads, args.steps) for _ in range(args.repeat)]
            per_thread = [one_run(PerThreadGradients, size, threads, args.steps) for _ in range(args.repeat)]
            assert not any(locked) and not any(per_thread), "a locked or per-thread run lost updates"
            lossy = sum(1 for x in unlocked if x > 0)
            lost[size, threads] = (statistics.median(unlocked), lossy)
            out(f"{size:>10,} {threads:>7} {statistics.median(unlocked):>23.4%} "
                f"{lossy:>9} of {args.repeat:<3} {'exact':>7} {'exact':>10}")
    out("\n(lost = share of the added total missing from the final array)")
    SCRIPT.write(args, out.text_block(SCRIPT.command(args)), output=SCRIPT.outputs[0])
    rows = [[size, threads, f"{share:.8f}", lossy, args.repeat] for (size, threads), (share, lossy) in lost.items()]
    SCRIPT.write(args, csv_text(["elements", "threads", "lost_share_median", "runs_with_loss", "runs"], rows),
                 output=SCRIPT.outputs[1])

    def draw(ax, t):
        charts.bars(ax, [f"{size:,}" for size in sizes],
                    {t["threads"].format(n=n): [lost[size, n][0] * 100 for size in sizes] for n in thread_counts})
        ax.set_xlabel(t["x"])
        ax.set_ylabel(t["y"])
        top = max(share for share, _ in lost.values()) * 100
        ax.set_ylim(0, top * 1.1 if top else 1)
        ax.yaxis.set_major_formatter("{x:.3g}%")

    for t in TEXT.values():
        values = "; ".join(f"{size:,}: " + ", ".join(f"{t['threads'].format(n=n)} {lost[size, n][0]:.4%}"
                                                      for n in thread_counts) for size in sizes)
        t["alt"] = t["alt"].format(repeat=args.repeat, values=values)
    charts.write(SCRIPT, args, SCRIPT.outputs[2], draw, TEXT)


if __name__ == "__main__":
    main()
