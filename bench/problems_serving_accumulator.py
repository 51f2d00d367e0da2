"""Throughput of the three accumulators in snippets/problems/serving/accumulator.py.

Each thread adds 1 under keys cycling over --keys keys. Pure Python, no NumPy.

    .venv/bin/python -m bench.problems_serving_accumulator [--n 20000] [--repeat 5]

Writes snippets/problems/serving/figures/accumulator.md (included by
docs/problems/serving/striped-accumulator.md).
"""

from bench.machine import banner
from bench.output import Lines, Script
from bench.timing import adds_per_second, medians_by_threads
from snippets.problems.serving.accumulator import (
    GlobalLockAccumulator,
    PerThreadAccumulator,
    StripedAccumulator,
)

SCRIPT = Script(
    __name__,
    outputs=["snippets/problems/serving/figures/accumulator.md"],
    inputs=["snippets/problems/serving/accumulator.py"],
    smoke=["--n", "200", "--repeat", "1"],
)


def final_table(acc):
    """The per-thread design's reduction, else a snapshot: the table once the writers are done."""
    return acc.reduce() if isinstance(acc, PerThreadAccumulator) else acc.snapshot()


def run(make, threads, n, keys):
    """Adds per second of ``threads`` threads, ``n`` adds each, into one accumulator."""
    return adds_per_second(make(), threads, n, keys, final_table)


def main(argv=None):
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--n", type=int, default=20000, help="adds per thread")
    ap.add_argument("--keys", type=int, default=64)
    ap.add_argument("--repeat", type=int, default=5)
    args = SCRIPT.parse_args(ap, argv)
    out = Lines()
    out(banner())
    out(f"adds per thread: {args.n}, keys: {args.keys}, repeats: {args.repeat} (median shown)\n")
    cases = {
        "GlobalLockAccumulator": GlobalLockAccumulator,
        "StripedAccumulator(16)": lambda: StripedAccumulator(16),
        "PerThreadAccumulator": PerThreadAccumulator,
    }
    out(f"{'accumulator':26} {'1 thread':>14} {'4 threads':>14}")
    rows = {}
    for name, make in cases.items():
        row = rows[name] = medians_by_threads(
            lambda threads: run(make, threads, args.n, args.keys), (1, 4), args.repeat)
        out(f"{name:26} {row[0] / 1e6:8.2f} M/s {row[1] / 1e6:8.2f} M/s")
    out("\n(million adds per second, all threads together; every run checks no add was lost)")
    out("\n4 threads / 1 thread (below 1: the threads slow each other down):")
    for name, (one, four) in rows.items():
        out(f"  {name:26} {four / one:5.2f}")
    SCRIPT.write(args, out.text_block(SCRIPT.command(args)))


if __name__ == "__main__":
    main()
